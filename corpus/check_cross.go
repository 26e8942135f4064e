package corpus

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// This file holds the identities between the tables of one document: the
// 收支总表 against the 收入 and 支出 tables, the 财政拨款收支总表 against the
// 一般公共预算 tables, the 基本支出 table against both, and one 科目 printed
// in two tables.

// tableRole says which of the standard tables a table is.
type tableRole int

const (
	roleOther     tableRole = iota
	roleSummary             // 收支总表 of all funds
	roleIncome              // 收入总表
	roleExpense             // 支出总表
	roleFiscal              // 财政拨款收支总表
	roleGPB                 // 一般公共预算支出表 (by function, or by economic class with 基本/项目)
	roleBasic               // 基本支出表 by economic class
	roleOtherFund           // 政府性基金, 国有资本经营 tables
)

// roleOf reads a table's role from its title.
func roleOf(t *Table) tableRole {
	s := yearInRE.ReplaceAllString(CompactName(t.Title), "")
	has := func(w ...string) bool {
		for _, x := range w {
			if strings.Contains(s, x) {
				return true
			}
		}
		return false
	}
	summary := has("收支", "收入支出")
	switch {
	case has("三公", "机关运行", "采购", "绩效", "项目支出", "单位构成"):
		return roleOther
	case has("政府性基金", "国有资本"):
		return roleOtherFund
	case summary && has("财政拨款", "预算拨款"):
		return roleFiscal
	case summary:
		return roleSummary
	case has("基本支出"):
		return roleBasic
	case has("一般公共预算") && has("支出"):
		return roleGPB
	case has("收入") && !has("支出"):
		return roleIncome
	case has("支出") && !has("收入", "财政拨款"):
		return roleExpense
	}
	return roleOther
}

// Fund scopes, from the widest: every fund, 财政拨款, 一般公共预算.
const (
	scopeAll = iota
	scopeAppropr
	scopeGeneral
	scopeNone // a table of other funds, or of one kind of spending
)

// scopeOf returns which funds a table's figures cover.
func scopeOf(t *Table) int {
	s := CompactName(t.Title)
	switch roleOf(t) {
	case roleOther, roleOtherFund:
		return scopeNone
	}
	switch {
	case strings.Contains(s, "一般公共预算"):
		return scopeGeneral
	case strings.Contains(s, "财政拨款"):
		return scopeAppropr
	}
	return scopeAll
}

// sameCode compares one 科目 printed in two tables: equal in two tables of
// the same funds, and never more in a table of fewer funds (一般公共预算)
// than in one of more (all funds). A 基本支出 table's figure is compared
// with the 基本支出 of the others.
func (c *checker) sameCode() {
	d := c.doc
	type key struct{ code, measure, side string }
	type entry struct {
		f     *Fact
		scope int
	}
	var order []key
	byKey := map[key][]entry{}
	seen := map[string]bool{}
	for i := range d.Facts {
		f := &d.Facts[i]
		s := f.Source
		if !s.FromTable() || f.Code == "" || f.Kind != FactAmount || !IsMoney(f.Unit) || f.Year != d.Year || s.TableIdx < 0 || s.TableIdx >= len(d.Tables) {
			continue
		}
		t := d.Tables[s.TableIdx]
		scope := scopeOf(t)
		if scope == scopeNone && roleOf(t) != roleBasic {
			continue
		}
		m := f.Measure
		switch m {
		case MeaningTotal, MeaningBudget, MeaningFinal, MeaningAmount, "":
			m = MeaningTotal
			if roleOf(t) == roleBasic {
				m = MeaningBasic
			}
		}
		k := key{f.Code, m, tableSide(t.Title + s.Column)}
		tk := fmt.Sprint(k, s.TableIdx)
		if seen[tk] {
			continue // the first row of a code in a table: the department's, not a unit's
		}
		seen[tk] = true
		if _, ok := byKey[k]; !ok {
			order = append(order, k)
		}
		if roleOf(t) == roleBasic {
			scope = scopeGeneral
			if strings.Contains(t.Title, "财政拨款") {
				scope = scopeAppropr
			}
		}
		byKey[k] = append(byKey[k], entry{f, scope})
	}
	for _, k := range order {
		es := byKey[k]
		for i := 1; i < len(es); i++ {
			a, b := es[0], es[i]
			c.compareFacts(a.f, a.scope, b.f, b.scope)
		}
	}
}

