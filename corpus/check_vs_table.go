package corpus

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"
)

// This file holds the rules that set the text against the tables: a
// figure the text states against the same item's in a table, and a
// figure stated for what an empty table shows nothing of.

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
			// The row as printed: a side's 总计 is 收入总计 as a fact.
			row := t.Subject
			if isGenericRow(t.Source.Row) {
				row = t.Source.Row
			}
			if core := tableCore(d.Tables[ti].Title); core != "" {
				name = core + row
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
