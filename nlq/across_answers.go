package nlq

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/shopspring/decimal"
)

// This file computes the answers over a set of departments (across.go
// resolves the set and finds each department's figure): rankings, sums,
// shares and ratios, comparisons, and trends over several years.

// trimTotalWord drops the 合计 or 总额 a sum's item is said with ("项目支出
// 合计"), unless nothing but a total word would be left.
func trimTotalWord(item string) string {
	for _, w := range []string{"合计", "总计", "总额", "之和", "总和"} {
		if t := strings.TrimSuffix(item, w); t != item && !genericTotal(t) {
			return t
		}
	}
	return item
}

// rankDepts answers which department has the most (least) of an item, or
// the top N.
func (ev *eval) rankDepts(s acrossSet) {
	q := ev.q
	item := q.Item()
	figs, unit, lacking, ok := ev.itemFigures(s, item)
	if !ok {
		return
	}
	sort.SliceStable(figs, func(i, j int) bool {
		if q.Order == OrderMin {
			return figs[i].value.LessThan(figs[j].value)
		}
		return figs[i].value.GreaterThan(figs[j].value)
	})
	word := "最多"
	if q.Order == OrderMin {
		word = "最少"
	}
	top := figs[0]
	var order []string
	for _, f := range figs {
		who := f.d.Department
		if s.year == 0 {
			who = fmt.Sprintf("%s（%d年）", who, f.d.Year)
		}
		order = append(order, fmt.Sprintf("%s %s", who, fmtAmount(f.value, unit)))
	}
	what := fmt.Sprintf("%s%d个部门的%s中，“%s”", yearWord(s.year), len(s.docs), s.kindWord(), strings.Trim(displayItem(item), "“”"))
	text := fmt.Sprintf("%s%s的是%s，为%s", what, word, top.d.Department, fmtAmount(top.value, unit))
	if n := q.N; n >= 2 && n < len(figs) {
		var names []string
		for _, f := range figs[:n] {
			names = append(names, fmt.Sprintf("%s（%s）", f.d.Department, fmtAmount(f.value, unit)))
		}
		text = fmt.Sprintf("%s前%d名是%s", what, n, strings.Join(names, "、"))
	}
	text += "。依次为：" + strings.Join(order, "；") + "。"
	ev.r.Answered = true
	ev.r.Answer = AnswerBody{Text: text, Value: NewFigure(top.value), Unit: unit, Items: acrossItems(figs)}
	ev.r.Interpretation = ev.label(s) + " · " + displayItem(item) + " · " + word
	ev.noteScope(s, figs, lacking, item)
	ev.r.figures = append(ev.r.figures, figure{value: top.value, unit: unit, year: s.year, dept: ev.e.entityOf(top.d), item: top.name, src: top.srcs[0]})
}

// sumDepts answers the total of an item over the departments.
func (ev *eval) sumDepts(s acrossSet) {
	q := ev.q
	item := trimTotalWord(q.Item())
	figs, unit, lacking, ok := ev.itemFigures(s, item)
	if !ok {
		return
	}
	total := decimal.Zero
	var terms []string
	for _, f := range figs {
		total = total.Add(f.value)
		terms = append(terms, corpus.FormatNumber(f.value))
	}
	ev.r.Answered = true
	ev.r.Intent = IntentSum.String()
	ev.r.Answer = AnswerBody{Text: fmt.Sprintf("%s%d个部门的%s中，“%s”合计为%s（%s）。", yearWord(s.year), len(figs), s.kindWord(), strings.Trim(displayItem(item), "“”"), fmtAmount(total, unit), strings.Join(terms, " + ")),
		Value: NewFigure(total), Unit: unit, Items: acrossItems(figs)}
	ev.r.Arithmetic = strings.Join(terms, " + ") + " = " + corpus.FormatNumber(total)
	ev.r.Interpretation = ev.label(s) + " · " + displayItem(item) + " · 合计"
	ev.noteScope(s, figs, lacking, item)
	ev.r.figures = append(ev.r.figures, figure{value: total, unit: unit, year: s.year, item: displayItem(item) + "合计"})
}

