package report

import (
	"encoding/json"
	"io"

	"github.com/shopspring/decimal"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/pdf"
)

// JSONVersion is the version of the JSON report's layout; it changes only
// when a field changes meaning or goes away.
const JSONVersion = 1

// JSONReport is the JSON report: every document checked, with counts by
// severity over all of them.
type JSONReport struct {
	Version   int            `json:"version"`
	Counts    Counts         `json:"counts"`
	Rounding  bool           `json:"rounding_listed"` // whether 尾数差异 are among the findings
	Documents []JSONDocument `json:"documents"`
}

// JSONDocument is one document checked. Findings is always an array.
type JSONDocument struct {
	File       string        `json:"file"`
	ID         string        `json:"id"`
	Department string        `json:"department"`
	Year       int           `json:"year"`
	Kind       string        `json:"kind"`
	Format     string        `json:"format,omitempty"`
	Pages      int           `json:"pages,omitempty"`
	Counts     Counts        `json:"counts"`
	Findings   []JSONFinding `json:"findings"`
	Warnings   []string      `json:"parse_warnings"` // what the parser could not read well
}

// JSONFinding is one finding. Its figures are JSON numbers, exact as
// printed (decimal, never floating point): stated is the document's
// figure, expected what its other figures give, difference = stated −
// expected, band the rounding the figures involved may carry.
type JSONFinding struct {
	Rule       string       `json:"rule"`
	Severity   string       `json:"severity"` // error, warning or rounding
	Message    string       `json:"message"`
	Stated     *json.Number `json:"stated,omitempty"`
	Expected   *json.Number `json:"expected,omitempty"`
	Difference *json.Number `json:"difference,omitempty"`
	Band       *json.Number `json:"band,omitempty"`
	Unit       string       `json:"unit,omitempty"`
	Arithmetic string       `json:"arithmetic,omitempty"`
	Places     []JSONPlace  `json:"places"`
}

// JSONPlace is where a finding's figure or words are: the file, the page
// and box on a PDF's page (points from the top left), the line of the
// document as read, and the table, row and column or the sentence.
type JSONPlace struct {
	File     string   `json:"file"`
	Page     int      `json:"page,omitempty"`
	Box      *pdf.Box `json:"box,omitempty"`
	Line     int      `json:"line,omitempty"`
	Table    string   `json:"table,omitempty"`
	Row      string   `json:"row,omitempty"`
	Column   string   `json:"column,omitempty"`
	Sentence string   `json:"sentence,omitempty"`
}

// NewJSON builds the JSON report.
func NewJSON(cs []Checked, o Options) JSONReport {
	r := JSONReport{Version: JSONVersion, Counts: CountOf(cs...), Rounding: o.Rounding, Documents: []JSONDocument{}}
	for _, c := range cs {
		d := c.Doc
		jd := JSONDocument{File: d.File, ID: d.ID, Department: d.Department, Year: d.Year, Kind: d.Kind.String(),
			Format: d.Format, Pages: d.Pages, Counts: CountOf(c), Findings: []JSONFinding{}, Warnings: []string{}}
		for _, f := range c.listed(o) {
			jd.Findings = append(jd.Findings, jsonFinding(f))
		}
		for _, w := range d.Warnings {
			jd.Warnings = append(jd.Warnings, w.String())
		}
		r.Documents = append(r.Documents, jd)
	}
	return r
}

func jsonFinding(f corpus.Finding) JSONFinding {
	jf := JSONFinding{Rule: f.Rule, Severity: f.Severity.Code(), Message: f.Message, Arithmetic: f.Arithmetic, Places: []JSONPlace{}}
	if g := f.Figures; g != nil {
		jf.Stated, jf.Expected = number(g.Stated), number(g.Expected)
		jf.Difference, jf.Band, jf.Unit = number(g.Diff()), number(g.Band), g.Unit
	}
	for _, p := range f.Places {
		jf.Places = append(jf.Places, JSONPlace{File: p.File, Page: p.Page, Box: p.Box, Line: p.Line,
			Table: p.Table, Row: p.Row, Column: p.Column, Sentence: p.Sentence})
	}
	return jf
}

// number writes a decimal as a JSON number, digit for digit.
func number(d decimal.Decimal) *json.Number {
	n := json.Number(d.String())
	return &n
}

// WriteJSON writes the JSON report, indented.
func WriteJSON(w io.Writer, cs []Checked, o Options) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(NewJSON(cs, o))
}
