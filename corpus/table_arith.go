package corpus

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// The arithmetic of a table: which columns sum to which (合计 = 基本支出 +
// 项目支出), which rows sum to which (a 类 to its 款, 合计 to the 类), and
// what fails. A difference no larger than half a unit of the last printed
// digit of each figure involved is rounding.

func codeLevel(code string) int {
	switch len(code) {
	case 3:
		return 1
	case 5:
		return 2
	case 7:
		return 3
	}
	return 0
}

// hierarchy sets each row's Level and Parent: from the 科目编码, else from
// the numbering of its name (一、 above 1.), per side.
func (bd *builder) hierarchy() {
	t := bd.t
	type ent struct{ rank, idx int }
	stacks := map[int][]ent{}
	seenRank := map[[2]int]bool{}
	lastOnSide := map[int]int{}
	lastCode := map[string]int{} // side and code → the last row with it
	rank := make([]int, len(t.Rows))
	for i, r := range t.Rows {
		pr := bd.rows[i]
		prev, hasPrev := lastOnSide[r.Side]
		lastOnSide[r.Side] = i
		if r.Code != "" {
			r.Level = codeLevel(r.Code)
			for n := len(r.Code) - 2; n >= 3 && r.Parent < 0; n -= 2 {
				if j, ok := lastCode[itoa(r.Side)+":"+r.Code[:n]]; ok {
					r.Parent = j
				}
			}
			lastCode[itoa(r.Side)+":"+r.Code] = i
			continue
		}
		if isTotalName(r.Name) || pr.unit {
			stacks[r.Side] = nil
			continue
		}
		rk, ord, _ := enumeration(squeeze(pr.raw))
		rank[i] = rk
		if rk == 0 {
			continue
		}
		st := stacks[r.Side]
		// A list that starts again at 一 under an unnumbered row is its parts
		// (年初结转和结余 / 一、一般公共预算财政拨款).
		if ord == 1 && seenRank[[2]int{r.Side, rk}] && hasPrev {
			p := t.Rows[prev]
			if rank[prev] == 0 && p.Code == "" && !isTotalName(p.Name) && !bd.rows[prev].unit && !bd.rows[prev].valueless {
				st = []ent{{0, prev}}
			}
		}
		for len(st) > 0 && st[len(st)-1].rank >= rk {
			st = st[:len(st)-1]
		}
		r.Level = 1
		if len(st) > 0 {
			r.Parent = st[len(st)-1].idx
			r.Level = t.Rows[r.Parent].Level + 1
		}
		stacks[r.Side] = append(st, ent{rk, i})
		seenRank[[2]int{r.Side, rk}] = true
	}
	bd.kids = make([][]int, len(t.Rows))
	for i, r := range t.Rows {
		if r.Parent >= 0 {
			bd.kids[r.Parent] = append(bd.kids[r.Parent], i)
		}
	}
	// A row printed without figures above parts that have figures is a
	// heading, not a row of zeros.
	for i, r := range t.Rows {
		if bd.rows[i].valueless && bd.hasNonzeroBelow(i) {
			r.Cells = nil
		}
	}
}

func (bd *builder) hasNonzeroBelow(i int) bool {
	for _, j := range bd.kids[i] {
		for _, c := range bd.t.Rows[j].Cells {
			if !c.Value.IsZero() {
				return true
			}
		}
		if bd.hasNonzeroBelow(j) {
			return true
		}
	}
	return false
}

// figure is a cell's value with the rounding it may carry.
func figure(r *Row, col int) (decimal.Decimal, decimal.Decimal, bool) {
	for _, c := range r.Cells {
		if c.Column == col {
			if c.Blank {
				return c.Value, decimal.Zero, true
			}
			return c.Value, HalfUnit(Places(c.Raw)), true
		}
	}
	return decimal.Zero, decimal.Zero, false
}

func rowRef(r *Row) string {
	if s := strings.TrimSpace(r.Code + " " + r.Name); s != "" {
		return s
	}
	return "at line " + itoa(r.Line)
}

func (bd *builder) colName(ci int) string {
	c := bd.t.Columns[ci]
	name := c.Label
	if name == "" {
		name = c.Meaning
	}
	if name == "" {
		name = "#" + itoa(ci+1)
	}
	return name
}

