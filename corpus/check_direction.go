package corpus

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"
)

// This file holds the rules about the words that compare two figures:
// 增加/减少, 增长/下降 and 持平 against this year's and last year's figures,
// 大于/小于/等于 against a 决算 and its 预算, the stated change against the
// difference, and the stated completion rate against the quotient.

// sentence is one sentence of the text, with the paragraph it is in.
type sentence struct {
	text       string
	para       int // index in Document.Paragraphs
	file       string
	line, page int
}

// sentences splits the text's paragraphs into sentences (at 。；！？).
func (c *checker) sentences() []sentence {
	var out []sentence
	for pi, p := range c.doc.Paragraphs {
		if isGlossary(p.Section) {
			continue
		}
		for _, s := range splitMarked(p.Text) {
			out = append(out, sentence{text: s, para: pi, file: p.File, line: p.Line, page: p.Page})
		}
	}
	return out
}

// splitMarked splits text after each 。；;！？, keeping the mark.
func splitMarked(text string) []string {
	var out []string
	start := 0
	for i, r := range text {
		if r == '。' || r == '；' || r == ';' || r == '！' || r == '？' {
			end := i + len(string(r))
			if s := strings.TrimSpace(text[start:end]); s != "" {
				out = append(out, s)
			}
			start = end
		}
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

func (c *checker) place(s sentence) Source {
	src := c.textPlace(s.line, s.page, s.text)
	if s.file != "" {
		src.File = s.file
	}
	return src
}

const numPat = `(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)`

var (
	budgetFigRE = regexp.MustCompile(`(?:年初预算数?|调整预算数?|全年预算数?|预算数|预算安排)(?:为|是|共)?` + numPat + `(万元|亿元|千元|元)`)
	finalFigRE  = regexp.MustCompile(`(?:决算数?|实际支出)(?:为|是|共)?` + numPat + `(万元|亿元|千元|元)`)
	// versusRE is a 决算 compared with its 预算 in words.
	versusRE = regexp.MustCompile(`决算数?(?:明显|略|均)?(大于|高于|超过|多于|小于|低于|少于|等于)(?:年初|调整)?预算数?|决算数?与(?:年初|调整)?预算数?(?:基本)?(持平|相等|一致|相同)`)
	// completionRE is a stated completion rate.
	completionRE = regexp.MustCompile(`(?:完成(?:了)?(?:年初|调整|全年)?预算(?:数)?的|(?:预算)?(?:完成率|执行率)(?:为|达到?|是)?|为(?:年初|调整|全年)?预算(?:数)?的)` + numPat + `%`)
)

// figureIn returns the last figure re matches in s, in 万元 when unit is
// given so.
func figureIn(re *regexp.Regexp, s string) (v decimal.Decimal, unit string, places int32, ok bool) {
	ms := re.FindAllStringSubmatch(s, -1)
	if len(ms) == 0 {
		return
	}
	m := ms[len(ms)-1]
	v, ok = ParseNumber(m[1])
	return v, m[2], Places(m[1]), ok
}

// budgetAndFinal finds the 预算 and 决算 figures a comparison speaks of: in
// its own sentence, or else in one of the two before it.
func budgetAndFinal(ss []sentence, i int) (b, f decimal.Decimal, unit string, band decimal.Decimal, at int, ok bool) {
	for j := i; j >= 0 && j >= i-2 && ss[j].para >= ss[i].para-1; j-- {
		bv, bu, bp, ok1 := figureIn(budgetFigRE, ss[j].text)
		fv, fu, fp, ok2 := figureIn(finalFigRE, ss[j].text)
		if ok1 && ok2 {
			fv, _ = Convert(fv, fu, bu)
			return bv, fv, bu, HalfUnit(bp).Add(HalfUnit(fp)), j, true
		}
		if ok1 || ok2 {
			return
		}
	}
	return
}

// directions checks the words comparing a 决算 with its 预算 (决算数小于预算数)
// and this year with last year (增加, 减少, 持平) against the figures.
func (c *checker) directions() {
	ss := c.sentences()
	for i, s := range ss {
		m := versusRE.FindStringSubmatch(s.text)
		if m == nil {
			continue
		}
		b, f, unit, band, at, ok := budgetAndFinal(ss, i)
		if !ok {
			continue
		}
		word := m[1] + m[2]
		var holds bool
		switch word {
		case "大于", "高于", "超过", "多于":
			holds = f.GreaterThan(b)
		case "小于", "低于", "少于":
			holds = f.LessThan(b)
		case "等于", "持平", "相等", "一致", "相同":
			holds = f.Equal(b) || strings.Contains(m[0], "基本") && f.Sub(b).Abs().LessThanOrEqual(b.Abs().Div(decimal.NewFromInt(20)))
		}
		if holds {
			continue
		}
		places := []Source{c.place(s)}
		if at != i {
			places = append(places, c.place(ss[at]))
		}
		c.add(Finding{Severity: SevError, Message: fmt.Sprintf("文字写“%s”，但所列决算数 %s %s预算数 %s", m[0], fmtAmount(f, unit), compareWord(f, b), fmtAmount(b, unit)),
			Figures: &Figures{Stated: f, Expected: b, Unit: unit, Band: band}, Arithmetic: fmt.Sprintf("%s %s %s", FormatNumber(f), compareSign(f, b), FormatNumber(b)), Places: places})
	}
	c.yearDirections()
}

func compareWord(a, b decimal.Decimal) string {
	switch a.Cmp(b) {
	case 1:
		return "大于"
	case -1:
		return "小于"
	}
	return "等于"
}

func compareSign(a, b decimal.Decimal) string {
	switch a.Cmp(b) {
	case 1:
		return ">"
	case -1:
		return "<"
	}
	return "="
}

// yearDirections checks 增加/减少 and 持平 on last year where the text
// states both years' figures: the word must go the way the figures go. A
// rate or change whose size is wrong too is text.growth's or
// text.change's to report.
func (c *checker) yearDirections() {
	for _, g := range c.groups() {
		if g.level == nil || g.prior == nil || !IsMoney(g.prior.Unit) {
			continue
		}
		prior, _ := Convert(g.prior.Value, g.prior.Unit, g.level.Unit)
		diff := g.level.Value.Sub(prior)
		band := HalfUnit(g.level.Places).Add(HalfUnit(g.prior.Places))
		sent := g.level.Source.Sentence
		var word string
		var stated *Fact
		for _, f := range []*Fact{g.change, g.pct} {
			if f != nil {
				stated = f
				break
			}
		}
		switch {
		case stated != nil && stated.Value.Sign() != 0 && diff.Sign() != 0 && stated.Value.Sign() != diff.Sign():
			if !sameSize(stated, diff, prior, band) {
				continue
			}
			word = "增加"
			if stated.Value.Sign() < 0 {
				word = "减少"
			}
		case stated == nil && strings.Contains(sent, "持平") && !strings.Contains(sent, "基本持平") && diff.Abs().GreaterThan(band):
			word = "持平"
		default:
			continue
		}
		places := []Source{g.level.Source}
		if stated != nil {
			places = []Source{stated.Source}
		}
		c.add(Finding{Severity: SevError, Message: fmt.Sprintf("「%s」写作“%s”，但所列本年数 %s %s上年数 %s", c.subjectOf(g.level), word,
			fmtAmount(g.level.Value, g.level.Unit), compareWord(g.level.Value, prior), fmtAmount(prior, g.level.Unit)),
			Figures:    &Figures{Stated: g.level.Value, Expected: prior, Unit: g.level.Unit, Band: band},
			Arithmetic: fmt.Sprintf("%s − %s = %s", FormatNumber(g.level.Value), FormatNumber(prior), FormatNumber(diff)), Places: places})
	}
}

// sameSize reports whether a stated change or rate has the size the figures
// give, whatever its sign: the word, not the figure, is wrong.
func sameSize(stated *Fact, diff, prior, band decimal.Decimal) bool {
	if stated.Kind == FactChange {
		return stated.Value.Abs().Sub(diff.Abs()).Abs().LessThanOrEqual(band.Add(HalfUnit(stated.Places)))
	}
	if prior.IsZero() {
		return false
	}
	pct := diff.Abs().Mul(hundred).DivRound(prior, 2)
	return stated.Value.Abs().Sub(pct).Abs().LessThanOrEqual(HalfUnit(stated.Places).Add(decimal.New(1, -2)))
}

// changes checks a stated change on last year ("比上年增加5万元") against
// this year's figure less last year's, where the text states both; where
// it states no last year, the change must leave last year's figure not
// below zero ("0万元，比上年增加1421.25万元" cannot be).
func (c *checker) changes() {
	for _, g := range c.groups() {
		if g.level != nil && g.prior == nil && g.pct == nil && g.change != nil && IsMoney(g.change.Unit) && IsMoney(g.level.Unit) {
			change, _ := Convert(g.change.Value, g.change.Unit, g.level.Unit)
			prior := g.level.Value.Sub(change)
			band := HalfUnit(g.level.Places).Add(HalfUnit(g.change.Places))
			if prior.Add(band).Sign() < 0 {
				c.add(Finding{Severity: c.rule.Severity, Message: fmt.Sprintf("「%s」本年为 %s，写明比上年%s %s，则上年数为 %s，不可能为负", c.subjectOf(g.level),
					fmtAmount(g.level.Value, g.level.Unit), changeWord(change), fmtAmount(change.Abs(), g.level.Unit), fmtAmount(prior, g.level.Unit)),
					Figures:    &Figures{Stated: prior, Expected: decimal.Zero, Unit: g.level.Unit, Band: band},
					Arithmetic: fmt.Sprintf("%s − %s = %s", FormatNumber(g.level.Value), FormatNumber(change), FormatNumber(prior)), Places: []Source{g.change.Source}})
			}
			continue
		}
		if g.level == nil || g.prior == nil || g.change == nil || !IsMoney(g.prior.Unit) || !IsMoney(g.change.Unit) {
			continue
		}
		prior, _ := Convert(g.prior.Value, g.prior.Unit, g.level.Unit)
		change, _ := Convert(g.change.Value, g.change.Unit, g.level.Unit)
		diff := g.level.Value.Sub(prior)
		if change.Abs().Equal(diff.Abs()) && change.Sign() != diff.Sign() {
			continue // the word is wrong, not the figure: text.direction
		}
		band := HalfUnit(g.level.Places).Add(HalfUnit(g.prior.Places)).Add(HalfUnit(g.change.Places))
		c.compare(Figures{Stated: change, Expected: diff, Unit: g.level.Unit, Band: band},
			fmt.Sprintf("%s − %s = %s", FormatNumber(g.level.Value), FormatNumber(prior), FormatNumber(diff)),
			fmt.Sprintf("「%s」写明比上年%s %s，但本年数 %s 减上年数 %s 为 %s", c.subjectOf(g.level), changeWord(change), fmtAmount(change.Abs(), g.level.Unit),
				fmtAmount(g.level.Value, g.level.Unit), fmtAmount(prior, g.level.Unit), fmtAmount(diff, g.level.Unit)), g.change.Source)
	}
}

func changeWord(v decimal.Decimal) string {
	if v.Sign() < 0 {
		return "减少"
	}
	return "增加"
}

// completions checks a stated completion rate ("完成年初预算的98.20%")
// against the 决算 and 预算 figures stated in the same sentence.
func (c *checker) completions() {
	for _, s := range c.sentences() {
		m := completionRE.FindStringSubmatchIndex(s.text)
		if m == nil {
			continue
		}
		before := s.text[:m[0]]
		b, bu, bp, ok1 := figureIn(budgetFigRE, before)
		f, fu, fp, ok2 := figureIn(finalFigRE, before)
		if !ok1 || !ok2 || b.IsZero() {
			continue
		}
		raw := s.text[m[2]:m[3]]
		stated, _ := ParseNumber(raw)
		f, _ = Convert(f, fu, bu)
		got := f.Mul(hundred).DivRound(b, places(Places(raw)))
		// The rate from the extremes of the printed figures.
		hb, hf := HalfUnit(bp), HalfUnit(fp)
		if b.LessThanOrEqual(hb) {
			continue
		}
		hi := f.Add(hf).Mul(hundred).DivRound(b.Sub(hb), 4)
		lo := f.Sub(hf).Mul(hundred).DivRound(b.Add(hb), 4)
		band := decimal.Max(hi.Sub(got).Abs(), got.Sub(lo).Abs()).Add(HalfUnit(Places(raw))).Round(4)
		c.compare(Figures{Stated: stated, Expected: got, Unit: "%", Band: band},
			fmt.Sprintf("%s ÷ %s × 100%% = %s", FormatNumber(f), FormatNumber(b), fmtPct(got)),
			fmt.Sprintf("文字写完成预算的 %s%%，但决算数 %s ÷ 预算数 %s 为 %s", raw, fmtAmount(f, bu), fmtAmount(b, bu), fmtPct(got)), c.place(s))
	}
}
