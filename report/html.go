package report

import (
	"context"
	_ "embed"
	"html/template"
	"io"
	"sort"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/pdf"
)

// maxImagesPerFinding bounds the pages shown beside one finding.
const maxImagesPerFinding = 3

//go:embed report.html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Parse(htmlSource))

// htmlPage is what the template shows.
type htmlPage struct {
	Title    string
	Summary  string
	Counts   Counts
	Rounding bool
	Docs     []htmlDoc
	Rules    []corpus.Rule
	Problems []string // pages that could not be shown
}

type htmlDoc struct {
	N        int
	Doc      *corpus.Document
	Counts   Counts
	Findings []htmlFinding
	Omitted  int // 尾数差异 not listed
}

type htmlFinding struct {
	ID         string
	Severity   string // error, warning, rounding
	SevName    string // 错误, 警告, 尾数差异
	Rule       string
	RuleDesc   string
	Message    string
	Figures    *htmlFigures
	Arithmetic string
	Places     []string
	Images     []htmlImage
}

type htmlFigures struct {
	Stated, Expected, Diff, Band string
}

type htmlImage struct {
	URL           template.URL
	Width, Height int
	Alt, Caption  string
}

// WriteHTML writes a self-contained HTML report: the summary at the top,
// then each finding with its figures, arithmetic and places, beside the
// printed pages it cites with the cells outlined (when o.Pages can render
// them), and what 尾数差异 means. Pages that cannot be rendered are cited
// without an image; the report is still written.
func WriteHTML(ctx context.Context, w io.Writer, cs []Checked, o Options) error {
	desc := map[string]string{}
	for _, r := range corpus.Rules() {
		desc[r.ID] = r.Desc
	}
	p := htmlPage{Title: "预算文件检查报告", Summary: Summary(cs, o), Counts: CountOf(cs...), Rounding: o.Rounding, Rules: corpus.Rules()}
	if len(cs) == 1 {
		p.Title += "：" + cs[0].Doc.File
	}
	n := 0
	for i, c := range cs {
		hd := htmlDoc{N: i + 1, Doc: c.Doc, Counts: CountOf(c)}
		if !o.Rounding {
			hd.Omitted = hd.Counts.Rounding
		}
		for _, f := range c.listed(o) {
			n++
			hf := htmlFinding{ID: "f" + itoa(n), Severity: f.Severity.Code(), SevName: f.Severity.String(), Rule: f.Rule,
				RuleDesc: desc[f.Rule], Message: f.Message, Arithmetic: f.Arithmetic}
			if g := f.Figures; g != nil {
				hf.Figures = &htmlFigures{Stated: fmtFigure(g.Stated, g.Unit), Expected: fmtFigure(g.Expected, g.Unit),
					Diff: fmtFigure(g.Diff().Abs(), g.Unit), Band: fmtFigure(g.Band, g.Unit)}
			}
			for _, pl := range f.Places {
				hf.Places = append(hf.Places, corpus.PlaceString(pl))
			}
			hf.Images = p.images(ctx, o.Pages, f)
			hd.Findings = append(hd.Findings, hf)
		}
		p.Docs = append(p.Docs, hd)
	}
	return htmlTemplate.Execute(w, p)
}

// images renders the pages a finding's places are on, the boxes cited on
// each outlined.
func (p *htmlPage) images(ctx context.Context, pages *Pages, f corpus.Finding) []htmlImage {
	if pages == nil {
		return nil
	}
	type key struct {
		file string
		page int
	}
	boxes := map[key][]pdf.Box{}
	var order []key
	for _, pl := range f.Places {
		if pl.Page <= 0 || pages.Sources[pl.File] == nil {
			continue
		}
		page, bs := pl.Page, []pdf.Box(nil)
		if pl.Box != nil {
			bs = []pdf.Box{*pl.Box}
		}
		if sentencePlace(pl) {
			if n, found, ok := pages.locate(ctx, pl.File, pl.Page, pl.Sentence); ok {
				page, bs = n, found
			}
		}
		k := key{pl.File, page}
		if _, ok := boxes[k]; !ok {
			order = append(order, k)
			boxes[k] = nil
		}
		boxes[k] = append(boxes[k], bs...)
	}
	sort.SliceStable(order, func(i, j int) bool { return len(boxes[order[i]]) > len(boxes[order[j]]) })
	var out []htmlImage
	for _, k := range order {
		if len(out) == maxImagesPerFinding {
			break
		}
		img, err := pages.Image(ctx, k.file, k.page, boxes[k])
		if err != nil {
			p.Problems = append(p.Problems, err.Error())
			continue
		}
		alt := "第" + itoa(k.page) + "页"
		if img.Boxes > 0 {
			alt += "，红框标出所涉位置"
		}
		out = append(out, htmlImage{URL: template.URL(img.URL), Width: img.Width, Height: img.Height,
			Alt: k.file + " " + alt, Caption: k.file + " " + alt})
	}
	return out
}

// fmtFigure writes a figure with its unit.
func fmtFigure(v decimal.Decimal, unit string) string { return corpus.FormatNumber(v) + unit }

func itoa(i int) string { return strconv.Itoa(i) }