func (bd *builder) doubt(r *Row, msg string) {
	bd.t.Doubts = append(bd.t.Doubts, Doubt{Line: r.Line, Message: msg})
	if r.Doubt == "" {
		r.Doubt = msg
	} else {
		r.Doubt += "; " + msg
	}
}

func (bd *builder) confirm(s string) {
	for _, c := range bd.t.Confirmed {
		if c == s {
			return
		}
	}
	bd.t.Confirmed = append(bd.t.Confirmed, s)
}

// maxArithRows bounds the arithmetic checks; real tables have a few
// hundred rows at most.
const maxArithRows = 5000

// settle checks the column relations, then the rows.
func (bd *builder) settle() {
	if len(bd.t.Rows) > maxArithRows {
		return
	}
	for s := range bd.sideCols {
		bd.columnSums(s)
	}
	bd.rowSums()
}

// twoLevel reports a column whose Group is the item and Meaning the measure.
func (bd *builder) twoLevel(ci int) bool {
	c := bd.t.Columns[ci]
	if !isMeasure(c.Meaning) || c.Group == "" {
		return false
	}
	m, ok := exactMeaning(c.Group)
	return ok && !isMeasure(m)
}

func (bd *builder) item(ci int) string {
	if bd.twoLevel(ci) {
		return bd.t.Columns[ci].Group
	}
	return bd.t.Columns[ci].Meaning
}

func (bd *builder) setItem(ci int, m string) {
	c := &bd.t.Columns[ci]
	if bd.twoLevel(ci) {
		c.Group = m
		return
	}
	c.Meaning = m
	hc := &hcol{item: m, group: c.Group}
	hc.defaultGroup()
	c.Group = hc.group
}

func isAggregate(item, label string) bool {
	switch item {
	case MeaningTotal, MeaningSubtotal, MeaningSanGong, MeaningCar, MeaningProcure:
		return true
	}
	return MentionsTotal(label)
}

// maxSumColumns bounds the search for column sums; real tables have a
// dozen value columns.
const maxSumColumns = 40

// columnSums finds, for each 合计/小计 column of a side, the run of columns
// to its right that sums to it on (nearly) every row, innermost first, and
// uses the parts to settle what a 小计 is the subtotal of.
func (bd *builder) columnSums(side int) {
	parts := map[string][]int{}
	var order []string
	for _, ci := range bd.sideCols[side] {
		k := ""
		if bd.twoLevel(ci) {
			k = bd.t.Columns[ci].Meaning
		}
		if _, ok := parts[k]; !ok {
			order = append(order, k)
		}
		parts[k] = append(parts[k], ci)
	}
	var rows []*Row
	for _, r := range bd.t.Rows {
		if r.Side == side && len(r.Cells) > 0 {
			rows = append(rows, r)
		}
	}
	for _, k := range order {
		cols := parts[k]
		if len(cols) > maxSumColumns {
			continue
		}
		claimed := map[int]int{} // column → position of the aggregate that claimed it
		for i := len(cols) - 1; i >= 0; i-- {
			ci := cols[i]
			if !isAggregate(bd.item(ci), bd.t.Columns[ci].Label) {
				continue
			}
			// The run of columns that sums to it: the shortest that holds on
			// every row, else the one that fails on the fewest.
			var best []int
			var bestFails []*Row
			for j := i + 1; j < len(cols); j++ {
				var ps []int
				for q := i + 1; q <= j; q++ {
					if a, ok := claimed[q]; ok && a <= j {
						continue
					}
					if strings.HasPrefix(bd.t.Columns[cols[q]].Label, "其中") {
						continue
					}
					ps = append(ps, q)
				}
				if len(ps) < 2 {
					continue
				}
				if ok, fails := bd.relation(rows, ci, pick(cols, ps)); ok && (best == nil || len(fails) < len(bestFails)) {
					best, bestFails = ps, fails
					if len(fails) == 0 {
						break
					}
				}
			}
			found := best != nil
			if found {
				// Columns right after the parts that are empty on every row
				// belong to the sum too (上缴上级支出, 经营支出, …).
				for q := best[len(best)-1] + 1; q < len(cols); q++ {
					if _, ok := claimed[q]; ok {
						continue
					}
					if !bd.zeroColumn(rows, cols[q]) || isAggregate(bd.item(cols[q]), bd.t.Columns[cols[q]].Label) {
						break
					}
					best = append(best, q)
				}
				for _, q := range best {
					claimed[q] = i
				}
				bd.resolveSubtotal(ci, pick(cols, best))
				bd.confirmSum(ci, pick(cols, best), bestFails)
			}
			// Without figures to tell, a 小计 stands for the columns
			// printed right after it (小计 | 购置费 | 运行费).
			if !found && i+2 < len(cols) && bd.resolveSubtotal(ci, cols[i+1:i+3]) == MeaningCar {
				claimed[i+1], claimed[i+2] = i, i
			}
		}
	}
}

