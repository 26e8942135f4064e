package nlq

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/shopspring/decimal"
)

// This file answers questions over a set of departments: rankings ("普陀区
// 2025年哪个部门三公经费最多"), comparisons of named departments ("财政局和
// 万里街道谁的基本支出多，多多少"), sums ("这几个部门三公经费加起来多少")
// and shares ("万里街道的三公经费占这几个部门的比例"). The set is resolved
// against the documents held: one document per department, of the year and
// kind asked (a 部门预算 before a 单位预算 of the same department and year,
// never both; 预算 and 决算 never mixed). Each figure keeps its own source;
// a department whose document lacks the item is named, not skipped.

// deptFigure is one department's figure of the item asked about.
type deptFigure struct {
	d     *corpus.Document
	f     *corpus.Fact    // nil when summed from parts
	value decimal.Decimal // in unit
	unit  string
	name  string // what the document calls the item
	srcs  []SourceRef
	how   string // the arithmetic, when the figure is the sum of parts
}

// acrossSet is what a question over several departments covers.
type acrossSet struct {
	docs    []*corpus.Document // one a department, in the corpus's order
	year    int
	final   bool     // 决算 rather than 预算
	without []string // departments named that have no such document
}

// yearWord is "2025年", or "" for a set of several years.
func yearWord(y int) string {
	if y == 0 {
		return ""
	}
	return fmt.Sprintf("%d年", y)
}

// kindWord is what the set's documents are: 部门预算 or 部门决算.
func (s acrossSet) kindWord() string {
	if s.final {
		return "部门决算"
	}
	return "部门预算"
}

// label says the set back: "2025年 · 普陀区 · 3个部门的部门预算".
func (ev *eval) label(s acrossSet) string {
	where := ev.q.Region
	switch {
	case len(ev.q.Depts) > 0:
		where = strings.Join(ev.q.Depts, "、")
	case where == "":
		where = ev.regionOfSet(s)
	}
	return interp(s.year, where, fmt.Sprintf("%d个部门的%s", len(s.docs), s.kindWord()), "")
}

// regionOfSet names the region every document of s belongs to, if one
// does: the most specific region shared by all.
func (ev *eval) regionOfSet(s acrossSet) string {
	best := ""
	for _, r := range ev.e.regionWords {
		all := true
		for _, d := range s.docs {
			if !slices.Contains(ev.e.regions[r], ev.e.entityOf(d)) {
				all = false
				break
			}
		}
		if all && (best == "" || len(ev.e.regions[r]) < len(ev.e.regions[best])) {
			best = r
		}
	}
	return best
}

// acrossDepts returns the departments a question over several covers: the
// ones it names, those of the region it names, those of the region of the
// one department it names ("占全区这几个部门"), or every department.
func (ev *eval) acrossDepts() []string {
	q, e := ev.q, ev.e
	switch {
	case len(q.Depts) > 0:
		return q.Depts
	case q.Region != "":
		return e.regions[q.Region]
	case q.Dept != "":
		dept := e.resolveDept(q.Dept)
		var best []string
		for _, r := range corpus.DepartmentRegions(dept) {
			if ds := e.regions[r]; slices.Contains(ds, dept) && (best == nil || len(ds) < len(best)) {
				best = ds
			}
		}
		if best != nil {
			return best
		}
	}
	return e.depts
}

