package nlq

import (
	"fmt"
	"strings"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/shopspring/decimal"
)

// This file answers the figure of an item (intent amount), and finds the
// level figures and totals the other intents start from.

// defaultMeasure is the measure a bare figure of a document means.
func defaultMeasure(d *corpus.Document) string {
	if d.Kind.IsFinal() {
		return "决算数"
	}
	return "预算数"
}

// amount answers the figure of an item.
func (ev *eval) amount() {
	q := ev.q
	if y := ev.figureYear(); y > 0 && y != ev.doc.Year {
		// The year's own document is preferred; what the scoped one says
		// of that year is mentioned.
		own := ev.docFor(y)
		if own != nil && own.Kind.IsFinal() != ev.doc.Kind.IsFinal() && q.Kind == corpus.KindUnknown && y < ev.doc.Year {
			// The year's only document is of the other kind (a 决算 for
			// last year's 预算): what this document states of that year's
			// 预算 comes first; else the other kind's figure, said as such.
			if _, ok := ev.priorFrom(ev.doc, q.Item()); ok {
				ev.prior(y)
				return
			}
			ev.r.Notes = append(ev.r.Notes, fmt.Sprintf("%d年没有%s，以下是%d年%s的数字。", y, ev.doc.Kind, y, own.Kind))
		}
		if own != nil {
			prevDoc := ev.doc
			ev.doc = own
			if ev.amountIn(own, q.Item(), q.Measure) {
				if h, ok := ev.priorFrom(prevDoc, q.Item()); ok {
					ev.r.Notes = append(ev.r.Notes, fmt.Sprintf("%d年文件按其上年比较也给出%s：%s", prevDoc.Year, h.name, fmtAmount(h.value, h.unit)))
				}
				return
			}
			ev.doc = prevDoc
		}
		if y < ev.doc.Year {
			ev.prior(y)
			return
		}
		ev.decline(fmt.Sprintf("抱歉，现有文件中没有%s%d年的文件，无法回答%d年的数字。", ev.doc.Department, y, y))
		return
	}
	if q.Item() == "" && q.Code == "" {
		ev.decline("请说明想查询哪一项，例如“项目支出是多少”“三公经费比上年增加多少”。")
		return
	}
	item := q.Item()
	if m, ok := moneyOfCounted[ev.e.syn.canonical(item)]; ok && q.Unit == "" {
		item = m // "公务用车那块呢": money, not how many cars
	}
	if !ev.amountIn(ev.doc, item, q.Measure) {
		ev.notFound()
	}
}

// moneyOfCounted names the money item of a thing that is also counted:
// asked for an amount without a unit of count (几辆), 公务用车 is the
// money spent on cars, not their number.
var moneyOfCounted = map[string]string{"车辆": "公务用车购置及运行维护费"}

// amountIn answers an item's figure from one document.
func (ev *eval) amountIn(d *corpus.Document, item, measure string) bool {
	kinds := []corpus.FactKind{corpus.FactAmount, corpus.FactCount}
	if m := measureOf(item); measure == "" && isMeasureMeaningWord(m) {
		// "年初预算是多少": a kind of figure and no item asks for the
		// document's total in that kind.
		return ev.totalOfMeasure(d, m)
	}
	if genericTotal(item) && measure == "" {
		if h, ok := ev.total(d); ok {
			ev.answerFact(d, h, "")
			return true
		}
	}
	all := ev.e.findCode(d, ev.q.Code, ev.matcher(item), measure, kinds...)
	ok := len(all) > 0
	var h hit
	if ok {
		h = all[0]
	}
	if ok && ev.q.Unit == "" && h.f.Kind == corpus.FactCount {
		// "公务用车那块呢" asks money, not how many cars (a count is
		// asked with its unit: 几辆): a money figure of the item first.
		for _, o := range all {
			if o.f.Kind == corpus.FactAmount && o.score >= minScore {
				h = o
				break
			}
		}
	}
	if ok && ev.q.Unit != "" && !corpus.IsMoney(ev.q.Unit) && ev.q.Unit != h.f.Unit {
		// "平均得分": the figure in the unit asked for.
		for _, o := range all {
			if o.f.Unit == ev.q.Unit && o.score >= minScore {
				h = o
				break
			}
		}
	}
	if !ok && measure != "" {
		// "三公经费实际花了多少": the measure is the document's own.
		if measure == defaultMeasure(d) {
			h, all, ok = ev.best(d, item, "", kinds...)
		}
	}
	if !ok && (isMeasureMeaningWord(measure) && measure != defaultMeasure(d) || otherPart[measure] != "") {
		// "基本支出的年初预算" of a 决算 that states only its 决算数, "办公费
		// 的项目支出" of a document that gives only the 基本支出's: the
		// figure asked for is not there; another kind of figure is not it.
		ev.decline(fmt.Sprintf("抱歉，%d年%s%s中没有“%s”的%s。", d.Year, d.Department, d.Kind, displayItem(item), measure))
		if other, _, found := ev.best(d, item, "", kinds...); found && other.score >= 88 {
			m := other.f.Measure
			if m == "" {
				m = defaultMeasure(d)
			}
			ev.r.Alternatives = append(ev.r.Alternatives, fmt.Sprintf("%s%s：%s", other.f.Subject, measurePhrase(d, other.f, m), fmtAmount(other.f.Value, other.f.Unit)))
		}
		return true
	}
	if !ok {
		if h, ok = ev.looseFind(d, item, kinds...); !ok {
			return false
		}
		ev.r.Notes = append(ev.r.Notes, fmt.Sprintf("按“%s”理解。", h.f.Subject))
	}
	ev.answerFact(d, h, measure)
	ev.noteDisagreement(h, all)
	ev.offerAlternatives(h, all)
	return true
}

