package synth

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/budgetqa/budgetqa/corpus"
)

// siteKind says what a site of a template is replaced with.
type siteKind int

const (
	siteMoney siteKind = iota // a figure in a money unit: scaled
	siteYear                  // a year: shifted
	siteName                  // a name of the department or its region: renamed
)

// site is a span of a template's text that changes from one synthetic
// document to the next.
type site struct {
	kind       siteKind
	start, end int // byte offsets in the template's text

	// siteMoney: the figure as printed, in unit, and the value that is
	// scaled: an estimate of what the figure (or the most precise figure
	// it is a rounding of) rounds, consistent with the tables' sums
	// (settle, in arith.go).
	value  decimal.Decimal
	exact  decimal.Decimal
	unit   string
	places int32
	commas bool

	year int     // siteYear
	name nameRef // siteName
}

// nameRef says which name of the department or region a siteName is.
type nameRef int

const (
	nameDept        nameRef = iota // 深圳市龙岗区信访局
	nameLastAndStem                // 龙岗区信访局
	nameRegion                     // 深圳市龙岗区, or 江苏省 for a province's department
	nameProvince                   // 江苏省
	nameCity                       // 深圳市
	nameDistrict                   // 龙岗区
	nameStem                       // 信访局
	nameCount
)

// template is one bundled document with the sites a synthetic document
// changes, found once.
type template struct {
	file string
	text string
	year int
	kind corpus.Kind
	// levels is how many levels the department's region has: 1 for a
	// province's department (江苏省), 2 for a district's (深圳市龙岗区).
	levels int
	// headEnd is the byte offset where the title lines end; a synthetic
	// document replaces them with its own.
	headEnd int
	sites   []site // sorted by start, not overlapping
	// misses counts the table cells the parser read that were not found in
	// their line (so not scaled); the tests want none.
	misses int
	// sums is how many sums of the tables settle kept exact, and gap the
	// largest it could not close (in 元; the tests want none).
	sums int
	gap  float64
}

var (
	// numberRE is a figure as printed: 1,234.56, 1234, -12.5.
	numberRE = regexp.MustCompile(`-?\d[\d,]*(?:\.\d+)?`)
	// textMoneyRE is a figure followed by a money unit, which a PDF line
	// break may split (2248.37 万\n元), or a page number interrupt
	// (222.5\n27\n\n万元).
	textMoneyRE = regexp.MustCompile(`(\d[\d,]*(?:\.\d+)?)(?:[ \t]*\n(?:[ \t]*\d{1,3}[ \t]*\n)?(?:[ \t]*\n)*)?[ \t]*(?:([万亿千])[ \t]*\n?[ \t]*)?元`)
	// yearRE is a four-digit number standing alone.
	yearRE = regexp.MustCompile(`(?:19|20)\d\d`)
)