// acrossScope resolves the documents of the set: the year asked, or the
// latest any of the departments has; the kind asked, 预算 by default.
func (ev *eval) acrossScope() (acrossSet, bool) {
	q, e := ev.q, ev.e
	depts := ev.acrossDepts()
	s := acrossSet{year: q.Year, final: q.Kind.IsFinal()}
	if s.year == 0 && q.FigureYear > 0 {
		s.year = q.FigureYear
	}
	fits := func(d *corpus.Document) bool { return d.Kind.IsFinal() == s.final }
	// No year asked: the latest year, unless it holds one department
	// only; departments named without a year, or years that differ by
	// department: each one's latest document, each item saying its year.
	latest := s.year == 0 && len(q.Depts) > 0
	if s.year == 0 {
		held := map[int]int{} // departments with a document of each year
		for _, dept := range depts {
			seen := map[int]bool{}
			for _, d := range e.byDept[dept] {
				if fits(d) && !seen[d.Year] {
					seen[d.Year] = true
					held[d.Year]++
				}
				if fits(d) && d.Year > s.year {
					s.year = d.Year
				}
			}
		}
		if held[s.year] < 2 && len(depts) >= 2 {
			latest = true
		}
		if latest {
			s.year = 0
		}
	}
	for _, dept := range depts {
		var best *corpus.Document
		for _, d := range e.byDept[dept] {
			if !fits(d) || !latest && d.Year != s.year || latest && best != nil && d.Year < best.Year {
				continue
			}
			if latest && best != nil && d.Year > best.Year {
				best = d
				continue
			}
			// A 部门预算 over a 单位预算 of the same department and year.
			if best == nil || kindRank(corpus.KindUnknown, d) < kindRank(corpus.KindUnknown, best) || d.Kind == corpus.KindFinal && best.Kind != corpus.KindFinal {
				best = d
			}
		}
		if best == nil {
			s.without = append(s.without, dept)
			continue
		}
		s.docs = append(s.docs, best)
	}
	for _, d := range s.docs {
		if d.Year != s.docs[0].Year {
			s.year = 0 // of several years: each item says its own
		}
	}
	if latest && s.year == 0 && len(q.Depts) == 0 {
		ev.r.Notes = append(ev.r.Notes, "未指定年份，各部门的最新文件年份不同，按各自最新的文件比较；可加上年份再问。")
	}
	if len(s.docs) == 0 {
		where := q.Region
		if len(q.Depts) > 0 {
			where = strings.Join(q.Depts, "、")
		}
		ev.decline(fmt.Sprintf("抱歉，现有文件中没有%s%s的%s。", where, yearWord(s.year), s.kindWord()))
		return s, false
	}
	ev.docs, ev.doc, ev.acrossYear = s.docs, s.docs[0], s.year
	return s, true
}

// declineWithout says which named departments have no document of the
// year and kind, and what they have instead: 预算 and 决算 are not compared.
func (ev *eval) declineWithout(s acrossSet) {
	var parts []string
	for _, dept := range s.without {
		var have []string
		for _, d := range ev.e.byDept[dept] {
			have = append(have, fmt.Sprintf("%d年%s", d.Year, d.Kind))
		}
		parts = append(parts, fmt.Sprintf("%s（现有：%s）", dept, strings.Join(have, "、")))
	}
	ev.decline(fmt.Sprintf("抱歉，%s没有%s%s，无法与其他部门比较；预算数与决算数不能混在一起比较。", strings.Join(parts, "；"), yearWord(s.year), s.kindWord()))
}

// deptFigureOf finds a department's figure of item in d: the document's
// total for a generic item, the item itself when named well, or the
// “三公” as the sum of its three parts where only they are given.
func (ev *eval) deptFigureOf(d *corpus.Document, item, measure string) (deptFigure, bool) {
	var h hit
	ok := false
	if genericTotal(item) {
		h, ok = ev.total(d)
	} else {
		h, ok = ev.level(d, item, measure)
		ok = ok && h.score >= 86
	}
	if ok {
		return deptFigure{d: d, f: h.f, value: h.f.Value, unit: h.f.Unit, name: displayName(d, h.f), srcs: []SourceRef{ev.source(d, h.f)}}, true
	}
	if strings.Contains(matchKey(item), "三公") {
		parts := ev.sanGongParts(d)
		if len(parts) != len(sanGongNames) {
			return deptFigure{}, false
		}
		f := deptFigure{d: d, unit: parts[0].f.Unit, name: "“三公”经费"}
		var terms []string
		for _, p := range parts {
			v, _ := corpus.Convert(p.f.Value, p.f.Unit, f.unit)
			f.value = f.value.Add(v)
			terms = append(terms, corpus.FormatNumber(v))
			f.srcs = append(f.srcs, ev.source(d, p.f))
		}
		f.how = strings.Join(terms, " + ") + " = " + corpus.FormatNumber(f.value)
		return f, true
	}
	return deptFigure{}, false
}

