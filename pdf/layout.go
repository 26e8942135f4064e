package pdf

import (
	"math"
	"sort"
	"strings"
	"unicode"
)

// Line is one line of a page in reading order: a line of text outside the
// ruled tables, split into cells where a wide gap separates its words, or
// one row of a ruled table with one cell per grid column (empty cells
// included, a cell spanning columns in its first one), so that a column's
// cells sit at the same position in every row.
type Line struct {
	Page  int    `json:"page"`
	Box   Box    `json:"box"`
	Cells []Cell `json:"cells"`
	// Table is 1 + the index of the ruled table on the page the line is a
	// row of, 0 for text; Gapped marks text lines whose columns were
	// found from the gaps between words, not from rules.
	Table  int  `json:"table,omitempty"`
	Gapped bool `json:"gapped,omitempty"`
}

// Cell is the text of one cell or word group, with its box: the ruled
// cell's, or the words' own. Ink is the box of the text itself.
type Cell struct {
	Text string `json:"text"`
	Box  Box    `json:"box"`
	Ink  Box    `json:"ink"`
}

// Text returns the cells' texts joined with sep.
func (l Line) Text(sep string) string {
	parts := make([]string, len(l.Cells))
	for i, c := range l.Cells {
		parts[i] = c.Text
	}
	return strings.Join(parts, sep)
}

// Layout returns the page's lines in reading order: top to bottom, a
// table's rows together, tables printed side by side row by row.
func (p *Page) Layout() []Line {
	lines, _, _ := p.layout()
	return lines
}

// layout is Layout; it also returns the grids of the page's first and last
// table lines (nil without tables).
func (p *Page) layout() (lines []Line, first, last *Grid) {
	grids := Grids(p.Rules)
	inGrid := make([][]Char, len(grids))
	var free []Char
	for _, ch := range p.Chars {
		placed := false
		for gi, g := range grids {
			if g.Box.Contains(ch.Box.CX(), ch.Box.CY(), 0.5) {
				inGrid[gi] = append(inGrid[gi], ch)
				placed = true
				break
			}
		}
		if !placed {
			free = append(free, ch)
		}
	}
	type block struct {
		top   float64
		lines []Line
	}
	var blocks []block
	for _, l := range textLines(free) {
		blocks = append(blocks, block{top: l.Box.Y0, lines: []Line{l}})
	}
	for _, set := range sideBySide(grids) {
		var rows []Line
		for _, gi := range set {
			rows = mergeRows(rows, gridLines(grids[gi], inGrid[gi], gi+1))
		}
		if len(rows) > 0 {
			blocks = append(blocks, block{top: grids[set[0]].Box.Y0, lines: rows})
		}
	}
	sort.SliceStable(blocks, func(i, j int) bool { return blocks[i].top < blocks[j].top })
	for _, b := range blocks {
		lines = append(lines, b.lines...)
	}
	for i := range lines {
		lines[i].Page = p.Number
		if t := lines[i].Table; t > 0 {
			if first == nil {
				first = grids[t-1]
			}
			last = grids[t-1]
		}
	}
	markGapped(lines)
	return lines, first, last
}

// sideBySide groups the grids printed beside each other (their rows
// overlap vertically), each group left to right.
func sideBySide(grids []*Grid) [][]int {
	var sets [][]int
	used := make([]bool, len(grids))
	for i := range grids {
		if used[i] {
			continue
		}
		set := []int{i}
		used[i] = true
		for j := i + 1; j < len(grids); j++ {
			a, b := grids[i].Box, grids[j].Box
			overlap := math.Min(a.Y1, b.Y1) - math.Max(a.Y0, b.Y0)
			if !used[j] && overlap > 0.5*math.Min(a.H(), b.H()) && (b.X0 >= a.X1-touch || a.X0 >= b.X1-touch) {
				set = append(set, j)
				used[j] = true
			}
		}
		sort.Slice(set, func(x, y int) bool { return grids[set[x]].Box.X0 < grids[set[y]].Box.X0 })
		sets = append(sets, set)
	}
	return sets
}

// mergeRows joins the rows of a grid printed to the right of others: a row
// at the same height extends the row on its left; the others are rows of
// their own.
func mergeRows(left, right []Line) []Line {
	if len(left) == 0 {
		return right
	}
	width := len(left[0].Cells)
	var out []Line
	i, j := 0, 0
	for i < len(left) || j < len(right) {
		switch {
		case j >= len(right) || i < len(left) && left[i].Box.CY() < right[j].Box.Y0:
			out = append(out, left[i])
			i++
		case i >= len(left) || right[j].Box.CY() < left[i].Box.Y0:
			l := right[j]
			pad := make([]Cell, width, width+len(l.Cells))
			l.Cells = append(pad, l.Cells...)
			out = append(out, l)
			j++
		default:
			l := left[i]
			for len(l.Cells) < width {
				l.Cells = append(l.Cells, Cell{})
			}
			l.Cells = append(l.Cells, right[j].Cells...)
			l.Box = l.Box.Union(right[j].Box)
			out = append(out, l)
			i++
			j++
		}
	}
	return out
}

