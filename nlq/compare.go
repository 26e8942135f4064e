package nlq

import (
	"fmt"
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
	part, ok := ev.level(d, q.Item(), "")
	if !ok {
		ev.notFound()
		return
	}
	whole, ok := ev.wholeOf(d, q.Second())
	if !ok || whole.f.Value.IsZero() {
		ev.decline(fmt.Sprintf("抱歉，没有找到“%s”的数字，无法计算比重。", q.Second()))
		return
	}
	pv, _ := corpus.Convert(part.f.Value, part.f.Unit, whole.f.Unit)
	pct := pv.Mul(hundred).DivRound(whole.f.Value, 2)
	ev.r.Answered = true
	ev.r.Answer = AnswerBody{
		Text:  fmt.Sprintf("%d年%s%s为%s，占%s%s的%s%%。", d.Year, d.Department, part.f.Subject, fmtAmount(part.f.Value, part.f.Unit), whole.f.Subject, fmtAmount(whole.f.Value, whole.f.Unit), pct),
		Value: NewFigure(pct), Unit: "%",
	}
	ev.r.Arithmetic = fmt.Sprintf("%s ÷ %s × 100%% = %s%%", corpus.FormatNumber(pv), corpus.FormatNumber(whole.f.Value), pct)
	ev.r.Interpretation = interp(d.Year, d.Department, part.f.Subject+" 占 "+whole.f.Subject, "比重")
	ev.r.Sources = append(ev.r.Sources, ev.source(d, part.f), ev.source(d, whole.f))
}

// wholeOf finds the figure a share is taken of: the document's total for
// a generic word, else the first printed, non-zero figure of the item.
func (ev *eval) wholeOf(d *corpus.Document, item string) (hit, bool) {
	if genericWhole(item) {
		return ev.total(d)
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
	if len(years) == 1 && years[0] < 0 {
		for _, d := range ev.e.byDept[ev.e.entityOf(ev.doc)] {
			if d.Kind == ev.doc.Kind {
				out = append(out, d)
			}
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

// diff answers the difference of one item between two years' documents.
func (ev *eval) diff() {
	q := ev.q
	if len(q.Years) < 2 {
		ev.change()
		return
	}
	a, b := ev.docFor(q.Years[0]), ev.docFor(q.Years[1])
	if a == nil || b == nil {
		ev.decline("抱歉，现有文件不包含所比较的两个年份。")
		return
	}
	kinds := []corpus.FactKind{corpus.FactAmount, corpus.FactCount}
	ha, _, okA := ev.best(a, q.Item(), q.Measure, kinds...)
	hb, _, okB := ev.best(b, q.Item(), q.Measure, kinds...)
	if genericTotal(q.Item()) {
		ha, okA = ev.total(a)
		hb, okB = ev.total(b)
	}
	if !okA || !okB {
		ev.decline(fmt.Sprintf("抱歉，没有在两个年份的文件中都找到“%s”。", displayItem(q.Item())))
		return
	}
	va := ha.f.Value
	vb, _ := corpus.Convert(hb.f.Value, hb.f.Unit, ha.f.Unit)
	diff := va.Sub(vb)
	unit := ha.f.Unit
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
	ev.r.Answer = AnswerBody{Text: fmt.Sprintf("%s%d年为%s，%d年为%s，%d年比%d年%s%s。", ha.f.Subject, a.Year, fmtAmount(va, ha.f.Unit), b.Year, fmtAmount(hb.f.Value, hb.f.Unit), a.Year, b.Year, verb, fmtAmount(value.Abs(), unit)),
		Value: NewFigure(signed(value, q.Down)), Unit: unit}
	ev.r.Arithmetic = arith
	ev.r.Interpretation = interp(0, ev.doc.Department, ha.f.Subject, fmt.Sprintf("%d年比%d年", a.Year, b.Year))
	ev.r.Sources = append(ev.r.Sources, ev.source(a, ha.f), ev.source(b, hb.f))
}

// compareDepts answers the same item for several departments: their
// figures, the difference of two, or which is largest.
func (ev *eval) compareDepts() {
	q := ev.q
	type row struct {
		d *corpus.Document
		h hit
	}
	var rows []row
	for _, dept := range q.Depts {
		var best *corpus.Document
		for _, d := range ev.e.byDept[dept] {
			if q.Year > 0 && d.Year != q.Year || q.Kind.IsFinal() && !d.Kind.IsFinal() {
				continue
			}
			if best == nil || d.Year > best.Year || d.Year == best.Year && d.Kind == corpus.KindBudget {
				best = d
			}
		}
		if best == nil {
			ev.decline(fmt.Sprintf("抱歉，现有文件中没有%s的相关文件。", dept))
			return
		}
		h, ok := ev.level(best, q.Item(), q.Measure)
		if !ok {
			ev.decline(fmt.Sprintf("抱歉，%d年%s%s中没有找到“%s”。", best.Year, best.Department, best.Kind, displayItem(q.Item())))
			return
		}
		rows = append(rows, row{best, h})
	}
	unit := rows[0].h.f.Unit
	for _, r := range rows {
		if r.h.f.Unit != unit && corpus.IsMoney(unit) {
			unit = corpus.WanYuan
		}
	}
	var items []Item
	var parts []string
	for _, r := range rows {
		v, _ := corpus.Convert(r.h.f.Value, r.h.f.Unit, unit)
		items = append(items, Item{Name: r.d.Department, Value: NewFigure(v), Unit: unit})
		parts = append(parts, fmt.Sprintf("%d年%s%s为%s", r.d.Year, r.d.Department, r.h.f.Subject, fmtAmount(v, unit)))
		ev.r.Sources = append(ev.r.Sources, ev.source(r.d, r.h.f))
	}
	ev.r.Answered = true
	ev.r.Answer = AnswerBody{Text: strings.Join(parts, "；") + "。", Items: items}
	ev.r.Interpretation = interp(0, strings.Join(q.Depts, "、"), displayItem(q.Item()), "各部门比较")
	switch {
	case q.Order != OrderNone:
		best := 0
		for i := range items {
			a, b := items[i].Value.Decimal, items[best].Value.Decimal
			if q.Order == OrderMax && a.GreaterThan(b) || q.Order == OrderMin && a.LessThan(b) {
				best = i
			}
		}
		word := map[Order]string{OrderMax: "最多", OrderMin: "最少"}[q.Order]
		ev.r.Answer.Text += fmt.Sprintf("其中%s的是%s。", word, items[best].Name)
		ev.r.Answer.Value, ev.r.Answer.Unit = items[best].Value, unit
		ev.r.Intent = IntentRank.String()
	case len(items) == 2:
		a, b := items[0].Value.Decimal, items[1].Value.Decimal
		diff := a.Sub(b)
		ev.r.Answer.Text += fmt.Sprintf("两者相差%s。", fmtAmount(diff.Abs(), unit))
		ev.r.Answer.Value, ev.r.Answer.Unit = NewFigure(diff), unit
		ev.r.Arithmetic = fmt.Sprintf("%s − %s = %s", corpus.FormatNumber(a), corpus.FormatNumber(b), corpus.FormatNumber(diff))
		ev.r.Intent = IntentDiff.String()
	}
}
