package corpus

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Canonical column meanings. Column.Label keeps the header as printed;
// Column.Meaning is one of these (or "" when the header says nothing we
// know). In a table whose headers have two levels, an item over a measure
// (公务接待费 over 预算数 | 决算数), Meaning is the measure and Group the item.
const (
	MeaningTotal       = "合计" // 合计, 总计, 支出总计, 本年支出合计, 收入总计, 总额
	MeaningSubtotal    = "小计" // a 小计 whose parts the table does not tell
	MeaningBasic       = "基本支出"
	MeaningProject     = "项目支出"
	MeaningPersonnel   = "人员经费"
	MeaningPublic      = "公用经费"
	MeaningReserve     = "单位预留机动经费"
	MeaningCarryIn     = "年初结转和结余"
	MeaningCarryOut    = "年末结转和结余"
	MeaningBudget      = "预算数"
	MeaningFinal       = "决算数"
	MeaningAmount      = "金额"
	MeaningInitial     = "年初预算数"
	MeaningAdjusted    = "调整预算数"
	MeaningChange      = "增减变化"
	MeaningAppropr     = "财政拨款"
	MeaningGeneral     = "一般公共预算"
	MeaningFund        = "政府性基金预算"
	MeaningStateCap    = "国有资本经营预算"
	MeaningBusiness    = "事业收入"
	MeaningOperating   = "经营收入"
	MeaningUpper       = "上级补助收入"
	MeaningAffiliated  = "附属单位上缴收入"
	MeaningOtherIncome = "其他收入"
	MeaningOtherFunds  = "其他资金"
	MeaningToUpper     = "上缴上级支出"
	MeaningOperExpense = "经营支出"
	MeaningToAffil     = "对附属单位补助支出"
	MeaningIncome      = "本年收入"
	MeaningExpense     = "本年支出"
	MeaningProcure     = "政府采购" // the 小计 of a 政府采购 group
	MeaningSME         = "面向中小企业"
	MeaningSmallMicro  = "面向小微企业"
	MeaningSanGong     = "“三公”经费" // the 小计 of the three
	MeaningAbroad      = "因公出国（境）费"
	MeaningReception   = "公务接待费"
	MeaningCar         = "公务用车购置及运行维护费" // its 小计
	MeaningCarBuy      = "公务用车购置费"
	MeaningCarRun      = "公务用车运行维护费"
	MeaningMeeting     = "会议费"
	MeaningTraining    = "培训费"
	MeaningOperation   = "机关运行经费"
)

// matchKey folds a header or name for matching: no spaces or quotes,
// full-width brackets.
func matchKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case ' ', '\t', '\u3000', '\u00a0', '"', '“', '”', '\'', '‘', '’':
			continue
		case '(':
			r = '（'
		case ')':
			r = '）'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// exactLabels are the printed forms a header cell may take in full.
