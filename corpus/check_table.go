package corpus

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// This file holds the rules about the rows of one table: a parent is the
// sum of its children (类 = Σ款, 款 = Σ项), a total the sum of the
// level-one rows it stands for, a grand total the current-year total plus
// the carry-overs, and the two sides of a 收支总表 balance. Each rule
// recomputes from the rows as read, independently of the parser's own
// arithmetic; when a rule fails on more rows of a table than it holds on,
// the table was read wrong, not printed wrong, and the rule says nothing.

// sumCheck is one figure compared with the sum of others.
type sumCheck struct {
	ti, row, col int
	val, sum     decimal.Decimal
	band         decimal.Decimal
	parts        []int  // rows summed (for a row sum) or columns (for a column sum)
	short        bool   // the parts fall short of a parent that may list only some
	what         string // 下级科目之和, 各类之和, …
}

func (s sumCheck) ok() bool { return s.val.Sub(s.sum).Abs().LessThanOrEqual(s.band) }

// reportSums reports the checks of one table that fail, unless more fail
// than hold.
func (c *checker) reportSums(checks []sumCheck, rowSum bool) {
	holds, fails := 0, 0
	for _, s := range checks {
		switch {
		case s.ok():
			holds++
		case !s.short:
			fails++
		}
	}
	if fails == 0 && holds == 0 || fails > holds && fails > 1 {
		return
	}
	for _, s := range checks {
		if s.short && !s.ok() {
			continue
		}
		c.reportSum(s, rowSum)
	}
}

// reportSum reports one sum that is not exact.
func (c *checker) reportSum(s sumCheck, rowSum bool) {
	if s.val.Equal(s.sum) {
		return
	}
	t := c.doc.Tables[s.ti]
	r := t.Rows[s.row]
	var terms []string
	places := []Source{c.cellPlace(s.ti, s.row, s.col)}
	for _, p := range s.parts {
		var v decimal.Decimal
		if rowSum {
			v, _, _ = cellFigure(t.Rows[p], s.col)
			if !v.IsZero() && len(places) < 13 {
				places = append(places, c.cellPlace(s.ti, p, s.col))
			}
		} else {
			v, _, _ = cellFigure(r, p)
			if !v.IsZero() && len(places) < 13 {
				places = append(places, c.cellPlace(s.ti, s.row, p))
			}
		}
		if !v.IsZero() {
			terms = append(terms, FormatNumber(v))
		}
	}
	if len(terms) == 0 {
		terms = []string{"0"}
	}
	if len(terms) > 12 {
		terms = append(terms[:12], fmt.Sprintf("…（共%d项）", len(terms)))
	}
	arith := fmt.Sprintf("%s = %s", strings.Join(terms, " + "), FormatNumber(s.sum))
	msg := fmt.Sprintf("%s：「%s」列「%s」为 %s，%s为 %s", t.Ref(), rowLabel(r), colLabel(t, s.col),
		fmtAmount(s.val, t.Unit), s.what, fmtAmount(s.sum, t.Unit))
	c.compare(Figures{Stated: s.val, Expected: s.sum, Unit: t.Unit, Band: s.band}, arith, msg, places...)
}

// rowSumCheck compares row i's figure in column col with the sum of the
// rows parts.
func rowSumCheck(t *Table, ti, i, col int, parts []int, what string) sumCheck {
	v, band, _ := cellFigure(t.Rows[i], col)
	sum := decimal.Zero
	for _, p := range parts {
		pv, pt, _ := cellFigure(t.Rows[p], col)
		sum = sum.Add(pv)
		band = band.Add(pt)
	}
	return sumCheck{ti: ti, row: i, col: col, val: v, sum: sum, band: band, parts: parts, what: what}
}

// checkable reports whether a table's figures are worth recomputing.
func checkable(t *Table) bool {
	return !t.Empty && len(t.Rows) > 0 && len(t.Rows) <= maxArithRows && len(t.Columns) > 0
}

// children returns the rows whose parent is each row.
func children(t *Table) [][]int {
	kids := make([][]int, len(t.Rows))
	for i, r := range t.Rows {
		if r.Parent >= 0 && r.Parent < len(t.Rows) && r.Parent != i {
			kids[r.Parent] = append(kids[r.Parent], i)
		}
	}
	return kids
}

