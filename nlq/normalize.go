package nlq

import (
	_ "embed"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

//go:embed data/t2s.txt
var t2sData string

// t2s maps Traditional characters to Simplified ones.
var t2s = func() map[rune]rune {
	m := map[rune]rune{}
	for _, p := range t2sPairs() {
		m[p[0]] = p[1]
	}
	return m
}()

// t2sPairs reads data/t2s.txt: a Traditional character and its Simplified
// form a line.
func t2sPairs() [][2]rune {
	var out [][2]rune
	for _, l := range strings.Split(t2sData, "\n") {
		f := strings.Fields(l)
		if len(f) != 2 || strings.HasPrefix(l, "#") {
			continue
		}
		a, _ := utf8.DecodeRuneInString(f[0])
		b, _ := utf8.DecodeRuneInString(f[1])
		out = append(out, [2]rune{a, b})
	}
	return out
}

// fillers are words that carry no meaning for the lookup.
var fillers = []string{
	"请问一下", "请问", "你好", "您好", "麻烦", "帮我查一下", "帮我查查", "帮我查", "帮我看看", "帮我", "查一下", "查询一下", "查询",
	"告诉我", "我想知道", "想知道", "我想问", "想问一下", "想问", "能不能", "可以告诉我", "一下",
	// Words of conversation: what the person means, which figure.
	"我指的是", "我说的是", "我问的是", "问的是", "看看", "又是", "的数字", "当初", "其中",
	"这个部门", "该部门", "这个单位", "该单位",
}

var trailingParticles = "呀啊呢吧哦嘛哈啦呗吗"

// bracketQuoteFolder folds brackets to full width and drops quotes.
var bracketQuoteFolder = strings.NewReplacer("(", "（", ")", "）", "\"", "", "'", "", "“", "", "”", "")

var punctRE = regexp.MustCompile(`[\s?!。，,;；:：~～…]+`)

// normalize folds a question to the form the parser reads: half-width
// digits and letters, Simplified characters, no fillers or trailing
// particles, Chinese numerals in years turned to digits.
func normalize(q string) string {
	q = width.Fold.String(q)
	var b strings.Builder
	for _, r := range q {
		if s, ok := t2s[r]; ok {
			r = s
		}
		b.WriteRune(r)
	}
	q = b.String()
	// Keep the brackets of names in their full-width form, as printed.
	q = bracketQuoteFolder.Replace(q)
	q = punctRE.ReplaceAllString(q, " ")
	q = strings.TrimSpace(q)
	for _, f := range fillers {
		q = strings.ReplaceAll(q, f, "")
	}
	q = chineseYears(q)
	q = strings.TrimSpace(q)
	for {
		r, size := utf8.DecodeLastRuneInString(q)
		if size == 0 || !strings.ContainsRune(trailingParticles, r) || utf8.RuneCountInString(q) <= 2 {
			break
		}
		q = strings.TrimSpace(q[:len(q)-size])
	}
	return strings.ReplaceAll(q, " ", "")
}

var cnDigit = map[rune]rune{'〇': '0', '零': '0', 'O': '0', '一': '1', '二': '2', '三': '3', '四': '4', '五': '5', '六': '6', '七': '7', '八': '8', '九': '9'}

var cnYearRE = regexp.MustCompile(`([〇零O一二三四五六七八九]{4})年`)

// chineseYears turns 二〇二三年 into 2023年.
func chineseYears(q string) string {
	return cnYearRE.ReplaceAllStringFunc(q, func(m string) string {
		var b strings.Builder
		for _, r := range strings.TrimSuffix(m, "年") {
			b.WriteRune(cnDigit[r])
		}
		return b.String() + "年"
	})
}

// hasChinese reports whether s holds at least one Han character.
func hasChinese(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