var exactLabels = map[string]string{
	"合计": MeaningTotal, "总计": MeaningTotal, "支出总计": MeaningTotal, "收入总计": MeaningTotal,
	"本年支出合计": MeaningTotal, "本年收入合计": MeaningTotal, "支出合计": MeaningTotal,
	"收入合计": MeaningTotal, "金额合计": MeaningTotal, "总额": MeaningTotal, "小计": MeaningSubtotal,
	"基本支出": MeaningBasic, "项目支出": MeaningProject, "人员经费": MeaningPersonnel,
	"人员支出": MeaningPersonnel, "公用经费": MeaningPublic, "公用支出": MeaningPublic,
	"单位预留机动经费": MeaningReserve, "预留机动经费": MeaningReserve,
	"年初结转和结余": MeaningCarryIn, "上年结转": MeaningCarryIn, "上年结转资金": MeaningCarryIn,
	"年末结转和结余": MeaningCarryOut, "结转下年": MeaningCarryOut, "结转下年资金": MeaningCarryOut,
	"预算数": MeaningBudget, "决算数": MeaningFinal, "金额": MeaningAmount, "年初预算数": MeaningInitial,
	"调整预算数": MeaningAdjusted, "增减变化": MeaningChange, "增减变化金额": MeaningChange,
	"财政拨款": MeaningAppropr, "财政拨款收入": MeaningAppropr,
	"一般公共预算": MeaningGeneral, "一般公共预算财政拨款": MeaningGeneral, "一般公共预算拨款": MeaningGeneral,
	"政府性基金预算": MeaningFund, "政府性基金预算财政拨款": MeaningFund, "政府性基金预算拨款": MeaningFund,
	"国有资本经营预算": MeaningStateCap, "国有资本经营预算财政拨款": MeaningStateCap,
	"事业收入": MeaningBusiness, "经营收入": MeaningOperating, "事业单位经营收入": MeaningOperating,
	"其他资金": MeaningOtherFunds, "上级补助收入": MeaningUpper, "附属单位上缴收入": MeaningAffiliated, "其他收入": MeaningOtherIncome,
	"上缴上级支出": MeaningToUpper, "经营支出": MeaningOperExpense, "对附属单位补助支出": MeaningToAffil,
	"本年收入": MeaningIncome, "本年支出": MeaningExpense,
	"因公出国（境）费": MeaningAbroad, "因公出国（境）费用": MeaningAbroad, "公务接待费": MeaningReception,
	"公务用车购置及运行费": MeaningCar, "公务用车购置及运行维护费": MeaningCar,
	"公务用车购置费": MeaningCarBuy, "购置费": MeaningCarBuy,
	"公务用车运行费": MeaningCarRun, "公务用车运行维护费": MeaningCarRun, "运行费": MeaningCarRun,
	"运行维护费": MeaningCarRun, "会议费": MeaningMeeting, "培训费": MeaningTraining,
	"机关运行经费": MeaningOperation, "机关运行经费支出": MeaningOperation, "三公经费": MeaningSanGong,
}

// labelRules classify a header by keyword, most specific first.
var labelRules = []struct{ keys, meaning string }{
	{"小型|微型|小微", MeaningSmallMicro},
	{"中小企业", MeaningSME},
	{"机关运行", MeaningOperation},
	{"出国", MeaningAbroad},
	{"接待", MeaningReception},
	{"购置及运行|购置和运行", MeaningCar},
	{"用车购置|购置费", MeaningCarBuy},
	{"用车运行|运行维护|运行费", MeaningCarRun},
	{"会议", MeaningMeeting},
	{"培训", MeaningTraining},
	{"三公", MeaningSanGong},
	{"政府采购", MeaningProcure},
	{"基本支出", MeaningBasic},
	{"项目支出", MeaningProject},
	{"人员经费|人员支出", MeaningPersonnel},
	{"公用经费|公用支出", MeaningPublic},
	{"预留机动", MeaningReserve},
	{"年初结转|上年结转", MeaningCarryIn},
	{"年末结转|结转下年", MeaningCarryOut},
	{"上缴上级", MeaningToUpper},
	{"对附属单位", MeaningToAffil},
	{"附属单位上缴", MeaningAffiliated},
	{"上级补助", MeaningUpper},
	{"经营收入", MeaningOperating},
	{"经营支出", MeaningOperExpense},
	{"事业收入", MeaningBusiness},
	{"其他收入", MeaningOtherIncome},
	{"其他资金", MeaningOtherFunds},
	{"合计|总计|总额", MeaningTotal},
	{"小计", MeaningSubtotal},
	{"一般公共预算", MeaningGeneral},
	{"政府性基金", MeaningFund},
	{"国有资本经营", MeaningStateCap},
	{"财政拨款", MeaningAppropr},
	{"年初预算", MeaningInitial},
	{"调整预算", MeaningAdjusted},
	{"增减|变化", MeaningChange},
	{"决算", MeaningFinal},
	{"预算", MeaningBudget},
	{"金额", MeaningAmount},
	{"本年收入", MeaningIncome},
	{"本年支出", MeaningExpense},
}

