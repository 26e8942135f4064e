package corpus

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"
)

// This file holds the rules about rates the text states (growth on last
// year, shares of a total) and about explanations copied from one item to
// another; check_parts.go and check_vs_table.go hold the other rules about
// the text's figures.

// stated groups the facts stated for one subject in one sentence.
type stated struct {
	level, change, pct, prior *Fact
}

// groups returns the level, change, growth and prior-year figures the text
// states together: consecutive facts of one subject in one sentence.
func (c *checker) groups() []stated {
	var out []stated
	var g *stated
	var key string
	for i := range c.doc.Facts {
		f := &c.doc.Facts[i]
		if f.Source.FromTable() {
			continue
		}
		k := itoa(f.Source.Line) + "\x00" + f.Subject
		if g == nil || k != key || f.Kind == FactAmount && g.level != nil && !g.level.Value.Equal(f.Value) {
			var prior *Fact
			if g != nil && k == key {
				prior = g.prior // "执行数为…，预算安排…，比执行数增加…"
			}
			out = append(out, stated{prior: prior})
			g, key = &out[len(out)-1], k
		}
		switch f.Kind {
		case FactAmount:
			if IsMoney(f.Unit) {
				g.level = f
			}
		case FactChange:
			if g.change == nil {
				g.change = f
			}
		case FactChangePct:
			if g.pct == nil {
				g.pct = f
			}
		case FactPrior:
			if g.prior == nil && IsMoney(f.Unit) {
				g.prior = f
			}
		}
	}
	return out
}

// growth checks stated growth rates against the stated amounts: the rate
// computed from the extremes the printed figures allow must reach the
// stated rate within half a unit of its last digit.
func (c *checker) growth() {
	for _, g := range c.groups() {
		if g.pct == nil || g.level == nil {
			continue
		}
		// The base: a stated prior-year figure, else level − change.
		var base decimal.Decimal
		var how string
		var baseTol decimal.Decimal
		switch {
		case g.prior != nil:
			base, how = g.prior.Value, "上年数 "+fmtAmount(g.prior.Value, g.prior.Unit)
			baseTol = HalfUnit(g.prior.Places)
		case g.change != nil:
			base = g.level.Value.Sub(g.change.Value)
			how = fmt.Sprintf("%s − %s = %s", fmtAmount(g.level.Value, g.level.Unit), fmtAmount(g.change.Value, g.change.Unit), fmtAmount(base, g.level.Unit))
			baseTol = HalfUnit(g.level.Places).Add(HalfUnit(g.change.Places))
		default:
			continue
		}
		diff := g.level.Value.Sub(base)
		if base.Sign() < 0 {
			if !diff.IsZero() {
				c.add(Finding{Severity: SevError, Message: fmt.Sprintf("「%s」%s %s，但上年数为 %s，不可能算出增长率", c.subjectOf(g.level), verbOf(g.pct.Value), fmtPct(g.pct.Value.Abs()), how),
					Figures: &Figures{Stated: g.pct.Value, Expected: decimal.Zero, Unit: "%"}, Arithmetic: how, Places: []Source{g.pct.Source}})
			}
			continue
		}
		if base.LessThanOrEqual(baseTol) {
			continue // from nothing: documents write 100%, which no rule fixes
		}
		got := diff.Mul(hundred).DivRound(base, 2)
		// Rounding: the rate computed from the extremes of the printed figures.
		tol := HalfUnit(g.pct.Places)
		lo := diff.Sub(HalfUnit(g.level.Places)).Sub(baseTol).Mul(hundred).DivRound(base.Add(baseTol), 4)
		hi := diff.Add(HalfUnit(g.level.Places)).Add(baseTol).Mul(hundred).DivRound(base.Sub(baseTol), 4)
		arith := fmt.Sprintf("(%s − %s) ÷ %s × 100%% = %s", FormatNumber(g.level.Value), FormatNumber(base), FormatNumber(base), fmtPct(got))
		band := decimal.Max(hi.Sub(got).Abs(), got.Sub(lo).Abs()).Add(tol).Round(4)
		if g.pct.Value.GreaterThanOrEqual(lo.Sub(tol)) && g.pct.Value.LessThanOrEqual(hi.Add(tol)) {
			if !got.Equal(g.pct.Value) && got.Sub(g.pct.Value).Abs().GreaterThan(tol) {
				c.add(Finding{Severity: SevRounding, Message: fmt.Sprintf("「%s」增长率写作 %s，按所列金额为 %s（%s），差异在尾数范围内", c.subjectOf(g.level), fmtPct(g.pct.Value), fmtPct(got), how),
					Figures: &Figures{Stated: g.pct.Value, Expected: got, Unit: "%", Band: band}, Arithmetic: arith, Places: []Source{g.pct.Source}})
			}
			continue
		}
		if g.pct.Value.Sign()*got.Sign() < 0 && g.pct.Value.Abs().Sub(got.Abs()).Abs().LessThanOrEqual(band) {
			continue // the word is wrong, not the rate: text.direction
		}
		msg := fmt.Sprintf("「%s」写明%s %s，但按所列金额计算为 %s（%s）", c.subjectOf(g.level), verbOf(g.pct.Value), fmtPct(g.pct.Value.Abs()), fmtPct(got), how)
		if g.change != nil && g.prior == nil {
			// What base the stated rate implies.
			if !g.pct.Value.IsZero() {
				implied := g.change.Value.Mul(hundred).DivRound(g.pct.Value, 2)
				msg += fmt.Sprintf("；所写增长率对应的上年数为 %s", fmtAmount(implied, g.change.Unit))
			}
		} else if g.prior != nil {
			implied := g.level.Value.Mul(hundred).DivRound(hundred.Add(g.pct.Value), 2)
			msg += fmt.Sprintf("；所写增长率对应的上年数应为 %s", fmtAmount(implied, g.level.Unit))
			if typo, ok := extraDigit(g.prior, implied); ok {
				msg += fmt.Sprintf("，所写上年数 %s 疑为 %s 多写了一位数字", fmtAmount(g.prior.Value, g.prior.Unit), fmtAmount(typo, g.prior.Unit))
			}
		}
		c.add(Finding{Severity: SevError, Message: msg, Figures: &Figures{Stated: g.pct.Value, Expected: got, Unit: "%", Band: band},
			Arithmetic: arith, Places: []Source{g.pct.Source}})
	}
}

