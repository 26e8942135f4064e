package report

import (
	"context"
	"fmt"
	"image"

	"github.com/budgetqa/budgetqa/corpus"
)

// Checked is one document with what Check found in it.
type Checked struct {
	Doc      *corpus.Document
	Findings []corpus.Finding // all of them, rounding included
}

// Check checks each document.
func Check(docs []*corpus.Document) []Checked {
	out := make([]Checked, len(docs))
	for i, d := range docs {
		out[i] = Checked{Doc: d, Findings: corpus.Check(d)}
	}
	return out
}

// Options says what a report lists and how it shows pages.
type Options struct {
	// Rounding lists the gaps within rounding (尾数差异) too; they are
	// always counted.
	Rounding bool
	// Pages renders the printed pages of PDF documents for the HTML
	// report; without it the report cites pages without showing them.
	Pages *Pages
}

// Counts counts findings by severity.
type Counts struct {
	Error    int `json:"error"`
	Warning  int `json:"warning"`
	Rounding int `json:"rounding"`
}

// Add counts one finding.
func (c *Counts) Add(f corpus.Finding) {
	switch f.Severity {
	case corpus.SevError:
		c.Error++
	case corpus.SevWarning:
		c.Warning++
	case corpus.SevRounding:
		c.Rounding++
	}
}

// Clean reports whether there is nothing to fix: no error and no warning.
func (c Counts) Clean() bool { return c.Error == 0 && c.Warning == 0 }

// CountOf counts the findings of one or more documents.
func CountOf(cs ...Checked) Counts {
	var n Counts
	for _, c := range cs {
		for _, f := range c.Findings {
			n.Add(f)
		}
	}
	return n
}

// listed returns the findings a report shows.
func (c Checked) listed(o Options) []corpus.Finding {
	out := []corpus.Finding{}
	for _, f := range c.Findings {
		if f.Severity != corpus.SevRounding || o.Rounding {
			out = append(out, f)
		}
	}
	return out
}

// Summary is the one line that ends a report: how many documents, errors,
// warnings and gaps within rounding.
func Summary(cs []Checked, o Options) string {
	n := CountOf(cs...)
	s := fmt.Sprintf("共检查 %d 份文件：错误 %d 处，警告 %d 处，尾数差异 %d 处", len(cs), n.Error, n.Warning, n.Rounding)
	if n.Rounding > 0 && !o.Rounding {
		s += "（未列出，加 --rounding 列出）"
	}
	if n.Clean() {
		s += "；未发现需要更正的问题。"
	} else {
		s += "。"
	}
	return s
}

// Renderer renders a page (1-based) of a PDF at dpi, as displayed; package
// pdf/pdfium's Reader is one.
type Renderer interface {
	Render(ctx context.Context, data []byte, page, dpi int) (*image.RGBA, error)
}
