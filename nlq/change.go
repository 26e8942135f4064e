package nlq

import (
	"fmt"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/shopspring/decimal"
)

// This file answers change on the previous year and the previous year's
// figure (intents change and prior): stated in the document, or derived
// from a stated level and change.

var hundred = decimal.NewFromInt(100)

// change answers the change of an item on the previous year.
func (ev *eval) change() {
	q, d := ev.q, ev.doc
	lv, okLevel := ev.level(d, q.Item(), q.Measure)
	item := q.Item()
	// The level's own name, unless it is a total row whose column names
	// the item (合计 of the 人员经费 column): last year's 合计 is another
	// thing.
	if okLevel && !corpus.IsGenericTotal(lv.f.Subject) {
		item = lv.f.Subject
	}
	kind := corpus.FactChange
	if q.Pct {
		kind = corpus.FactChangePct
	}
	if genericTotal(q.Item()) && okLevel {
		if h, ok := ev.totalStated(d, lv, kind); ok {
			ev.answerChange(d, h, lv, false)
			return
		}
	}
	// A stated change of the same subject as the level found.
	if h, ok := ev.statedChange(d, item, kind, lv, okLevel); ok {
		ev.answerChange(d, h, lv, okLevel)
		return
	}
	// Derive it: from a stated prior figure, or from last year's document.
	if okLevel {
		if ph, ok := ev.statedPrior(d, item); ok {
			ev.derivedChange(d, lv, ph.f.Value, fmt.Sprintf("%d年%s", ph.f.Year, "数"), []*corpus.Fact{lv.f, ph.f})
			return
		}
		if pd := ev.docFor(d.Year - 1); pd != nil {
			if ph, ok := ev.level(pd, item, q.Measure); ok && ph.score >= 90 {
				v, _ := corpus.Convert(ph.f.Value, ph.f.Unit, lv.f.Unit)
				ev.derivedChange(d, lv, v, fmt.Sprintf("%d年文件", pd.Year), []*corpus.Fact{lv.f, ph.f})
				ev.r.Sources[len(ev.r.Sources)-1] = ev.source(pd, ph.f)
				return
			}
		}
		// Only the other measure is stated: derive the change from the rate.
		if !q.Pct {
			if h, ok := ev.statedChange(d, item, corpus.FactChangePct, lv, true); ok && !h.f.Value.Equal(hundred.Neg()) {
				prior := lv.f.Value.Mul(hundred).DivRound(hundred.Add(h.f.Value), 4)
				ev.derivedChange(d, lv, prior, "按所述增长率推算的上年数", []*corpus.Fact{lv.f, h.f})
				return
			}
		}
	}
	ev.decline(fmt.Sprintf("抱歉，%d年%s%s中没有说明“%s”与上年相比的变化。", d.Year, d.Department, d.Kind, displayItem(q.Item())))
}

// statedChange finds a change (or rate) stated for the item, preferring the
// one stated with the level found.
func (ev *eval) statedChange(d *corpus.Document, item string, kind corpus.FactKind, lv hit, okLevel bool) (hit, bool) {
	hs := ev.find(d, item, "", kind)
	if genericTotal(ev.q.Item()) && okLevel {
		hs = ev.find(d, lv.f.Subject, "", kind)
	}
	for _, h := range hs {
		if okLevel && h.f.Source.Line == lv.f.Source.Line && h.f.Subject == lv.f.Subject {
			return h, true
		}
	}
	if len(hs) > 0 {
		return hs[0], true
	}
	return hit{}, false
}