func verbOf(pct decimal.Decimal) string {
	if pct.Sign() < 0 {
		return "下降"
	}
	return "增长"
}

func fmtPct(v decimal.Decimal) string { return v.String() + "%" }

// shares checks stated shares ("占56.17%") against the figures. Shares
// of one whole that are printed to add up to exactly 100% may carry the
// rounding of all of them in one (10.61% for 10.60%, so that the list
// adds up): that is rounding too.
func (c *checker) shares() {
	d := c.doc
	type share struct {
		f, part, whole *Fact
		got, tol       decimal.Decimal
	}
	var list []share
	sums := map[*Fact]decimal.Decimal{}
	counts := map[*Fact]int{}
	for i := range d.Facts {
		f := &d.Facts[i]
		if f.Kind != FactShare || f.Source.FromTable() || f.Measure == "完成率" {
			continue
		}
		part := c.textLevel(f.Subject, f.Source.Sentence)
		if part == nil {
			continue
		}
		whole := c.shareBase(f, part)
		if whole == nil || whole.Value.IsZero() || whole.Value.Sub(HalfUnit(whole.Places)).Sign() <= 0 {
			continue
		}
		got := part.Value.Mul(hundred).DivRound(whole.Value, places(f.Places))
		tol := HalfUnit(f.Places).Add(part.Value.Add(HalfUnit(part.Places)).Mul(hundred).DivRound(whole.Value.Sub(HalfUnit(whole.Places)), 4).Sub(part.Value.Mul(hundred).DivRound(whole.Value, 4)).Abs())
		list = append(list, share{f, part, whole, got, tol})
		sums[whole] = sums[whole].Add(f.Value)
		counts[whole]++
	}
	for _, s := range list {
		tol, note := s.tol, ""
		if n := counts[s.whole]; n > 1 && sums[s.whole].Equal(hundred) {
			// The list adds up to 100%: one item may absorb the others' rounding.
			tol = tol.Add(HalfUnit(s.f.Places).Mul(decimal.NewFromInt(int64(n - 1))))
			note = "（各项占比合计为100%，尾差调整）"
		}
		places := []Source{s.f.Source}
		if s.whole.Source.Sentence != s.f.Source.Sentence || s.whole.Source.FromTable() {
			places = append(places, s.whole.Source)
		}
		msg := fmt.Sprintf("「%s」%s 占「%s」%s 的比重写作 %s，按所列金额为 %s", subjectName(s.part), fmtAmount(s.part.Value, s.part.Unit),
			subjectName(s.whole), fmtAmount(s.whole.Value, s.whole.Unit), fmtPct(s.f.Value), fmtPct(s.got))
		if !s.f.Value.IsZero() && s.got.Sub(s.f.Value).Abs().GreaterThan(tol) {
			implied := s.part.Value.Mul(hundred).DivRound(s.f.Value, 2)
			msg += fmt.Sprintf("；所写比重对应的基数约为 %s", fmtAmount(implied, s.part.Unit))
		}
		c.compare(Figures{Stated: s.f.Value, Expected: s.got, Unit: "%", Band: tol.Round(4)},
			fmt.Sprintf("%s ÷ %s × 100%% = %s", FormatNumber(s.part.Value), FormatNumber(s.whole.Value), fmtPct(s.got)), msg+note, places...)
	}
}

