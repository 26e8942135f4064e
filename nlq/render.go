package nlq

import (
	"fmt"
	"strings"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/shopspring/decimal"
)

// This file renders answers: names, amounts, interpretations and the
// sources cited.

// displayName is the item's name as the answer says it: a row under a
// parent is named with it ("行政运行（人大事务）"), and the total row of a
// column by the column ("人员经费").
func displayName(d *corpus.Document, f *corpus.Fact) string {
	if !f.Source.FromTable() {
		return f.Subject
	}
	if _, total := totalMeasures[f.Measure]; isTotalRow(d, f.Subject) && f.Measure != "" && !isMeasureMeaningWord(f.Measure) && !total {
		return f.Measure
	}
	if ti, ri := f.Source.TableIdx, f.Source.RowIdx; len(f.Code) == 7 && ambiguousName(d, f) && ti >= 0 && ti < len(d.Tables) && ri >= 0 && ri < len(d.Tables[ti].Rows) {
		t := d.Tables[ti]
		if p := t.Rows[ri].Parent; p >= 0 && p < len(t.Rows) {
			return f.Subject + "（" + corpus.CompactName(t.Rows[p].Name) + "）"
		}
	}
	return f.Subject
}

// measurePhrase says which figure it is: 预算 / 决算 / 基本支出 / 年初预算.
func measurePhrase(d *corpus.Document, f *corpus.Fact, m string) string {
	switch m {
	case "预算数":
		if d.Kind.IsFinal() {
			return "年初预算数" // the budget column of a 决算
		}
		return "预算"
	case "支出总计", "合计", "总计", "本年支出合计":
		if d.Kind.IsFinal() {
			return "决算数"
		}
		return "预算"
	case "决算数":
		return "决算数"
	case "年初预算数":
		return "年初预算数"
	}
	if f.Kind == corpus.FactCount {
		return ""
	}
	return "（" + m + "）"
}

func interp(year int, dept, item, measure string) string {
	parts := []string{}
	if year > 0 {
		parts = append(parts, fmt.Sprintf("%d年", year))
	}
	for _, p := range []string{dept, item, measure} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " · ")
}

func fmtAmount(v decimal.Decimal, unit string) string {
	return corpus.FormatNumber(v) + unit
}

// source cites a fact.
func (ev *eval) source(d *corpus.Document, f *corpus.Fact) SourceRef {
	s := SourceRef{Document: docTitle(d), DocID: d.PartOf(f.Source.File), File: f.Source.File, Line: f.Source.Line, Page: f.Source.Page}
	if b := f.Source.Box; b != nil {
		s.Box = &[4]float64{b.X0, b.Y0, b.X1, b.Y1}
	}
	if f.Source.FromTable() {
		s.Table, s.Row, s.Column = f.Source.Table, f.Source.Row, f.Source.Column
	} else {
		s.Quote = f.Source.Sentence
	}
	return s
}

// lineSource cites a line of d's file: the text part's for a document of
// several files, unless file names another.
func lineSource(d *corpus.Document, file string, line, page int) SourceRef {
	if file == "" {
		file = d.File
	}
	return SourceRef{Document: docTitle(d), DocID: d.PartOf(file), File: file, Line: line, Page: page}
}

// paraSource cites a paragraph of d, quoting q.
func paraSource(d *corpus.Document, p corpus.Paragraph, q string) SourceRef {
	s := lineSource(d, p.File, p.Line, p.Page)
	s.Quote = q
	return s
}

func docTitle(d *corpus.Document) string {
	return fmt.Sprintf("%d年%s%s", d.Year, d.Department, d.Kind)
}

func displayItem(s string) string {
	if s == "" {
		return "部门预算"
	}
	return s
}

// inUnit converts a money figure to unit. A figure in 元 given in 万元 is
// rounded to two places, as the documents print 万元: the answer's
// arithmetic then adds figures as a reader of the documents would.
func inUnit(v decimal.Decimal, from, to string) decimal.Decimal {
	c, ok := corpus.Convert(v, from, to)
	if !ok {
		return v
	}
	if from == "元" && to == corpus.WanYuan {
		c = c.Round(2)
	}
	return c
}

func withQuote(s SourceRef, q string) SourceRef { s.Quote = q; return s }

func withTable(s SourceRef, t string) SourceRef { s.Table = t; return s }

// targetSource cites a performance target.
func targetSource(d *corpus.Document, t corpus.Target) SourceRef {
	s := lineSource(d, "", t.Line, 0)
	s.Table, s.Row, s.Column = t.Project, t.Name, "目标值"
	return s
}
