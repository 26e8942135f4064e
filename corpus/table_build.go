package corpus

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// A table arrives as text lines with TAB-separated cells (table_cells.go).
// buildTable reads it in three passes: classify the lines (header, data,
// continuation, note, page furniture), read the header into columns
// (table_columns.go), then split each data line into segments (code? name
// values…), one per table printed side by side, and map the values to
// columns. The table's own
// arithmetic then confirms column meanings and flags doubts (table_arith.go).

// protoRow is a row before its values are mapped to columns.
type protoRow struct {
	line      int
	side      int
	code      string
	texts     []tcell
	vals      []tcell
	valueless bool
	unit      bool   // its only text is in the 预算单位 column
	raw       string // the name as printed, with its numbering
}

type builder struct {
	file  string
	b     tableBlock
	t     *Table
	hdr   *header
	rows  []*protoRow
	last  []int // rows made from the last row line, for continuations
	warns []Warning
	empty bool
	// column index of each header column, and value columns per side
	sideCols  [][]int
	colPos    []int
	hasHeader bool    // the header names value columns
	kids      [][]int // children of each row
}

func (bd *builder) warn(line int, format string, args ...any) {
	bd.warns = append(bd.warns, Warning{File: bd.file, Line: line,
		Message: fmt.Sprintf("table %s: ", bd.t.Ref()) + fmt.Sprintf(format, args...)})
}

// buildTable turns the raw lines of one table into a typed Table.
func buildTable(file string, b tableBlock) (*Table, []Warning) {
	bd := &builder{file: file, b: b, t: &Table{Number: b.Number, Title: b.Title, Unit: b.Unit,
		Line: b.Line, EndLine: b.Line}}
	type lc struct {
		num   int
		cells []tcell
	}
	var lines []lc
	for _, l := range b.Lines {
		if l.Num > bd.t.EndLine {
			bd.t.EndLine = l.Num
		}
		if cells := splitCells(l.Text); len(cells) > 0 {
			lines = append(lines, lc{l.Num, cells})
		}
	}
	// Pass 1: the header is the text lines before the first figure.
	first := len(lines)
	var hdrLines [][]tcell
	var early []int // rows found above the first figure (合计 with no values)
	for i, l := range lines {
		if bd.furniture(l.cells) || bd.note(l.num, l.cells) {
			continue
		}
		if hasNumber(l.cells) {
			first = i
			break
		}
		if isRowLike(l.cells) {
			early = append(early, i)
			continue
		}
		if h := headerCells(l.cells); len(h) > 0 {
			hdrLines = append(hdrLines, h)
		}
	}
	bd.hdr = buildHeader(hdrLines)
	for _, i := range early {
		bd.rowLine(lines[i].num, lines[i].cells)
	}
	// Pass 2: rows.
	var pending map[int]string // prefixes waiting for the next line
	for i := first; i < len(lines); i++ {
		num, cells := lines[i].num, lines[i].cells
		if endRE.MatchString(cells[0].text) {
			bd.t.EndLine = num - 1 // the 绩效指标 of a 绩效目标表 are another table
			break
		}
		if bd.furniture(cells) || bd.note(num, cells) || bd.hdr.seen[lineKey(cells)] {
			continue
		}
		if len(pending) > 0 {
			for j := range cells {
				if p, ok := pending[cells[j].col]; ok && cells[j].kind == cellText {
					cells[j].text = p + cells[j].text
				}
			}
			pending = nil
		}
		if len(cells) == 1 && cells[0].kind == cellNumber && pageRE.MatchString(cells[0].text) {
			continue // a page number
		}
		if allKind(cells, cellDash) {
			continue
		}
		if allKind(cells, cellText) {
			var next []tcell
			if i+1 < len(lines) {
				next = lines[i+1].cells
			}
			var rest []tcell
			rest, pending = bd.continuation(cells, next)
			if len(rest) == 0 {
				continue
			}
			cells = rest
		}
		bd.rowLine(num, cells)
	}
	bd.finish()
	return bd.t, bd.warns
}