// gridLines returns a grid's rows, one line per row band that holds text.
func gridLines(g *Grid, chars []Char, table int) []Line {
	cells := g.Cells()
	byCell := make([][]Char, len(cells))
	for _, ch := range chars {
		x, y := ch.Box.CX(), ch.Box.CY()
		for i, c := range cells {
			if c.Box.Contains(x, y, 0.01) {
				byCell[i] = append(byCell[i], ch)
				break
			}
		}
	}
	rows := make([]Line, g.Rows())
	for r := range rows {
		rows[r] = Line{Cells: make([]Cell, g.Cols()), Table: table,
			Box: Box{X0: g.Xs[0], Y0: g.Ys[r], X1: g.Xs[len(g.Xs)-1], Y1: g.Ys[r+1]}}
	}
	used := make([]bool, g.Rows())
	for i, c := range cells {
		if len(byCell[i]) == 0 {
			continue
		}
		text := cellText(byCell[i])
		if text == "" {
			continue
		}
		var ink Box
		for _, ch := range byCell[i] {
			ink = ink.Union(ch.Box)
		}
		rows[c.Row].Cells[c.Col] = Cell{Text: text, Box: c.Box, Ink: ink}
		used[c.Row] = true
	}
	var out []Line
	for r, l := range rows {
		if used[r] {
			out = append(out, l)
		}
	}
	return out
}

// cellText joins the lines of text inside one cell.
func cellText(chars []Char) string {
	var b strings.Builder
	for _, l := range textLines(chars) {
		s := l.Text(" ")
		if b.Len() > 0 && joinSpace(b.String(), s) {
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	return strings.TrimSpace(b.String())
}

// joinSpace reports whether two pieces of text need a space between them:
// both sides Latin letters.
func joinSpace(prev, next string) bool {
	a := lastRune(prev)
	b := []rune(next)
	if len(b) == 0 {
		return false
	}
	return isLatin(a) && isLatin(b[0])
}

func lastRune(s string) rune {
	rs := []rune(s)
	if len(rs) == 0 {
		return 0
	}
	return rs[len(rs)-1]
}

func isLatin(r rune) bool { return r < 0x80 && unicode.IsLetter(r) }

// textLines groups characters into lines, top to bottom, each left to
// right and split into cells at wide gaps. Characters share a line when
// their baselines are within a third of the text's height of each other
// (glyph boxes vary: a quotation mark sits high, a comma low).
func textLines(chars []Char) []Line {
	if len(chars) == 0 {
		return nil
	}
	cs := append([]Char(nil), chars...)
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Base < cs[j].Base })
	var groups [][]Char
	var base float64
	for _, ch := range cs {
		if n := len(groups); n > 0 && ch.Base-base < 0.33*em(ch) {
			groups[n-1] = append(groups[n-1], ch)
			continue
		}
		groups = append(groups, []Char{ch})
		base = ch.Base
	}
	out := make([]Line, 0, len(groups))
	for _, g := range groups {
		sort.SliceStable(g, func(i, j int) bool { return g[i].Box.X0 < g[j].Box.X0 })
		out = append(out, splitLine(g))
	}
	return out
}

// em is a character's text height: its font size, or its box's height
// when the size is missing or implausible.
func em(ch Char) float64 {
	h := ch.Size
	if h <= 0 || h > 4*ch.Box.H()+4 {
		h = ch.Box.H()
	}
	return math.Max(h, 4)
}

// splitLine makes one line of characters sorted left to right, with a new
// cell wherever the gap is wider than twice the text's height, and a space
// where Latin words or figures are separated.
func splitLine(g []Char) Line {
	em := emSize(g)
	var l Line
	var b strings.Builder
	var box Box
	flush := func() {
		if b.Len() > 0 {
			l.Cells = append(l.Cells, Cell{Text: b.String(), Box: box, Ink: box})
		}
		b.Reset()
		box = Box{}
	}
	for i, ch := range g {
		if i > 0 {
			prev := g[i-1]
			gap := ch.Box.X0 - prev.Box.X1
			switch {
			case gap > 2*em, gap > 0.6*em && isFigureRune(prev.Rune) && isFigureRune(ch.Rune):
				// A wide gap, or figures apart: cells of a table
				// printed without rules.
				flush()
			case gap > 0.25*em && isWordRune(prev.Rune) && isWordRune(ch.Rune) && (isLatin(prev.Rune) || isLatin(ch.Rune)):
				// Latin words keep their space; the digits of one figure
				// printed with wide spacing do not get one.
				b.WriteByte(' ')
			}
		}
		b.WriteRune(ch.Rune)
		box = box.Union(ch.Box)
		l.Box = l.Box.Union(ch.Box)
	}
	flush()
	return l
}

