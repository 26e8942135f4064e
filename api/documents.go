package api

import (
	"cmp"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/shopspring/decimal"

	"github.com/budgetqa/budgetqa/corpus"
)

// documentSummary is one entry of GET /v1/documents.
type documentSummary struct {
	ID         string `json:"id"`
	Format     string `json:"format"`          // text or pdf
	Pages      int    `json:"pages,omitempty"` // of a PDF
	Verdict    string `json:"verdict"`         // how well it was read: good, doubtful, bad
	Name       string `json:"name"`            // as nlq.SourceRef.Document names it
	Title      string `json:"title"`           // first heading, as printed
	File       string `json:"file"`
	Department string `json:"department"`
	Region     string `json:"region,omitempty"`
	Year       int    `json:"year"`
	Kind       string `json:"kind"` // 部门预算, 部门决算, …
	TextUnit   string `json:"text_unit"`
	Lines      int    `json:"lines"`
	Counts     counts `json:"counts"`
}

// counts are the numbers of parts of a document.
type counts struct {
	Tables     int `json:"tables"`
	Facts      int `json:"facts"`
	Paragraphs int `json:"paragraphs"`
	Terms      int `json:"terms"`
	Projects   int `json:"projects"`
}

// documentsResponse is the body of GET /v1/documents.
type documentsResponse struct {
	Documents []documentSummary `json:"documents"`
}

// documentDetail is the body of GET /v1/documents/{id}: the summary, and
// the parts a client needs to show where a figure came from.
type documentDetail struct {
	documentSummary
	Reading    corpus.Reading   `json:"reading"`
	Warnings   []corpus.Warning `json:"warnings"`
	Sections   []corpus.Section `json:"sections"`
	Tables     []tableView      `json:"tables"`
	Facts      []factView       `json:"facts"`
	Paragraphs []paragraphView  `json:"paragraphs"`
	Terms      []corpus.Term    `json:"terms"`
}

// tableView is one table with its columns, rows and cells. Ref is the
// table's citation, as nlq.SourceRef.Table and factView.Table give it.
type tableView struct {
	Index   int             `json:"index"`
	Number  int             `json:"number,omitempty"`
	Title   string          `json:"title"`
	Ref     string          `json:"ref"`
	Unit    string          `json:"unit"`
	Line    int             `json:"line"`
	EndLine int             `json:"end_line"`
	Empty   bool            `json:"empty,omitempty"`
	Columns []corpus.Column `json:"columns"`
	Rows    []rowView       `json:"rows"`
	Notes   []string        `json:"notes,omitempty"`
	Doubts  []corpus.Doubt  `json:"doubts,omitempty"`
}

// rowView is one row of a table.
type rowView struct {
	Line   int        `json:"line"`
	Code   string     `json:"code,omitempty"`
	Name   string     `json:"name"`
	Level  int        `json:"level,omitempty"`
	Parent int        `json:"parent"`
	Side   int        `json:"side,omitempty"`
	Cells  []cellView `json:"cells"`
	Doubt  string     `json:"doubt,omitempty"`
}

// cellView is one figure of a row; Value is a decimal string.
type cellView struct {
	Column int    `json:"column"`
	Value  string `json:"value"`
	Raw    string `json:"raw"`
	Blank  bool   `json:"blank,omitempty"`
}

// factView is one fact with its provenance. TableIndex and RowIndex point
// into documentDetail.Tables and its Rows when the fact came from a table.
type factView struct {
	Index      int    `json:"index"`
	Kind       string `json:"kind"`
	Subject    string `json:"subject"`
	Code       string `json:"code,omitempty"`
	Measure    string `json:"measure,omitempty"`
	Year       int    `json:"year,omitempty"`
	Value      string `json:"value"`
	Unit       string `json:"unit"`
	Line       int    `json:"line"`
	Table      string `json:"table,omitempty"`
	TableIndex *int   `json:"table_index,omitempty"`
	Row        string `json:"row,omitempty"`
	RowIndex   *int   `json:"row_index,omitempty"`
	Column     string `json:"column,omitempty"`
	Sentence   string `json:"sentence,omitempty"`
	Doubt      string `json:"doubt,omitempty"`
}

// paragraphView is one paragraph of the text.
type paragraphView struct {
	Index   int    `json:"index"`
	Text    string `json:"text"`
	Line    int    `json:"line"`
	EndLine int    `json:"end_line"`
	Section string `json:"section,omitempty"`
}

// documents answers GET /v1/documents.
func (s *Server) documents(c *gin.Context) {
	st := s.current()
	resp := documentsResponse{Documents: make([]documentSummary, 0, len(st.docs))}
	for _, d := range st.docs {
		if d != nil {
			resp.Documents = append(resp.Documents, newDocumentSummary(d))
		}
	}
	writeJSON(c, http.StatusOK, resp)
}