// parentSums checks 类 = Σ款 and 款 = Σ项 (and a numbered row against
// the rows numbered under it) in every table. A parent whose children may
// be a selection (a level skipped, rows of other parents between them, or
// names numbered rather than coded) is wrong only when its children add up
// to more than it.
func (c *checker) parentSums() {
	for ti, t := range c.doc.Tables {
		if !checkable(t) {
			continue
		}
		kids := children(t)
		var checks []sumCheck
		for i, r := range t.Rows {
			if len(kids[i]) == 0 || len(r.Cells) == 0 {
				continue
			}
			complete := completeChildren(t, kids, i)
			what := "下级科目之和"
			if r.Code != "" && len(r.Code) == 3 {
				what = "所属各款之和"
			} else if r.Code != "" && len(r.Code) == 5 {
				what = "所属各项之和"
			}
			for _, cell := range r.Cells {
				if cell.Column >= len(t.Columns) {
					continue
				}
				s := rowSumCheck(t, ti, i, cell.Column, kids[i], what)
				s.short = !complete && s.val.GreaterThan(s.sum)
				checks = append(checks, s)
			}
		}
		c.reportSums(checks, true)
	}
}

// completeChildren reports whether the children of row i are all one
// level below it and printed in one block right below it, so that none is
// likely missing from the table.
func completeChildren(t *Table, kids [][]int, i int) bool {
	p := t.Rows[i]
	if p.Code == "" {
		return false
	}
	last := i
	for _, k := range kids[i] {
		if len(t.Rows[k].Code) != len(p.Code)+2 {
			return false
		}
		last = max(last, k)
	}
	for j := i + 1; j < last; j++ {
		if t.Rows[j].Side == p.Side && !descends(t, j, i) {
			return false
		}
	}
	return true
}

// descends reports whether row j is below row i in the hierarchy.
func descends(t *Table, j, i int) bool {
	for k, n := t.Rows[j].Parent, 0; k >= 0 && k < len(t.Rows) && n < len(t.Rows); k, n = t.Rows[k].Parent, n+1 {
		if k == i {
			return true
		}
	}
	return false
}

// isTotalRow reports whether row i is a total: 合计, 总计, 本年收入合计,
// or the row of a 预算单位 that heads the rows of that unit.
func isTotalRow(t *Table, i int) bool {
	r := t.Rows[i]
	if r.Code != "" || r.Parent >= 0 {
		return false
	}
	return isTotalName(r.Name) || r.Level == 0 && IsOrganName(CompactName(r.Name)) && len(r.Cells) > 0
}

// levelOneRows returns the level-one rows a total stands for: those after
// it up to the next total, or else those before it back to the previous
// one.
func levelOneRows(t *Table, i int) []int {
	side := t.Rows[i].Side
	collect := func(from, step int) []int {
		var out []int
		for j := from; j >= 0 && j < len(t.Rows); j += step {
			r := t.Rows[j]
			if r.Side != side {
				continue
			}
			if isTotalRow(t, j) {
				break
			}
			if r.Level == 1 && r.Parent < 0 {
				out = append(out, j)
			}
		}
		return out
	}
	if out := collect(i+1, 1); len(out) > 0 {
		return out
	}
	return collect(i-1, -1)
}

// totalSums checks each total row against the level-one rows (类) it
// stands for.
func (c *checker) totalSums() {
	for ti, t := range c.doc.Tables {
		if !checkable(t) {
			continue
		}
		var checks []sumCheck
		for i, r := range t.Rows {
			if !isTotalRow(t, i) {
				continue
			}
			l1 := levelOneRows(t, i)
			if len(l1) == 0 {
				continue
			}
			for _, cell := range r.Cells {
				if cell.Column < len(t.Columns) {
					checks = append(checks, rowSumCheck(t, ti, i, cell.Column, l1, "各一级科目之和"))
				}
			}
		}
		c.reportSums(checks, true)
	}
}

// grandTotals checks a total printed after another total on its side
// (总计 after 本年支出合计) against that total plus the rows between
// them: 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余 = 总计, and in a
// 决算 本年支出合计 + 结余分配 + 年末结转和结余 = 总计.
func (c *checker) grandTotals() {
	for ti, t := range c.doc.Tables {
		if !checkable(t) {
			continue
		}
		var checks []sumCheck
		for i, r := range t.Rows {
			if !isTotalRow(t, i) || !isGrandTotal(r.Name) || len(levelOneRows(t, i)) > 0 {
				continue
			}
			prev, between := -1, []int{}
			for j := i - 1; j >= 0; j-- {
				if t.Rows[j].Side != r.Side {
					continue
				}
				if isTotalRow(t, j) {
					prev = j
					break
				}
				if t.Rows[j].Parent < 0 {
					between = append(between, j)
				}
			}
			if prev < 0 || len(between) == 0 || !isCurrentTotal(t.Rows[prev].Name) {
				continue
			}
			parts := append([]int{prev}, between...)
			for _, cell := range r.Cells {
				if cell.Column < len(t.Columns) {
					checks = append(checks, rowSumCheck(t, ti, i, cell.Column, parts, "「"+rowLabel(t.Rows[prev])+"」加其后各行之和"))
				}
			}
		}
		c.reportSums(checks, true)
	}
}