// headerCells drops the cells of a header line that name an organisation
// (部门名称 and 主管部门 printed inside the table).
func headerCells(cells []tcell) []tcell {
	var out []tcell
	for _, c := range cells {
		if !orgRE.MatchString(c.text) {
			out = append(out, c)
		}
	}
	return out
}

// isRowLike reports whether a text line above the figures is a row with no
// values rather than a header: 合计, or a numbered item.
func isRowLike(cells []tcell) bool {
	for _, c := range cells {
		if r, _, _ := enumeration(c.text); r > 0 || isTotalName(c.text) {
			return len(cells) <= 2
		}
	}
	return false
}

// furniture reports page furniture: the title again, 部门/单位 lines, 表N.
func (bd *builder) furniture(cells []tcell) bool {
	var b strings.Builder
	for _, c := range cells {
		if c.kind == cellNumber && !yearCellRE.MatchString(c.text+"年") {
			return false
		}
		b.WriteString(c.text)
	}
	j := matchKey(b.String())
	if m := blockUnitRE.FindStringSubmatch(j); m != nil {
		bd.t.Unit = m[1] // the table's own 单位：元 beats the document's default
		return true
	}
	for _, c := range cells {
		if furnRE.MatchString(matchKey(c.text)) {
			return true
		}
	}
	if title := matchKey(bd.b.Title); title != "" && (j == title || strings.Contains(j, title)) {
		return true
	}
	n := utf8.RuneCountInString(j)
	return n >= 4 && (strings.HasSuffix(j, "表") || strings.HasPrefix(j, "表")) && !hasNumberCell(cells)
}

// note records 注：… lines and says whether the table is empty.
func (bd *builder) note(num int, cells []tcell) bool {
	isNote := false
	if n := len(cells); n > 1 && cells[n-1].kind == cellNumber && pageRE.MatchString(cells[n-1].text) &&
		strings.HasPrefix(cells[0].text, "注") {
		cells = cells[:n-1] // 注：… with the page number beside it
	}
	for i, c := range cells {
		if c.kind != cellText {
			return false
		}
		if (i == 0 && noteRE.MatchString(c.text)) || strings.HasPrefix(c.text, "注：") || strings.HasPrefix(c.text, "注:") {
			isNote = true
		}
	}
	var b strings.Builder
	for _, c := range cells {
		b.WriteString(c.text)
	}
	text := b.String()
	body := strings.TrimLeft(strings.TrimPrefix(strings.TrimPrefix(text, "注："), "注:"), "：: ")
	marker := emptyRE.MatchString(body) && (isNote || len(cells) == 1)
	if marker {
		bd.empty = true
	}
	if isNote || marker {
		bd.t.Notes = append(bd.t.Notes, text)
		return true
	}
	return false
}

// continuation attaches the text fragments of a line to the cells of the
// row above (三、单位预留机 / 动经费) or keeps them for the row below
// (公共财政拨款(补助) / 资金 13,649.07). It returns the cells that are
// neither, which form a row of their own.
func (bd *builder) continuation(cells, next []tcell) (rest []tcell, pending map[int]string) {
	for _, c := range cells {
		if strings.HasSuffix(c.text, "。") && utf8.RuneCountInString(c.text) > 6 {
			continue // the rest of a description
		}
		if r, _, _ := enumeration(c.text); r > 0 || c.kind == cellYear || strings.HasPrefix(c.text, "其中") {
			rest = append(rest, c)
			continue
		}
		if row, ti := bd.target(c.col); row != nil && attachable(c.text, row.texts[ti].text, len(row.vals) > 0) {
			row.texts[ti].text += c.text
			continue
		}
		if prefixOf(c, next) {
			if pending == nil {
				pending = map[int]string{}
			}
			pending[c.col] = c.text
			continue
		}
		rest = append(rest, c)
	}
	return rest, pending
}