func pick(cols, at []int) []int {
	out := make([]int, len(at))
	for i, q := range at {
		out[i] = cols[q]
	}
	return out
}

func (bd *builder) zeroColumn(rows []*Row, ci int) bool {
	if strings.HasPrefix(bd.t.Columns[ci].Label, "其中") {
		return false
	}
	for _, r := range rows {
		if v, _, ok := figure(r, ci); ok && !v.IsZero() {
			return false
		}
	}
	return true
}

// relation checks column agg = sum of parts on the rows. It holds when it
// holds on every row with a figure, or, in a table of five rows or more,
// on four rows of five and on two that are not zero; it returns the rows
// that fail.
func (bd *builder) relation(rows []*Row, agg int, parts []int) (bool, []*Row) {
	var fails []*Row
	n, nonzero := 0, 0
	for _, r := range rows {
		a, sum, tol, ok := sumOf(r, agg, parts)
		if !ok {
			continue
		}
		n++
		if a.Sub(sum).Abs().GreaterThan(tol) {
			fails = append(fails, r)
		} else if !a.IsZero() {
			nonzero++
		}
	}
	if len(fails) == 0 {
		return nonzero > 0, nil
	}
	return n >= 5 && nonzero >= 2 && len(fails)*5 <= n, fails
}

func sumOf(r *Row, agg int, parts []int) (a, sum, tol decimal.Decimal, ok bool) {
	a, tol, ok = figure(r, agg)
	sum = decimal.Zero
	for _, p := range parts {
		if v, t2, ok := figure(r, p); ok {
			sum = sum.Add(v)
			tol = tol.Add(t2)
		}
	}
	return a, sum, tol, ok
}

// confirmSum records a column relation and doubts the rows that fail it.
func (bd *builder) confirmSum(agg int, parts []int, fails []*Row) {
	bd.confirm(bd.display(agg) + " = " + bd.partNames(parts))
	for _, r := range fails {
		a, sum, _, _ := sumOf(r, agg, parts)
		bd.doubt(r, fmt.Sprintf("row %s: %s %s ≠ %s %s", rowRef(r), bd.colName(agg),
			FormatNumber(a), bd.partNames(parts), FormatNumber(sum)))
	}
}

func (bd *builder) partNames(parts []int) string {
	var names []string
	for _, p := range parts {
		names = append(names, bd.display(p))
	}
	return strings.Join(names, " + ")
}

// display names a column by its meaning (its label when it has none).
func (bd *builder) display(ci int) string {
	if bd.twoLevel(ci) {
		return bd.item(ci) + bd.t.Columns[ci].Meaning
	}
	if m := bd.item(ci); m != "" {
		return m
	}
	return bd.colName(ci)
}

// resolveSubtotal says what a 小计 is the subtotal of, from its parts: the
// car's 购置费 and 运行费, or the three “三公” items.
func (bd *builder) resolveSubtotal(ci int, parts []int) string {
	switch bd.item(ci) {
	case MeaningSubtotal, MeaningSanGong, MeaningCar:
	default:
		return ""
	}
	car, three, other := 0, 0, 0
	for _, p := range parts {
		switch bd.item(p) {
		case MeaningCarBuy, MeaningCarRun:
			car++
		case MeaningAbroad, MeaningReception, MeaningCar:
			three++
		default:
			other++
		}
	}
	switch {
	case other > 0 || len(parts) == 0:
	case three == 0 && car > 0:
		bd.setItem(ci, MeaningCar)
	case three > 0:
		bd.setItem(ci, MeaningSanGong)
	}
	return bd.item(ci)
}