// isGrandTotal reports a row name of a total that ends a side: 总计,
// 收入总计, 收入合计.
func isGrandTotal(name string) bool {
	n := CompactName(name)
	return strings.HasSuffix(n, "总计") || n == "合计" || n == "收入合计" || n == "支出合计"
}

// isCurrentTotal reports a row name of the current year's total: 本年收入合计,
// 当年支出小计.
func isCurrentTotal(name string) bool {
	n := CompactName(name)
	return isTotalName(n) && (strings.HasPrefix(n, "本年") || strings.HasPrefix(n, "当年"))
}

// balances checks that a 收支总表's two sides end in the same total.
func (c *checker) balances() {
	for ti, t := range c.doc.Tables {
		title := CompactName(t.Title)
		if !checkable(t) || !strings.Contains(title, "收支") && !strings.Contains(title, "收入支出") {
			continue
		}
		last := map[int]int{}
		for i, r := range t.Rows {
			if isTotalRow(t, i) && isTotalName(r.Name) {
				last[r.Side] = i
			}
		}
		in, ok1 := last[0]
		out, ok2 := last[1]
		if !ok1 || !ok2 || t.Rows[in].Line != t.Rows[out].Line {
			continue // the totals of the two sides are printed on one line
		}
		a, at := firstFigure(t.Rows[in])
		b, bt := firstFigure(t.Rows[out])
		if a.col < 0 || b.col < 0 {
			continue
		}
		g := Figures{Stated: a.v, Expected: b.v, Unit: t.Unit, Band: at.Add(bt)}
		msg := fmt.Sprintf("%s：收入方「%s」%s 与支出方「%s」%s 不相等", t.Ref(), rowLabel(t.Rows[in]), fmtAmount(a.v, t.Unit),
			rowLabel(t.Rows[out]), fmtAmount(b.v, t.Unit))
		c.compare(g, fmt.Sprintf("%s ≠ %s", FormatNumber(a.v), FormatNumber(b.v)), msg,
			c.cellPlace(ti, in, a.col), c.cellPlace(ti, out, b.col))
	}
}

type colValue struct {
	col int
	v   decimal.Decimal
}

// firstFigure returns the first figure of a row and its rounding.
func firstFigure(r *Row) (colValue, decimal.Decimal) {
	for _, c := range r.Cells {
		v, tol, _ := cellFigure(r, c.Column)
		return colValue{c.Column, v}, tol
	}
	return colValue{col: -1}, decimal.Zero
}

// emptyNotes warns of an empty table (headers only) that does not say so.
func (c *checker) emptyNotes() {
	for ti, t := range c.doc.Tables {
		if len(t.Columns) == 0 || strings.Contains(t.Title, "单位构成") {
			continue
		}
		empty := t.Empty
		if !empty {
			empty = true
			for _, r := range t.Rows {
				for _, cell := range r.Cells {
					if !cell.Value.IsZero() {
						empty = false
					}
				}
			}
		}
		if !empty || hasEmptyNote(t) {
			continue
		}
		c.flag(fmt.Sprintf("%s 没有数据（只有表头），但未注明“本表无数据”或说明原因", t.Ref()), tablePlace(c.doc, t, ti))
	}
}

// hasEmptyNote reports whether a table says why it is empty.
func hasEmptyNote(t *Table) bool {
	for _, n := range t.Notes {
		if emptyRE.MatchString(n) || strings.Contains(n, "无") || strings.Contains(n, "空表") || strings.Contains(n, "为零") || strings.Contains(n, "为0") {
			return true
		}
	}
	return false
}

// tablePlace is the place of a table's title.
func tablePlace(d *Document, t *Table, ti int) Source {
	return Source{File: firstNonEmpty(t.File, d.File), Line: t.Line, Page: t.Page, Table: t.Ref(), TableIdx: ti}
}

// rowLabel names a row as the facts' sources do: code and name, or （各列）
// for the single row of a table whose items are its columns.
func rowLabel(r *Row) string {
	if s := strings.TrimSpace(r.Code + " " + CompactName(r.Name)); s != "" {
		return s
	}
	return "（各列）"
}

// colLabel names a column as the facts' sources do.
func colLabel(t *Table, col int) string {
	if col < 0 || col >= len(t.Columns) {
		return "#" + itoa(col+1)
	}
	return firstNonEmpty(t.Columns[col].Label, t.Columns[col].Meaning)
}

// cellKey finds the fact read from a table cell.
type cellKey struct {
	table, row    int
	column, value string
}