// shareAcross answers one department's figure as a share of the total of
// the departments: "万里街道的三公经费占这几个部门三公经费的比例".
func (ev *eval) shareAcross(s acrossSet) {
	q := ev.q
	if q.Dept == "" {
		ev.decline("抱歉，请说明是哪个部门的数字占合计的比例。")
		return
	}
	item, whole := q.Item(), q.Second()
	if whole == "" || genericTotal(whole) && !genericTotal(item) {
		whole = item
	}
	figs, unit, lacking := ev.acrossFigures(s, whole, q.Measure)
	dept := ev.e.resolveDept(q.Dept)
	var part *deptFigure
	total := decimal.Zero
	var terms []string
	for i, f := range figs {
		total = total.Add(f.value)
		terms = append(terms, corpus.FormatNumber(f.value))
		if ev.e.entityOf(f.d) == dept {
			part = &figs[i]
		}
	}
	if part == nil || total.IsZero() {
		ev.decline(fmt.Sprintf("抱歉，没有找到%s%s的“%s”，无法计算比例。", q.Dept, yearWord(s.year), displayItem(item)))
		return
	}
	pct := part.value.Mul(hundred).DivRound(total, 2)
	if genericTotal(whole) && genericTotal(item) {
		whole = item // "部门预算占…预算合计": the department's 部门预算
	}
	ev.r.Answered = true
	ev.r.Answer = AnswerBody{Text: fmt.Sprintf("%s%s“%s”为%s，%d个部门合计%s，占%s%%。", yearWord(s.year), part.d.Department, strings.Trim(displayItem(whole), "“”"), fmtAmount(part.value, unit), len(figs), fmtAmount(total, unit), pct),
		Value: NewFigure(pct), Unit: "%", Items: acrossItems(figs)}
	ev.r.Arithmetic = fmt.Sprintf("%s ÷ (%s) × 100%% = %s%%", corpus.FormatNumber(part.value), strings.Join(terms, " + "), pct)
	ev.r.Interpretation = ev.label(s) + " · " + part.d.Department + displayItem(whole) + " · 占合计比例"
	ev.noteScope(s, figs, lacking, whole)
}

// ratioAcross answers how many times the first department's figure is the
// second's: "财政局的基本支出是万里街道的几倍".
func (ev *eval) ratioAcross(s acrossSet) {
	item := ev.q.Item()
	figs, unit, lacking := ev.acrossFigures(s, item, ev.q.Measure)
	if len(lacking) > 0 || len(figs) != 2 || figs[1].value.IsZero() {
		ev.decline(fmt.Sprintf("抱歉，没有找到两个部门都有的“%s”，无法计算倍数。", displayItem(item)))
		return
	}
	a, b := figs[0], figs[1]
	ratio := a.value.DivRound(b.value, 2)
	ev.r.Answered = true
	ev.r.Answer = AnswerBody{Text: fmt.Sprintf("%s“%s”：%s为%s，%s为%s，前者是后者的%s倍。", yearWord(s.year), strings.Trim(displayItem(item), "“”"), a.d.Department, fmtAmount(a.value, unit), b.d.Department, fmtAmount(b.value, unit), ratio),
		Value: NewFigure(ratio), Unit: "倍", Items: acrossItems(figs)}
	ev.r.Arithmetic = fmt.Sprintf("%s ÷ %s = %s", corpus.FormatNumber(a.value), corpus.FormatNumber(b.value), ratio)
	ev.r.Interpretation = ev.label(s) + " · " + displayItem(item) + " · 倍数"
	ev.noteScope(s, figs, nil, item)
}

