package nlq

import (
	"fmt"
	"slices"
	"strings"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/shopspring/decimal"
)

// This file answers the intents that combine figures: share, sum, diff,
// and the comparison of departments.

// share answers one figure as a percentage of another.
func (ev *eval) share() {
	q, d := ev.q, ev.doc
	if q.Measure == "完成率" {
		if hs := ev.find(d, q.Item(), "完成率", corpus.FactShare); len(hs) > 0 {
			ev.answerFact(d, hs[0], "完成率")
			ev.r.Interpretation = interp(d.Year, d.Department, hs[0].f.Subject, "完成年初预算的比例")
			return
		}
	}
	if q.Item() == "" {
		ev.decline("请说明想查询哪一项所占的比例，例如“项目支出占总支出的比例”。")
		return
	}
	whole, ok := ev.wholeOf(d, q.Second())
	if !ok || whole.f.Value.IsZero() {
		ev.decline(fmt.Sprintf("抱歉，没有找到“%s”的数字，无法计算比重。", q.Second()))
		return
	}
	// A part of income is an income: "收入中财政拨款占比" is 财政拨款收入.
	item := q.Item()
	if k := matchKey(item); strings.Contains(whole.f.Subject, "收入") && !strings.Contains(k, "收入") && !strings.Contains(k, "支出") {
		item += "收入"
	}
	part, ok := ev.level(d, item, "")
	if !ok {
		ev.notFound()
		return
	}
	pv, _ := corpus.Convert(part.f.Value, part.f.Unit, whole.f.Unit)
	pct := pv.Mul(hundred).DivRound(whole.f.Value, 2)
	// Both figures in one unit in the sentence: the part's.
	wv, wu := whole.f.Value, whole.f.Unit
	if corpus.IsMoney(wu) && corpus.IsMoney(part.f.Unit) && wu != part.f.Unit {
		wv, wu = inUnit(wv, wu, part.f.Unit), part.f.Unit
	}
	ev.r.Answered = true
	ev.r.Answer = AnswerBody{
		Text:  fmt.Sprintf("%d年%s%s为%s，占%s%s的%s%%。", d.Year, d.Department, displayName(d, part.f), fmtAmount(part.f.Value, part.f.Unit), displayName(d, whole.f), fmtAmount(wv, wu), pct),
		Value: NewFigure(pct), Unit: "%",
	}
	ev.r.Arithmetic = fmt.Sprintf("%s ÷ %s × 100%% = %s%%", corpus.FormatNumber(pv), corpus.FormatNumber(whole.f.Value), pct)
	ev.r.Interpretation = interp(d.Year, d.Department, displayName(d, part.f)+" 占 "+displayName(d, whole.f), "比重")
	ev.r.Sources = append(ev.r.Sources, ev.source(d, part.f), ev.source(d, whole.f))
}

// wholeOf finds the figure a share is taken of: the document's total for
// a generic word, else the first printed, non-zero figure of the item.
func (ev *eval) wholeOf(d *corpus.Document, item string) (hit, bool) {
	if genericWhole(item) {
		return ev.total(d)
	}
	// "部门预算收入", "收入合计": the income side's total.
	if k := matchKey(item); strings.Contains(k, "收入") && genericWhole(strings.ReplaceAll(k, "收入", "")) {
		if h, ok := ev.level(d, "收入总计", ""); ok {
			return h, true
		}
	}
	for _, h := range ev.find(d, item, "", corpus.FactAmount) {
		if !h.f.Blank && !h.f.Value.IsZero() && corpus.IsMoney(h.f.Unit) {
			return h, true
		}
	}
	return hit{}, false
}

func genericWhole(s string) bool { return genericTotal(s) }

// yearsOf lists the documents of the department for the years asked, or
// all its years for "三年里".
func (ev *eval) yearsOf(years []int) []*corpus.Document {
	var out []*corpus.Document
	if len(years) == 0 || len(years) == 1 && years[0] < 0 {
		for _, d := range ev.e.byDept[ev.e.entityOf(ev.doc)] {
			if d.Kind == ev.doc.Kind {
				out = append(out, d)
			}
		}
		// Oldest first; "这三年": the last three.
		slices.SortFunc(out, func(a, b *corpus.Document) int { return a.Year - b.Year })
		if len(years) == 1 && years[0] != everyYear && -years[0] < len(out) {
			out = out[len(out)+years[0]:]
		}
		return out
	}
	for _, y := range years {
		if d := ev.docFor(y); d != nil {
			out = append(out, d)
		}
	}
	return out
}

