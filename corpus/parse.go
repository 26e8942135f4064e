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
)

// MaxDocumentSize is the largest text document Parse accepts.
const MaxDocumentSize = 16 << 20

// MaxPDFSize is the largest PDF document Read accepts.
const MaxPDFSize = 64 << 20

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
	p.readIdentity()
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
	deptLabelRE = regexp.MustCompile(`(?:部门名称|预算主管部门|主管部门|编制部门|编制单位|单位名称|预算单位|部门)\s*[:：]\s*([^\t]*?)(?:\t|\s{2,}|单位\s*[:：]|$)`)
	unitRE      = regexp.MustCompile(`单\s*位\s*[:：]\s*(亿元|万元|千元|元)`)
)

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
