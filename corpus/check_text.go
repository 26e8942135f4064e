package corpus

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"
)

// This file holds the rules about what the text states: growth rates,
// shares, parts of totals, text figures against the tables, copied
// explanations.

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

// introducesParts reports whether a level is stated as a total followed by
// its parts.
func introducesParts(f *Fact) bool {
	s := f.Source.Sentence
	i := strings.Index(s, FormatNumber(f.Value))
	if j := strings.Index(s, f.Value.String()); i < 0 || j >= 0 && j < i {
		i = j
	}
	if i < 0 {
		return false
	}
	rest := s[i:]
	return strings.Contains(rest, "其中") || strings.Contains(rest, "包括") || strings.Contains(rest, "以下方面") || strings.HasSuffix(s, "万元")
}

// parts checks a total stated with its parts in one sentence ("本级预算
// 2,494 万元，包括人员支出 372 万元、公用支出 80 万元…"), the 基本支出
// the parts of which are named, and the parts of “三公”经费.
func (c *checker) parts() {
	order, bySentence := c.textSentences()
	for k, s := range order {
		fs := bySentence[s]
		if strings.HasPrefix(s, "其中") && k > 0 && len(fs) >= 2 {
			// "…资金598.46万元。其中：A 418.80万元，B 10.00万元…": the total
			// is the last figure of the sentence before.
			prev := bySentence[order[k-1]]
			if last := prev[len(prev)-1]; last.Source.Line == fs[0].Source.Line || fs[0].Source.Line-last.Source.Line <= 1 {
				fs = append([]*Fact{last}, fs...)
			} else {
				continue
			}
		} else if len(fs) < 3 || !strings.Contains(s, "包括") && !strings.Contains(s, "其中") {
			continue
		}
		total := fs[0]
		same := true
		for _, p := range fs[1:] {
			if p.Measure != total.Measure && p.Measure != "" && total.Measure != "" {
				same = false
			}
		}
		if !same || !introducesParts(total) && total.Source.Sentence == s {
			continue
		}
		var sum, tol decimal.Decimal
		var names []string
		tol = factTol(total)
		for _, p := range fs[1:] {
			sum = sum.Add(p.Value)
			tol = tol.Add(factTol(p))
			names = append(names, FormatNumber(p.Value))
		}
		if sum.LessThan(total.Value.Mul(decimal.NewFromInt(3))) {
			c.compare(Figures{Stated: total.Value, Expected: sum, Unit: total.Unit, Band: tol},
				strings.Join(names, " + ")+" = "+FormatNumber(sum),
				fmt.Sprintf("「%s」%s 的组成部分相加为 %s = %s，与所写总数不符", subjectName(total), fmtAmount(total.Value, total.Unit),
					strings.Join(names, " + "), fmtAmount(sum, total.Unit)), total.Source)
		}
	}
}

// textSentences returns the money levels the text states, by sentence, in
// the document's order.
func (c *checker) textSentences() ([]string, map[string][]*Fact) {
	d := c.doc
	bySentence := map[string][]*Fact{}
	var order []string
	for i := range d.Facts {
		f := &d.Facts[i]
		if f.Source.FromTable() || f.Kind != FactAmount || !IsMoney(f.Unit) {
			continue
		}
		if _, ok := bySentence[f.Source.Sentence]; !ok {
			order = append(order, f.Source.Sentence)
		}
		bySentence[f.Source.Sentence] = append(bySentence[f.Source.Sentence], f)
	}
	return order, bySentence
}

// basicPartsRule compares 人员 + 公用 (+ 对个人和家庭的补助) stated in one
// paragraph with the 基本支出 the paragraph states, or else the tables'.
func (c *checker) basicPartsRule() {
	d := c.doc
	byLine := map[int][]*Fact{}
	var lines []int
	for i := range d.Facts {
		f := &d.Facts[i]
		if f.Source.FromTable() || f.Kind != FactAmount || !IsMoney(f.Unit) || f.Year != d.Year && f.Year != 0 {
			continue
		}
		if _, ok := byLine[f.Source.Line]; !ok {
			lines = append(lines, f.Source.Line)
		}
		byLine[f.Source.Line] = append(byLine[f.Source.Line], f)
	}
	for _, l := range lines {
		if fs := byLine[l]; len(fs) >= 2 {
			c.basicParts(fs)
		}
	}
}

