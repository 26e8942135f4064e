package pdf

import (
	"math"
	"sort"
)

// This file finds ruled tables: the rules drawn on a page are merged
// (pieces of one line, double rules), grouped into connected sets, and each
// set that encloses more than one row and column becomes a Grid of cells.

// Tolerances, in points.
const (
	joinGap    = 2.0 // pieces of one rule are at most this far apart
	doubleRule = 4.0 // parallel rules closer than this are one (double) rule
	touch      = 2.5 // a rule ends this close to another still meets it
	minRule    = 3.0 // shorter pieces are dots or tick marks, not rules
)

// Grid is one ruled table on a page: the x positions of its column
// boundaries and the y positions of its row boundaries, left to right and
// top to bottom, and which boundaries are drawn in each row and column.
type Grid struct {
	Box Box
	Xs  []float64 // column boundaries
	Ys  []float64 // row boundaries
	// vert[r][k] reports whether boundary Xs[k] is drawn in row band r;
	// horiz[r][c] whether boundary Ys[r] is drawn over column band c.
	vert  [][]bool
	horiz [][]bool
}

// Rows returns the number of row bands.
func (g *Grid) Rows() int { return len(g.Ys) - 1 }

// Cols returns the number of column bands.
func (g *Grid) Cols() int { return len(g.Xs) - 1 }

// Grids finds the ruled tables among rules. A set of connected rules that
// encloses fewer than two columns (a frame around a paragraph) is not a
// table; one row of cells is (the last row of a table, alone on the next
// page).
func Grids(rules []Rule) []*Grid {
	hs, vs := mergeRules(rules)
	comps := components(hs, vs)
	var out []*Grid
	for _, c := range comps {
		if g := buildGrid(c.h, c.v); g != nil {
			out = append(out, g)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if math.Abs(out[i].Box.Y0-out[j].Box.Y0) > 1 {
			return out[i].Box.Y0 < out[j].Box.Y0
		}
		return out[i].Box.X0 < out[j].Box.X0
	})
	return out
}

// mergeRules splits rules into horizontal and vertical ones and joins the
// pieces of each line: collinear pieces that touch or overlap, and double
// rules drawn a few points apart.
func mergeRules(rules []Rule) (hs, vs []Rule) {
	for _, r := range rules {
		if r.Len() < minRule {
			continue
		}
		if r.Horizontal() {
			hs = append(hs, r)
		} else {
			vs = append(vs, r)
		}
	}
	return joinLines(hs, true), joinLines(vs, false)
}

// joinLines merges parallel rules on (nearly) the same line whose extents
// touch. For horizontal rules the line is y and the extent x.
func joinLines(rs []Rule, horizontal bool) []Rule {
	type seg struct{ at, a, b float64 }
	segs := make([]seg, len(rs))
	for i, r := range rs {
		if horizontal {
			segs[i] = seg{r.Y0, r.X0, r.X1}
		} else {
			segs[i] = seg{r.X0, r.Y0, r.Y1}
		}
	}
	sort.Slice(segs, func(i, j int) bool {
		if segs[i].at != segs[j].at {
			return segs[i].at < segs[j].at
		}
		return segs[i].a < segs[j].a
	})
	// Cluster by line position: double rules and slight offsets merge.
	var out []Rule
	for i := 0; i < len(segs); {
		j := i + 1
		for j < len(segs) && segs[j].at-segs[j-1].at < doubleRule {
			j++
		}
		group := segs[i:j]
		sum := 0.0
		for _, s := range group {
			sum += s.at
		}
		at := sum / float64(len(group))
		sort.Slice(group, func(a, b int) bool { return group[a].a < group[b].a })
		a, b := group[0].a, group[0].b
		emit := func() {
			if horizontal {
				out = append(out, Rule{X0: a, Y0: at, X1: b, Y1: at})
			} else {
				out = append(out, Rule{X0: at, Y0: a, X1: at, Y1: b})
			}
		}
		for _, s := range group[1:] {
			if s.a <= b+joinGap {
				b = math.Max(b, s.b)
				continue
			}
			emit()
			a, b = s.a, s.b
		}
		emit()
		i = j
	}
	return out
}

type component struct{ h, v []Rule }

// components groups rules that cross or touch each other.
func components(hs, vs []Rule) []component {
	n := len(hs) + len(vs)
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i, h := range hs {
		for j, v := range vs {
			if v.X0 >= h.X0-touch && v.X0 <= h.X1+touch && h.Y0 >= v.Y0-touch && h.Y0 <= v.Y1+touch {
				a, b := find(i), find(len(hs)+j)
				if a != b {
					parent[a] = b
				}
			}
		}
	}
	groups := map[int]*component{}
	var order []int
	get := func(i int) *component {
		root := find(i)
		c, ok := groups[root]
		if !ok {
			c = &component{}
			groups[root] = c
			order = append(order, root)
		}
		return c
	}
	for i, h := range hs {
		c := get(i)
		c.h = append(c.h, h)
	}
	for j, v := range vs {
		c := get(len(hs) + j)
		c.v = append(c.v, v)
	}
	out := make([]component, 0, len(order))
	for _, root := range order {
		out = append(out, *groups[root])
	}
	return out
}