// subjectName is a fact's subject for a message, 该项 when it names
// nothing.
func subjectName(f *Fact) string {
	if strings.Trim(f.Subject, "“”\"'‘’「」 ") == "" {
		return "该项"
	}
	return f.Subject
}

// itemRE is the 项 an item of the text is about: …住房改革支出（款）住房公积金（项）.
var itemRE = regexp.MustCompile(`([^（）()“”"、，。：:]{2,24})[（(]\d*项[）)]`)

// subjectOf names a fact's subject for a message: its subject, else the
// 项 its paragraph's heading names, else 该项.
func (c *checker) subjectOf(f *Fact) string {
	if s := subjectName(f); s != "该项" {
		return s
	}
	for _, p := range c.doc.Paragraphs {
		if p.Line == f.Source.Line {
			if m := itemRE.FindStringSubmatch(p.Text); m != nil {
				return m[1]
			}
			break
		}
	}
	return "该项"
}

// textLevel finds the level stated for subject in the same sentence.
func (c *checker) textLevel(subject, sentence string) *Fact {
	for i := range c.doc.Facts {
		f := &c.doc.Facts[i]
		if f.Kind == FactAmount && f.Subject == subject && f.Source.Sentence == sentence && IsMoney(f.Unit) {
			return f
		}
	}
	return nil
}

// shareBase finds what a share is a share of: the subject its wording
// names ("占“三公”经费的"), else the nearest total stated before it that
// introduces its parts ("本年支出合计2940.05万元，其中：…").
func (c *checker) shareBase(share, part *Fact) *Fact {
	d := c.doc
	name := strings.TrimSuffix(share.Measure, "的")
	var best *Fact
	for i := range d.Facts {
		f := &d.Facts[i]
		if f.Kind != FactAmount || !IsMoney(f.Unit) || f == part || f.Source.FromTable() && name == "" {
			continue
		}
		if !f.Source.FromTable() && f.Source.Line > part.Source.Line {
			continue
		}
		if f.Source.FromTable() && (best != nil || f.Measure != "" && !totalMeasureName(f.Measure)) {
			continue // a table's figure only when the text states none
		}
		if name != "" {
			named := strings.Contains(f.Subject, name)
			if f.Source.FromTable() {
				named = CompactName(f.Subject) == CompactName(name) // the column of that name, not a wider total
			}
			if named && f.Subject != part.Subject {
				best = f
			}
			continue
		}
		if part.Source.Line-f.Source.Line <= 4 && f.Value.GreaterThan(part.Value) && introducesParts(f) {
			best = f
		}
	}
	return best
}

// repeats finds a change copied from another item: two different items
// with the same non-zero change, rate and reason.
func (c *checker) repeats() {
	seen := map[string]*Fact{}
	for i := range c.doc.Facts {
		f := &c.doc.Facts[i]
		if f.Source.FromTable() || f.Kind != FactChange || f.Value.IsZero() || f.Reason == "" || !strings.HasSuffix(f.Subject, "项目") {
			continue
		}
		k := f.Value.String() + "|" + f.Unit + "|" + f.Reason
		if prev, ok := seen[k]; ok && prev.Subject != f.Subject {
			c.flag(fmt.Sprintf("「%s」的增减说明（%s，原因「%s」）与「%s」完全相同，疑为复制", f.Subject, fmtAmount(f.Value, f.Unit), clip(f.Reason, 30), prev.Subject),
				f.Source, prev.Source)
			continue
		}
		seen[k] = f
	}
}

func totalMeasureName(m string) bool {
	switch m {
	case "预算数", "决算数", "金额", "合计":
		return true
	}
	return false
}

// extraDigit reports whether dropping one digit of a printed figure gives
// the value the text's own arithmetic implies (43269.3 for 3269.3).
func extraDigit(f *Fact, implied decimal.Decimal) (decimal.Decimal, bool) {
	digits := f.Value.StringFixed(f.Places)
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			continue
		}
		v, ok := ParseNumber(digits[:i] + digits[i+1:])
		if !ok || v.IsZero() {
			continue
		}
		if v.Sub(implied).Abs().LessThanOrEqual(implied.Abs().Div(decimal.NewFromInt(2000))) {
			return v, true
		}
	}
	return decimal.Decimal{}, false
}

// places is the number of decimal places to compute a percentage to: as
// printed, at least two.
func places(p int32) int32 { return max(p, 2) }