// basicParts compares the parts of 基本支出 among fs with their total.
func (c *checker) basicParts(fs []*Fact) {
	var parts []*Fact
	var total *Fact
	seen := map[string]bool{}
	for _, f := range fs {
		s := f.Subject
		for _, pre := range []string{"人员", "公用", "对个人和家庭"} {
			if strings.HasPrefix(s, pre) && !seen[pre] {
				seen[pre] = true
				parts = append(parts, f)
			}
		}
		if total == nil && strings.HasSuffix(s, "基本支出") && len(parts) == 0 {
			total = f
		}
	}
	if len(parts) < 2 {
		return
	}
	what := "文字所写基本支出"
	if total == nil {
		total, what = c.tableTotal("基本支出"), "表中基本支出"
	}
	if total == nil {
		return
	}
	var sum decimal.Decimal
	tol := factTol(total)
	var names []string
	for _, p := range parts {
		v, _ := Convert(p.Value, p.Unit, total.Unit)
		t, _ := Convert(factTol(p), p.Unit, total.Unit)
		sum, tol = sum.Add(v), tol.Add(t)
		names = append(names, p.Subject+" "+FormatNumber(p.Value))
	}
	c.compare(Figures{Stated: sum, Expected: total.Value, Unit: total.Unit, Band: tol}, strings.Join(names, " + ")+" = "+FormatNumber(sum),
		fmt.Sprintf("文字所列 %s 合计 %s，与%s %s 不符", strings.Join(names, "、"), fmtAmount(sum, total.Unit), what,
			fmtAmount(total.Value, total.Unit)), parts[0].Source, total.Source)
}

// tableTotal returns the first table figure of a total row in the column
// with the given meaning.
func (c *checker) tableTotal(measure string) *Fact {
	for i := range c.doc.Facts {
		f := &c.doc.Facts[i]
		if f.Source.FromTable() && f.Measure == measure && f.Code == "" && f.Kind == FactAmount {
			return f
		}
	}
	return nil
}

// sanGong checks that the parts of “三公”经费 stated in the text add up.
func (c *checker) sanGong() {
	var total *Fact
	parts := map[string]*Fact{}
	for i := range c.doc.Facts {
		f := &c.doc.Facts[i]
		if f.Source.FromTable() || f.Kind != FactAmount || !IsMoney(f.Unit) {
			continue
		}
		s := f.Subject
		switch {
		case strings.Contains(s, "三公") && total == nil:
			total = f
		case strings.Contains(s, "出国") && parts["出国"] == nil:
			parts["出国"] = f
		case strings.Contains(s, "接待") && parts["接待"] == nil:
			parts["接待"] = f
		case strings.Contains(s, "公务用车购置") && strings.Contains(s, "运行") && parts["公车"] == nil:
			parts["公车"] = f
		}
	}
	if total == nil || len(parts) < 3 {
		return
	}
	for _, p := range parts {
		if p.Measure != total.Measure && p.Measure != "" && total.Measure != "" {
			return
		}
	}
	sum, tol := decimal.Zero, factTol(total)
	var names []string
	for _, k := range []string{"出国", "接待", "公车"} {
		sum = sum.Add(parts[k].Value)
		tol = tol.Add(factTol(parts[k]))
		names = append(names, parts[k].Subject+" "+FormatNumber(parts[k].Value))
	}
	c.compare(Figures{Stated: total.Value, Expected: sum, Unit: total.Unit, Band: tol}, strings.Join(names, " + ")+" = "+FormatNumber(sum),
		fmt.Sprintf("“三公”经费 %s 与其组成部分之和不符：%s = %s", fmtAmount(total.Value, total.Unit), strings.Join(names, " + "), fmtAmount(sum, total.Unit)),
		total.Source, parts["出国"].Source, parts["接待"].Source, parts["公车"].Source)
}