var yearRE = regexp.MustCompile(`((?:19|20)\d\d)年度?`)

// splitYear removes a year ("2023年") from a label and returns it.
func splitYear(k string) (string, int) {
	m := yearRE.FindStringSubmatchIndex(k)
	if m == nil {
		return k, 0
	}
	y, _ := strconv.Atoi(k[m[2]:m[3]])
	return k[:m[0]] + k[m[1]:], y
}

// exactMeaning reports the meaning of a header printed in full.
func exactMeaning(label string) (string, bool) {
	k, _ := splitYear(matchKey(label))
	m, ok := exactLabels[k]
	return m, ok
}

// classifyLabel gives the meaning of a header by keyword ("" if none).
func classifyLabel(label string) string {
	k, _ := splitYear(matchKey(label))
	if m, ok := exactLabels[k]; ok {
		return m
	}
	for _, r := range labelRules {
		for _, w := range strings.Split(r.keys, "|") {
			if strings.Contains(k, w) {
				return r.meaning
			}
		}
	}
	return ""
}

func isMeasure(m string) bool {
	switch m {
	case MeaningBudget, MeaningFinal, MeaningAmount, MeaningInitial, MeaningAdjusted, MeaningChange:
		return true
	}
	return false
}

// keyKind says what a non-value header column holds.
type keyKind int

const (
	keyNone keyKind = iota // a value column (or nothing)
	keyCode                // 科目编码, 类, 款, 项
	keyName                // 项目, 科目名称, 年度
	keyUnit                // 预算单位
	keyAttr                // 采购组织形式, 主要内容: text that is not the row's name
	keySeq                 // 序号: numbers that count the rows
)

func labelKey(label string) keyKind {
	k := matchKey(label)
	switch {
	case k == "":
		return keyNone
	case k == "序号" || k == "编号":
		return keySeq
	case strings.Contains(k, "编码") || strings.Contains(k, "代码") || k == "类" || k == "款" || k == "项":
		return keyCode
	case k == "预算单位" || k == "单位名称" || k == "单位" || k == "部门" || k == "部门名称":
		return keyUnit
	case strings.HasSuffix(k, "组织形式") || k == "经济科目" || k == "主要内容" || k == "绩效目标" ||
		k == "目标值" || strings.HasSuffix(k, "级指标") || k == "年度主要任务" || k == "年度绩效指标" || k == "备注":
		return keyAttr
	case strings.HasSuffix(k, "名称") || k == "项目" || k == "科目" || k == "年度" || k == "采购品目大类":
		return keyName
	}
	return keyNone
}

var keyGroups = map[string]bool{"项目": true, "功能分类": true, "经济分类": true, "支出功能分类": true}

// isGroupLabel reports whether a header spans other headers: 收入, 支出,
// “三公”经费, 2023年政府采购项目, 一般公共预算支出, …
func isGroupLabel(label string) bool {
	k, _ := splitYear(matchKey(label))
	switch k {
	case "收入", "支出", "本年收入", "本年支出", "功能分类", "经济分类", "支出功能分类", "支出用途",
		"项目", "收入预算", "支出预算", "财政拨款收入", "财政拨款支出":
		return true
	}
	if strings.Contains(k, "三公") || strings.Contains(k, "购置及运行") || strings.Contains(k, "政府采购") {
		return true
	}
	if strings.HasSuffix(k, "预算支出") || strings.HasSuffix(k, "预算基本支出") {
		return true
	}
	return false
}

// hcol is one tab column of a table's header.
type hcol struct {
	pos       int
	side      int
	frags     []string // header fragments, top down
	label     string   // fragments joined
	key       keyKind
	item      string // meaning of the header (合计, 基本支出, 公务接待费, …)
	measure   string // 预算数/决算数 under an item, for two-level headers
	group     string
	year      int
	groupOnly bool // the header is only a spanning label
}

// header is what a table's header lines say about its columns.
type header struct {
	cols    map[int]*hcol
	sides   []int // first tab column of each side
	seen    map[string]bool
	hasCode bool
	names   int // name columns
}