// compareFacts compares two table figures of one 科目 and measure.
func (c *checker) compareFacts(a *Fact, as int, b *Fact, bs int) {
	bv, _ := Convert(b.Value, b.Unit, a.Unit)
	band := HalfUnit(a.Places).Add(tolIn(b, a.Unit))
	g := Figures{Stated: bv, Expected: a.Value, Unit: a.Unit, Band: band}
	name := strings.TrimSpace(a.Code + " " + a.Subject)
	msg := fmt.Sprintf("「%s」「%s」在%s中为 %s，在%s中为 %s", name, a.Measure, a.Source.Table, fmtAmount(a.Value, a.Unit), b.Source.Table, fmtAmount(b.Value, b.Unit))
	switch {
	case as == bs:
		c.compare(g, fmt.Sprintf("%s ≠ %s", FormatNumber(a.Value), FormatNumber(bv)), msg+"，两表口径相同，应相等", a.Source, b.Source)
	case as < bs && bv.Sub(a.Value).GreaterThan(band), as > bs && a.Value.Sub(bv).GreaterThan(band):
		// The table of fewer funds shows more.
		c.compare(g, fmt.Sprintf("%s > %s", FormatNumber(maxDec(a.Value, bv)), FormatNumber(minDec(a.Value, bv))),
			msg+"，口径较窄的表金额反而更大", a.Source, b.Source)
	}
}

func maxDec(a, b decimal.Decimal) decimal.Decimal {
	if a.GreaterThan(b) {
		return a
	}
	return b
}

func minDec(a, b decimal.Decimal) decimal.Decimal {
	if a.LessThan(b) {
		return a
	}
	return b
}

// tableSide tells an income table or column from an expenditure one.
func tableSide(s string) string {
	if strings.Contains(s, "收入") && !strings.Contains(s, "支出") {
		return "收入"
	}
	if strings.Contains(s, "收入") && strings.Contains(s, "支出") && strings.Contains(s, "本年收入") {
		return "收入"
	}
	return "支出"
}

// tableOf returns the first table with the role and its index.
func (c *checker) tableOf(role tableRole, pick func(*Table) bool) (int, *Table) {
	for ti, t := range c.doc.Tables {
		if roleOf(t) == role && checkable(t) && (pick == nil || pick(t)) {
			return ti, t
		}
	}
	return -1, nil
}

// cellRef is one figure of a table with its rounding.
type cellRef struct {
	ti, row, col int
	v, band      decimal.Decimal
}

// totalCell returns a table's total: the first total row's figure in the
// column with one of the meanings (its first figure if none is given or
// found).
func totalCell(t *Table, ti int, side int, meanings ...string) (cellRef, bool) {
	for i, r := range t.Rows {
		if r.Side != side || !isTotalRow(t, i) || !isTotalName(r.Name) {
			continue
		}
		for _, cell := range r.Cells {
			if cell.Column >= len(t.Columns) {
				continue
			}
			item, _ := columnItemMeasure(t.Columns[cell.Column])
			if len(meanings) == 0 || hasItem(meanings, item) {
				v, band, _ := cellFigure(r, cell.Column)
				return cellRef{ti, i, cell.Column, v, band}, true
			}
		}
		if len(meanings) == 0 {
			return cellRef{}, false
		}
	}
	return cellRef{}, false
}

// totalsOfSide returns every total row's first figure on a side.
func totalsOfSide(t *Table, ti, side int) []cellRef {
	var out []cellRef
	for i, r := range t.Rows {
		if r.Side != side || !isTotalRow(t, i) || !isTotalName(r.Name) || len(r.Cells) == 0 {
			continue
		}
		col := r.Cells[0].Column
		v, band, _ := cellFigure(r, col)
		out = append(out, cellRef{ti, i, col, v, band})
	}
	return out
}

// summaryIncome compares the 收支总表's income with the 收入总表's total.
func (c *checker) summaryIncome() { c.summaryAgainst(roleIncome, 0, "收入") }

// summaryExpense compares the 收支总表's spending with the 支出总表's total.
func (c *checker) summaryExpense() { c.summaryAgainst(roleExpense, 1, "支出") }

