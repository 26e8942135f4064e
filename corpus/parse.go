package corpus

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"
)

// MaxDocumentSize is the largest document Parse accepts.
const MaxDocumentSize = 16 << 20

// Errors Parse returns for input that is not a budget document at all.
var (
	ErrEmpty     = errors.New("corpus: empty document")
	ErrBinary    = errors.New("corpus: binary data, want UTF-8 text")
	ErrTooLarge  = fmt.Errorf("corpus: document larger than %d bytes", MaxDocumentSize)
	ErrNotBudget = errors.New("corpus: not a budget document (no fiscal year, department or budget table found)")
)

// ParseError is a failure to read a document, naming the file and line.
type ParseError struct {
	File string
	Line int
	Err  error
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Parse reads one budget document in the extracted-text form (tables as
// tab-separated rows). name is the file name used in provenance. A document
// with unreadable parts still yields what could be read, with Warnings
// saying what was skipped; an input that is not a budget document at all
// returns an error.
func Parse(name string, data []byte) (*Document, error) {
	return parse(name, data, true)
}

// parse is Parse; without tidy when tidied is false.
func parse(name string, data []byte, tidied bool) (doc *Document, err error) {
	if len(data) > MaxDocumentSize {
		return nil, &ParseError{File: name, Err: ErrTooLarge}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &ParseError{File: name, Err: ErrEmpty}
	}
	text, ok := decodeText(data)
	if !ok {
		return nil, &ParseError{File: name, Err: ErrBinary}
	}
	raw := strings.Split(text, "\n")
	lines := make([]line, len(raw))
	for i, s := range raw {
		lines[i] = line{Num: i + 1, Text: normalizeLine(s)}
	}
	return parseLines(name, data, lines, tidied)
}

// parseLines reads a document from its lines, whatever the source format;
// data is the source file, for its hash.
func parseLines(name string, data []byte, lines []line, tidied bool) (doc *Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, &ParseError{File: name, Err: fmt.Errorf("corpus: internal error: %v", r)}
		}
	}()
	sum := sha256.Sum256(data)
	p := &parser{
		doc: &Document{
			ID:       strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)),
			File:     filepath.Base(name),
			TextUnit: WanYuan,
			Hash:     hex.EncodeToString(sum[:8]),
		},
		lines: lines,
	}
	p.doc.Lines = len(lines)
	p.readMeta()
	p.walk()
	p.finish()
	if p.doc.Year == 0 || (p.doc.Department == "" && len(p.doc.Tables) == 0) {
		return nil, &ParseError{File: name, Err: ErrNotBudget}
	}
	if tidied {
		tidy(p.doc)
	}
	return p.doc, nil
}

// parser holds the state of one Parse.
type parser struct {
	doc   *Document
	lines []line
	// blocks are the table blocks found, in order; tables are built from
	// them when the walk ends.
	blocks []*tableBlock
	// para is the paragraph being joined.
	para     []line
	paraList bool // the paragraph being joined announces a list
	section  string
	heads    []Section // the open headings, outermost first
	// tocEnd is the index of the first line after the contents.
	tocEnd int
	// wrap is the width at which the PDF wrapped text lines (see wrapWidth).
	wrap int
	// headEnd is the index of the first line after the title.
	headEnd int
}

func (p *parser) warn(ln int, format string, args ...any) {
	p.doc.Warnings = append(p.doc.Warnings, Warning{File: p.doc.File, Line: ln, Message: fmt.Sprintf(format, args...)})
}

var (
	docYearRE   = regexp.MustCompile(`(20\d\d|19\d\d)\s*年`)
	deptLabelRE = regexp.MustCompile(`(?:部门名称|预算主管部门|编制部门|编制单位|单位名称|部门)\s*[:：]\s*([^\t]*?)(?:\t|\s{2,}|单位\s*[:：]|$)`)
	unitRE      = regexp.MustCompile(`单\s*位\s*[:：]\s*(亿元|万元|千元|元)`)
	regionRE    = regexp.MustCompile(`^(?:[^省市区县]{2,8}?(?:省|自治区|市))?(?:[^省市区县]{1,6}?(?:市|区|县|旗))?`)
)