// document answers GET /v1/documents/{id}.
func (s *Server) document(c *gin.Context) {
	d := s.current().byID[c.Param("id")]
	if d == nil {
		abortError(c, newError(codeDocumentNotFound, "没有编号为“"+clip(c.Param("id"), 40)+"”的文件"))
		return
	}
	writeJSON(c, http.StatusOK, newDocumentDetail(d))
}

// newDocumentSummary describes d without its parts.
func newDocumentSummary(d *corpus.Document) documentSummary {
	return documentSummary{
		ID: d.ID, Format: cmp.Or(d.Format, corpus.FormatText), Pages: d.Pages, Verdict: d.Reading().Verdict,
		Name: docName(d), Title: d.Title, File: d.File,
		Department: d.Department, Region: d.Region, Year: d.Year, Kind: d.Kind.String(),
		TextUnit: d.TextUnit, Lines: d.Lines,
		Counts: counts{
			Tables:     len(d.Tables),
			Facts:      len(d.Facts),
			Paragraphs: len(d.Paragraphs),
			Terms:      len(d.Terms),
			Projects:   len(d.Projects),
		},
	}
}

// newDocumentDetail describes d with its tables, facts, paragraphs and
// terms.
func newDocumentDetail(d *corpus.Document) documentDetail {
	out := documentDetail{
		documentSummary: newDocumentSummary(d),
		Reading:         d.Reading(),
		Warnings:        nonNil(d.Warnings),
		Sections:        nonNil(d.Sections),
		Tables:          make([]tableView, 0, len(d.Tables)),
		Facts:           make([]factView, 0, len(d.Facts)),
		Paragraphs:      make([]paragraphView, 0, len(d.Paragraphs)),
		Terms:           nonNil(d.Terms),
	}
	for i, t := range d.Tables {
		if t == nil { // keep the positions facts point at
			t = &corpus.Table{}
		}
		out.Tables = append(out.Tables, newTableView(i, t))
	}
	for i := range d.Facts {
		out.Facts = append(out.Facts, newFactView(i, &d.Facts[i]))
	}
	for i := range d.Paragraphs {
		out.Paragraphs = append(out.Paragraphs, newParagraphView(i, &d.Paragraphs[i]))
	}
	return out
}

// newTableView describes table i.
func newTableView(i int, t *corpus.Table) tableView {
	tv := tableView{
		Index: i, Number: t.Number, Title: t.Title, Ref: t.Ref(), Unit: t.Unit,
		Line: t.Line, EndLine: t.EndLine, Empty: t.Empty,
		Columns: nonNil(t.Columns), Rows: make([]rowView, 0, len(t.Rows)),
		Notes: t.Notes, Doubts: t.Doubts,
	}
	for _, r := range t.Rows {
		if r == nil { // keep the positions facts point at
			r = &corpus.Row{Parent: -1}
		}
		rv := rowView{Line: r.Line, Code: r.Code, Name: r.Name, Level: r.Level, Parent: r.Parent, Side: r.Side, Doubt: r.Doubt, Cells: make([]cellView, len(r.Cells))}
		for j, cell := range r.Cells {
			rv.Cells[j] = cellView{Column: cell.Column, Value: cell.Value.String(), Raw: cell.Raw, Blank: cell.Blank}
		}
		tv.Rows = append(tv.Rows, rv)
	}
	return tv
}

// newFactView describes fact i.
func newFactView(i int, f *corpus.Fact) factView {
	fv := factView{
		Index: i, Kind: f.Kind.String(), Subject: f.Subject, Code: f.Code, Measure: f.Measure,
		Year: f.Year, Value: formatValue(f.Value, f.Places), Unit: f.Unit,
		Line: f.Source.Line, Table: f.Source.Table, Row: f.Source.Row, Column: f.Source.Column,
		Sentence: f.Source.Sentence, Doubt: f.Doubt,
	}
	if f.Source.FromTable() && f.Source.TableIdx >= 0 {
		ti, ri := f.Source.TableIdx, f.Source.RowIdx
		fv.TableIndex, fv.RowIndex = &ti, &ri
	}
	return fv
}

// newParagraphView describes paragraph i.
func newParagraphView(i int, p *corpus.Paragraph) paragraphView {
	return paragraphView{Index: i, Text: p.Text, Line: p.Line, EndLine: p.EndLine, Section: p.Section}
}

// formatValue writes v with the decimal places it was printed with.
func formatValue(v decimal.Decimal, places int32) string {
	if places > 0 {
		return v.StringFixed(places)
	}
	return v.String()
}

// nonNil returns s, or an empty slice for nil, so that JSON has [] not null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