// summaryAgainst compares the totals of one side of the 收支总表 with the
// total of the table of that side: it should equal one of them (本年收入合计,
// or 收入总计 when that table counts the carry-over too).
func (c *checker) summaryAgainst(role tableRole, side int, what string) {
	si, sum := c.tableOf(roleSummary, func(t *Table) bool { return scopeOf(t) == scopeAll })
	oi, other := c.tableOf(role, func(t *Table) bool { return scopeOf(t) == scopeAll })
	if sum == nil || other == nil || sum.Unit != other.Unit {
		return
	}
	tot, ok := totalCell(other, oi, 0, MeaningTotal)
	if !ok {
		if tot, ok = totalCell(other, oi, 0); !ok {
			return
		}
	}
	cands := totalsOfSide(sum, si, side)
	if len(cands) == 0 {
		return
	}
	for _, s := range cands {
		if s.v.Sub(tot.v).Abs().LessThanOrEqual(s.band.Add(tot.band)) {
			if !s.v.Equal(tot.v) {
				c.compareCells(s, tot, sum, other, what)
			}
			return
		}
	}
	c.compareCells(cands[0], tot, sum, other, what)
}

// compareCells reports two table figures that should be equal.
func (c *checker) compareCells(a, b cellRef, ta, tb *Table, what string) {
	g := Figures{Stated: a.v, Expected: b.v, Unit: ta.Unit, Band: a.band.Add(b.band)}
	msg := fmt.Sprintf("%s「%s」%s 与%s「%s」%s 不相等（%s）", ta.Ref(), rowLabel(ta.Rows[a.row]), fmtAmount(a.v, ta.Unit),
		tb.Ref(), rowLabel(tb.Rows[b.row]), fmtAmount(b.v, tb.Unit), what)
	c.compare(g, fmt.Sprintf("%s ≠ %s", FormatNumber(a.v), FormatNumber(b.v)), msg,
		c.cellPlace(a.ti, a.row, a.col), c.cellPlace(b.ti, b.row, b.col))
}

// fiscalGPB compares the 一般公共预算 column of the 财政拨款收支总表 with the
// 一般公共预算支出表: each 类 by name, and the total.
func (c *checker) fiscalGPB() {
	fi, fis := c.tableOf(roleFiscal, nil)
	gi, gpb := c.tableOf(roleGPB, func(t *Table) bool { return hasFunctionCodes(t) })
	if fis == nil || gpb == nil || fis.Unit != gpb.Unit {
		return
	}
	col := -1
	for ci, cl := range fis.Columns {
		if item, _ := columnItemMeasure(cl); item == MeaningGeneral && cl.Side == 1 {
			col = ci
			break
		}
	}
	if col < 0 {
		return
	}
	gcol := firstColumn(gpb, MeaningTotal)
	classes := map[string]int{}
	for i, r := range gpb.Rows {
		if len(r.Code) == 3 {
			classes[className(r.Name)] = i
		}
	}
	for i, r := range fis.Rows {
		v, band, ok := cellFigure(r, col)
		if !ok || r.Side != 1 {
			continue
		}
		a := cellRef{fi, i, col, v, band}
		if isTotalRow(fis, i) {
			if !strings.Contains(r.Name, "本年") && len(totalsOfSide(fis, fi, 1)) > 1 {
				continue // 总计 with the carry-over
			}
			if tot, ok := totalCell(gpb, gi, 0, MeaningTotal); ok {
				c.compareCells(a, tot, fis, gpb, "一般公共预算支出合计")
			}
			continue
		}
		j, ok := classes[className(r.Name)]
		if !ok {
			continue
		}
		gv, gband, _ := cellFigure(gpb.Rows[j], gcol)
		c.compareCells(a, cellRef{gi, j, gcol, gv, gband}, fis, gpb, "同一类科目的一般公共预算支出")
	}
}

// hasFunctionCodes reports whether a table's rows are coded by function
// (2xx), not by economic class (3xx).
func hasFunctionCodes(t *Table) bool {
	for _, r := range t.Rows {
		if r.Code != "" {
			return r.Code[0] == '2'
		}
	}
	return false
}

// className is a 类's name without its numbering and (类).
func className(s string) string {
	s = trimEnum(CompactName(s))
	for _, w := range []string{"（类）", "(类)"} {
		s = strings.TrimSuffix(s, w)
	}
	return s
}

// firstColumn returns the first column with the meaning, else 0.
func firstColumn(t *Table, meaning string) int {
	for ci, cl := range t.Columns {
		if item, _ := columnItemMeasure(cl); item == meaning {
			return ci
		}
	}
	return 0
}

// basicTotal returns the total of a 基本支出 table: its 合计 row, or the
// sum of the totals that end its sides (人员经费合计 + 公用经费合计).
func basicTotal(t *Table, ti int) (cellRef, []cellRef, bool) {
	if tot, ok := totalCell(t, ti, 0, MeaningTotal); ok {
		return tot, nil, true
	}
	var parts []cellRef
	sum := cellRef{ti: ti, row: -1}
	for side := 0; side < 3; side++ {
		ts := totalsOfSide(t, ti, side)
		if len(ts) == 0 {
			continue
		}
		last := ts[len(ts)-1]
		parts = append(parts, last)
		sum.v = sum.v.Add(last.v)
		sum.band = sum.band.Add(last.band)
	}
	if len(parts) == 0 {
		return cellRef{}, nil, false
	}
	if len(parts) == 1 {
		return parts[0], nil, true
	}
	return sum, parts, true
}

