package corpus

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// This file splits the lines of a document into contents, headings,
// paragraphs and table blocks.

var (
	pageNumRE     = regexp.MustCompile(`^\s*(?:[─—\-–]\s*)?(?:第\s*)?\d{1,3}(?:\s*页)?(?:\s*[─—\-–])?\s*$`)
	tableNumRE    = regexp.MustCompile(`^(?:公开)?表\s*([0-9一二三四五六七八九十]+)(?:表)?\s*$|^公开\s*([0-9]+|[一二三四五六七八九十]+)\s*表|^公开表([一二三四五六七八九十]+|[0-9]+)`)
	partRE        = regexp.MustCompile(`^第[一二三四五六七八九十]+部分`)
	headingEnumRE = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)`)
	noteLineRE    = regexp.MustCompile(`^(?:注[:：]|注\s*\d|备注|说明[:：]|本套报表|本表|此表|故本表|\(?（?无|无$)`)
	emptyMarkRE   = regexp.MustCompile(`本表无数据|此表为空|空表|本表本年无发生额|无相关收支|无政府性基金|无国有资本`)
	tocLeaderRE   = regexp.MustCompile(`[…\.·]{3,}\s*\d*\s*$`)
)

// walk reads the body line by line.
func (p *parser) walk() {
	p.readContents()
	var cur *tableBlock // the table being read, nil in text
	pendingNum := 0     // a "表 N" line waiting for its title
	prevText := true    // the previous non-blank line was text
	for i := max(p.tocEnd, p.headEnd); i < len(p.lines); i++ {
		l := p.lines[i]
		t := strings.TrimSpace(l.Text)
		if t == "" || pageNumRE.MatchString(t) {
			continue
		}
		c := compact(t)
		if num, rest, ok := tableNumber(c); ok {
			pendingNum = num
			if rest == "" {
				continue
			}
		}
		if title, unit, end, ok := p.titleAt(i); ok {
			p.flushPara()
			cur = p.startTable(title, unit, pendingNum, l.Num)
			pendingNum = 0
			prevText = false
			i = end
			continue
		}
		if cur != nil && isFurniture(c) {
			if m := unitRE.FindStringSubmatch(c); m != nil && cur.Unit == "" {
				cur.Unit = m[1]
			}
			continue
		}
		tabbed := strings.Contains(strings.Trim(l.Text, " "), "\t")
		if tabbed && !isProseRow(l.Text, prevText || cur == nil) {
			p.flushPara()
			if cur == nil {
				cur = p.startTable(p.untitled(), "", pendingNum, l.Num)
				pendingNum = 0
			}
			cur.Lines = append(cur.Lines, l)
			prevText = false
			continue
		}
		if cur != nil && (noteLineRE.MatchString(c) || emptyMarkRE.MatchString(c)) && utf8.RuneCountInString(c) < 200 {
			cur.Lines = append(cur.Lines, l)
			continue
		}
		if cur != nil && isTableFragment(c) {
			// A row name without figures, or a cell wrapped onto a line
			// of its own, printed without tabs.
			cur.Lines = append(cur.Lines, l)
			continue
		}
		// Text.
		cur = nil
		prevText = true
		if tabbed {
			l.Text = strings.Join(strings.Fields(strings.ReplaceAll(l.Text, "\t", " ")), "")
		}
		p.textLine(l)
	}
	p.flushPara()
}

// titleAt reports whether line i starts a table title, and returns the
// title, the unit printed with it and the index of its last line. A title
// may be wrapped over two lines ("“三公”经费、会议费、培训费支出预算" /
// "表"), and may carry a heading's numbering ("一、2017年度…部门收支预算
// 总表") when the lines after it are a table's: a numbered heading that
// names a table in the explanatory text is followed by prose.
func (p *parser) titleAt(i int) (title, unit string, end int, ok bool) {
	l := p.lines[i]
	tabbed := strings.Contains(strings.Trim(l.Text, " "), "\t")
	try := func(text string, last int) bool {
		c := compact(text)
		if rest, enum := cutEnum(c); enum && headingEnumRE.MatchString(c) {
			if !p.tableAhead(last) {
				return false
			}
			text = rest
		}
		title, unit, ok = p.tableTitle(text)
		end = last
		return ok
	}
	if try(l.Text, i) {
		return title, unit, end, true
	}
	if tabbed {
		return "", "", i, false
	}
	j := p.nextNonBlank(i)
	if j < 0 || strings.Contains(p.lines[j].Text, "\t") {
		return "", "", i, false
	}
	next := compact(p.lines[j].Text)
	if n := utf8.RuneCountInString(next); n == 0 || n > 20 || pageNumRE.MatchString(next) {
		return "", "", i, false
	}
	if _, _, ok := p.tableTitle(next); ok {
		return "", "", i, false // the next line is a title of its own
	}
	if c := compact(l.Text); noteLineRE.MatchString(c) || emptyMarkRE.MatchString(c) {
		return "", "", i, false
	}
	if try(l.Text+next, j) {
		return title, unit, end, true
	}
	return "", "", i, false
}

// nextNonBlank returns the index of the first non-blank line after i that
// is not a page number, or -1.
func (p *parser) nextNonBlank(i int) int {
	for j := i + 1; j < len(p.lines); j++ {
		t := strings.TrimSpace(p.lines[j].Text)
		if t != "" && !pageNumRE.MatchString(t) {
			return j
		}
	}
	return -1
}

// tableAhead reports whether the lines after line i begin a table: a
// unit or 部门 line, or a row of cells, within the next three lines.
func (p *parser) tableAhead(i int) bool {
	for k, j := 0, i; k < 3; k++ {
		if j = p.nextNonBlank(j); j < 0 {
			return false
		}
		t := p.lines[j].Text
		c := compact(t)
		if isFurniture(c) || unitRE.MatchString(c) {
			return true
		}
		if strings.Contains(strings.Trim(t, " "), "\t") {
			return !isProseRow(t, true)
		}
		if _, _, ok := tableNumber(c); !ok && utf8.RuneCountInString(c) > 20 {
			return false
		}
	}
	return false
}

// isTableFragment reports whether a line without tabs met inside a table
// belongs to it: short, no sentence, not a heading.
func isTableFragment(c string) bool {
	n := utf8.RuneCountInString(c)
	if n == 0 || n > 30 || strings.ContainsAny(c, "。，；") || partRE.MatchString(c) {
		return false
	}
	for _, w := range []string{"说明", "情况", "职能", "解释", "概况", "部分"} {
		if strings.HasSuffix(c, w) {
			return false
		}
	}
	return true
}

// isFurniture reports whether c is a line of page furniture in a table:
// 部门名称, 单位, 年度.
func isFurniture(c string) bool {
	if unitRE.MatchString(c) && utf8.RuneCountInString(c) < 60 {
		return true
	}
	for _, w := range []string{"部门名称：", "部门名称:", "编制部门：", "编制部门:", "部门：", "部门:", "预算单位：", "单位名称："} {
		if strings.HasPrefix(c, w) && utf8.RuneCountInString(c) < 60 {
			return true
		}
	}
	if m := docYearRE.FindString(c); m != "" && (c == m || c == m+"度") {
		return true
	}
	return false
}

// isProseRow reports whether a tab-separated line is text wrongly laid out
// in columns rather than a table row: it holds sentences, or a part heading.
func isProseRow(s string, afterText bool) bool {
	c := compact(s)
	if partRE.MatchString(c) || strings.Contains(c, "部分") && strings.Contains(c, "说明") {
		return true
	}
	if !afterText {
		return false
	}
	figures := false
	for _, cell := range strings.Split(s, "\t") {
		cc := compact(cell)
		if utf8.RuneCountInString(cc) >= 15 && strings.ContainsAny(cc, "。，") || strings.Contains(cc, "。") {
			return true
		}
		if v, ok := ParseNumber(cc); ok && !(v.IsInteger() && v.IntPart() >= 1990 && v.IntPart() <= 2100) {
			figures = true
		}
	}
	return !figures && (strings.Contains(c, "。") || utf8.RuneCountInString(c) > 30 && strings.Contains(c, "，"))
}

// tableNumber reads a printed table number ("表 1", "公开03表", "公开表五").
func tableNumber(c string) (int, string, bool) {
	// Every form starts so; most lines do not, and the pattern is slow to
	// fail on them.
	if !strings.HasPrefix(c, "表") && !strings.HasPrefix(c, "公开") {
		return 0, c, false
	}
	m := tableNumRE.FindStringSubmatchIndex(c)
	if m == nil {
		return 0, c, false
	}
	var num string
	for g := 1; g <= 3; g++ {
		if m[2*g] >= 0 {
			num = c[m[2*g]:m[2*g+1]]
		}
	}
	return ParseCount(num), c[m[1]:], true
}

// tableTitle reports whether s is the title line of a table and returns the
// title and the unit printed on the same line.
func (p *parser) tableTitle(s string) (title, unit string, ok bool) {
	c := compact(s)
	if m := unitRE.FindStringSubmatch(c); m != nil {
		unit = m[1]
	}
	if _, rest, ok := tableNumber(c); ok {
		c = rest
	}
	c = strings.TrimLeft(c, "#")
	if strings.ContainsAny(c, "。，；") || utf8.RuneCountInString(c) > 90 {
		return "", "", false
	}
	// Look at each cell: the title is the one that reads like a table name.
	cells := strings.Split(s, "\t")
	if len(cells) == 1 || !strings.Contains(s, "\t") {
		cells = []string{c}
	}
	var cand []string
	for _, cell := range cells {
		cell = compact(cell)
		cell = strings.TrimLeft(cell, "#")
		if _, rest, ok := tableNumber(cell); ok {
			cell = rest
		}
		if cell == "" {
			continue
		}
		cand = append(cand, cell)
	}
	joined := strings.Join(cand, "")
	for _, cell := range append(cand, joined) {
		t := cleanTitle(cell, p.doc.Department)
		if isTableTitle(t) {
			return t, unit, true
		}
		// A numbered title in a row of the page's furniture (公开09表 |
		// 部门名称：… | 九、2018年度…支出预算表 | 单位：万元) is a table's.
		if rest, ok := cutEnum(t); ok && len(cells) > 1 && isTableTitle(rest) {
			return rest, unit, true
		}
	}
	return "", "", false
}

// cleanTitle strips page furniture glued to a title cell.
func cleanTitle(t, dept string) string {
	if i := strings.Index(t, "部门名称"); i >= 0 {
		t = t[:i]
	}
	if m := unitRE.FindStringIndex(t); m != nil {
		t = t[:m[0]]
	}
	if dept != "" {
		t = strings.ReplaceAll(t, dept, "")
	}
	t = strings.TrimPrefix(t, "部门：")
	t = strings.Trim(t, "：: ")
	if strings.HasPrefix(t, "表") && isTableTitle(strings.TrimPrefix(t, "表")+"表") {
		t = strings.TrimPrefix(t, "表") + "表"
	}
	// "2018年度部门预算表收支预算总表": a part heading glued to the title.
	if i := strings.Index(t, "表"); i > 0 && i+len("表") < len(t) {
		rest := t[i+len("表"):]
		if !strings.HasPrefix(rest, "（") && !strings.HasPrefix(rest, "(") && isTableTitle(rest) {
			t = rest
		}
	}
	return t
}

// isTableTitle reports whether t (compacted) names a table.
func isTableTitle(t string) bool {
	n := utf8.RuneCountInString(t)
	if n < 3 || n > 50 || strings.ContainsAny(t, "。，；") {
		return false
	}
	body := strings.TrimSuffix(t, "表")
	if body == t && !strings.HasPrefix(t, "表") {
		// "（功能科目）" or "（按经济分类）" may follow the word 表.
		if i := strings.LastIndex(t, "表（"); i < 0 || !strings.HasSuffix(t, "）") {
			return false
		}
	}
	if headingEnumRE.MatchString(t) || partRE.MatchString(t) {
		return false
	}
	for _, w := range tableWords {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// tableWords are the words a table's title has one of.
var tableWords = []string{"收", "支", "预算", "决算", "经费", "采购", "绩效", "拨款", "资产"}

// startTable opens a table block, or reopens the previous one when the
// title repeats it (a table split across pages).
func (p *parser) startTable(title, unit string, num, ln int) *tableBlock {
	if n := len(p.blocks); n > 0 {
		prev := p.blocks[n-1]
		if sameTitle(prev.Title, title) && (num == 0 || prev.Number == 0 || num == prev.Number) {
			if prev.Unit == "" {
				prev.Unit = unit
			}
			return prev
		}
	}
	b := &tableBlock{Number: num, Title: title, Unit: unit, Line: ln}
	p.blocks = append(p.blocks, b)
	return b
}

// untitled names a table printed without a title after its section.
func (p *parser) untitled() string {
	if p.section != "" {
		return trimEnum(compact(p.section))
	}
	return "未命名表格"
}

func sameTitle(a, b string) bool {
	return normTitle(a) == normTitle(b)
}

var titleNoiseRE = regexp.MustCompile(`(19|20)\d\d年度?|部门|单位|（[^）]*）|\([^)]*\)|“|”|"|表$`)

