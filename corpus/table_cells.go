package corpus

import (
	"regexp"
	"strings"
	"unicode"
)

// The lexical side of a table line: its cells, what each holds (a figure,
// text, a year, a dash), the numbering of row names and the segments a
// line splits into when tables are printed side by side.

type cellKind int

const (
	cellText cellKind = iota
	cellNumber
	cellDash // -, —: printed for nothing
	cellBad  // looks like a figure but is not one
	cellYear // 2022 年
)

// tcell is one non-empty cell of a line.
type tcell struct {
	col  int
	text string
	kind cellKind
}

var (
	dashRE      = regexp.MustCompile(`^[-－—–‐─]+$`)
	badRE       = regexp.MustCompile(`^[-−+]?[\d.,，%()（）]*\d[\d.,，%()（）]*$`)
	yearCellRE  = regexp.MustCompile(`^((?:19|20)\d\d)年度?$`)
	codeRE      = regexp.MustCompile(`^(\d{2}|\d{3}|\d{5}|\d{7})$`)
	pageRE      = regexp.MustCompile(`^(\d{1,3}|[-─—]\s*\d{1,3}\s*[-─—]|第\d+页)$`)
	furnRE      = regexp.MustCompile(`^(部门|编制部门|部门名称|单位名称)[：:]|^单位[：:]\s*(元|千元|万元|亿元)$|公开\d*表|公开表[一二三四五六七八九十]+`)
	noteRE      = regexp.MustCompile(`^(注[：:\d\s]|注$|备注|本表|本套报表|说明[：:])`)
	emptyRE     = regexp.MustCompile(`无数据|为空|空表|无发生额|无相关|无此|^[(（]?无[^形]*$`)
	blockUnitRE = regexp.MustCompile(`(?:^|[^位])单位[：:](元|千元|万元|亿元)$`)
	endRE       = regexp.MustCompile(`^(年度总体目标|年度绩效指标|绩效指标)$`)
	orgRE       = regexp.MustCompile(`^(.{2,}(局|厅|委|院|中心|办公室|政府|委员会|本级)|主管部门)$`)
	attrValues  = map[string]bool{"分散自行组织": true, "集中采购": true, "部门集中采购": true,
		"政府集中采购": true, "分散采购": true, "自行采购": true}
)