// compareAcross compares the named departments: each figure, which is
// larger, and by how much when asked (byHow) or when there are two.
func (ev *eval) compareAcross(s acrossSet, byHow bool) {
	q := ev.q
	item := q.Item()
	figs, unit, lacking := ev.acrossFigures(s, item, q.Measure)
	if len(lacking) > 0 || len(figs) < 2 {
		ev.decline(fmt.Sprintf("抱歉，%s%s的%s中没有找到“%s”，无法比较。", strings.Join(lacking, "、"), yearWord(s.year), s.kindWord(), displayItem(item)))
		return
	}
	var parts []string
	for _, f := range figs {
		who := f.d.Department
		if s.year == 0 {
			who = fmt.Sprintf("%d年%s", f.d.Year, who)
		}
		parts = append(parts, fmt.Sprintf("%s为%s", who, fmtAmount(f.value, unit)))
	}
	hi, lo := figs[0], figs[0]
	for _, f := range figs[1:] {
		if f.value.GreaterThan(hi.value) {
			hi = f
		}
		if f.value.LessThan(lo.value) {
			lo = f
		}
	}
	text := fmt.Sprintf("%s“%s”：%s。", yearWord(s.year), strings.Trim(displayItem(item), "“”"), strings.Join(parts, "；"))
	ev.r.Answered = true
	ev.r.Answer = AnswerBody{Text: text, Items: acrossItems(figs), Unit: unit}
	ev.r.Interpretation = ev.label(s) + " · " + displayItem(item) + " · 比较"
	ev.noteScope(s, figs, nil, item)
	if hi.value.Equal(lo.value) {
		ev.r.Answer.Text += "两者相同。"
		ev.r.Answer.Value = NewFigure(decimal.Zero)
		return
	}
	diff := hi.value.Sub(lo.value)
	if len(figs) == 2 {
		ev.r.Answer.Text += fmt.Sprintf("%s比%s多%s。", hi.d.Department, lo.d.Department, fmtAmount(diff, unit))
	} else {
		ev.r.Answer.Text += fmt.Sprintf("最多的是%s，最少的是%s，相差%s。", hi.d.Department, lo.d.Department, fmtAmount(diff, unit))
	}
	ev.r.Arithmetic = fmt.Sprintf("%s − %s = %s", corpus.FormatNumber(hi.value), corpus.FormatNumber(lo.value), corpus.FormatNumber(diff))
	switch {
	case q.Each && !byHow:
		ev.r.Arithmetic = ""
		ev.r.Intent = IntentAmount.String()
	case byHow || q.Order == OrderNone && len(figs) == 2:
		ev.r.Answer.Value = NewFigure(diff)
		ev.r.Intent = IntentDiff.String()
	case q.Order == OrderMin:
		ev.r.Answer.Value = NewFigure(lo.value)
		ev.r.Intent = IntentRank.String()
	default:
		ev.r.Answer.Value = NewFigure(hi.value)
		ev.r.Intent = IntentRank.String()
	}
}