func lineKey(cells []tcell) string {
	var parts []string
	for _, c := range cells {
		parts = append(parts, strconv.Itoa(c.col)+"="+matchKey(c.text))
	}
	return strings.Join(parts, "\t")
}

// buildHeader reads the header lines into columns, sides and groups.
func buildHeader(lines [][]tcell) *header {
	h := &header{cols: map[int]*hcol{}, seen: map[string]bool{}}
	for _, l := range lines {
		h.seen[lineKey(l)] = true
	}
	// Lines made only of spanning labels give groups, not column labels.
	var groupLines [][]tcell
	var plain [][]tcell
	for i, l := range lines {
		all := len(l) > 0
		for _, c := range l {
			if !isGroupLabel(c.text) {
				all = false
			}
		}
		if all && i < len(lines)-1 {
			groupLines = append(groupLines, l)
		} else {
			plain = append(plain, l)
		}
	}
	plain = mergeBlocks(plain)
	for _, l := range plain {
		for _, c := range l {
			hc := h.cols[c.col]
			if hc == nil {
				hc = &hcol{pos: c.col}
				h.cols[c.col] = hc
			}
			hc.frags = append(hc.frags, squeeze(c.text))
		}
	}
	for _, hc := range h.cols {
		hc.assemble()
	}
	h.mergeSplitWords()
	for _, hc := range h.cols {
		if hc.key == keyCode {
			h.hasCode = true
		}
		if hc.key == keyName {
			h.names++
		}
	}
	h.findSides()
	h.assignGroups(groupLines, plain)
	return h
}

// mergeSplitWords joins a header word split over two tab columns (采 |
// 购物品名称): a one-character label that makes a known header with the
// label to its right.
func (h *header) mergeSplitWords() {
	for _, hc := range h.sorted() {
		next := h.cols[hc.pos+1]
		if next == nil || utf8.RuneCountInString(hc.label) != 1 || labelKey(hc.label) != keyNone {
			continue
		}
		joined := hc.label + next.label
		if _, ok := exactMeaning(joined); ok || labelKey(joined) != keyNone {
			next.frags = []string{joined}
			next.assemble()
			delete(h.cols, hc.pos)
		}
	}
}

// mergeBlocks handles two-level headers whose bottom line repeats measures
// (预算数 决算数 预算数 决算数 …): each upper label is spread over its block.
func mergeBlocks(lines [][]tcell) [][]tcell {
	if len(lines) < 2 {
		return lines
	}
	bottom := lines[len(lines)-1]
	if len(bottom) < 4 {
		return lines
	}
	for _, c := range bottom {
		if m, ok := exactMeaning(c.text); !ok || !isMeasure(m) {
			return lines
		}
	}
	p := 0
	for q := 2; q <= len(bottom)/2 && p == 0; q++ {
		ok := true
		for i := range bottom {
			if matchKey(bottom[i].text) != matchKey(bottom[i%q].text) || bottom[i].col != bottom[0].col+i {
				ok = false
				break
			}
		}
		if ok {
			p = q
		}
	}
	if p == 0 {
		return lines
	}
	start, end := bottom[0].col, bottom[len(bottom)-1].col
	out := make([][]tcell, 0, len(lines))
	for _, l := range lines[:len(lines)-1] {
		blocks := map[int]string{}
		var rest []tcell
		for _, c := range l {
			if c.col < start || c.col > end {
				rest = append(rest, c)
				continue
			}
			blocks[(c.col-start)/p] += c.text
		}
		for b, text := range blocks {
			for i := 0; i < p; i++ {
				rest = append(rest, tcell{col: start + b*p + i, text: text})
			}
		}
		sort.Slice(rest, func(i, j int) bool { return rest[i].col < rest[j].col })
		out = append(out, rest)
	}
	return append(out, bottom)
}