// sum adds the figures of several items, or of one item over several years.
func (ev *eval) sum() {
	q := ev.q
	type term struct {
		d *corpus.Document
		h hit
	}
	var terms []term
	if len(q.Items) >= 2 {
		for _, it := range q.Items {
			h, ok := ev.level(ev.doc, it, q.Measure)
			if !ok {
				ev.decline(fmt.Sprintf("抱歉，没有找到“%s”的数字。", it))
				return
			}
			terms = append(terms, term{ev.doc, h})
		}
	} else {
		docs := ev.yearsOf(q.Years)
		if len(docs) < 2 || len(q.Years) > 1 && len(docs) != len(q.Years) {
			ev.decline("抱歉，现有文件不包含所问的全部年份。")
			return
		}
		for _, d := range docs {
			h, ok := ev.level(d, q.Item(), q.Measure)
			if !ok {
				ev.decline(fmt.Sprintf("抱歉，%d年文件中没有找到“%s”。", d.Year, displayItem(q.Item())))
				return
			}
			terms = append(terms, term{d, h})
		}
	}
	unit := terms[0].h.f.Unit
	var total decimal.Decimal
	var parts []string
	var items []Item
	for _, t := range terms {
		v, _ := corpus.Convert(t.h.f.Value, t.h.f.Unit, unit)
		total = total.Add(v)
		parts = append(parts, corpus.FormatNumber(v))
		name := t.h.f.Subject
		if len(q.Items) < 2 {
			name = fmt.Sprintf("%d年", t.d.Year)
		}
		items = append(items, Item{Name: name, Value: NewFigure(v), Unit: unit})
		ev.r.Sources = append(ev.r.Sources, ev.source(t.d, t.h.f))
	}
	ev.r.Answered = true
	ev.r.Answer = AnswerBody{Text: fmt.Sprintf("合计为%s（%s）。", fmtAmount(total, unit), strings.Join(parts, " + ")), Value: NewFigure(total), Unit: unit, Items: items}
	ev.r.Arithmetic = strings.Join(parts, " + ") + " = " + corpus.FormatNumber(total)
	ev.r.Interpretation = interp(0, ev.doc.Department, strings.Join(q.Items, " "), "合计")
}

// totalAgainst is d's total as compared with other's: a 决算 set against a
// 预算 gives the year's spending (本年支出合计), which is what a budget
// plans, not its 总计 with the balances carried over.
func (ev *eval) totalAgainst(d, other *corpus.Document) (hit, bool) {
	if d.Kind.IsFinal() && !other.Kind.IsFinal() {
		for i := range d.Facts {
			f := &d.Facts[i]
			if f.Source.FromTable() && f.Kind == corpus.FactAmount && matchKey(f.Subject) == matchKey("本年支出合计") {
				return hit{f: f, doc: d, score: 100}, true
			}
		}
	}
	return ev.total(d)
}

// diff answers the difference of one item between two years' documents.
func (ev *eval) diff() {
	q := ev.q
	if len(q.Years) < 2 {
		ev.change()
		return
	}
	// "2019年比2017年": the first less the second; "从2023年到2025年": the
	// last less the first.
	ya, yb := q.Years[0], q.Years[1]
	if q.YearRange {
		ya, yb = q.Years[len(q.Years)-1], q.Years[0]
	}
	// "2025年的预算比2024年决算": each year's own document, whichever kind.
	a, b := ev.docOfYear(ya, false), ev.docOfYear(yb, false)
	if a == nil || b == nil {
		ev.decline("抱歉，现有文件不包含所比较的两个年份。")
		return
	}
	kinds := []corpus.FactKind{corpus.FactAmount, corpus.FactCount}
	ha, _, okA := ev.best(a, q.Item(), q.Measure, kinds...)
	hb, _, okB := ev.best(b, q.Item(), q.Measure, kinds...)
	if genericTotal(q.Item()) {
		ha, okA = ev.totalAgainst(a, b)
		hb, okB = ev.totalAgainst(b, a)
	}
	if !okA || !okB {
		ev.decline(fmt.Sprintf("抱歉，没有在两个年份的文件中都找到“%s”。", displayItem(q.Item())))
		return
	}
	unit := ha.f.Unit
	if hb.f.Unit != unit && corpus.IsMoney(unit) && corpus.IsMoney(hb.f.Unit) {
		unit = corpus.WanYuan // one in 元, the other in 万元
	}
	va := inUnit(ha.f.Value, ha.f.Unit, unit)
	vb := inUnit(hb.f.Value, hb.f.Unit, unit)
	figUnit := unit
	diff := va.Sub(vb)
	value := diff
	arith := fmt.Sprintf("%s − %s = %s", corpus.FormatNumber(va), corpus.FormatNumber(vb), corpus.FormatNumber(diff))
	if q.Pct {
		if vb.IsZero() {
			ev.decline("基数为零，无法计算增长率。")
			return
		}
		value = diff.Mul(hundred).DivRound(vb, 2)
		unit = "%"
		arith = fmt.Sprintf("(%s − %s) ÷ %s × 100%% = %s%%", corpus.FormatNumber(va), corpus.FormatNumber(vb), corpus.FormatNumber(vb), value)
	}
	verb := changeVerb(value, unit)
	ev.r.Answered = true
	ev.r.Answer = AnswerBody{Text: fmt.Sprintf("%d年%s%s为%s，%d年%s%s为%s，%d年比%d年%s%s。", a.Year, a.Kind, ha.f.Subject, fmtAmount(va, figUnit), b.Year, b.Kind, hb.f.Subject, fmtAmount(vb, figUnit), a.Year, b.Year, verb, fmtAmount(value.Abs(), unit)),
		Value: NewFigure(signed(value, q.Down)), Unit: unit}
	ev.r.Arithmetic = arith
	ev.r.Interpretation = interp(0, ev.doc.Department, ha.f.Subject, fmt.Sprintf("%d年比%d年", a.Year, b.Year))
	ev.r.Sources = append(ev.r.Sources, ev.source(a, ha.f), ev.source(b, hb.f))
}
