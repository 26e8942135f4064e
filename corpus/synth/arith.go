package synth

import (
	"math"
	"regexp"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/budgetqa/budgetqa/corpus"
)

// Scaling a printed figure and rounding it keeps a sum within the rounding
// of its parts only if the sum held exactly before scaling. A template's
// own sums hold within rounding (2,946.25 printed for parts that add up to
// 2,946.26), and multiplying such a gap by the factor can push it past the
// rounding the check allows. settle therefore estimates, once per
// template, values that the printed figures are roundings of and that
// satisfy the tables' sums exactly, and scales those.

// group is one printed figure (a value at a precision) wherever it is
// printed: the same quantity in several tables and the text scales to the
// same figure.
type group struct {
	v, h   decimal.Decimal // value and half a unit of its last digit, in 元
	fv, fh float64
	x      float64 // the estimate, in 元
}

// relation says that a parent group is the sum of child groups.
type relation struct {
	parent   int
	children []int
}

// settle sets the exact value of every money site: the estimate of its
// figure's group, or of the most precise group it is a rounding of. It
// returns how many sums it kept and the largest gap left in one (in 元).
func settle(d *corpus.Document, sites []site, cells map[cellKey]int) (sums int, gap float64) {
	var groups []group
	gid := make([]int, len(sites))
	index := map[string]int{}
	for i, s := range sites {
		gid[i] = -1
		if s.kind != siteMoney {
			continue
		}
		v, _ := corpus.Convert(s.value, s.unit, corpus.Yuan)
		h, _ := corpus.Convert(corpus.HalfUnit(s.places), s.unit, corpus.Yuan)
		key := v.String() + "|" + h.String()
		g, ok := index[key]
		if !ok {
			g = len(groups)
			fv, _ := v.Float64()
			fh, _ := h.Float64()
			groups = append(groups, group{v: v, h: h, fv: fv, fh: fh, x: fv})
			index[key] = g
		}
		gid[i] = g
	}
	term := func(k cellKey, raw string) (int, bool) {
		if i, ok := cells[k]; ok {
			return gid[i], true
		}
		if strings.TrimSpace(raw) == "" {
			return -1, true // printed empty: zero
		}
		return 0, false // a figure not found: the relation cannot be kept
	}
	var rels []relation
	for ti, tb := range d.Tables {
		if corpus.IsMoney(tb.Unit) {
			rels = append(rels, tableRelations(ti, tb, term, func(r relation) (bool, bool) {
				return holds(groups, r), !groups[r.parent].v.IsZero()
			})...)
		}
	}
	var kept []relation
	for _, r := range rels {
		if holds(groups, r) {
			kept = append(kept, r)
		}
	}
	gap = solve(groups, kept)

	exact := make([]decimal.Decimal, len(groups))
	for g := range groups {
		if groups[g].x == groups[g].fv {
			exact[g] = groups[g].v
		} else {
			exact[g] = decimal.NewFromFloat(groups[g].x)
		}
	}
	// Link each figure to the most precise group it is a rounding of
	// (9628.22万元 in the text, 96,282,213.44元 in a table; 183.6 and 183.60).
	byValue := make([]int, len(groups))
	for g := range byValue {
		byValue[g] = g
	}
	sort.Slice(byValue, func(a, b int) bool { return groups[byValue[a]].fv < groups[byValue[b]].fv })
	for i := range sites {
		g := gid[i]
		if g < 0 {
			continue
		}
		src := g
		own := groups[g]
		if own.fv != 0 {
			lo := sort.Search(len(byValue), func(k int) bool { return groups[byValue[k]].fv >= own.fv-own.fh })
			for k := lo; k < len(byValue) && groups[byValue[k]].fv <= own.fv+own.fh; k++ {
				c := byValue[k]
				cg, sg := groups[c], groups[src]
				if cg.fh < sg.fh || (cg.fh == sg.fh && src != g && math.Abs(cg.fv-own.fv) < math.Abs(sg.fv-own.fv)) {
					src = c
				}
			}
		}
		sites[i].exact, _ = corpus.Convert(exact[src], corpus.Yuan, sites[i].unit)
	}
	return len(kept), gap
}

// holds reports whether a relation holds in the template within the
// rounding of its figures, as the parser and the check allow.
func holds(groups []group, r relation) bool {
	if len(r.children) == 0 {
		return false
	}
	diff := groups[r.parent].v
	tol := groups[r.parent].h
	for _, c := range r.children {
		diff = diff.Sub(groups[c].v)
		tol = tol.Add(groups[c].h)
	}
	return diff.Abs().LessThanOrEqual(tol)
}

// solve moves the estimates, each within the rounding of its printed
// figure, until every relation holds exactly: cyclic projections onto
// each relation's hyperplane and the bounds, which converge when the
// relations can all hold. Zero stays zero. It returns the largest gap
// left.
func solve(groups []group, rels []relation) float64 {
	if len(rels) == 0 {
		return 0
	}
	clip := func(g int) {
		gr := &groups[g]
		if gr.fv == 0 {
			gr.x = 0
			return
		}
		gr.x = min(max(gr.x, gr.fv-gr.fh), gr.fv+gr.fh)
	}
	worst := 0.0
	for range 2000 {
		worst = 0.0
		for _, r := range rels {
			e := groups[r.parent].x
			for _, c := range r.children {
				e -= groups[c].x
			}
			worst = max(worst, math.Abs(e))
			step := e / float64(len(r.children)+1)
			groups[r.parent].x -= step
			clip(r.parent)
			for _, c := range r.children {
				groups[c].x += step
				clip(c)
			}
		}
		if worst < 1e-7 {
			break
		}
	}
	return worst
}