// target finds the text cell of the last row line nearest a tab column.
func (bd *builder) target(col int) (*protoRow, int) {
	var best *protoRow
	bi, bd2 := -1, 2
	for _, ri := range bd.last {
		r := bd.rows[ri]
		for i, t := range r.texts {
			d := t.col - col
			if d < 0 {
				d = -d*2 - 1 // prefer the cell at the left on a tie
			} else {
				d *= 2
			}
			if d < bd2 {
				best, bi, bd2 = r, i, d
			}
		}
	}
	return best, bi
}

var completeEnd = []string{"支出", "收入", "资金", "经费", "费", "款", "计", "金", "额", "务", "贴", "险",
	"助", "入", "出", "算", "余", "转", "目", "）", ")"}

func attachable(frag, target string, targetHasValues bool) bool {
	if isTotalName(target) {
		return false
	}
	if isTotalName(frag) {
		return targetHasValues && !strings.Contains(target, "计")
	}
	if utf8.RuneCountInString(frag) <= 3 {
		return true
	}
	for _, e := range completeEnd {
		if strings.HasSuffix(target, e) {
			return false
		}
	}
	return true
}

// prefixOf reports whether a fragment starts the text of the next line at
// the same tab column (the cell's text is wrapped above its figures).
func prefixOf(c tcell, next []tcell) bool {
	if !hasNumber(next) {
		return false
	}
	for _, n := range next {
		if n.col == c.col && n.kind == cellText {
			r, _, _ := enumeration(n.text)
			return r == 0 && utf8.RuneCountInString(n.text) <= 3
		}
	}
	return false
}

// rowLine splits a line into segments and makes one row of each.
func (bd *builder) rowLine(num int, cells []tcell) {
	segs := bd.segments(cells)
	bd.last = bd.last[:0]
	prevSide := -1
	for _, s := range segs {
		pr := &protoRow{line: num, side: bd.hdr.sideOf(s.firstCol()), texts: s.texts, vals: s.vals}
		if pr.side <= prevSide {
			pr.side = prevSide + 1
		}
		prevSide = pr.side
		if len(s.codes) > 0 {
			pr.code = joinCode(s.codes)
		}
		if len(pr.texts) > 0 && len(pr.vals) == 0 && pr.code == "" && len(segs) > 1 && bd.dropText(pr.texts) {
			continue
		}
		for _, v := range s.vals {
			if v.kind == cellBad {
				bd.warn(num, "cell %q is not a figure", v.text)
			}
		}
		pr.valueless = len(pr.vals) == 0
		bd.last = append(bd.last, len(bd.rows))
		bd.rows = append(bd.rows, pr)
	}
}

// dropText reports a text-only segment beside a row that is a description
// (绩效目标, 主要内容), not a row.
func (bd *builder) dropText(texts []tcell) bool {
	for _, t := range texts {
		if k, _ := bd.hdr.kindAt(t.col); k != keyAttr && utf8.RuneCountInString(t.text) <= 40 {
			return false
		}
	}
	return true
}

// segments splits a line into code? text* value* groups, one per side.
func (bd *builder) segments(cells []tcell) []*segment {
	var segs []*segment
	cur := &segment{}
	push := func() {
		if !cur.empty() {
			segs = append(segs, cur)
		}
		cur = &segment{}
	}
	for i, c := range cells {
		if k, _ := bd.hdr.kindAt(c.col); k == keySeq && c.kind == cellNumber {
			continue // 序号
		}
		switch {
		case bd.isCode(cells, i, cur):
			if len(c.text) > 2 && (len(cur.texts) > 0 || len(cur.vals) > 0 || len(cur.codes) > 0) {
				push()
			}
			cur.codes = append(cur.codes, c)
		case c.kind == cellNumber || c.kind == cellDash || c.kind == cellBad:
			cur.vals = append(cur.vals, c)
		default:
			if len(cur.vals) > 0 {
				push()
			} else if len(cur.texts) > 0 {
				r, _, _ := enumeration(c.text)
				if r > 0 || bd.hdr.sideOf(c.col) != bd.hdr.sideOf(cur.firstCol()) {
					push()
				}
			}
			cur.texts = append(cur.texts, c)
		}
	}
	push()
	// A segment of codes alone holds figures after all.
	for _, s := range segs {
		if len(s.texts) == 0 && len(s.codes) > 0 {
			s.vals = append(append([]tcell{}, s.codes...), s.vals...)
			s.codes = nil
		}
		if len(s.codes) > 0 && !validCode(joinCode(s.codes), s.codes) {
			s.vals = append(append([]tcell{}, s.codes...), s.vals...)
			s.codes = nil
		}
	}
	return segs
}

