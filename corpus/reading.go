package corpus

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Reading is a report of what was read of a document, for the person who
// loaded it: who published it and the evidence, the tables found against
// the contents' list, rows per table, how many parent rows equal the sum
// of their children, the facts found, and loud warnings when the document
// was read badly (no identity, no table rows, tables missing).
type Reading struct {
	Department string         `json:"department"`
	Year       int            `json:"year"`
	Kind       string         `json:"kind"`
	Format     string         `json:"format"`
	Pages      int            `json:"pages,omitempty"`
	Evidence   []Evidence     `json:"evidence"`
	Tables     []TableReading `json:"tables"`
	// Listed is the number of tables the contents list, and Missing the
	// titles of those not found.
	Listed  int      `json:"listed"`
	Missing []string `json:"missing"`
	// Parents is the number of rows with children, and Summing those equal
	// to the sum of their children in every column (within rounding).
	Parents    int `json:"parents"`
	Summing    int `json:"summing"`
	Facts      int `json:"facts"`
	Paragraphs int `json:"paragraphs"`
	// Verdict is "good", "doubtful" (something to check) or "bad" (the
	// document was not understood: questions will mostly go unanswered).
	Verdict  string   `json:"verdict"`
	Problems []string `json:"problems"` // in Chinese, the reasons of the verdict
	Warnings int      `json:"warnings"` // the parser's warnings (Document.Warnings)
}

// TableReading is what was read of one table.
type TableReading struct {
	Ref     string `json:"ref"`
	Page    int    `json:"page,omitempty"`
	Unit    string `json:"unit"`
	Columns int    `json:"columns"`
	Rows    int    `json:"rows"`
	Coded   int    `json:"coded"` // rows with a 科目编码
	Empty   bool   `json:"empty,omitempty"`
	Parents int    `json:"parents"`
	Summing int    `json:"summing"`
	// Totals are the table's total rows (合计, 总计) with their figures
	// as printed, column by column ("合计 2,494 | 1,221 | 1,273").
	Totals []string `json:"totals,omitempty"`
}

// Reading reports what was read of d.
func (d *Document) Reading() Reading {
	r := Reading{
		Department: d.Department, Year: d.Year, Kind: d.Kind.String(), Format: firstNonEmpty(d.Format, FormatText),
		Pages: d.Pages, Listed: len(d.Listed), Missing: []string{}, Tables: []TableReading{}, Evidence: []Evidence{},
		Facts: len(d.Facts), Paragraphs: len(d.Paragraphs), Warnings: len(d.Warnings), Problems: []string{},
	}
	if d.Identity != nil {
		for _, e := range d.Identity.Evidence {
			if e.Name != "" || e.Year > 0 {
				r.Evidence = append(r.Evidence, e)
			}
		}
	}
	rows := 0
	for _, t := range d.Tables {
		tr := TableReading{Ref: t.Ref(), Page: t.Page, Unit: t.Unit, Columns: len(t.Columns), Rows: len(t.Rows), Empty: t.Empty}
		for i, row := range t.Rows {
			if row.Code != "" {
				tr.Coded++
			}
			if isTotalName(row.Name) && len(row.Cells) > 0 && len(tr.Totals) < 4 {
				tr.Totals = append(tr.Totals, totalLine(row))
			}
			if kids := t.Children(i); len(kids) > 0 && len(row.Cells) > 0 {
				tr.Parents++
				if sumsUp(row, kids) {
					tr.Summing++
				}
			}
		}
		rows += tr.Rows
		r.Parents += tr.Parents
		r.Summing += tr.Summing
		r.Tables = append(r.Tables, tr)
	}
	for _, l := range d.Listed {
		if !l.Found {
			r.Missing = append(r.Missing, l.Title)
		}
	}
	bad := func(format string, args ...any) { r.Problems = append(r.Problems, fmt.Sprintf(format, args...)) }
	switch {
	case d.Department == "" && d.Year == 0:
		bad("没有读出部门和年度")
	case d.Department == "":
		bad("没有读出部门名称")
	case d.Year == 0:
		bad("没有读出年度")
	}
	if d.Kind == KindUnknown {
		bad("没有读出文件种类（预算还是决算）")
	}
	switch {
	case rows == 0 && len(d.Paragraphs) > 0:
		bad("没有读出任何表格行（表格若另成一个文件，请一并载入）")
	case rows == 0:
		bad("没有读出任何表格行")
	}
	verdict := "good"
	if len(r.Problems) > 0 {
		verdict = "bad"
	}
	if len(r.Missing) > 0 {
		bad("目录列出 %d 张表，找到 %d 张；缺：%s", len(d.Listed), len(d.Listed)-len(r.Missing), strings.Join(r.Missing, "、"))
	}
	if r.Parents >= 5 && r.Summing*10 < r.Parents*9 {
		bad("%d 个上级科目中只有 %d 个等于下级之和，表格可能读错", r.Parents, r.Summing)
	}
	if verdict == "good" && len(r.Problems) > 0 {
		verdict = "doubtful"
	}
	r.Verdict = verdict
	return r
}