// assemble reads the column's fragments: the shortest bottom run of
// fragments that is a whole known header, with spanning labels above it
// as the group; else the whole text by keyword.
func (hc *hcol) assemble() {
	hc.label = strings.Join(hc.frags, "")
	_, hc.year = splitYear(matchKey(hc.label))
	n := len(hc.frags)
	if n == 0 {
		return
	}
	hc.groupOnly = n == 1 && isGroupLabel(hc.label)
	// Two levels: an item over a measure.
	if m, ok := exactMeaning(hc.frags[n-1]); ok && isMeasure(m) && n > 1 {
		up := &hcol{frags: hc.frags[:n-1]}
		up.assemble()
		if up.key == keyNone && up.item != "" && !isMeasure(up.item) {
			hc.item, hc.measure, hc.group = up.item, m, up.group
			return
		}
	}
	for k := n - 1; k >= 0; k-- {
		prefix := hc.frags[:k]
		if !allGroups(prefix) {
			continue
		}
		suffix := strings.Join(hc.frags[k:], "")
		if kk := labelKey(suffix); kk != keyNone {
			hc.key, hc.group = kk, matchKey(strings.Join(prefix, ""))
			return
		}
		if m, ok := exactMeaning(suffix); ok {
			hc.item, hc.group = m, strings.Join(prefix, "")
			if hc.item == MeaningSubtotal && hc.group != "" {
				hc.group = matchKey(hc.group)
			}
			return
		}
	}
	hc.key = labelKey(hc.label)
	if hc.key == keyNone {
		hc.item = classifyLabel(hc.label)
	}
}

func allGroups(frags []string) bool {
	for _, f := range frags {
		if !isGroupLabel(f) {
			return false
		}
	}
	return true
}

// maxSides bounds the tables printed side by side (real ones have 2 or 3).
const maxSides = 6

// findSides splits the columns into the tables printed side by side: a
// new side starts where a code or name column follows a value column.
func (h *header) findSides() {
	h.sides = []int{0}
	seenValue := false
	for _, hc := range h.sorted() {
		switch hc.key {
		case keyNone:
			if hc.label != "" {
				seenValue = true
			}
		case keyCode, keyName, keyUnit:
			if seenValue && len(h.sides) < maxSides {
				h.sides = append(h.sides, hc.pos)
				seenValue = false
			}
		}
	}
	for _, hc := range h.cols {
		hc.side = h.sideOf(hc.pos)
	}
}

func (h *header) sorted() []*hcol {
	out := make([]*hcol, 0, len(h.cols))
	for _, hc := range h.cols {
		out = append(out, hc)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].pos < out[j].pos })
	return out
}

// sideOf returns the side a tab column belongs to.
func (h *header) sideOf(col int) int {
	// sides is sorted: the last start at or before col.
	s := sort.Search(len(h.sides), func(i int) bool { return h.sides[i] > col }) - 1
	return max(s, 0)
}

// kindAt returns what the header says of a tab column: keyNone with ok
// for a value column, ok false when the header has nothing there.
func (h *header) kindAt(col int) (keyKind, bool) {
	hc := h.cols[col]
	if hc == nil || hc.label == "" {
		return keyNone, false
	}
	return hc.key, true
}