// acrossFigures finds item's figure in every document of the set, in one
// unit (万元 when any is in 万元); lacking names the departments whose
// document does not give it.
func (ev *eval) acrossFigures(s acrossSet, item, measure string) (figs []deptFigure, unit string, lacking []string) {
	for _, d := range s.docs {
		f, ok := ev.deptFigureOf(d, item, measure)
		if !ok {
			lacking = append(lacking, d.Department)
			continue
		}
		figs = append(figs, f)
	}
	if len(figs) == 0 {
		return nil, "", lacking
	}
	unit = figs[0].unit
	for _, f := range figs {
		if f.unit == corpus.WanYuan {
			unit = corpus.WanYuan
		}
	}
	for i := range figs {
		if corpus.IsMoney(figs[i].unit) && corpus.IsMoney(unit) {
			figs[i].value = inUnit(figs[i].value, figs[i].unit, unit)
			figs[i].unit = unit
		}
	}
	return figs, unit, lacking
}

// acrossItems lists the figures as the answer's items, each with its
// department, year and source.
func acrossItems(figs []deptFigure) []Item {
	var items []Item
	for _, f := range figs {
		src := f.srcs[0]
		items = append(items, Item{Name: f.d.Department, Value: NewFigure(f.value), Unit: f.unit, Department: f.d.Department, Year: f.d.Year, Source: &src})
	}
	return items
}

// noteScope says which departments the answer covers and which it could
// not: without a document of the year, or without the item in it.
func (ev *eval) noteScope(s acrossSet, figs []deptFigure, lacking []string, item string) {
	var covered []string
	for _, f := range figs {
		covered = append(covered, f.d.Department)
	}
	ev.r.Notes = append(ev.r.Notes, fmt.Sprintf("涵盖%s%s：%s。", yearWord(s.year), s.kindWord(), strings.Join(covered, "、")))
	if len(lacking) > 0 {
		ev.r.Notes = append(ev.r.Notes, fmt.Sprintf("以下部门的文件中没有找到“%s”，未计入：%s。", displayItem(item), strings.Join(lacking, "、")))
	}
	if n := len(s.without); n > 0 && (len(ev.q.Depts) > 0 || n <= 10) {
		ev.r.Notes = append(ev.r.Notes, fmt.Sprintf("以下部门没有%s%s，未计入：%s。", yearWord(s.year), s.kindWord(), strings.Join(s.without, "、")))
	}
	for _, f := range figs {
		ev.r.Sources = append(ev.r.Sources, f.srcs...)
	}
}

// across answers a question over a set of departments, by its intent.
func (ev *eval) across() {
	q := ev.q
	if q.WholeRegion {
		ev.decline("抱歉，现有文件是各部门的部门预算或决算，没有全区（全市）的总预算，无法给出全区的总额。可以问某几个部门的合计，例如“这几个部门三公经费加起来多少”。")
		return
	}
	if len(q.Years) > 0 {
		ev.trendAcross()
		return
	}
	s, ok := ev.acrossScope()
	if !ok {
		return
	}
	if len(q.Depts) > 0 && len(s.without) > 0 {
		ev.declineWithout(s)
		return
	}
	switch q.Intent {
	case IntentRank:
		if len(q.Depts) >= 2 {
			ev.compareAcross(s, false)
			return
		}
		ev.rankDepts(s)
	case IntentShare:
		if q.Ratio && len(q.Depts) >= 2 {
			ev.ratioAcross(s)
			return
		}
		ev.shareAcross(s)
	case IntentDiff:
		ev.compareAcross(s, true)
	case IntentSum:
		ev.sumDepts(s)
	case IntentAmount:
		if len(q.Depts) >= 2 {
			ev.compareAcross(s, false)
		} else {
			ev.sumDepts(s)
		}
	default:
		ev.decline("抱歉，这类跨部门的问题暂时无法回答。可以问：哪个部门三公经费最多、这几个部门的部门预算一共多少。")
	}
}

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