// answerChange renders a stated change.
func (ev *eval) answerChange(d *corpus.Document, h hit, lv hit, okLevel bool) {
	f := h.f
	value, unit := f.Value, f.Unit
	if ev.q.Unit != "" && corpus.IsMoney(ev.q.Unit) && corpus.IsMoney(unit) {
		value, _ = corpus.Convert(value, unit, ev.q.Unit)
		unit = ev.q.Unit
	}
	verb := changeVerb(value, unit)
	text := fmt.Sprintf("%d年%s%s比上年%s%s", d.Year, d.Department, f.Subject, verb, fmtAmount(value.Abs(), unit))
	if okLevel && lv.f.Subject == f.Subject {
		// The level in the change's unit, as the sentence says both.
		lvValue, lvUnit := lv.f.Value, lv.f.Unit
		if corpus.IsMoney(unit) && corpus.IsMoney(lvUnit) && unit != lvUnit {
			lvValue, lvUnit = inUnit(lvValue, lvUnit, unit), unit
		}
		text = fmt.Sprintf("%d年%s%s为%s，比上年%s%s", d.Year, d.Department, f.Subject, fmtAmount(lvValue, lvUnit), verb, fmtAmount(value.Abs(), unit))
	}
	if value.IsZero() {
		text = fmt.Sprintf("%d年%s%s与上年持平（增减为0）", d.Year, d.Department, f.Subject)
	}
	if f.Reason != "" {
		text += "，主要原因是" + f.Reason
	}
	text += "。"
	ev.r.Answered = true
	ev.r.Answer = AnswerBody{Text: text, Value: NewFigure(signed(value, ev.q.Down)), Unit: unit}
	ev.r.Interpretation = interp(d.Year, d.Department, f.Subject, "比上年增减")
	ev.r.Sources = append(ev.r.Sources, ev.source(d, f))
}

// derivedChange answers a change computed from the level and a prior figure.
func (ev *eval) derivedChange(d *corpus.Document, lv hit, prior decimal.Decimal, priorName string, facts []*corpus.Fact) {
	cur := lv.f.Value
	diff := cur.Sub(prior)
	unit := lv.f.Unit
	var value decimal.Decimal
	var arith string
	if ev.q.Pct {
		if prior.IsZero() {
			ev.decline("上年数为零，无法计算增长率。")
			return
		}
		value = diff.Mul(hundred).DivRound(prior, 2)
		arith = fmt.Sprintf("(%s − %s) ÷ %s × 100%% = %s%%", corpus.FormatNumber(cur), corpus.FormatNumber(prior), corpus.FormatNumber(prior), value)
		unit = "%"
	} else {
		value = diff
		arith = fmt.Sprintf("%s − %s = %s", corpus.FormatNumber(cur), corpus.FormatNumber(prior.Round(2)), corpus.FormatNumber(diff.Round(2)))
		value = value.Round(2)
	}
	verb := changeVerb(value, unit)
	ev.r.Answered = true
	ev.r.Answer = AnswerBody{Text: fmt.Sprintf("%d年%s%s为%s，比上年%s%s（由%s计算）。", d.Year, d.Department, displayName(d, lv.f), fmtAmount(cur, lv.f.Unit), verb, fmtAmount(value.Abs(), unit), priorName), Value: NewFigure(signed(value, ev.q.Down)), Unit: unit}
	ev.r.Arithmetic = arith
	ev.r.Interpretation = interp(d.Year, d.Department, displayName(d, lv.f), "比上年增减")
	for _, f := range facts {
		ev.r.Sources = append(ev.r.Sources, ev.source(d, f))
	}
}

// statedPrior finds last year's figure stated for an item.
func (ev *eval) statedPrior(d *corpus.Document, item string) (hit, bool) {
	hs := ev.find(d, item, "", corpus.FactPrior)
	for _, h := range hs {
		if h.f.Year == d.Year-1 && corpus.IsMoney(h.f.Unit) {
			return h, true
		}
	}
	return hit{}, false
}

// priorResult is a previous-year figure found in a document.
type priorResult struct {
	name  string // the item as the document names it
	value decimal.Decimal
	unit  string
}