// normTitle reduces a table title to the words that identify it.
func normTitle(t string) string {
	return titleNoiseRE.ReplaceAllString(CompactName(t), "")
}

// readContents finds the 目录 and records the tables it lists.
func (p *parser) readContents() {
	start := -1
	for i, l := range p.lines {
		if i > 80 {
			break
		}
		if isTOCHeading(strings.Trim(strings.TrimSpace(l.Text), "# ")) {
			start = i
			break
		}
	}
	if start < 0 {
		return
	}
	seen := map[string]bool{}
	inTables := false
	n, leaders := 0, 0
	i := start + 1
	for ; i < len(p.lines); i++ {
		l := p.lines[i]
		t := strings.TrimSpace(strings.Trim(l.Text, "#- "))
		if t == "" || pageNumRE.MatchString(t) {
			continue
		}
		// Entries printed with leaders (……… 3): the first line without
		// one is the body's first heading.
		if tocLeaderRE.MatchString(compact(t)) {
			leaders++
		} else if leaders >= 2 {
			break
		}
		c := tocLeaderRE.ReplaceAllString(compact(t), "")
		if _, _, isNum := tableNumber(c); isNum {
			break // "表 1": the tables have begun
		}
		key := trimEnum(strings.TrimLeft(c, "#-"))
		if seen[key] || (utf8.RuneCountInString(c) > 40 && strings.ContainsAny(c, "。，")) {
			break
		}
		seen[key] = true
		// Entries wrapped onto the next line ("…支" + "出预算表").
		if !strings.HasSuffix(key, "表") && i+2 < len(p.lines) {
			for j := i + 1; j < min(i+3, len(p.lines)); j++ {
				next := compact(p.lines[j].Text)
				if next == "" {
					continue
				}
				if _, enum := cutEnum(next); !enum && strings.HasSuffix(next, "表") && utf8.RuneCountInString(next) < 12 {
					key += next
					c += next
					i = j
				}
				break
			}
		}
		if g := normTitle(strings.TrimSuffix(key, "公开")); g == "预算" || g == "决算" || g == "预算公开" {
			inTables = true
			continue
		}
		if strings.Contains(c, "表格") || (strings.Contains(c, "部分") && strings.HasSuffix(c, "表")) || strings.HasSuffix(c, "预算表") && strings.Contains(c, "部分") {
			inTables = true
			continue
		}
		if partRE.MatchString(c) || strings.Contains(c, "文字") || headingEnumRE.MatchString(c) && !strings.HasSuffix(c, "表") {
			inTables = false
			continue
		}
		title := key
		if inTables || isTableTitle(title) {
			n++
			p.doc.Listed = append(p.doc.Listed, ListedTable{Number: n, Title: title, Line: l.Num})
		}
	}
	p.tocEnd = i
}