// totalOfMeasure answers the document's total in one kind of figure (年初
// 预算数 of a 决算): the largest figure of that kind it states, since a
// total is at least each of its parts and the grand total at least every
// other total.
func (ev *eval) totalOfMeasure(d *corpus.Document, measure string) bool {
	if measure == defaultMeasure(d) || !d.Kind.IsFinal() && measure == "年初预算数" {
		if h, ok := ev.total(d); ok {
			ev.answerFact(d, h, "")
			return true
		}
		return false
	}
	var best *corpus.Fact
	for i := range d.Facts {
		f := &d.Facts[i]
		if f.Kind != corpus.FactAmount || !corpus.IsMoney(f.Unit) || f.Measure == "" || !sameMeasure(f.Measure, measure) || f.Year != d.Year {
			continue
		}
		if best == nil || yuan(f).GreaterThan(yuan(best)) {
			best = f
		}
	}
	if best == nil {
		ev.decline(fmt.Sprintf("抱歉，%d年%s%s中没有%s。", d.Year, d.Department, d.Kind, measure))
		return true
	}
	ev.answerFact(d, hit{f: best, doc: d, score: 90}, measure)
	return true
}

// yuan is a money fact's figure in 元.
func yuan(f *corpus.Fact) decimal.Decimal {
	v, _ := corpus.Convert(f.Value, f.Unit, "元")
	return v
}

// offerAlternatives names the other items a loosely matched question may
// have meant, with their figures, when they matched about as well.
func (ev *eval) offerAlternatives(h hit, all []hit) {
	if h.score >= 96 {
		return
	}
	seen := map[string]bool{matchKey(h.f.Subject): true}
	for _, o := range all {
		if len(ev.r.Alternatives) >= 3 || o.score < h.score-5 {
			break
		}
		k := matchKey(o.f.Subject)
		if seen[k] || o.f.Value.Equal(h.f.Value) {
			continue
		}
		seen[k] = true
		ev.r.Alternatives = append(ev.r.Alternatives, fmt.Sprintf("%s：%s", o.f.Subject, corpus.Amount{Value: o.f.Value, Unit: o.f.Unit}))
	}
}

// noteDisagreement cites a text figure that differs from the table figure
// answered (or a table figure that differs from a text one).
func (ev *eval) noteDisagreement(h hit, all []hit) {
	for _, o := range all {
		if o.score < h.score || o.f.Source.FromTable() == h.f.Source.FromTable() || o.f.Measure != h.f.Measure && o.f.Measure != "" && h.f.Measure != "" {
			continue
		}
		a, _ := corpus.Convert(o.f.Value, o.f.Unit, h.f.Unit)
		if !a.Equal(h.f.Value) && o.f.Kind == h.f.Kind {
			where, rule := "文字部分", "以表格数字为准"
			if o.f.Source.FromTable() {
				where, rule = o.f.Source.Table, "表格中没有更确切的对应项，按文字回答"
			}
			ev.r.Notes = append(ev.r.Notes, fmt.Sprintf("文件%s（第%d行）写作%s，与上述数字不一致；%s，两处均列于来源。", where, o.f.Source.Line, corpus.Amount{Value: o.f.Value, Unit: o.f.Unit}, rule))
			ev.r.Sources = append(ev.r.Sources, ev.source(h.doc, o.f))
			return
		}
	}
}

// answerFact renders one fact as the answer.
func (ev *eval) answerFact(d *corpus.Document, h hit, measure string) {
	f := h.f
	value, unit := f.Value, f.Unit
	if ev.q.Unit != "" && corpus.IsMoney(ev.q.Unit) && corpus.IsMoney(unit) {
		value, _ = corpus.Convert(value, unit, ev.q.Unit)
		unit = ev.q.Unit
	}
	m := f.Measure
	if m == "" || m == "金额" {
		m = defaultMeasure(d)
	}
	name := displayName(d, f)
	if name != f.Subject && !isTotalRow(d, f.Subject) {
		m = defaultMeasure(d)
	} else if name != f.Subject {
		m = defaultMeasure(d) // the column is the item
	}
	text := fmt.Sprintf("%d年%s%s%s为%s。", f.Year, d.Department, name, measurePhrase(d, f, m), fmtAmount(value, unit))
	if f.Doubt != "" {
		text += "（注意：该数字所在的表格算术不平，" + f.Doubt + "）"
	}
	ev.r.Answered = true
	ev.r.Answer = AnswerBody{Text: text, Value: NewFigure(value), Unit: unit}
	shown := m
	if r, ok := totalMeasures[m]; ok && r == 0 {
		shown = defaultMeasure(d) // 合计, 支出总计: the item's whole figure
	}
	ev.r.Interpretation = interp(f.Year, d.Department, name, shown)
	src := ev.source(d, f)
	ev.r.Sources = append(ev.r.Sources, src)
	ev.r.figures = append(ev.r.figures, figure{value: value, unit: unit, year: f.Year, dept: ev.e.entityOf(d), item: name, measure: shown, src: src})
}