// priorFrom finds what document d says of an item's previous-year figure.
func (ev *eval) priorFrom(d *corpus.Document, item string) (priorResult, bool) {
	if h, ok := ev.statedPrior(d, item); ok {
		return priorResult{h.f.Subject, h.f.Value, h.f.Unit}, true
	}
	lv, ok := ev.level(d, item, "")
	if !ok {
		return priorResult{}, false
	}
	if ch, ok := ev.statedChange(d, lv.f.Subject, corpus.FactChange, lv, true); ok {
		if c, ok := inUnitOf(ch.f, lv.f); ok {
			return priorResult{lv.f.Subject, lv.f.Value.Sub(c), lv.f.Unit}, true
		}
	}
	return priorResult{}, false
}

// inUnitOf returns change's figure in the unit of level: a change stated
// in the text (万元) of a figure read from a table in 元.
func inUnitOf(change, level *corpus.Fact) (decimal.Decimal, bool) {
	if change.Unit == level.Unit {
		return change.Value, true
	}
	return corpus.Convert(change.Value, change.Unit, level.Unit)
}

// prior answers the figure of an item in a year before the document's:
// stated (a 上年 column, "2022年预算数…"), or derived from a stated change.
func (ev *eval) prior(y int) {
	q, d := ev.q, ev.doc
	if y == d.Year-1 {
		if h, ok := ev.statedPrior(d, q.Item()); ok && h.score >= 80 {
			ev.answerFact(d, h, h.f.Measure)
			ev.r.Intent = IntentPrior.String()
			return
		}
	}
	lv, ok := ev.level(d, q.Item(), q.Measure)
	if !ok || y != d.Year-1 {
		ev.decline(fmt.Sprintf("抱歉，现有文件中没有%d年“%s”的数字。", y, displayItem(q.Item())))
		return
	}
	ch, ok := ev.statedChange(d, lv.f.Subject, corpus.FactChange, lv, true)
	if genericTotal(q.Item()) {
		ch, ok = ev.totalStated(d, lv, corpus.FactChange)
	}
	var change decimal.Decimal
	if ok {
		change, ok = inUnitOf(ch.f, lv.f)
	}
	if ok {
		prior := lv.f.Value.Sub(change)
		ev.r.Answered = true
		ev.r.Answer = AnswerBody{
			Text:  fmt.Sprintf("%d年%s%s为%s（由%d年文件所列%d年数%s和比上年增减%s推算）。", y, d.Department, lv.f.Subject, fmtAmount(prior, lv.f.Unit), d.Year, d.Year, fmtAmount(lv.f.Value, lv.f.Unit), fmtAmount(ch.f.Value, ch.f.Unit)),
			Value: NewFigure(prior), Unit: lv.f.Unit,
		}
		ev.r.Arithmetic = fmt.Sprintf("%s − %s = %s", corpus.FormatNumber(lv.f.Value), corpus.FormatNumber(change), corpus.FormatNumber(prior))
		ev.r.Interpretation = interp(y, d.Department, lv.f.Subject, "上年数（推算）")
		ev.r.Intent = IntentPrior.String()
		ev.r.Sources = append(ev.r.Sources, ev.source(d, lv.f), ev.source(d, ch.f))
		return
	}
	ev.decline(fmt.Sprintf("抱歉，%d年文件没有给出%d年“%s”的数字或增减额。", d.Year, y, displayItem(q.Item())))
}

// changeVerb words a change: 增加/减少 an amount, 增长/下降 a rate.
func changeVerb(v decimal.Decimal, unit string) string {
	switch {
	case unit == "%" && v.Sign() < 0:
		return "下降"
	case unit == "%":
		return "增长"
	case v.Sign() < 0:
		return "减少"
	}
	return "增加"
}

// signed gives a change as the question asks it: "减少了多少" is answered
// with the size of the fall, a positive number.
func signed(v decimal.Decimal, down bool) decimal.Decimal {
	if down {
		return v.Neg()
	}
	return v
}