// ParseCount reads a small count written in digits or Chinese numerals
// ("12", "十二", "两", "一百零五"); 0 when it is neither.
func ParseCount(s string) int {
	if s == "" {
		return 0
	}
	if s[0] >= '0' && s[0] <= '9' {
		return atoi(s)
	}
	digits := map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	total, cur := 0, 0
	for _, r := range s {
		switch r {
		case '十':
			if cur == 0 {
				cur = 1
			}
			total += cur * 10
			cur = 0
		case '百':
			if cur == 0 {
				cur = 1
			}
			total += cur * 100
			cur = 0
		case '千':
			if cur == 0 {
				cur = 1
			}
			total += cur * 1000
			cur = 0
		default:
			d, ok := digits[r]
			if !ok {
				return 0
			}
			cur = cur*10 + d
		}
	}
	return total + cur
}

// matchListed marks the contents' tables that the document holds.
func (p *parser) matchListed() { matchListed(p.doc) }

// matchListed marks the contents' tables that d holds and numbers
// unnumbered tables by their place in the contents. A document that
// prints table numbers is matched by number; one that does not, by title.
func matchListed(d *Document) {
	numbered := false
	for _, t := range d.Tables {
		if t.Number > 0 {
			numbered = true
		}
	}
	used := make([]bool, len(d.Tables))
	for i := range d.Listed {
		l := &d.Listed[i]
		best, bestScore := -1, 0.0
		for j, t := range d.Tables {
			if used[j] {
				continue
			}
			if numbered && t.Number > 0 {
				if t.Number == l.Number {
					best, bestScore = j, 1
					break
				}
				continue
			}
			if sc := titleSimilarity(l.Title, t.Title); sc > bestScore {
				best, bestScore = j, sc
			}
		}
		if best >= 0 && bestScore >= 0.6 {
			used[best] = true
			l.Found = true
			if d.Tables[best].Number == 0 {
				d.Tables[best].Number = l.Number
			}
		}
	}
}

// titleSimilarity is the Dice coefficient of the character bigrams of two
// normalised titles, 1 when one contains the other exactly.
func titleSimilarity(a, b string) float64 {
	a, b = normTitle(a), normTitle(b)
	if a == b {
		return 1
	}
	bigrams := func(s string) map[string]int {
		r := []rune(s)
		m := map[string]int{}
		for i := 0; i+1 < len(r); i++ {
			m[string(r[i:i+2])]++
		}
		return m
	}
	ba, bb := bigrams(a), bigrams(b)
	na, nb, common := 0, 0, 0
	for k, v := range ba {
		na += v
		common += min(v, bb[k])
	}
	for _, v := range bb {
		nb += v
	}
	if na+nb == 0 {
		return 0
	}
	return 2 * float64(common) / float64(na+nb)
}