// textVsTables compares each level stated in the text with the tables'
// figures for the same item; when no table figure agrees, the text and the
// tables contradict each other.
func (c *checker) textVsTables() {
	d := c.doc
	// The table figures by the names a text may give them: the row name,
	// and for a generic row (总计) the table's subject followed by it.
	byName := map[string][]*Fact{}
	for j := range d.Facts {
		t := &d.Facts[j]
		if !t.Source.FromTable() || t.Kind != FactAmount || !totalMeasure(t.Measure) {
			continue
		}
		name := t.Subject
		if !isGenericRow(t.Subject) {
			byName[t.Subject] = append(byName[t.Subject], t)
		} else if ti := t.Source.TableIdx; ti >= 0 && ti < len(d.Tables) {
			if core := tableCore(d.Tables[ti].Title); core != "" {
				name = core + t.Subject
				byName[name] = append(byName[name], t)
			}
		}
		if k := headlineKey(name); k != "" && (t.Code == "" || isGenericRow(t.Subject)) {
			byName[k] = append(byName[k], t)
		}
		if ti := t.Source.TableIdx; isGenericRow(t.Subject) && ti >= 0 && ti < len(d.Tables) && roleOf(d.Tables[ti]) == roleGPB && hasFunctionCodes(d.Tables[ti]) {
			byName[gpbTotalKey] = append(byName[gpbTotalKey], t)
		}
	}
	for i := range d.Facts {
		f := &d.Facts[i]
		if f.Source.FromTable() || f.Kind != FactAmount || !IsMoney(f.Unit) || f.Year != d.Year {
			continue
		}
		if f.Measure != "" && f.Measure != "预算数" && f.Measure != "决算数" {
			continue
		}
		var matches []*Fact
		agree := false
		cands := byName[f.Subject]
		for _, k := range []string{headlineKey(f.Subject), plainTotal(f.Subject)} {
			if k != "" && k != f.Subject {
				cands = append(cands[:len(cands):len(cands)], byName[k]...)
			}
		}
		for _, t := range cands {
			matches = append(matches, t)
			v, _ := Convert(t.Value, t.Unit, f.Unit)
			tol := HalfUnit(f.Places).Add(tolIn(t, f.Unit))
			if v.Sub(f.Value).Abs().LessThanOrEqual(tol) {
				agree = true
				break
			}
		}
		if agree || len(matches) == 0 {
			continue
		}
		t := matches[0]
		v, _ := Convert(t.Value, t.Unit, f.Unit)
		c.compare(Figures{Stated: f.Value, Expected: v, Unit: f.Unit, Band: HalfUnit(f.Places).Add(tolIn(t, f.Unit))},
			fmt.Sprintf("%s ≠ %s", fmtAmount(f.Value, f.Unit), fmtAmount(t.Value, t.Unit)),
			fmt.Sprintf("文字「%s」%s 与%s「%s」%s 不符", f.Subject, fmtAmount(f.Value, f.Unit), t.Source.Table, t.Source.Row,
				fmtAmount(t.Value, t.Unit)), f.Source, t.Source)
	}
}

// headlineKey names the items a text speaks of under many names and
// tables under one: 一般公共预算机关运行经费, 机关运行经费支出 and a 机关运行经费
// column are all 机关运行经费; likewise the “三公” and their parts. It
// returns "" for any other subject, and a key no subject has (it ends in
// \x00), so that only keys meet keys.
func headlineKey(subject string) string {
	s := CompactName(subject)
	if strings.Contains(s, "上年") || strings.Contains(s, "执行") {
		return ""
	}
	switch {
	case strings.Contains(s, "机关运行经费"):
		return "机关运行经费\x00"
	case strings.Contains(s, "公务用车购置") && strings.Contains(s, "运行"):
		return "公务用车购置及运行维护费\x00"
	case strings.Contains(s, "公务用车运行"):
		return "公务用车运行维护费\x00"
	case strings.Contains(s, "公务用车购置"):
		return "公务用车购置费\x00"
	case strings.Contains(s, "因公出国"):
		return "因公出国（境）费\x00"
	case strings.Contains(s, "公务接待"):
		return "公务接待费\x00"
	case strings.Contains(s, "三公"):
		return "“三公”经费\x00"
	case strings.Contains(s, "一般公共预算") && strings.HasSuffix(s, "支出") && !containsAny(s, []string{"基本", "项目", "人员", "公用", "资本", "商品", "对个人"}):
		return gpbTotalKey
	}
	return ""
}

// gpbTotalKey is the key of the total of the 一般公共预算 spending by
// function.
const gpbTotalKey = "一般公共预算支出合计\x00"

// plainTotal is a total the text names with the words of the budget
// around it (收入预算总计, 本年支出决算合计) as a table names its row (收入总计).
func plainTotal(subject string) string {
	s := CompactName(subject)
	if !isTotalName(s) {
		return ""
	}
	for _, w := range []string{"预算", "决算", "本年", "部门", "年度"} {
		s = strings.ReplaceAll(s, w, "")
	}
	return s
}