// isCode reports whether cell i is (part of) a 科目编码 rather than a figure.
func (bd *builder) isCode(cells []tcell, i int, cur *segment) bool {
	c := cells[i]
	if c.kind != cellNumber {
		return false
	}
	if len(c.text) == 1 && c.text != "0" && len(cur.codes) > 0 && len(cur.texts) == 0 && len(cur.vals) == 0 {
		// A 款 or 项 printed without its leading zero (a spreadsheet
		// drops it: 301 | 2 津贴补贴), between a code and the row's name.
		k, _ := bd.hdr.kindAt(c.col)
		return k == keyCode || i+1 < len(cells) && cells[i+1].kind == cellText
	}
	if !codeRE.MatchString(c.text) {
		return false
	}
	if len(c.text) == 2 {
		return len(cur.codes) > 0 && len(cur.texts) == 0 && len(cur.vals) == 0
	}
	if k, ok := bd.hdr.kindAt(c.col); ok {
		if k == keyCode {
			return true
		}
		if k == keyNone && bd.hdr.hasCode {
			return false
		}
	}
	j := i + 1
	for j < len(cells) && len(c.text) == 3 && cells[j].kind == cellNumber && len(cells[j].text) <= 2 {
		j++
	}
	if len(cur.texts) > 0 && len(cur.vals) == 0 && j == i+1 {
		return false // a figure of the current row
	}
	if j >= len(cells) || cells[j].kind != cellText {
		return false
	}
	r, _, _ := enumeration(cells[j].text)
	return r == 0
}

// finish maps values to columns, names the rows and checks the arithmetic.
func (bd *builder) finish() {
	bd.columns()
	t := bd.t
	for _, pr := range bd.rows {
		r := &Row{Line: pr.line, Side: pr.side, Code: pr.code, Parent: -1}
		r.Name, pr.raw, pr.unit = bd.name(pr)
		r.Cells = bd.mapValues(pr)
		t.Rows = append(t.Rows, r)
	}
	bd.hierarchy()
	bd.settle()
	nonzero := false
	for _, r := range t.Rows {
		for _, c := range r.Cells {
			if !c.Value.IsZero() {
				nonzero = true
			}
		}
	}
	t.Empty = !nonzero && (bd.empty || !bd.anyValues())
}

func (bd *builder) anyValues() bool {
	for _, pr := range bd.rows {
		if len(pr.vals) > 0 {
			return true
		}
	}
	return false
}

// name picks a row's name among its texts: a year cell (2022年); else,
// when a text sits in a column the header does not label and the header
// has one name column (a tree of labels: 一般公共预算资金 | 公共财政拨款资金),
// the innermost; else the first (采购品目 | 专项名称 | 经济科目). It also reports a row whose only
// text is a 预算单位.
func (bd *builder) name(pr *protoRow) (name, raw string, unit bool) {
	var texts []tcell
	unit = len(pr.texts) > 0 && pr.code == ""
	for _, t := range pr.texts {
		if t.kind == cellYear {
			return t.text, t.text, false
		}
		if k, _ := bd.hdr.kindAt(t.col); k != keyUnit {
			unit = false
		}
		if labelKey(t.text) == keyCode || attrValues[t.text] {
			continue
		}
		texts = append(texts, t)
	}
	if len(texts) == 0 {
		return "", "", unit
	}
	var keep []tcell
	for _, t := range texts {
		k, _ := bd.hdr.kindAt(t.col)
		if k != keyUnit && k != keyAttr && utf8.RuneCountInString(t.text) <= 40 {
			keep = append(keep, t)
		}
	}
	if len(keep) == 0 {
		keep = texts[:1]
	}
	pick := keep[0]
	for _, t := range keep {
		if _, ok := bd.hdr.kindAt(t.col); !ok && bd.hdr.names <= 1 {
			pick = keep[len(keep)-1]
			break
		}
	}
	name = cleanName(pick.text)
	if isTotalName(name) && pick != keep[0] && !isTotalName(keep[0].text) {
		name = cleanName(keep[0].text) + name // 政府性基金 | 小计
	}
	return name, pick.text, unit
}