// squeeze removes the spaces of extracted text, keeping one only between
// two ASCII letters or digits ("1. 一 般 公共预算" → "1.一般公共预算").
func squeeze(s string) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsAny(s, " \u3000\u00a0") {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if r == ' ' || r == '\u3000' || r == '\u00a0' {
			if i > 0 && i+1 < len(rs) && isASCIIAlnum(rs[i-1]) && isASCIIAlnum(rs[i+1]) {
				b.WriteByte(' ')
			}
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isASCIIAlnum(r rune) bool { return r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// splitCells splits a line at its tabs into its non-empty cells.
func splitCells(text string) []tcell {
	var out []tcell
	for i, raw := range strings.Split(text, "\t") {
		s := strings.TrimSpace(strings.Trim(raw, "\u3000\u00a0"))
		if s == "" {
			continue
		}
		c := tcell{col: i, text: s}
		switch {
		case isNumber(s):
			c.kind = cellNumber
		case dashRE.MatchString(s):
			c.kind = cellDash
		case badRE.MatchString(s):
			c.kind = cellBad
		default:
			c.text = squeeze(s)
			if yearCellRE.MatchString(c.text) {
				c.kind = cellYear
				c.text = yearCellRE.ReplaceAllString(c.text, "${1}年")
			}
		}
		out = append(out, c)
	}
	return out
}

// isNumber reports whether ParseNumber reads s, without reading it: a
// number of that shape always parses (a document is too small to hold
// one whose exponent overflows).
func isNumber(s string) bool { return numberShape(strings.TrimSpace(s)) }

// enumeration returns the rank of a name's numbering (一、 1, （一） 2,
// 1. 3, （1） 4), its ordinal and the name without it.
func enumeration(s string) (rank, ord int, rest string) {
	rs := []rune(s)
	at := func(i int, set string) bool { return i < len(rs) && strings.ContainsRune(set, rs[i]) }
	if v, j := chineseNumeral(rs, 0); j > 0 && at(j, "、.．") {
		return 1, v, string(rs[j+1:])
	}
	if at(0, "（(") {
		if v, j := chineseNumeral(rs, 1); j > 1 && at(j, "）)") {
			return 2, v, string(rs[j+1:])
		}
		if v, j := arabic(rs, 1); j > 1 && at(j, "）)") {
			return 4, v, string(rs[j+1:])
		}
	}
	if v, j := arabic(rs, 0); j > 0 && at(j, ".．、") && !at(j+1, "0123456789") {
		return 3, v, string(rs[j+1:])
	}
	return 0, 0, s
}

const cnDigits = "一二三四五六七八九"

// chineseNumeral reads 一 … 九十九 at rs[i:]; it returns the value and the
// index after it (i when there is none).
func chineseNumeral(rs []rune, i int) (int, int) {
	j := i
	for j < len(rs) && j-i < 3 && (rs[j] == '十' || strings.ContainsRune(cnDigits, rs[j])) {
		j++
	}
	if j == i {
		return 0, i
	}
	return ParseCount(string(rs[i:j])), j
}

func arabic(rs []rune, i int) (int, int) {
	v, j := 0, i
	for j < len(rs) && j-i < 2 && rs[j] >= '0' && rs[j] <= '9' {
		v = v*10 + int(rs[j]-'0')
		j++
	}
	return v, j
}

// cleanName returns a row name without its numbering and 其中：.
func cleanName(s string) string {
	_, _, s = enumeration(squeeze(s))
	s = strings.TrimPrefix(strings.TrimPrefix(s, "其中："), "其中:")
	return strings.TrimSpace(s)
}

func isTotalName(s string) bool { return isTotalKey(cleanName(s)) }

// isTotalKey reports whether a clean row name names a total: it ends in 合计
// or 总计, or is 小计 after an optional 本年 or 当年 and an optional 收入 or
// 支出; what ^(本年|当年)?(收入|支出)?小计$|(合计|总计)$ matches.
func isTotalKey(s string) bool {
	if strings.HasSuffix(s, "合计") || strings.HasSuffix(s, "总计") {
		return true
	}
	s, ok := strings.CutSuffix(s, "小计")
	if !ok {
		return false
	}
	for _, pre := range [][]string{{"本年", "当年"}, {"收入", "支出"}} {
		for _, p := range pre {
			if rest, ok := strings.CutPrefix(s, p); ok {
				s = rest
				break
			}
		}
	}
	return s == ""
}

// segment is the part of a line that belongs to one side: codes, texts and
// figures.
type segment struct {
	codes, texts, vals []tcell
}

func (s *segment) empty() bool { return len(s.codes)+len(s.texts)+len(s.vals) == 0 }

func (s *segment) firstCol() int {
	for _, cs := range [][]tcell{s.codes, s.texts, s.vals} {
		if len(cs) > 0 {
			return cs[0].col
		}
	}
	return 0
}

func hasNumber(cells []tcell) bool {
	for _, c := range cells {
		if c.kind == cellNumber || c.kind == cellBad {
			return true
		}
	}
	return false
}

func allKind(cells []tcell, k cellKind) bool {
	for _, c := range cells {
		if c.kind != k {
			return false
		}
	}
	return true
}

func hasNumberCell(cells []tcell) bool {
	for _, c := range cells {
		if c.kind == cellNumber && !yearCellRE.MatchString(c.text+"年") {
			return true
		}
	}
	return false
}

func joinCode(codes []tcell) string {
	var b strings.Builder
	for i, c := range codes {
		if i > 0 && len(c.text) == 1 {
			b.WriteByte('0') // 款 or 项 printed without its leading zero
		}
		b.WriteString(c.text)
	}
	return b.String()
}

func validCode(code string, parts []tcell) bool {
	switch len(code) {
	case 3, 5, 7:
	default:
		return false
	}
	return len(parts[0].text) >= 3
}
