package nlq

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/shopspring/decimal"
)

// This file ranks by the change on the previous year ("哪项支出增长最快",
// "哪个项目比上年减少最多"): each candidate's change is what its own row
// or sentence states, or its figure less the previous year's (the same row's
// 上年 column, or the row of last year's document); candidates whose
// change is not known, or whose stated change contradicts their figure, are
// left out and named.

// move is one candidate's change on the previous year.
type move struct {
	c      candidate
	prior  decimal.Decimal // in the candidate's unit
	change decimal.Decimal // in the candidate's unit
	pct    decimal.Decimal // change in %, when the prior is not zero
	hasPct bool            // false when the prior is zero
	srcs   []SourceRef
}

// rankByChange answers the candidate whose change on the previous year is
// largest (or smallest), as an amount or, when asked (增长最快, 增幅), in %.
func (ev *eval) rankByChange() {
	q := ev.q
	cands, what := ev.rankCandidates()
	if len(cands) == 0 {
		ev.declineNoCandidates()
		return
	}
	var moves []move
	var unknown, contradicted []string
	years := q.Among == AmongYears || len(q.Years) > 0
	if years {
		moves = ev.yearMoves(cands)
	}
	for _, c := range cands {
		if years {
			break
		}
		m, ok, sane := ev.moveOf(c)
		switch {
		case !ok:
			unknown = append(unknown, c.name)
		case !sane:
			contradicted = append(contradicted, c.name)
		case q.Pct && !m.hasPct:
			unknown = append(unknown, c.name)
		default:
			moves = append(moves, m)
		}
	}
	if len(moves) < 2 && !(years && len(moves) == 1) {
		ev.decline(fmt.Sprintf("抱歉，%d年%s的文件没有给出%s与上年相比的变化，无法比较增减。", ev.doc.Year, ev.doc.Department, what))
		return
	}
	unit := moves[0].c.unit()
	key := func(m move) decimal.Decimal {
		v := m.change
		if q.Pct {
			v = m.pct
		} else {
			v, _ = corpus.Convert(v, m.c.unit(), unit)
		}
		if q.Down {
			v = v.Neg()
		}
		return v
	}
	sort.SliceStable(moves, func(i, j int) bool {
		if q.Order == OrderMin {
			return key(moves[i]).LessThan(key(moves[j]))
		}
		return key(moves[i]).GreaterThan(key(moves[j]))
	})
	word := changeRankWord(q)
	// 增加最多 looks among what grew, 减少最多 among what fell.
	if q.Order == OrderMax {
		moves = slices.DeleteFunc(moves, func(m move) bool {
			return q.Down && !m.change.IsNegative() || !q.Down && !m.change.IsPositive()
		})
		if len(moves) == 0 {
			verb := "增加"
			if q.Down {
				verb = "减少"
			}
			ev.r.Answered = true
			ev.r.Answer = AnswerBody{Text: fmt.Sprintf("%d年%s%s中没有比上年%s的。", ev.doc.Year, ev.doc.Department, what, verb)}
			ev.r.Interpretation = interp(ev.doc.Year, ev.doc.Department, what, word)
			return
		}
	}
	top := moves[0]
	valueUnit := unit
	if q.Pct {
		valueUnit = "%"
	}
	n := q.N
	if n <= 0 || n > len(moves) {
		n = len(moves)
	}
	var items []Item
	for _, m := range moves[:n] {
		v := m.change
		if q.Pct {
			v = m.pct
		} else {
			v, _ = corpus.Convert(v, m.c.unit(), unit)
		}
		// A ranking of falls gives their sizes, as a change asked with 减少 does.
		items = append(items, Item{Name: m.c.name, Value: NewFigure(signed(v, q.Down)), Unit: valueUnit})
	}
	d := top.c.d
	text := fmt.Sprintf("%d年%s%s中，%s的是%s：%s，上年%s，%s%s", d.Year, d.Department, what, word, top.c.name,
		fmtAmount(top.c.value(), top.c.unit()), fmtAmount(top.prior, top.c.unit()), changeVerb(top.change, top.c.unit()), fmtAmount(top.change.Abs(), top.c.unit()))
	if top.hasPct {
		text += fmt.Sprintf("（%s%s%%）", pctVerb(top.pct), top.pct.Abs())
	}
	text += "。"
	value := items[0].Value
	ev.r.Answered = true
	ev.r.Answer = AnswerBody{Text: text, Value: value, Unit: valueUnit, Items: items}
	ev.r.Arithmetic = fmt.Sprintf("%s − %s = %s", corpus.FormatNumber(top.c.value()), corpus.FormatNumber(top.prior), corpus.FormatNumber(top.change))
	if top.hasPct {
		ev.r.Arithmetic += fmt.Sprintf("；%s ÷ %s × 100%% = %s%%", corpus.FormatNumber(top.change), corpus.FormatNumber(top.prior), top.pct)
	}
	ev.r.Interpretation = interp(d.Year, d.Department, what, word)
	ev.r.Sources = append(ev.r.Sources, top.srcs...)
	if len(unknown) > 0 {
		ev.r.Notes = append(ev.r.Notes, fmt.Sprintf("以下各项文件未给出上年数，未参与比较：%s", strings.Join(unknown, "、")))
	}
	if len(contradicted) > 0 {
		ev.r.Notes = append(ev.r.Notes, fmt.Sprintf("以下各项所述增减与其金额矛盾（上年数将为负），未参与比较：%s", strings.Join(contradicted, "、")))
	}
	ev.r.figures = append(ev.r.figures, figure{value: value.Decimal, unit: valueUnit, year: d.Year, dept: ev.e.entityOf(d), item: top.c.name, src: top.srcs[0]})
}