// Patterns compiled once, used by the functions below.
var (
	bareYearRE = regexp.MustCompile(`(19|20)\d\d`)
)

// readMeta reads the title, department, year and kind from the first lines
// and the page furniture of the tables.
func (p *parser) readMeta() {
	d := p.doc
	// The title: the first lines, up to the contents or the first line of
	// body text.
	var head []string
	for i, l := range p.lines {
		t := strings.TrimSpace(strings.Trim(l.Text, "# \t"))
		if t == "" {
			continue
		}
		if isTOCHeading(t) || len(head) >= 4 || strings.Contains(l.Text, "\t") ||
			strings.ContainsAny(t, "，。；") || utf8.RuneCountInString(t) > 40 || partRE.MatchString(compact(t)) {
			break
		}
		if _, _, ok := tableNumber(compact(t)); ok {
			break
		}
		if len(head) > 0 && (isTableTitle(compact(t)) || unitRE.MatchString(compact(t))) {
			break // a table starts right after the title
		}
		head = append(head, t)
		p.headEnd = i + 1
	}
	d.Title = strings.Join(head, " ")
	title := compact(d.Title)
	if m := docYearRE.FindStringSubmatch(title); m != nil {
		d.Year = atoi(m[1])
	}
	switch {
	case strings.Contains(title, "单位决算"):
		d.Kind = KindUnitFinal
	case strings.Contains(title, "决算"):
		d.Kind = KindFinal
	case strings.Contains(title, "单位预算"):
		d.Kind = KindUnitBudget
	case strings.Contains(title, "预算"):
		d.Kind = KindBudget
	}
	// Department: a labelled line wins; else the title without year and kind.
	for _, l := range p.lines[:min(len(p.lines), 400)] {
		if m := deptLabelRE.FindStringSubmatch(l.Text); m != nil {
			name := compact(m[1])
			if utf8.RuneCountInString(name) >= 3 && !strings.ContainsAny(name, "0123456789") {
				d.Department = stripKnownTail(name)
				break
			}
		}
	}
	if d.Department == "" {
		for _, h := range head {
			name := compact(h)
			name = docYearRE.ReplaceAllString(name, "")
			name = bareYearRE.ReplaceAllString(name, "")
			for _, w := range []string{"年度", "区级", "部门预算", "部门决算", "单位预算", "单位决算", "预算公开", "决算公开", "公开"} {
				name = strings.ReplaceAll(name, w, "")
			}
			name = strings.Trim(name, "年 ")
			if utf8.RuneCountInString(name) >= 3 {
				d.Department = name
				break
			}
		}
	}
	if d.Year == 0 {
		for _, l := range p.lines[:min(len(p.lines), 60)] {
			if m := docYearRE.FindStringSubmatch(compact(l.Text)); m != nil {
				d.Year = atoi(m[1])
				break
			}
		}
	}
	if r := regionRE.FindString(d.Department); r != "" && r != d.Department {
		d.Region = r
	} else if r := regionRE.FindString(title); r != "" {
		d.Region = r
	}
}

// stripKnownTail removes what PDF extraction glues after a department name.
func stripKnownTail(name string) string {
	for _, w := range []string{"单位：", "单位:"} {
		if i := strings.Index(name, w); i > 0 {
			name = name[:i]
		}
	}
	return name
}

func isTOCHeading(t string) bool {
	c := compact(t)
	return c == "目录" || strings.HasPrefix(c, "目录")
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return n
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// finish builds the tables from their blocks and reads the facts.
func (p *parser) finish() {
	d := p.doc
	for _, b := range p.blocks {
		if len(b.Lines) == 0 {
			continue
		}
		if b.Unit == "" {
			b.Unit = d.TextUnit
		}
		t, warns := buildTable(d.File, *b)
		d.Warnings = append(d.Warnings, warns...)
		if t != nil {
			d.Tables = append(d.Tables, t)
		}
	}
	p.matchListed()
	p.readFacts()
}