// trendAcross answers an item in each year for each department of the
// set ("这几个部门这三年三公经费的变化趋势"): every department's years as
// items, one line of the answer a department; a sum adds them all.
func (ev *eval) trendAcross() {
	q, e := ev.q, ev.e
	if q.Intent != IntentAmount && q.Intent != IntentSum {
		ev.decline("抱歉，暂时不能同时对多个部门的多个年份做这种比较。可以分别问各部门，或问某一年的部门比较。")
		return
	}
	item := q.Item()
	var lines, lacking, missing []string
	var items []Item
	var first *corpus.Document
	unit := ""
	total := decimal.Zero
	var terms []string
	fits := func(d *corpus.Document, docs []*corpus.Document) bool {
		return d.Kind.IsFinal() == q.Kind.IsFinal() && !(d.Kind == corpus.KindUnitBudget && hasKindOfYear(docs, d.Year, corpus.KindBudget))
	}
	// "这三年": the last three years any department of the set has, one
	// window for all of them.
	years := q.Years
	if len(years) == 1 && years[0] < 0 {
		earliest, latest := 0, 0
		for _, dept := range ev.acrossDepts() {
			for _, d := range e.byDept[dept] {
				if fits(d, e.byDept[dept]) {
					latest = max(latest, d.Year)
					if earliest == 0 || d.Year < earliest {
						earliest = d.Year
					}
				}
			}
		}
		from := latest + years[0] + 1
		if years[0] == everyYear {
			from = earliest
		}
		years = nil
		for y := from; y <= latest && y > 0; y++ {
			years = append(years, y)
		}
	}
	for _, dept := range ev.acrossDepts() {
		var docs []*corpus.Document
		for _, d := range e.byDept[dept] {
			if fits(d, e.byDept[dept]) && slices.Contains(years, d.Year) {
				docs = append(docs, d)
			}
		}
		slices.SortFunc(docs, func(a, b *corpus.Document) int { return a.Year - b.Year })
		for _, y := range years {
			if !slices.ContainsFunc(docs, func(d *corpus.Document) bool { return d.Year == y }) {
				missing = append(missing, fmt.Sprintf("%d年%s", y, dept))
			}
		}
		var parts []string
		for _, d := range docs {
			f, ok := ev.deptFigureOf(d, item, q.Measure)
			if !ok {
				lacking = append(lacking, fmt.Sprintf("%d年%s", d.Year, d.Department))
				continue
			}
			if unit == "" {
				unit, first = f.unit, d
			}
			v := inUnit(f.value, f.unit, unit)
			parts = append(parts, fmt.Sprintf("%d年%s", d.Year, fmtAmount(v, unit)))
			src := f.srcs[0]
			items = append(items, Item{Name: fmt.Sprintf("%s %d年", d.Department, d.Year), Value: NewFigure(v), Unit: unit, Department: d.Department, Year: d.Year, Source: &src})
			ev.r.Sources = append(ev.r.Sources, f.srcs...)
			total = total.Add(v)
			terms = append(terms, corpus.FormatNumber(v))
		}
		if len(parts) > 0 {
			lines = append(lines, docs[0].Department+"："+strings.Join(parts, "，"))
		}
	}
	if len(items) == 0 {
		ev.decline(fmt.Sprintf("抱歉，所问部门和年份的文件中没有找到“%s”。", displayItem(item)))
		return
	}
	ev.doc = first
	ev.r.Answered = true
	ev.r.Answer = AnswerBody{Text: fmt.Sprintf("“%s”各年：%s。", strings.Trim(displayItem(item), "“”"), strings.Join(lines, "；")), Items: items}
	ev.r.Intent = "trend"
	if q.Intent == IntentSum {
		ev.r.Intent = IntentSum.String()
		ev.r.Answer.Text += fmt.Sprintf("合计为%s。", fmtAmount(total, unit))
		ev.r.Answer.Value, ev.r.Answer.Unit = NewFigure(total), unit
		ev.r.Arithmetic = strings.Join(terms, " + ") + " = " + corpus.FormatNumber(total)
	}
	ev.r.Interpretation = interp(0, q.Region, fmt.Sprintf("%d个部门", len(lines)), displayItem(item)+" · 各年")
	if len(lacking) > 0 {
		ev.r.Notes = append(ev.r.Notes, fmt.Sprintf("以下文件中没有找到“%s”：%s。", displayItem(item), strings.Join(lacking, "、")))
	}
	if len(missing) > 0 && len(missing) <= 20 {
		kind := "部门预算"
		if q.Kind.IsFinal() {
			kind = "部门决算"
		}
		ev.r.Notes = append(ev.r.Notes, fmt.Sprintf("现有文件中没有以下%s，未计入：%s。", kind, strings.Join(missing, "、")))
	}
}

// hasKindOfYear reports whether docs hold a document of a kind and year.
func hasKindOfYear(docs []*corpus.Document, year int, kind corpus.Kind) bool {
	for _, d := range docs {
		if d.Year == year && d.Kind == kind {
			return true
		}
	}
	return false
}