// newTemplate parses a bundled document and finds its sites: the title
// lines, every figure the parser read from a money table, every figure in
// the text followed by a money unit, every year near the document's own,
// and every mention of the department and its region.
func newTemplate(file string, data []byte) (*template, error) {
	d, err := corpus.Parse(file, data)
	if err != nil {
		return nil, fmt.Errorf("synth: template %s: %w", file, err)
	}
	if d.Department == "" || d.Year == 0 || d.Kind == corpus.KindUnknown {
		return nil, fmt.Errorf("synth: template %s: want department, year and kind, got %q, %d, %v", file, d.Department, d.Year, d.Kind)
	}
	t := &template{file: file, text: string(data), year: d.Year, kind: d.Kind, levels: len(regionParts(d.Region))}
	if t.headEnd, err = titleEnd(t.text, d.Title); err != nil {
		return nil, fmt.Errorf("synth: template %s: %w", file, err)
	}
	cover := make([]bool, len(t.text))
	for i := range t.headEnd {
		cover[i] = true
	}
	var sites []site
	// add adds a site unless it overlaps one added before, and returns its
	// index, or -1.
	add := func(s site) int {
		for i := s.start; i < s.end; i++ {
			if cover[i] {
				return -1
			}
		}
		for i := s.start; i < s.end; i++ {
			cover[i] = true
		}
		sites = append(sites, s)
		return len(sites) - 1
	}
	// Figures of four digits or more keep their thousands separators or
	// their lack of them; a smaller figure that grows past 999 takes the
	// style of its table (or of the text), else of the document.
	var docStyle, textStyle commaStyle
	for _, tb := range d.Tables {
		for _, r := range tb.Rows {
			for _, c := range r.Cells {
				docStyle.see(c.Raw)
			}
		}
	}
	textMoney := textMoneyRE.FindAllStringSubmatchIndex(t.text, -1)
	for _, m := range textMoney {
		textStyle.see(t.text[m[2]:m[3]])
		docStyle.see(t.text[m[2]:m[3]])
	}
	// Table cells first: they are what the parser reads as figures.
	starts := lineStarts(t.text)
	cellSites := map[cellKey]int{} // the site of each table cell found
	for ti, tb := range d.Tables {
		if !corpus.IsMoney(tb.Unit) {
			continue
		}
		var style commaStyle
		for _, r := range tb.Rows {
			for _, c := range r.Cells {
				style.see(c.Raw)
			}
		}
		commas := style.commas(docStyle.commas(false))
		byLine := map[int][]lineCell{}
		var lines []int
		for ri, r := range tb.Rows {
			if _, ok := byLine[r.Line]; !ok {
				lines = append(lines, r.Line)
			}
			for _, c := range r.Cells {
				if c.Raw != "" && c.Column < len(tb.Columns) && moneyColumn(tb.Columns[c.Column]) {
					byLine[r.Line] = append(byLine[r.Line], lineCell{c.Raw, cellKey{ti, ri, c.Column}})
				}
			}
		}
		for _, ln := range lines {
			if ln < 1 || ln > len(starts) {
				continue
			}
			lo := starts[ln-1]
			hi := len(t.text)
			if ln < len(starts) {
				hi = starts[ln] - 1
			}
			t.misses += matchCells(t.text, lo, hi, byLine[ln], tb.Unit, commas, func(k cellKey, s site) {
				if i := add(s); i >= 0 {
					cellSites[k] = i
				}
			})
		}
	}
	// Figures in the text with a money unit.
	commas := textStyle.commas(docStyle.commas(false))
	for _, m := range textMoney {
		if m[2] > 0 && isNumberByte(t.text[m[2]-1]) {
			continue // the tail of a longer token (a code, a wrapped figure)
		}
		unit := corpus.Yuan
		if m[4] >= 0 {
			unit = t.text[m[4]:m[5]] + corpus.Yuan
		}
		if s, ok := moneySite(t.text[m[2]:m[3]], m[2], unit, commas); ok {
			add(s)
		}
	}
	// Years near the document's own; older ones are the dates of rules cited.
	for _, m := range yearRE.FindAllStringIndex(t.text, -1) {
		if (m[0] > 0 && isNumberByte(t.text[m[0]-1])) || (m[1] < len(t.text) && isNumberByte(t.text[m[1]])) {
			continue
		}
		y := atoi(t.text[m[0]:m[1]])
		if y < t.year-5 || y > t.year+1 {
			continue
		}
		add(site{kind: siteYear, start: m[0], end: m[1], year: y})
	}
	// Names, longest first, so 深圳市龙岗区信访局 is one site rather than a
	// region and a stem.
	names := templateNames(d.Department, d.Region)
	type pat struct {
		s   string
		ref nameRef
	}
	var pats []pat
	for ref, s := range names {
		if s != "" {
			pats = append(pats, pat{s, nameRef(ref)})
		}
	}
	sort.SliceStable(pats, func(i, j int) bool { return len(pats[i].s) > len(pats[j].s) })
	for _, p := range pats {
		for off := 0; ; {
			i := strings.Index(t.text[off:], p.s)
			if i < 0 {
				break
			}
			start := off + i
			add(site{kind: siteName, start: start, end: start + len(p.s), name: p.ref})
			off = start + len(p.s)
		}
	}
	t.sums, t.gap = settle(d, sites, cellSites)
	sort.Slice(sites, func(i, j int) bool { return sites[i].start < sites[j].start })
	t.sites = sites
	return t, nil
}

// moneyColumn reports whether a column of a money table holds money rather
// than a count or a rate.
func moneyColumn(c corpus.Column) bool {
	for _, w := range []string{"%", "％", "率", "人数", "数量", "辆", "编制"} {
		if strings.Contains(c.Label, w) {
			return false
		}
	}
	return true
}

// cellKey names a table cell: table, row and column.
type cellKey struct{ table, row, col int }

// lineCell is a cell read from a line, as printed.
type lineCell struct {
	raw string
	key cellKey
}