// tolIn is half a unit of a table figure's last digit, in another unit.
func tolIn(t *Fact, unit string) decimal.Decimal {
	v, _ := Convert(HalfUnit(t.Places), t.Unit, unit)
	return v
}

func totalMeasure(m string) bool {
	switch m {
	case "支出总计", "合计", "总计", "金额", "预算数", "决算数", "本年支出合计", "本年收入合计", "收入总计", "":
		return true
	}
	return false
}

func isGenericRow(name string) bool {
	switch name {
	case "合计", "总计", "小计", "本年收入合计", "本年支出合计", "收入总计", "支出总计":
		return true
	}
	return false
}

// tableCore is what a table is about: "财政拨款收入支出决算总表" → 财政拨款收入支出.
func tableCore(title string) string {
	t := CompactName(title)
	if i := strings.Index(t, "（"); i > 0 {
		t = t[:i]
	}
	t = yearInRE.ReplaceAllString(t, "")
	for _, w := range []string{"总表", "表", "决算", "预算", "部门"} {
		t = strings.TrimSuffix(t, w)
	}
	return strings.TrimPrefix(t, "部门")
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

// emptyTableFigures finds a figure the text states for what an empty
// table shows nothing of: 政府性基金 spending stated while the 政府性基金
// table prints only its headers.
func (c *checker) emptyTableFigures() {
	c.noneButFigures()
	d := c.doc
	for ti, t := range d.Tables {
		if !tableIsEmpty(t) {
			continue
		}
		title := CompactName(t.Title)
		for _, w := range []string{"政府性基金", "国有资本经营", "三公", "机关运行经费", "政府采购"} {
			if !strings.Contains(title, w) {
				continue
			}
			for i := range d.Facts {
				f := &d.Facts[i]
				if f.Source.FromTable() || f.Kind != FactAmount || !IsMoney(f.Unit) || f.Value.IsZero() || f.Year != d.Year || !strings.Contains(f.Subject, w) {
					continue
				}
				c.add(Finding{Severity: SevError, Message: fmt.Sprintf("文字写「%s」%s，但%s为空表", f.Subject, fmtAmount(f.Value, f.Unit), t.Ref()),
					Figures: &Figures{Stated: f.Value, Expected: decimal.Zero, Unit: f.Unit}, Arithmetic: fmt.Sprintf("%s ≠ 0", FormatNumber(f.Value)),
					Places: []Source{f.Source, tablePlace(d, t, ti)}})
			}
		}
	}
}

// noneRE is the text saying a kind of fund has nothing: 无政府性基金预算财政拨款收入和支出.
var noneRE = regexp.MustCompile(`(?:无|没有|未安排)(政府性基金|国有资本经营)(?:预算)?(?:财政)?(?:拨款)?[^。；，]{0,12}?(?:收入|支出|预算|安排)`)

// noneButFigures finds the text saying a fund has nothing while its table
// prints figures.
func (c *checker) noneButFigures() {
	d := c.doc
	for _, s := range c.sentences() {
		m := noneRE.FindStringSubmatch(s.text)
		if m == nil {
			continue
		}
		for ti, t := range d.Tables {
			if !strings.Contains(CompactName(t.Title), m[1]) || tableIsEmpty(t) {
				continue
			}
			for ri, r := range t.Rows {
				if !isTotalRow(t, ri) || len(r.Cells) == 0 {
					continue
				}
				v, _, _ := cellFigure(r, r.Cells[0].Column)
				if v.IsZero() {
					continue
				}
				c.add(Finding{Severity: c.rule.Severity, Message: fmt.Sprintf("文字写“%s”，但%s「%s」为 %s", m[0], t.Ref(), rowLabel(r), fmtAmount(v, t.Unit)),
					Figures: &Figures{Stated: decimal.Zero, Expected: v, Unit: t.Unit}, Arithmetic: fmt.Sprintf("0 ≠ %s", FormatNumber(v)),
					Places: []Source{c.place(s), c.cellPlace(ti, ri, r.Cells[0].Column)}})
				break
			}
		}
	}
}

// tableIsEmpty reports whether a table prints no figure but zeros.
func tableIsEmpty(t *Table) bool {
	if t.Empty {
		return true
	}
	if len(t.Columns) == 0 {
		return false
	}
	for _, r := range t.Rows {
		for _, cell := range r.Cells {
			if !cell.Value.IsZero() {
				return false
			}
		}
	}
	return true
}