var totalNameRE = regexp.MustCompile(`(合计|总计|小计)$`)

// tableRelations returns the sums of a table: each parent row is the sum
// of its children; a 合计 row is the sum of the level-1 rows below (or
// above) it; an aggregate column (合计, 小计, 支出总计) is the sum of the run
// of columns right of it that adds up on every row. term returns the group
// of a cell, -1 for a cell printed empty, and false for a figure that has
// no site; check reports whether a relation holds and its parent is not
// zero.
func tableRelations(ti int, tb *corpus.Table, term func(cellKey, string) (int, bool), check func(relation) (holds, nonzero bool)) []relation {
	var rels []relation
	cellRaw := func(r *corpus.Row, col int) (string, bool) {
		for _, c := range r.Cells {
			if c.Column == col {
				return c.Raw, true
			}
		}
		return "", false
	}
	// rel builds parent = sum of parts for one column, or reports false.
	rel := func(pr int, pcol int, parts [][2]int) (relation, bool) {
		raw, ok := cellRaw(tb.Rows[pr], pcol)
		if !ok {
			return relation{}, false
		}
		p, ok := term(cellKey{ti, pr, pcol}, raw)
		if !ok || p < 0 {
			return relation{}, false
		}
		r := relation{parent: p}
		for _, part := range parts {
			raw, _ := cellRaw(tb.Rows[part[0]], part[1])
			c, ok := term(cellKey{ti, part[0], part[1]}, raw)
			if !ok {
				return relation{}, false
			}
			if c >= 0 {
				r.children = append(r.children, c)
			}
		}
		return r, true
	}
	kids := make([][]int, len(tb.Rows))
	for i, r := range tb.Rows {
		if r.Parent >= 0 && r.Parent < len(tb.Rows) {
			kids[r.Parent] = append(kids[r.Parent], i)
		}
	}
	// A total is a 合计 row, or a row naming a unit (深圳市龙岗区信访局本级):
	// unnumbered, without a code, part of nothing.
	isTotal := func(i int) bool {
		r := tb.Rows[i]
		return r.Code == "" && r.Parent < 0 && (r.Level == 0 || totalNameRE.MatchString(corpus.CompactName(r.Name)))
	}
	levelOne := func(i int) []int {
		collect := func(from, step int) []int {
			var out []int
			for j := from; j >= 0 && j < len(tb.Rows); j += step {
				if tb.Rows[j].Side != tb.Rows[i].Side {
					continue
				}
				if isTotal(j) {
					break
				}
				if tb.Rows[j].Level == 1 && tb.Rows[j].Parent < 0 {
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
	for i, r := range tb.Rows {
		var below []int
		if len(kids[i]) > 0 {
			below = kids[i]
		} else if isTotal(i) {
			below = levelOne(i)
		}
		if len(below) == 0 {
			continue
		}
		for _, c := range r.Cells {
			parts := make([][2]int, len(below))
			for k, j := range below {
				parts[k] = [2]int{j, c.Column}
			}
			if x, ok := rel(i, c.Column, parts); ok {
				rels = append(rels, x)
			}
		}
	}
	// Column sums, per side, innermost first.
	sides := map[int][]int{}
	var sideOrder []int
	for ci, c := range tb.Columns {
		if _, ok := sides[c.Side]; !ok {
			sideOrder = append(sideOrder, c.Side)
		}
		sides[c.Side] = append(sides[c.Side], ci)
	}
	for _, side := range sideOrder {
		cols := sides[side]
		claimed := map[int]int{} // position → position of the aggregate that took it
		for a := len(cols) - 2; a >= 0; a-- {
			if !aggregateColumn(tb.Columns[cols[a]]) {
				continue
			}
			for j := a + 2; j < len(cols); j++ {
				var parts []int
				for q := a + 1; q <= j; q++ {
					if at, ok := claimed[q]; ok && at <= j {
						continue
					}
					if strings.HasPrefix(tb.Columns[cols[q]].Label, "其中") {
						continue
					}
					parts = append(parts, cols[q])
				}
				if len(parts) < 2 {
					continue
				}
				var found []relation
				all, nonzero := true, false
				for ri, r := range tb.Rows {
					if r.Side != side {
						continue
					}
					if _, ok := cellRaw(r, cols[a]); !ok {
						continue
					}
					ps := make([][2]int, len(parts))
					for k, pc := range parts {
						ps[k] = [2]int{ri, pc}
					}
					x, ok := rel(ri, cols[a], ps)
					if !ok {
						continue
					}
					h, nz := check(x)
					if !h {
						all = false
						break
					}
					nonzero = nonzero || nz
					found = append(found, x)
				}
				if !all || !nonzero {
					continue
				}
				for q := a + 1; q <= j; q++ {
					claimed[q] = a
				}
				rels = append(rels, found...)
				break
			}
		}
	}
	return rels
}

// aggregateColumn reports whether a column is a total of other columns.
func aggregateColumn(c corpus.Column) bool {
	switch c.Meaning {
	case corpus.MeaningTotal, corpus.MeaningSubtotal, corpus.MeaningSanGong, corpus.MeaningCar, corpus.MeaningProcure:
		return true
	}
	return corpus.MentionsTotal(c.Label)
}
