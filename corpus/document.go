package corpus

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// Kind is the kind of a budget document.
type Kind int

// The kinds of document.
const (
	KindUnknown    Kind = iota
	KindBudget          // 部门预算
	KindFinal           // 部门决算
	KindUnitBudget      // 单位预算
	KindUnitFinal       // 单位决算
)

var kindNames = [...]string{"", "部门预算", "部门决算", "单位预算", "单位决算"}

// String returns the Chinese name of the kind ("部门预算").
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return ""
}

// MarshalText writes the kind as its Chinese name.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a kind written by MarshalText.
func (k *Kind) UnmarshalText(b []byte) error {
	for i, n := range kindNames {
		if n == string(b) {
			*k = Kind(i)
			return nil
		}
	}
	return fmt.Errorf("corpus: unknown document kind %q", b)
}

// IsFinal reports whether the document reports actual spending (决算).
func (k Kind) IsFinal() bool { return k == KindFinal || k == KindUnitFinal }

// Document is one parsed budget document.
type Document struct {
	ID         string `json:"id"`         // file name without extension
	File       string `json:"file"`       // file name as read
	Title      string `json:"title"`      // first heading, as printed
	Department string `json:"department"` // 部门名称, as the document writes it
	Region     string `json:"region,omitempty"`
	Year       int    `json:"year"`
	Kind       Kind   `json:"kind"`
	// TextUnit is the money unit of figures in the text (almost always 万元).
	TextUnit string `json:"text_unit"`
	// Units lists the subordinate units (下属单位) the document covers.
	Units      []string      `json:"units,omitempty"`
	Sections   []Section     `json:"sections"`
	Paragraphs []Paragraph   `json:"paragraphs"`
	Tables     []*Table      `json:"tables"`
	Listed     []ListedTable `json:"listed_tables,omitempty"`
	Facts      []Fact        `json:"facts"`
	Terms      []Term        `json:"terms,omitempty"`   // 名词解释
	Targets    []Target      `json:"targets,omitempty"` // 绩效指标
	Projects   []Project     `json:"projects,omitempty"`
	Lists      []List        `json:"lists,omitempty"`
	Warnings   []Warning     `json:"warnings,omitempty"`
	Lines      int           `json:"lines"`
	Hash       string        `json:"hash"`
	// Format is the source's format: FormatText or FormatPDF; Pages and
	// Producer are a PDF's page count and producing program.
	Format   string `json:"format,omitempty"`
	Pages    int    `json:"pages,omitempty"`
	Producer string `json:"producer,omitempty"`
	// Identity is the evidence Department, Year and Kind were read from.
	Identity *Identity `json:"identity,omitempty"`
	// Parts lists the files of a document published as several (see
	// Assemble); empty for a document of one file.
	Parts []Part `json:"parts,omitempty"`
}

// The source formats of a document.
const (
	FormatText = "text"
	FormatPDF  = "pdf"
)

// Section is a heading of the text part.
type Section struct {
	Heading string `json:"heading"`
	Level   int    `json:"level"`
	Line    int    `json:"line"`
}

// Paragraph is a run of text lines joined back into one paragraph, with the
// lines it came from.
type Paragraph struct {
	Text    string `json:"text"`
	Line    int    `json:"line"`
	Page    int    `json:"page,omitempty"` // for PDFs
	EndLine int    `json:"end_line"`
	File    string `json:"file,omitempty"`    // the file read, for a document of several
	Section string `json:"section,omitempty"` // nearest heading above
	Parent  string `json:"parent,omitempty"`  // the heading above Section
}

// ListedTable is a table named in the document's contents.
type ListedTable struct {
	Number int    `json:"number"`
	Title  string `json:"title"`
	Line   int    `json:"line"`
	Found  bool   `json:"found"`
}

// Term is one 名词解释 entry.
type Term struct {
	Name       string `json:"name"`
	Definition string `json:"definition"`
	Line       int    `json:"line"`
}

// Target is one performance indicator (绩效指标) with its target value.
type Target struct {
	Project string          `json:"project,omitempty"`
	Level1  string          `json:"level1,omitempty"` // 一级指标
	Level2  string          `json:"level2,omitempty"` // 二级指标
	Name    string          `json:"name"`             // 三级指标
	Value   string          `json:"value"`            // 目标值 as printed (">90%")
	Op      string          `json:"op,omitempty"`     // >, <, ≥, ≤, =
	Number  decimal.Decimal `json:"number"`
	Unit    string          `json:"unit,omitempty"`
	Line    int             `json:"line"`
}

// Project is one project (项目) described in the text.
type Project struct {
	Name    string  `json:"name"`
	Amount  *Amount `json:"amount,omitempty"`
	Change  *Amount `json:"change,omitempty"`  // on last year
	Pct     *Amount `json:"pct,omitempty"`     // stated growth %
	Reason  string  `json:"reason,omitempty"`  // stated 原因
	Content string  `json:"content,omitempty"` // 主要内容
	Line    int     `json:"line"`
}

// Warning is something the parser could not read, or read with doubt.
type Warning struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Page    int    `json:"page,omitempty"` // for PDFs
	Message string `json:"message"`
}

// String formats the warning as "file:line: message", or "file p.N:
// message" when it names a page and no line.
func (w Warning) String() string {
	switch {
	case w.Line > 0:
		return w.File + ":" + itoa(w.Line) + ": " + w.Message
	case w.Page > 0:
		return w.File + " p." + itoa(w.Page) + ": " + w.Message
	}
	return w.File + ": " + w.Message
}

// List is an enumeration stated in the text: the 科室, the units covered,
// the parts of a total.
type List struct {
	Name     string   `json:"name"`
	Items    []string `json:"items"`
	Line     int      `json:"line"`
	Sentence string   `json:"sentence,omitempty"`
}