// totalLine renders a total row: its name and figures as printed.
func totalLine(r *Row) string {
	figs := make([]string, len(r.Cells))
	for i, c := range r.Cells {
		figs[i] = firstNonEmpty(c.Raw, "-")
	}
	return r.Name + " " + strings.Join(figs, " | ")
}

// sumsUp reports whether a parent row equals the sum of its children in
// every column, within the rounding of the figures as printed.
func sumsUp(parent *Row, kids []*Row) bool {
	for _, c := range parent.Cells {
		v, tol, _ := figure(parent, c.Column)
		sum := decimal.Zero
		for _, k := range kids {
			kv, kt, _ := figure(k, c.Column)
			sum = sum.Add(kv)
			tol = tol.Add(kt)
		}
		if v.Sub(sum).Abs().GreaterThan(tol) {
			return false
		}
	}
	return true
}

// String renders the reading as a short report in Chinese.
func (r Reading) String() string {
	var b strings.Builder
	verdict := map[string]string{"good": "读取良好", "doubtful": "有疑问，请核对", "bad": "读取失败，问答将难以回答"}[r.Verdict]
	fmt.Fprintf(&b, "%d年 %s %s（%s", r.Year, firstNonEmpty(r.Department, "（部门未知）"), r.Kind, r.Format)
	if r.Pages > 0 {
		fmt.Fprintf(&b, "，%d页", r.Pages)
	}
	fmt.Fprintf(&b, "）：%s\n", verdict)
	for _, p := range r.Problems {
		fmt.Fprintf(&b, "  ！%s\n", p)
	}
	// One line per signal and what it says, with how often.
	type said struct{ signal, what string }
	var order []said
	seen := map[said][]Evidence{}
	for _, e := range r.Evidence {
		k := said{e.Signal, e.Name}
		if e.Name == "" {
			k.what = fmt.Sprintf("%d %s", e.Year, e.Kind)
		}
		if _, ok := seen[k]; !ok {
			order = append(order, k)
		}
		seen[k] = append(seen[k], e)
	}
	for _, k := range order {
		es := seen[k]
		fmt.Fprintf(&b, "  依据 %-7s %s", k.signal, clipText(es[0].Text, 40))
		if len(es) > 1 {
			fmt.Fprintf(&b, " 等%d处", len(es))
		}
		if e := es[0]; e.Page > 0 {
			fmt.Fprintf(&b, "（第%d页）", e.Page)
		} else if e.Line > 0 {
			fmt.Fprintf(&b, "（第%d行）", e.Line)
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "  表格 %d 张（目录列出 %d 张），上级科目等于下级之和 %d/%d，事实 %d 条，段落 %d 段，解析警告 %d 条\n",
		len(r.Tables), r.Listed, r.Summing, r.Parents, r.Facts, r.Paragraphs, r.Warnings)
	for _, t := range r.Tables {
		fmt.Fprintf(&b, "    %s", t.Ref)
		if t.Page > 0 {
			fmt.Fprintf(&b, "（第%d页）", t.Page)
		}
		fmt.Fprintf(&b, "：%d行（编码%d），%d列，单位%s", t.Rows, t.Coded, t.Columns, t.Unit)
		if t.Parents > 0 {
			fmt.Fprintf(&b, "，合计相符 %d/%d", t.Summing, t.Parents)
		}
		if t.Empty {
			b.WriteString("，空表")
		}
		b.WriteByte('\n')
		for _, tot := range t.Totals {
			fmt.Fprintf(&b, "      %s\n", tot)
		}
	}
	return b.String()
}

func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