// assignGroups gives each value column its spanning labels: per side in a
// side-by-side table (收入 | 支出, outermost first), else from the nearest
// label above.
func (h *header) assignGroups(groupLines, plain [][]tcell) {
	values := h.valueCols()
	sideLabel := make([][]string, len(h.sides))
	for li, gl := range groupLines {
		if len(h.sides) < 2 {
			for _, hc := range values {
				best, dist := "", -1
				for _, c := range gl {
					if keyGroups[matchKey(c.text)] {
						continue // spans the code and name columns
					}
					d := c.col - hc.pos
					if d < 0 {
						d = -d
					}
					if dist < 0 || d < dist {
						best, dist = squeeze(c.text), d
					}
				}
				hc.addGroup(best)
			}
			continue
		}
		bySide := make([]string, len(h.sides))
		for _, c := range gl {
			if s := h.sideOf(c.col); bySide[s] == "" && !keyGroups[matchKey(c.text)] {
				bySide[s] = squeeze(c.text)
			}
		}
		// An outer label (支出) spans the sides beside it that have none:
		// those to its left, else those to its right.
		for s := len(bySide) - 2; s >= 0 && li == 0; s-- {
			if bySide[s] == "" {
				bySide[s] = bySide[s+1]
			}
		}
		for s := 1; s < len(bySide) && li == 0; s++ {
			if bySide[s] == "" {
				bySide[s] = bySide[s-1]
			}
		}
		for s, l := range bySide {
			if l != "" {
				sideLabel[s] = append(sideLabel[s], l)
			}
		}
	}
	// A spanning label inside an ordinary header line covers the empty
	// cells to its right (2023年政府采购项目 over 小计 | 其中…).
	for _, l := range plain {
		for i, c := range l {
			if !isGroupLabel(c.text) || keyGroups[matchKey(c.text)] {
				continue
			}
			end := 1 << 30
			if i+1 < len(l) {
				end = l[i+1].col
			}
			for _, hc := range values {
				if hc.pos > c.col && hc.pos < end && hc.group == "" {
					hc.addGroup(squeeze(c.text))
				}
			}
		}
	}
	for _, hc := range h.cols {
		if hc.year == 0 {
			_, hc.year = splitYear(matchKey(hc.group))
		}
		hc.defaultGroup()
		if hc.side < len(sideLabel) && len(sideLabel[hc.side]) > 0 && hc.key == keyNone {
			parts := append([]string{}, sideLabel[hc.side]...)
			for _, g := range strings.Split(hc.group, "/") {
				if g != "" && !slices.Contains(parts, g) {
					parts = append(parts, g)
				}
			}
			hc.group = strings.Join(parts, "/")
		}
	}
}

func (hc *hcol) addGroup(g string) {
	if g == "" || strings.Contains(hc.group, g) || hc.item == MeaningTotal {
		return // a 合计 is not a part of the group it stands beside
	}
	if hc.group == "" {
		hc.group = g
	} else {
		hc.group += "/" + g
	}
}

// defaultGroup fixes the groups of the “三公” family, whose spanning
// labels are too badly placed in the extracted text to trust.
func (hc *hcol) defaultGroup() {
	if hc.measure != "" {
		return
	}
	switch hc.item {
	case MeaningAbroad, MeaningReception, MeaningCar:
		hc.group = MeaningSanGong
	case MeaningCarBuy, MeaningCarRun:
		hc.group = MeaningCar
	case MeaningMeeting, MeaningTraining, MeaningOperation, MeaningSanGong:
		hc.group = ""
	case MeaningSME, MeaningSmallMicro, MeaningProcure:
		if !strings.Contains(hc.group, "政府采购") {
			hc.group = strings.TrimPrefix(hc.group+"/政府采购", "/")
		}
	}
}

// valueCols returns the header's value columns, left to right.
func (h *header) valueCols() []*hcol {
	var out []*hcol
	for _, hc := range h.sorted() {
		if hc.key == keyNone && hc.label != "" {
			out = append(out, hc)
		}
	}
	return out
}

// column turns a header column into the table's Column.
func (hc *hcol) column() Column {
	c := Column{Label: hc.label, Group: hc.group, Year: hc.year, Side: hc.side}
	switch {
	case hc.measure != "":
		c.Meaning = hc.measure
		c.Group = hc.item
	case hc.item == MeaningSubtotal && hc.group != "":
		if m := classifyLabel(lastGroup(hc.group)); m != "" && m != MeaningBudget && m != MeaningTotal {
			c.Meaning = m
		} else {
			c.Meaning = MeaningSubtotal
		}
	default:
		c.Meaning = hc.item
	}
	return c
}

func lastGroup(g string) string {
	if i := strings.LastIndex(g, "/"); i >= 0 {
		return g[i+1:]
	}
	return g
}