func isFigureRune(r rune) bool { return r >= '0' && r <= '9' || r == ',' || r == '.' || r == '%' }

func isWordRune(r rune) bool { return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// emSize is the typical height of the characters of a line: the median
// of their font sizes, or of their box heights.
func emSize(g []Char) float64 {
	hs := make([]float64, 0, len(g))
	for _, ch := range g {
		hs = append(hs, em(ch))
	}
	sort.Float64s(hs)
	return hs[len(hs)/2]
}

// markGapped lays out runs of text lines split into several cells (a table
// printed without rules) as columns: the x ranges no cell of the run
// covers separate its columns, and each line gets one cell per column.
func markGapped(lines []Line) {
	for i := 0; i < len(lines); {
		if lines[i].Table != 0 || len(lines[i].Cells) < 2 {
			i++
			continue
		}
		j := i + 1
		for j < len(lines) && lines[j].Table == 0 && len(lines[j].Cells) >= 2 {
			j++
		}
		if j-i >= 3 {
			alignColumns(lines[i:j])
		}
		i = j
	}
}

// alignColumns puts the cells of lines into the columns their x ranges
// share.
func alignColumns(lines []Line) {
	type span struct{ a, b float64 }
	var spans []span
	for _, l := range lines {
		for _, c := range l.Cells {
			spans = append(spans, span{c.Box.X0, c.Box.X1})
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].a < spans[j].a })
	var cols []span
	for _, s := range spans {
		if n := len(cols); n > 0 && s.a <= cols[n-1].b {
			cols[n-1].b = math.Max(cols[n-1].b, s.b)
			continue
		}
		cols = append(cols, s)
	}
	if len(cols) < 2 {
		return
	}
	for li := range lines {
		out := make([]Cell, len(cols))
		for _, c := range lines[li].Cells {
			for k, col := range cols {
				if c.Box.CX() >= col.a && c.Box.CX() <= col.b {
					if out[k].Text != "" {
						out[k].Text += " " + c.Text
						out[k].Box = out[k].Box.Union(c.Box)
					} else {
						out[k] = c
					}
					break
				}
			}
		}
		lines[li].Cells = out
		lines[li].Gapped = true
	}
}

// Lines returns the lines of every page in reading order. A ruled table
// that continues at the top of the next page with fewer drawn columns has
// its cells put in the columns of the page before whose boundaries they
// share, so that a column keeps its position across pages.
func (f *File) Lines() []Line {
	var out []Line
	var prev *Grid // the last grid of the page before, when it ends the page
	for i := range f.Pages {
		p := &f.Pages[i]
		lines, first, last := p.layout()
		if prev != nil && first != nil {
			remap(lines, first, prev)
		}
		out = append(out, lines...)
		prev = last
	}
	return out
}

// remap puts the cells of the rows of grid g in the columns of grid prev
// when every column boundary of g is one of prev's and g has fewer: a table
// continued from the page before, where some rules are not drawn. A cell
// spanning several of prev's columns goes to the first of them, a figure
// to the one it is printed in (figures are aligned right, under their
// column's heading).
func remap(lines []Line, g, prev *Grid) {
	if g.Cols() >= prev.Cols() {
		return
	}
	for _, x := range g.Xs {
		found := false
		for _, px := range prev.Xs {
			if math.Abs(px-x) <= 3 {
				found = true
				break
			}
		}
		if !found {
			return
		}
	}
	column := func(c Cell) int {
		x := c.Box.X0 + 1
		if isFigure(c.Text) {
			x = c.Ink.CX()
		}
		for j := 0; j+1 < len(prev.Xs); j++ {
			if x < prev.Xs[j+1] {
				return j
			}
		}
		return prev.Cols() - 1
	}
	table := 0
	for i := range lines {
		if table == 0 && lines[i].Table > 0 && len(lines[i].Cells) == g.Cols() {
			table = lines[i].Table
		}
		if table == 0 || lines[i].Table != table {
			continue
		}
		cells := make([]Cell, prev.Cols())
		for _, c := range lines[i].Cells {
			if c.Text != "" {
				cells[column(c)] = c
			}
		}
		lines[i].Cells = cells
	}
}

// isFigure reports whether s is printed as a number: digits with
// separators, a sign or a percent sign.
func isFigure(s string) bool {
	digits := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits = true
		case strings.ContainsRune(",.-%+()（）", r):
		default:
			return false
		}
	}
	return digits
}