// columns decides the table's value columns: the header's, less spanning
// labels that never hold a figure, plus any a row needs beyond them.
func (bd *builder) columns() {
	used := map[int]bool{}
	for _, pr := range bd.rows {
		for _, v := range pr.vals {
			used[v.col] = true
		}
	}
	for _, hc := range bd.hdr.valueCols() {
		bd.hasHeader = true
		if hc.groupOnly && !used[hc.pos] {
			continue
		}
		for len(bd.sideCols) <= hc.side {
			bd.sideCols = append(bd.sideCols, nil)
		}
		bd.sideCols[hc.side] = append(bd.sideCols[hc.side], len(bd.t.Columns))
		bd.t.Columns = append(bd.t.Columns, hc.column())
		bd.colPos = append(bd.colPos, hc.pos)
	}
}

func (bd *builder) addColumn(side int) int {
	for len(bd.sideCols) <= side {
		bd.sideCols = append(bd.sideCols, nil)
	}
	idx := len(bd.t.Columns)
	bd.sideCols[side] = append(bd.sideCols[side], idx)
	bd.t.Columns = append(bd.t.Columns, Column{Side: side})
	bd.colPos = append(bd.colPos, -1)
	return idx
}

// mapValues maps a row's figures to its side's columns: by tab position
// when the positions agree with the header (allowing one shift), else by
// order.
func (bd *builder) mapValues(pr *protoRow) []Cell {
	for len(bd.sideCols) <= pr.side {
		bd.sideCols = append(bd.sideCols, nil)
	}
	cols := bd.sideCols[pr.side]
	atPos := make(map[int]int, len(cols))
	for _, ci := range cols {
		if bd.colPos[ci] >= 0 {
			atPos[bd.colPos[ci]] = ci
		}
	}
	assign := make([]int, len(pr.vals))
	mapped := false
	for _, shift := range []int{0, -1, 1, -2, 2} {
		ok := len(pr.vals) > 0
		for i, v := range pr.vals {
			ci, found := atPos[v.col+shift]
			if !found {
				ok = false
				break
			}
			assign[i] = ci
		}
		if ok {
			mapped = true
			break
		}
	}
	if !mapped && len(pr.vals) > 0 {
		if len(pr.vals) != len(cols) && len(cols) > 0 {
			bd.warn(pr.line, "%d figures for %d columns, mapped by order", len(pr.vals), len(cols))
		}
		for len(cols) < len(pr.vals) {
			bd.addColumn(pr.side)
			cols = bd.sideCols[pr.side]
		}
		for i := range pr.vals {
			assign[i] = cols[i]
		}
	}
	var cells []Cell
	byCol := map[int]Cell{}
	for i, v := range pr.vals {
		c := Cell{Column: assign[i], Raw: v.text, Pos: v.col + 1}
		if d, ok := ParseNumber(v.text); ok {
			c.Value = d
		} else {
			c.Blank = true
			c.Value = decimal.Zero
		}
		byCol[assign[i]] = c
	}
	for _, ci := range cols {
		c, ok := byCol[ci]
		if !ok {
			c = Cell{Column: ci, Blank: true, Value: decimal.Zero}
		}
		cells = append(cells, c)
	}
	return cells
}