// yearMoves is the change of each year's figure on the year before, for
// the years that follow one in cands.
func (ev *eval) yearMoves(cands []candidate) []move {
	sort.Slice(cands, func(i, j int) bool { return cands[i].d.Year < cands[j].d.Year })
	var out []move
	for i := 1; i < len(cands); i++ {
		prev, c := cands[i-1], cands[i]
		if c.d.Year != prev.d.Year+1 {
			continue
		}
		p, _ := corpus.Convert(prev.value(), prev.unit(), c.unit())
		m := move{c: c, prior: p, change: c.value().Sub(p), srcs: append(ev.sources(c), ev.sources(prev)...)}
		if !p.IsZero() {
			m.pct, m.hasPct = m.change.Mul(hundred).DivRound(p, 2), true
		}
		out = append(out, m)
	}
	return out
}

// changeRankWord says what the ranking looks for: 增加最多, 增长最快, 减少最多….
func changeRankWord(q Query) string {
	verb, most := "增加", "最多"
	if q.Pct {
		verb, most = "增长", "最快"
	}
	if q.Down {
		verb = "减少"
		if q.Pct {
			verb, most = "下降", "最多"
		}
	}
	if q.Order == OrderMin {
		most = "最少"
		if q.Pct {
			most = "最慢"
		}
	}
	return "比上年" + verb + most
}

// pctVerb is the word of a rate of change: 增长 or 下降.
func pctVerb(v decimal.Decimal) string {
	if v.IsNegative() {
		return "下降"
	}
	return "增长"
}

// moveOf finds c's change on the previous year: stated in the same table
// row or sentence, or derived from the row's 上年 column or from last
// year's document. sane is false when a stated change would make the
// previous year's figure negative: the document contradicts itself.
func (ev *eval) moveOf(c candidate) (m move, ok, sane bool) {
	m = move{c: c}
	cur := c.f.Value
	var change, prior *corpus.Fact
	for _, f := range relatedFacts(c) {
		switch {
		case f.Kind == corpus.FactChange && change == nil && corpus.IsMoney(f.Unit):
			change = f
		case f.Kind == corpus.FactPrior && prior == nil && f.Year == c.d.Year-1 && corpus.IsMoney(f.Unit):
			prior = f
		}
	}
	src := ev.source(c.d, c.f)
	switch {
	case prior != nil:
		p, _ := corpus.Convert(prior.Value, prior.Unit, c.f.Unit)
		m.prior, m.change = p, cur.Sub(p)
		m.srcs = []SourceRef{src, ev.source(c.d, prior)}
	case change != nil:
		ch, _ := corpus.Convert(change.Value, change.Unit, c.f.Unit)
		m.change, m.prior = ch, cur.Sub(ch)
		m.srcs = []SourceRef{src}
		if change.Source.Line != c.f.Source.Line {
			m.srcs = append(m.srcs, ev.source(c.d, change))
		}
	default:
		pd := ev.docFor(c.d.Year - 1)
		if pd == nil {
			return m, false, false
		}
		ph, ok := ev.level(pd, c.name, c.f.Measure)
		if !ok || ph.score < 90 || c.f.Code != "" && ph.f.Code != "" && ph.f.Code != c.f.Code {
			return m, false, false
		}
		p, _ := corpus.Convert(ph.f.Value, ph.f.Unit, c.f.Unit)
		m.prior, m.change = p, cur.Sub(p)
		m.srcs = []SourceRef{src, ev.source(pd, ph.f)}
	}
	if m.prior.IsNegative() {
		return m, true, false
	}
	if !m.prior.IsZero() {
		m.pct, m.hasPct = m.change.Mul(hundred).DivRound(m.prior, 2), true
	}
	return m, true, true
}

// relatedFacts returns the facts stated with c's figure: the other cells
// of its table row, and the other figures of the sentences about the same
// subject, found by the sentence of c's own figure or, for a table row, by
// its 科目编码 ("行政运行（01项）1672.67万元。…2025年当年预算执行数为1690.69万元").
func relatedFacts(c candidate) []*corpus.Fact {
	type place struct {
		line    int
		subject string
	}
	sentences := map[place]bool{}
	if !c.f.Source.FromTable() {
		sentences[place{c.f.Source.Line, c.f.Subject}] = true
	} else if c.f.Code != "" {
		for i := range c.d.Facts {
			if f := &c.d.Facts[i]; !f.Source.FromTable() && f.Code == c.f.Code {
				sentences[place{f.Source.Line, f.Subject}] = true
			}
		}
	}
	var out []*corpus.Fact
	for i := range c.d.Facts {
		f := &c.d.Facts[i]
		switch {
		case f == c.f:
		case f.Source.FromTable():
			if c.f.Source.FromTable() && f.Source.TableIdx == c.f.Source.TableIdx && f.Source.RowIdx == c.f.Source.RowIdx &&
				(f.Measure == c.f.Measure || f.Measure == "") {
				out = append(out, f)
			}
		case sentences[place{f.Source.Line, f.Subject}]:
			out = append(out, f)
		}
	}
	return out
}
