package corpus

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// This file holds the rules about a total the text states with its
// parts: the parts named in one sentence, the 人员 and 公用 parts of
// 基本支出, and the three “三公”.

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