// ambiguousName reports whether a row's name is used by rows of another
// code in the document (行政运行 under several 款).
func ambiguousName(d *corpus.Document, f *corpus.Fact) bool {
	for i := range d.Facts {
		g := &d.Facts[i]
		if g.Subject == f.Subject && g.Code != "" && g.Code != f.Code {
			return true
		}
	}
	return false
}

// genericTotal reports whether an item names the document's whole budget:
// nothing but words such as 部门, 预算, 收支, 总计 ("部门预算收支总计",
// "收入支出决算总计", "预算总额").
func genericTotal(item string) bool {
	k := matchKey(item)
	// 收入 is not generic: "收入总计" is the income side's total, not the
	// expenditure total a bare "总额" means.
	if strings.Contains(k, "收入") && !strings.Contains(k, "收支") && !strings.Contains(k, "支出") {
		return false
	}
	for _, w := range []string{"部门", "单位", "预算", "决算", "收支", "收入", "支出", "总计", "总额", "合计", "盘子", "总", "全部", "数", "的", "和", "、"} {
		k = strings.ReplaceAll(k, w, "")
	}
	return k == ""
}

// level finds the figure of an item in d: the item itself, or the
// document's total for a generic item.
func (ev *eval) level(d *corpus.Document, item, measure string) (hit, bool) {
	if genericTotal(item) {
		return ev.total(d)
	}
	h, _, ok := ev.best(d, item, measure, corpus.FactAmount, corpus.FactCount)
	return h, ok
}

// totalNames are the names a document's total goes by, best first.
var totalNames = []string{"支出总计", "收入总计", "本年支出合计", "支出合计", "支出预算总计", "收支预算总计", "部门预算支出", "部门预算收入", "收入支出总计"}

// total finds the document's grand total: the largest figure among the
// totals its tables and text state (收入总计 = 支出总计, which may include
// the carry-over beyond 本年支出合计). A table figure is preferred to an
// equal one in the text.
func (ev *eval) total(d *corpus.Document) (hit, bool) {
	k := ev.e.keysOf(d)
	k.totalOnce.Do(func() { k.total, k.totalOK = ev.findTotal(d) })
	return k.total, k.totalOK
}

// findTotal is total without the cache.
func (ev *eval) findTotal(d *corpus.Document) (hit, bool) {
	var best hit
	found := false
	consider := func(h hit) {
		if !corpus.IsMoney(h.f.Unit) || h.f.Kind != corpus.FactAmount || h.f.Year != d.Year {
			return
		}
		if !found {
			best, found = h, true
			return
		}
		v, _ := corpus.Convert(h.f.Value, h.f.Unit, best.f.Unit)
		if v.GreaterThan(best.f.Value) || v.Equal(best.f.Value) && h.f.Source.FromTable() && !best.f.Source.FromTable() {
			best = h
		}
	}
	for _, n := range totalNames {
		for _, h := range ev.e.findAtLeast(d, "", ev.matcher(n), "", 90, corpus.FactAmount) {
			consider(h)
		}
	}
	for i := range d.Facts {
		f := &d.Facts[i]
		if f.Source.FromTable() && f.Code == "" && (f.Subject == "总计" || f.Subject == "合计") && totalMeasures[f.Measure] == 0 {
			consider(hit{f: f, doc: d, score: 90})
		}
	}
	return best, found
}

// totalStated finds a text fact of the given kind stated for the level
// equal to the document's total: "部门预算收入 2,494 万元，比 2022 年增加
// 256 万元" answers a question about the whole budget.
func (ev *eval) totalStated(d *corpus.Document, total hit, kind corpus.FactKind) (hit, bool) {
	for i := range d.Facts {
		lv := &d.Facts[i]
		if lv.Source.FromTable() || lv.Kind != corpus.FactAmount || !corpus.IsMoney(lv.Unit) {
			continue
		}
		v, _ := corpus.Convert(lv.Value, lv.Unit, total.f.Unit)
		if !v.Equal(total.f.Value) {
			continue
		}
		for j := i + 1; j < len(d.Facts) && j < i+6; j++ {
			f := &d.Facts[j]
			if f.Kind == kind && f.Subject == lv.Subject && f.Source.Line == lv.Source.Line {
				return hit{f: f, doc: d, score: 90}, true
			}
		}
	}
	return hit{}, false
}