// gpbBasic compares the 基本支出 of the 一般公共预算支出表 with the total of
// the 一般公共预算基本支出表.
func (c *checker) gpbBasic() {
	gi, gpb := c.tableOf(roleGPB, func(t *Table) bool { return hasFunctionCodes(t) })
	bi, basic := c.tableOf(roleBasic, func(t *Table) bool { return scopeOf(t) == scopeGeneral })
	if gpb == nil || basic == nil || gpb.Unit != basic.Unit {
		return
	}
	g, ok := totalCell(gpb, gi, 0, MeaningBasic)
	if !ok {
		return
	}
	b, parts, ok := basicTotal(basic, bi)
	if !ok {
		return
	}
	if parts == nil {
		c.compareCells(g, b, gpb, basic, "一般公共预算基本支出")
		return
	}
	var terms []string
	places := []Source{c.cellPlace(gi, g.row, g.col)}
	for _, p := range parts {
		terms = append(terms, FormatNumber(p.v))
		places = append(places, c.cellPlace(bi, p.row, p.col))
	}
	gf := Figures{Stated: g.v, Expected: b.v, Unit: gpb.Unit, Band: g.band.Add(b.band)}
	msg := fmt.Sprintf("%s 基本支出合计 %s 与%s各部分合计 %s 不相等", gpb.Ref(), fmtAmount(g.v, gpb.Unit), basic.Ref(), fmtAmount(b.v, basic.Unit))
	c.compare(gf, strings.Join(terms, " + ")+" = "+FormatNumber(b.v), msg, places...)
}

// personnelClasses checks, in each 基本支出 table by economic class, that
// 人员经费 = 301 + 303 and 公用经费 = 302 + 310 (+ 399).
func (c *checker) personnelClasses() {
	for ti, t := range c.doc.Tables {
		if roleOf(t) != roleBasic || !checkable(t) {
			continue
		}
		for _, p := range []struct {
			item    string
			classes []string
		}{
			{MeaningPersonnel, []string{"301", "303"}},
			{MeaningPublic, []string{"302", "310", "399"}},
		} {
			tot, ok := c.classTotal(t, ti, p.item)
			if !ok {
				continue
			}
			col := firstColumn(t, MeaningTotal)
			sum, band := decimal.Zero, tot.band
			var terms []string
			places := []Source{c.cellPlace(ti, tot.row, tot.col)}
			found := 0
			for i, r := range t.Rows {
				if !hasItem(p.classes, r.Code) {
					continue
				}
				cc := col
				if _, _, ok := cellFigure(r, cc); !ok && len(r.Cells) > 0 {
					cc = r.Cells[0].Column
				}
				v, b, _ := cellFigure(r, cc)
				found++
				sum, band = sum.Add(v), band.Add(b)
				terms = append(terms, r.Code+" "+FormatNumber(v))
				places = append(places, c.cellPlace(ti, i, cc))
			}
			if found == 0 {
				continue
			}
			g := Figures{Stated: tot.v, Expected: sum, Unit: t.Unit, Band: band}
			msg := fmt.Sprintf("%s：%s %s 与所属经济分类类级科目（%s）之和 %s 不相等", t.Ref(), p.item, fmtAmount(tot.v, t.Unit),
				strings.Join(p.classes, "、"), fmtAmount(sum, t.Unit))
			c.compare(g, strings.Join(terms, " + ")+" = "+FormatNumber(sum), msg, places...)
		}
	}
}

// classTotal finds a 基本支出 table's 人员经费 or 公用经费 total: the 合计
// row's figure in that column, or a row named 人员经费合计.
func (c *checker) classTotal(t *Table, ti int, item string) (cellRef, bool) {
	if tot, ok := totalCell(t, ti, 0, item); ok {
		return tot, true
	}
	for i, r := range t.Rows {
		if strings.HasPrefix(CompactName(r.Name), item) && isTotalName(r.Name) && len(r.Cells) > 0 {
			v, band, _ := cellFigure(r, r.Cells[0].Column)
			return cellRef{ti, i, r.Cells[0].Column, v, band}, true
		}
	}
	return cellRef{}, false
}