// itemFigures is acrossFigures of the item asked, declining when no
// department's document gives it.
func (ev *eval) itemFigures(s acrossSet, item string) (figs []deptFigure, unit string, lacking []string, ok bool) {
	figs, unit, lacking = ev.acrossFigures(s, item, ev.q.Measure)
	if len(figs) == 0 {
		ev.decline(fmt.Sprintf("抱歉，%s各部门的%s中都没有找到“%s”。", yearWord(s.year), s.kindWord(), displayItem(item)))
		return nil, "", nil, false
	}
	return figs, unit, lacking, true
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

// aboutDocs answers what the library holds: how many departments published
// a kind of document in a year, which did, which years one did.
func (ev *eval) aboutDocs() {
	q, e := ev.q, ev.e
	final := q.Kind.IsFinal()
	kind := "部门预算"
	if final {
		kind = "部门决算"
	}
	depts := ev.acrossDepts()
	if q.Dept != "" && len(q.Depts) == 0 {
		depts = []string{e.resolveDept(q.Dept)}
	}
	type held struct {
		dept  string
		years []int
		docs  []*corpus.Document
	}
	var found []held
	for _, dept := range depts {
		h := held{dept: dept}
		for _, d := range e.byDept[dept] {
			if d.Kind.IsFinal() != final || q.Year > 0 && d.Year != q.Year {
				continue
			}
			if !slices.Contains(h.years, d.Year) {
				h.years = append(h.years, d.Year)
				h.docs = append(h.docs, d)
			}
		}
		if len(h.years) > 0 {
			sort.Slice(h.docs, func(i, j int) bool { return h.docs[i].Year < h.docs[j].Year })
			sort.Ints(h.years)
			found = append(found, h)
		}
	}
	when := ""
	if q.Year > 0 {
		when = fmt.Sprintf("%d年", q.Year)
	}
	if len(found) == 0 {
		ev.decline(fmt.Sprintf("现有文件中没有%s的%s。", when, kind))
		return
	}
	var items []Item
	ev.r.Answered = true
	switch {
	case q.Among == AmongYears:
		var ys []string
		for _, h := range found {
			for i, y := range h.years {
				ys = append(ys, fmt.Sprintf("%d年", y))
				src := SourceRef{Document: docTitle(h.docs[i]), DocID: h.docs[i].ID}
				items = append(items, Item{Name: fmt.Sprintf("%d", y), Department: h.docs[i].Department, Year: y, Source: &src})
			}
		}
		ev.r.Answer = AnswerBody{Text: fmt.Sprintf("现有文件中有%s以下年份的%s：%s。", found[0].docs[0].Department, kind, strings.Join(ys, "、")), Items: items}
	default:
		var names []string
		for _, h := range found {
			names = append(names, h.docs[0].Department)
			src := SourceRef{Document: docTitle(h.docs[0]), DocID: h.docs[0].ID}
			items = append(items, Item{Name: h.docs[0].Department, Department: h.docs[0].Department, Year: h.years[len(h.years)-1], Source: &src})
		}
		ev.r.Answer = AnswerBody{Text: fmt.Sprintf("现有文件中，%s共有%d个部门的%s：%s。", when, len(found), kind, strings.Join(names, "、")), Items: items}
		if q.Intent == IntentCount {
			ev.r.Answer.Value, ev.r.Answer.Unit = NewFigure(decimal.NewFromInt(int64(len(found)))), "个"
		}
	}
	ev.r.Interpretation = interp(q.Year, q.Region, "现有文件", kind)
	ev.doc = found[0].docs[0]
}
