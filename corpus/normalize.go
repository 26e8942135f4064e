package corpus

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// normalizeLine folds what differs between extractions but not in meaning:
// full-width digits, Latin letters and the signs used in figures become
// half-width; odd spaces become plain spaces; markdown emphasis goes. Chinese
// punctuation such as （） and “” is kept, since names print it.
func normalizeLine(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
			b.WriteRune(r - 0xFEE0)
		case r == '％':
			b.WriteRune('%')
		case r == '．':
			b.WriteRune('.')
		case r == '＋':
			b.WriteRune('+')
		case r == '－':
			b.WriteRune('-')
		case r == '＞':
			b.WriteRune('>')
		case r == '＜':
			b.WriteRune('<')
		case r == '\u3000', r == '\u00a0', r == '\u2002', r == '\u2003', r == '\u2009', r == '\u200b':
			b.WriteRune(' ')
		case r == '\r', r == '\ufeff':
		case r == '\t':
			b.WriteRune(r)
		case unicode.IsControl(r):
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	out := b.String()
	// "１２，３４５．６７": a full-width comma between digit groups.
	if digitBeforeComma(out) {
		out = digitCommaRE.ReplaceAllString(out, "$1,$2$3")
		out = digitCommaRE.ReplaceAllString(out, "$1,$2$3")
	}
	if strings.Contains(out, "**") {
		out = strings.ReplaceAll(out, "**", "")
	}
	return strings.TrimRight(out, " ")
}

var digitCommaRE = regexp.MustCompile(`(\d)，(\d{3})(\D|$)`)

// digitBeforeComma reports whether a digit comes right before a full-width
// comma in s, as digitCommaRE needs.
func digitBeforeComma(s string) bool {
	for i := strings.Index(s, "，"); i >= 0; {
		if i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
			return true
		}
		j := strings.Index(s[i+len("，"):], "，")
		if j < 0 {
			return false
		}
		i += len("，") + j
	}
	return false
}

// compact removes all spaces and tabs: PDF extraction scatters spaces inside
// Chinese words ("收 入", "一 般 公共预算").
func compact(s string) string {
	if !strings.ContainsAny(s, " \t") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r != ' ' && r != '\t' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// CompactName is the form of a name used to compare names: no spaces, no
// enumeration prefix ("一、", "1.", "（三）"), half-width brackets folded to
// full-width.
func CompactName(s string) string {
	s = compact(normalizeLine(s))
	s = trimEnum(s)
	return bracketFolder.Replace(s)
}

var bracketFolder = strings.NewReplacer("(", "（", ")", "）")

// enumPrefixes are the numbering styles of Chinese documents.
var enumDigits = "0123456789一二三四五六七八九十百零〇"

// trimEnum removes a leading enumeration: 一、 1. 1、 (一) （一） 第一， 1）.
func trimEnum(s string) string {
	rest, ok := cutEnum(s)
	if ok {
		return rest
	}
	return s
}

// cutEnum reports whether s starts with an enumeration and returns the rest.
func cutEnum(s string) (string, bool) {
	t := strings.TrimLeft(s, " -•·")
	if strings.HasPrefix(t, "（") || strings.HasPrefix(t, "(") {
		_, after, ok := cutAny(t, "）", ")")
		if ok {
			inner := strings.TrimLeft(t[:len(t)-len(after)], "（(")
			inner = strings.TrimRight(inner, "）)")
			if inner != "" && strings.Trim(inner, enumDigits) == "" && len([]rune(inner)) <= 4 {
				return strings.TrimLeft(after, " "), true
			}
		}
		return s, false
	}
	i := 0
	for i < len(t) {
		r, size := utf8.DecodeRuneInString(t[i:])
		if !strings.ContainsRune(enumDigits, r) {
			break
		}
		i += size
	}
	if i == 0 || i > 12 {
		return s, false
	}
	rest := t[i:]
	for _, sep := range []string{"、", "．", ".", "，", "）", ")", " "} {
		if strings.HasPrefix(rest, sep) {
			after := strings.TrimLeft(rest[len(sep):], " ")
			// "2023 年" is a year, "1.5万元" a figure, not enumerations.
			digits := t[0] >= '0' && t[0] <= '9'
			if digits && sep == " " && strings.HasPrefix(after, "年") || (sep == "." && after != "" && after[0] >= '0' && after[0] <= '9') {
				return s, false
			}
			return after, true
		}
	}
	return s, false
}

func cutAny(s string, seps ...string) (before, after string, ok bool) {
	best := -1
	var bestSep string
	for _, sep := range seps {
		if i := strings.Index(s, sep); i >= 0 && (best < 0 || i < best) {
			best, bestSep = i, sep
		}
	}
	if best < 0 {
		return s, "", false
	}
	return s[:best], s[best+len(bestSep):], true
}
