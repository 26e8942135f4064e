package nlq

import (
	_ "embed"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/budgetqa/budgetqa/corpus"
)

//go:embed data/synonyms.txt
var synonymData string

// Synonyms maps the words people type to the name documents print.
type Synonyms map[string]string

// ParseSynonyms reads a synonyms file: one group a line, the canonical name
// first, then its aliases; # starts a comment.
func ParseSynonyms(data string) Synonyms {
	s := Synonyms{}
	for _, l := range strings.Split(data, "\n") {
		if i := strings.Index(l, "#"); i >= 0 {
			l = l[:i]
		}
		f := strings.Fields(l)
		if len(f) < 2 {
			continue
		}
		canon := matchKey(f[0])
		for _, a := range f {
			s[matchKey(a)] = canon
		}
	}
	return s
}

// DefaultSynonyms are the bundled synonyms (data/synonyms.txt).
var DefaultSynonyms = ParseSynonyms(synonymData)

var keyNoiseRE = regexp.MustCompile(`[“”"‘’'「」\s]|的|（(?:\d*)(?:类|款|项)）`)

// matchKey is the form in which names are compared: compact, no quotes, no
// 的, no （类）（款）（项） markers, 费用 read as 费.
func matchKey(s string) string {
	s = corpus.CompactName(s)
	s = keyNoiseRE.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "费用", "费")
	return s
}

// canonical returns the canonical name of a key through the synonyms.
func (s Synonyms) canonical(k string) string {
	if c, ok := s[k]; ok {
		return c
	}
	return k
}

// suffixes that do not change what an item is: 信访工作 and 信访工作项目,
// 行政运行 and 行政运行支出.
var looseSuffixes = []string{"项目经费", "项目", "经费", "支出", "费", "资金", "预算", "总额", "总计", "合计", "数", "类"}

func trimLoose(s string) string {
	for changed := true; changed; {
		changed = false
		for _, suf := range looseSuffixes {
			if strings.HasSuffix(s, suf) && utf8.RuneCountInString(s) > utf8.RuneCountInString(suf)+1 {
				s, changed = strings.TrimSuffix(s, suf), true
			}
		}
	}
	return s
}

// nameKey is a name prepared for comparison once: its key, its canonical
// form through the synonyms, and that form without loose suffixes.
type nameKey struct {
	key, canon, loose string
	runes             []rune // of loose
}

// nameKey prepares a name for scoring.
func (s Synonyms) nameKey(name string) nameKey {
	k := matchKey(name)
	c := s.canonical(k)
	l := trimLoose(c)
	return nameKey{key: k, canon: c, loose: l, runes: []rune(l)}
}

// score rates how well a fact subject names the item asked about, 0–100.
func (s Synonyms) score(item, subject string) int {
	return s.scoreKeys(s.nameKey(item), s.nameKey(subject))
}

// scoreKeys is score on prepared names: a the item, b the subject.
func (s Synonyms) scoreKeys(a, b nameKey) int {
	if a.key == "" || b.key == "" {
		return 0
	}
	if a.key == b.key {
		return 100
	}
	if a.canon == b.canon {
		return 96
	}
	// 一般公共预算 is the fund meant when none is named.
	for _, pre := range []string{"一般公共预算", "本年"} {
		if strings.HasPrefix(b.canon, pre) && !strings.HasPrefix(a.canon, pre) {
			l := trimLoose(strings.TrimPrefix(b.canon, pre))
			b = nameKey{key: b.key, canon: b.canon, loose: l, runes: []rune(l)}
		}
	}
	la, lb := a.loose, b.loose
	if la == lb {
		return 92
	}
	na, nb := len(a.runes), len(b.runes)
	switch {
	case na >= 2 && strings.Contains(lb, la):
		// The subject says more than the item: 公用经费 in 商品和服务支出公用经费.
		return max(60, 86-4*(nb-na))
	case nb >= 2 && strings.Contains(la, lb):
		return max(50, 80-5*(na-nb))
	}
	if d := diceRunes(a.runes, b.runes); d >= 0.6 {
		return int(40 + 40*d)
	}
	return 0
}

// dice is the Dice coefficient of the character bigrams of two strings.
func dice(a, b string) float64 { return diceRunes([]rune(a), []rune(b)) }

// diceRunes is dice on rune slices, without allocating: names are short.
func diceRunes(ra, rb []rune) float64 {
	if len(ra) < 2 || len(rb) < 2 {
		return 0
	}
	used := uint64(0) // bigrams of rb already matched (names are short)
	common := 0
	for i := 0; i+1 < len(ra); i++ {
		for j := 0; j+1 < len(rb) && j < 64; j++ {
			if used&(1<<j) == 0 && ra[i] == rb[j] && ra[i+1] == rb[j+1] {
				used |= 1 << j
				common++
				break
			}
		}
	}
	return 2 * float64(common) / float64(len(ra)-1+len(rb)-1)
}

// contextScore rates an item that says more than a fact's subject when the
// rest of the item is found in the fact's context: "人大事务的行政运行支出"
// is the row 行政运行 under 人大事务; "基本支出办公费" the row 办公费 of the
// 基本支出 table; "项目绩效自评平均得分" the 平均得分 of a sentence about
// 绩效自评 of 项目.
func (s Synonyms) contextScore(item, subject nameKey, context func() string) int {
	a := item.canon
	core := subject.loose
	// The subject must be a good part of the item: "机关" is not what
	// "机关运行经费" is about.
	if utf8.RuneCountInString(core) < 2 || !strings.Contains(a, core) || utf8.RuneCountInString(core)*5 < utf8.RuneCountInString(a)*2 {
		return 0
	}
	rem := strings.Replace(a, core, "", 1)
	if utf8.RuneCountInString(rem) < 2 {
		return 0
	}
	if coverage(rem, matchKey(context())) >= 0.75 {
		return 88
	}
	return 0
}

// coverage is the share of a's character bigrams found in b.
func coverage(a, b string) float64 {
	ra := []rune(a)
	if len(ra) < 2 {
		return 0
	}
	n, found := 0, 0
	for i := 0; i+1 < len(ra); i++ {
		n++
		if strings.Contains(b, string(ra[i:i+2])) {
			found++
		}
	}
	return float64(found) / float64(n)
}