// matchCells finds the cells read from the line text[lo:hi] among its
// figures, right to left (figures sit right of codes and names), adds a
// money site for each, and returns how many were not found.
func matchCells(text string, lo, hi int, cells []lineCell, unit string, commas bool, add func(cellKey, site)) int {
	if len(cells) == 0 {
		return 0
	}
	line := text[lo:hi]
	var toks [][]int
	for _, m := range numberRE.FindAllStringIndex(line, -1) {
		if (m[0] > 0 && isNumberByte(line[m[0]-1]) && line[m[0]-1] != '-') || (m[1] < len(line) && isNumberByte(line[m[1]])) {
			continue
		}
		toks = append(toks, m)
	}
	misses := 0
	right := len(toks) - 1
	for i := len(cells) - 1; i >= 0; i-- {
		raw := strings.TrimSpace(cells[i].raw)
		if numberRE.FindString(raw) != raw {
			continue // not a plain figure (—, 无): left as printed
		}
		found := false
		for k := right; k >= 0; k-- {
			m := toks[k]
			if line[m[0]:m[1]] != raw {
				continue
			}
			if s, ok := moneySite(raw, lo+m[0], unit, commas); ok {
				add(cells[i].key, s)
			}
			right = k - 1
			found = true
			break
		}
		if !found {
			misses++
		}
	}
	return misses
}

// moneySite returns the site of the figure printed as raw at offset start;
// commas is the style of its table or text for figures below 1,000.
func moneySite(raw string, start int, unit string, commas bool) (site, bool) {
	v, ok := corpus.ParseNumber(raw)
	if !ok {
		return site{}, false
	}
	if intDigits(raw) >= 4 {
		commas = strings.Contains(raw, ",")
	}
	return site{
		kind:   siteMoney,
		start:  start,
		end:    start + len(raw),
		value:  v,
		exact:  v,
		unit:   unit,
		places: corpus.Places(raw),
		commas: commas,
	}, true
}

// commaStyle counts the figures of four digits or more printed with and
// without thousands separators.
type commaStyle struct{ with, without int }

func (c *commaStyle) see(raw string) {
	switch {
	case intDigits(raw) < 4:
	case strings.Contains(raw, ","):
		c.with++
	default:
		c.without++
	}
}

// commas reports whether most figures had separators, or def when none
// was large enough to tell.
func (c commaStyle) commas(def bool) bool {
	if c.with+c.without == 0 {
		return def
	}
	return c.with > c.without
}

// intDigits counts the digits before the decimal point of a figure.
func intDigits(raw string) int {
	intPart, _, _ := strings.Cut(raw, ".")
	n := 0
	for i := range len(intPart) {
		if intPart[i] >= '0' && intPart[i] <= '9' {
			n++
		}
	}
	return n
}

// titleEnd returns the byte offset of the end of the title lines: the
// first non-empty lines that, joined as the parser joins them, make title.
func titleEnd(text, title string) (int, error) {
	var head []string
	off := 0
	for off < len(text) {
		end := strings.IndexByte(text[off:], '\n')
		next := len(text)
		if end >= 0 {
			next = off + end + 1
		}
		l := strings.TrimRight(text[off:next], "\r\n")
		l = strings.TrimSpace(strings.Trim(strings.ReplaceAll(l, "**", ""), "# \t"))
		off = next
		if l == "" {
			continue
		}
		head = append(head, l)
		if strings.Join(head, " ") == title {
			return off, nil
		}
		if len(head) >= 4 {
			break
		}
	}
	return 0, fmt.Errorf("title %q not found in the first lines", title)
}

// templateNames returns the names of a template's department and region,
// indexed by nameRef ("" where the template has none).
func templateNames(dept, reg string) [nameCount]string {
	var n [nameCount]string
	n[nameDept] = dept
	stem := strings.TrimPrefix(dept, reg)
	if stem == dept || stem == "" {
		return n
	}
	n[nameStem] = stem
	n[nameRegion] = reg
	parts := regionParts(reg)
	switch len(parts) {
	case 1:
		n[nameProvince] = parts[0]
	case 2:
		n[nameCity], n[nameDistrict] = parts[0], parts[1]
		n[nameLastAndStem] = parts[1] + stem
	}
	if n[nameProvince] == n[nameRegion] {
		n[nameProvince] = "" // one site kind is enough
	}
	return n
}

// regionParts cuts a region into its levels: 深圳市龙岗区 → 深圳市, 龙岗区.
func regionParts(reg string) []string {
	var parts []string
	start := 0
	rs := []rune(reg)
	for i, r := range rs {
		if strings.ContainsRune("省市区县旗", r) {
			parts = append(parts, string(rs[start:i+1]))
			start = i + 1
		}
	}
	if start < len(rs) {
		parts = append(parts, string(rs[start:]))
	}
	return parts
}

// lineStarts returns the byte offset of the start of each line.
func lineStarts(text string) []int {
	starts := []int{0}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

func isNumberByte(b byte) bool { return b >= '0' && b <= '9' || b == '.' || b == ',' || b == '-' }

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}