// cluster returns the sorted distinct positions of vals, those closer than
// tol merged into their mean.
func cluster(vals []float64, tol float64) []float64 {
	if len(vals) == 0 {
		return nil
	}
	s := append([]float64(nil), vals...)
	sort.Float64s(s)
	var out []float64
	start, sum := 0, s[0]
	for i := 1; i <= len(s); i++ {
		if i < len(s) && s[i]-s[i-1] < tol {
			sum += s[i]
			continue
		}
		out = append(out, sum/float64(i-start))
		if i < len(s) {
			start, sum = i, s[i]
		}
	}
	return out
}

// buildGrid makes the grid of one connected set of rules, or nil when it
// does not enclose at least one row of two columns.
func buildGrid(hs, vs []Rule) *Grid {
	if len(hs) == 0 || len(vs) == 0 {
		return nil
	}
	var xs, ys []float64
	box := Box{X0: math.Inf(1), Y0: math.Inf(1), X1: math.Inf(-1), Y1: math.Inf(-1)}
	for _, v := range vs {
		xs = append(xs, v.X0)
		box.Y0, box.Y1 = math.Min(box.Y0, v.Y0), math.Max(box.Y1, v.Y1)
		box.X0, box.X1 = math.Min(box.X0, v.X0), math.Max(box.X1, v.X0)
	}
	for _, h := range hs {
		ys = append(ys, h.Y0)
		box.X0, box.X1 = math.Min(box.X0, h.X0), math.Max(box.X1, h.X1)
		box.Y0, box.Y1 = math.Min(box.Y0, h.Y0), math.Max(box.Y1, h.Y0)
	}
	// An open edge (no top rule on a continuation page, no side rules) is
	// still a boundary: the rules of the other direction end there.
	xs = append(xs, box.X0, box.X1)
	ys = append(ys, box.Y0, box.Y1)
	xs = cluster(xs, doubleRule)
	ys = cluster(ys, doubleRule)
	// Bands thinner than a line of text are drawing slop, not rows.
	xs = dropThin(xs, 4)
	ys = dropThin(ys, 4)
	if len(xs) < 3 || len(ys) < 2 {
		return nil
	}
	g := &Grid{Box: Box{X0: xs[0], Y0: ys[0], X1: xs[len(xs)-1], Y1: ys[len(ys)-1]}, Xs: xs, Ys: ys}
	g.vert = make([][]bool, g.Rows())
	for r := range g.vert {
		g.vert[r] = make([]bool, len(xs))
		mid := (ys[r] + ys[r+1]) / 2
		lo, hi := ys[r]+(ys[r+1]-ys[r])*0.25, ys[r+1]-(ys[r+1]-ys[r])*0.25
		for k, x := range xs {
			if k == 0 || k == len(xs)-1 {
				g.vert[r][k] = true
				continue
			}
			for _, v := range vs {
				if math.Abs(v.X0-x) < doubleRule && v.Y0 <= lo+touch && v.Y1 >= hi-touch {
					g.vert[r][k] = true
					break
				}
			}
			_ = mid
		}
	}
	g.horiz = make([][]bool, len(ys))
	for r, y := range ys {
		g.horiz[r] = make([]bool, g.Cols())
		for c := range g.horiz[r] {
			if r == 0 || r == len(ys)-1 {
				g.horiz[r][c] = true
				continue
			}
			lo, hi := xs[c]+(xs[c+1]-xs[c])*0.25, xs[c+1]-(xs[c+1]-xs[c])*0.25
			for _, h := range hs {
				if math.Abs(h.Y0-y) < doubleRule && h.X0 <= lo+touch && h.X1 >= hi-touch {
					g.horiz[r][c] = true
					break
				}
			}
		}
	}
	return g
}

// dropThin merges boundaries closer than min into one.
func dropThin(vals []float64, min float64) []float64 {
	out := vals[:0:0]
	for _, v := range vals {
		if len(out) > 0 && v-out[len(out)-1] < min {
			continue
		}
		out = append(out, v)
	}
	return out
}

// GridCell is one cell of a grid: the row and column bands it spans.
type GridCell struct {
	Row, Col       int // top-left band
	RowEnd, ColEnd int // exclusive
	Box            Box
}

// Cells returns the grid's cells, merged across undrawn boundaries, in
// row-major order of their top-left band.
func (g *Grid) Cells() []GridCell {
	owner := make([][]int, g.Rows())
	for r := range owner {
		owner[r] = make([]int, g.Cols())
		for c := range owner[r] {
			owner[r][c] = -1
		}
	}
	var cells []GridCell
	for r := 0; r < g.Rows(); r++ {
		for c := 0; c < g.Cols(); c++ {
			if owner[r][c] >= 0 {
				continue
			}
			// Extend right while the boundary is not drawn in this row.
			ce := c + 1
			for ce < g.Cols() && !g.vert[r][ce] && owner[r][ce] < 0 {
				ce++
			}
			// Extend down while the boundary below is not drawn over the
			// whole span.
			re := r + 1
			for re < g.Rows() {
				open := true
				for k := c; k < ce; k++ {
					if g.horiz[re][k] || owner[re][k] >= 0 {
						open = false
						break
					}
				}
				if !open {
					break
				}
				re++
			}
			idx := len(cells)
			for rr := r; rr < re; rr++ {
				for cc := c; cc < ce; cc++ {
					owner[rr][cc] = idx
				}
			}
			cells = append(cells, GridCell{Row: r, Col: c, RowEnd: re, ColEnd: ce,
				Box: Box{X0: g.Xs[c], Y0: g.Ys[r], X1: g.Xs[ce], Y1: g.Ys[re]}})
		}
	}
	return cells
}