// cellPlace returns the place of the figure in row ri, column col of table
// ti: the source of the fact read from it (with its page and box in a
// PDF), else one made from the row.
func (c *checker) cellPlace(ti, ri, col int) Source {
	d := c.doc
	if c.cells == nil {
		c.cells = map[cellKey][]int{}
		for i := range d.Facts {
			s := d.Facts[i].Source
			if s.FromTable() {
				k := cellKey{s.TableIdx, s.RowIdx, s.Column, d.Facts[i].Value.String()}
				c.cells[k] = append(c.cells[k], i)
			}
		}
	}
	t := d.Tables[ti]
	r := t.Rows[ri]
	v, _, _ := cellFigure(r, col)
	if fs := c.cells[cellKey{ti, ri, colLabel(t, col), v.String()}]; len(fs) > 0 {
		s := d.Facts[fs[0]].Source
		s.Column = colLabel(t, col)
		return s
	}
	s := Source{File: firstNonEmpty(t.File, d.File), Line: r.Line, Table: t.Ref(), TableIdx: ti, Row: rowLabel(r), RowIdx: ri, Column: colLabel(t, col), Page: t.Page}
	for i := range d.Facts {
		if fs := d.Facts[i].Source; fs.FromTable() && fs.TableIdx == ti && fs.RowIdx == ri && fs.Page > 0 {
			s.Page = fs.Page
			break
		}
	}
	return s
}

// cellFigure is a cell's value with the rounding it may carry: half a unit
// of its last printed digit, and none for a zero, which is printed as 0
// because there is nothing, not because something was rounded away.
func cellFigure(r *Row, col int) (decimal.Decimal, decimal.Decimal, bool) {
	v, tol, ok := figure(r, col)
	if v.IsZero() {
		tol = decimal.Zero
	}
	return v, tol, ok
}

// factTol is the rounding a stated figure may carry, none for a zero.
func factTol(f *Fact) decimal.Decimal {
	if f.Value.IsZero() {
		return decimal.Zero
	}
	return HalfUnit(f.Places)
}

// subtotalSections checks a table laid out as sections that each open
// with their 小计 (收入总计 / 一般公共预算资金小计 / 公共财政拨款资金 / 专项收入
// / 政府性基金小计 / …): each 小计 is the sum of the rows after it up to
// the next 小计, and the total above them the sum of the 小计.
func (c *checker) subtotalSections() {
	for ti, t := range c.doc.Tables {
		if !checkable(t) {
			continue
		}
		var checks []sumCheck
		for i := range t.Rows {
			if !isSectionSubtotal(t, i) || !opensSections(t, i) {
				continue
			}
			// A section: the rows after it, up to the next 小计 or total.
			var parts []int
			for j := i + 1; j < len(t.Rows) && !isTotalRow(t, j) && !isSectionSubtotal(t, j); j++ {
				if t.Rows[j].Side == t.Rows[i].Side && t.Rows[j].Parent < 0 {
					parts = append(parts, j)
				}
			}
			if len(parts) == 0 {
				continue
			}
			for _, cell := range t.Rows[i].Cells {
				if cell.Column < len(t.Columns) {
					checks = append(checks, rowSumCheck(t, ti, i, cell.Column, parts, "其下各行之和"))
				}
			}
		}
		// The total above the first section: the sum of the 小计.
		for i := range t.Rows {
			if !isTotalRow(t, i) || isSectionSubtotal(t, i) || i+1 >= len(t.Rows) || !isSectionSubtotal(t, i+1) {
				continue
			}
			var subs []int
			for j := i + 1; j < len(t.Rows); j++ {
				if isSectionSubtotal(t, j) && t.Rows[j].Side == t.Rows[i].Side {
					subs = append(subs, j)
				} else if isTotalRow(t, j) {
					break
				}
			}
			if len(subs) < 2 {
				continue
			}
			for _, cell := range t.Rows[i].Cells {
				if cell.Column < len(t.Columns) {
					checks = append(checks, rowSumCheck(t, ti, i, cell.Column, subs, "各小计之和"))
				}
			}
		}
		c.reportSums(checks, true)
	}
}

// isSectionSubtotal reports a row named X小计 that heads or ends a
// section (一般公共预算资金小计), not the year's (本年收入小计).
func isSectionSubtotal(t *Table, i int) bool {
	r := t.Rows[i]
	n := CompactName(r.Name)
	return r.Code == "" && r.Parent < 0 && len(r.Cells) > 0 && strings.HasSuffix(n, "小计") &&
		!strings.HasPrefix(n, "本年") && !strings.HasPrefix(n, "当年") && !strings.HasPrefix(n, "收入") && !strings.HasPrefix(n, "支出")
}

// opensSections reports whether the table's 小计 head their sections: the
// first of them comes right after a total, or first.
func opensSections(t *Table, i int) bool {
	for j := 0; j < len(t.Rows); j++ {
		if isSectionSubtotal(t, j) {
			return j == 0 || isTotalRow(t, j-1) && !isSectionSubtotal(t, j-1)
		}
	}
	return false
}
