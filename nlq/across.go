package nlq

import (
	"fmt"
	"slices"
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
		ev.decline("抱歉，现有文件是各部门的部门预算或决算，没有整个地区（全区、全市或全省）的总预算，无法给出地区的总额。可以问某几个部门的合计，例如“这几个部门三公经费加起来多少”。")
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