// rowSums checks each parent against the sum of its children and each
// 合计 against the sum of the level-1 rows it stands for.
func (bd *builder) rowSums() {
	t := bd.t
	type check struct {
		r     *Row
		col   int
		val   decimal.Decimal
		sum   decimal.Decimal
		short bool // the parts fall short: only wrong when all are here
		ok    bool
		what  string
		total bool
	}
	var checks []check
	add := func(r *Row, parts []*Row, what string, total bool, complete bool) {
		for _, c := range r.Cells {
			if bd.colPos[c.Column] < 0 && bd.hasHeader {
				continue // a column the header does not have: too little to go on
			}
			v, tol, _ := figure(r, c.Column)
			sum := decimal.Zero
			for _, p := range parts {
				pv, pt, _ := figure(p, c.Column)
				sum = sum.Add(pv)
				tol = tol.Add(pt)
			}
			diff := v.Sub(sum)
			ok := !diff.Abs().GreaterThan(tol)
			checks = append(checks, check{r: r, col: c.Column, val: v, sum: sum, ok: ok,
				short: !ok && diff.IsPositive() && !complete, what: what, total: total})
		}
	}
	for i, r := range t.Rows {
		if len(r.Cells) == 0 {
			continue
		}
		var kids []*Row
		for _, k := range bd.kids[i] {
			kids = append(kids, t.Rows[k])
		}
		if len(kids) > 0 {
			add(r, kids, "sum of children", false, bd.contiguous(i))
		}
		if r.Code == "" && r.Parent < 0 && (isTotalName(r.Name) || bd.rows[i].unit) {
			if l1 := bd.levelOne(i); len(l1) > 0 {
				add(r, l1, "sum of level-1 rows", true, true)
			}
		}
	}
	for _, total := range []bool{false, true} {
		holds, fails := 0, 0
		for _, c := range checks {
			if c.total != total {
				continue
			}
			if c.ok {
				holds++
			} else {
				fails++
			}
		}
		if holds == 0 {
			continue
		}
		if fails <= holds/10 {
			if total {
				bd.confirm("合计 = sum of level-1 rows")
			} else {
				bd.confirm("parent = sum of children")
			}
		}
		for _, c := range checks {
			if c.total != total || c.ok || c.short || fails > holds {
				continue
			}
			bd.doubt(c.r, fmt.Sprintf("row %s column %s: %s ≠ %s %s", rowRef(c.r), bd.colName(c.col),
				FormatNumber(c.val), c.what, FormatNumber(c.sum)))
		}
	}
}

// contiguous reports whether the children of row i are all one level
// below it and in the block of its descendants printed right below it, so
// that none is likely missing from the table.
func (bd *builder) contiguous(i int) bool {
	t := bd.t
	p := t.Rows[i]
	if p.Code == "" {
		return false
	}
	last := i
	for _, k := range bd.kids[i] {
		if len(t.Rows[k].Code) != len(p.Code)+2 {
			return false // a level is skipped: the table prints a selection
		}
		last = max(last, k)
	}
	desc := func(j int) bool {
		for k := t.Rows[j].Parent; k >= 0; k = t.Rows[k].Parent {
			if k == i {
				return true
			}
		}
		return false
	}
	for j := i + 1; j < last; j++ {
		if t.Rows[j].Side == p.Side && !desc(j) {
			return false
		}
	}
	return true
}

// levelOne returns the level-1 rows a total stands for: those after it up
// to the next total, or else those before it back to the previous one.
func (bd *builder) levelOne(i int) []*Row {
	t := bd.t
	side := t.Rows[i].Side
	isTotal := func(j int) bool {
		r := t.Rows[j]
		return r.Code == "" && r.Parent < 0 && (isTotalName(r.Name) || bd.rows[j].unit)
	}
	collect := func(from, step int) []*Row {
		var out []*Row
		for j := from; j >= 0 && j < len(t.Rows); j += step {
			r := t.Rows[j]
			if r.Side != side {
				continue
			}
			if isTotal(j) {
				break
			}
			if r.Level == 1 && r.Parent < 0 {
				out = append(out, r)
			}
		}
		return out
	}
	if out := collect(i+1, 1); len(out) > 0 {
		return out
	}
	return collect(i-1, -1)
}
