package nlq

import (
	_ "embed"
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

// matchKey is the form in which names are compared: compact, no quotes, no
// 的, no （类）（款）（项） markers, 费用 read as 费.
func matchKey(s string) string {
	s = corpus.CompactName(s)
	s = dropKeyNoise(s)
	if strings.Contains(s, "费用") {
		s = strings.ReplaceAll(s, "费用", "费")
	}
	return s
}

// dropKeyNoise removes what names differ by but not in meaning: quotes,
// ASCII spaces, 的, and the markers （类） （款） （项） with or without a
// number (（2类）). It reads left to right and drops each piece whole, as the
// regular expression [“”"‘’'「」\s]|的|（\d*(?:类|款|项）) would; it copies
// nothing when there is nothing to drop.
func dropKeyNoise(s string) string {
	var b []byte // nil until something is dropped
	for i := 0; i < len(s); {
		if n := keyNoiseLen(s[i:]); n > 0 {
			if b == nil {
				b = make([]byte, i, len(s))
				copy(b, s[:i])
			}
			i += n
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		if b != nil {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	if b == nil {
		return s
	}
	return string(b)
}

// keyNoiseLen returns the length of the noise dropKeyNoise drops at the
// start of s, or 0.
func keyNoiseLen(s string) int {
	r, size := utf8.DecodeRuneInString(s)
	switch r {
	case '“', '”', '"', '‘', '’', '\'', '「', '」', '\t', '\n', '\f', '\r', ' ', '的':
		return size
	case '（':
		j := size
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		switch r2, n2 := utf8.DecodeRuneInString(s[j:]); r2 {
		case '类', '款', '项':
			if strings.HasPrefix(s[j+n2:], "）") {
				return j + n2 + len("）")
			}
		}
	}
	return 0
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
// form through the synonyms, and that form without loose suffixes. A name
// whose canonical form starts with a fund (一般公共预算, 本年) also keeps its
// loose form without it (bare), which an item that names no fund is
// compared with.
type nameKey struct {
	key, canon, loose string
	raw               string // loose form of key, before synonyms
	runes             []rune // of loose
	fund              int    // 1 + the index in fundPrefixes of canon's prefix, or 0
	bare              string // loose form of canon without the fund, when fund > 0
	bareRunes         []rune // of bare
}

// fundPrefixes are the funds meant when none is named: 一般公共预算 is the
// fund of most figures, 本年 the year's own.
var fundPrefixes = [...]string{"一般公共预算", "本年"}

// nameKey prepares a name for scoring.
func (s Synonyms) nameKey(name string) nameKey {
	return s.prepareKey(matchKey(name))
}

// prepareKey is nameKey on a name already in its matchKey form: everything
// a nameKey holds follows from the key.
func (s Synonyms) prepareKey(k string) nameKey {
	c := s.canonical(k)
	l := trimLoose(c)
	nk := nameKey{key: k, canon: c, loose: l, raw: trimLoose(k), runes: []rune(l)}
	for i, pre := range fundPrefixes {
		if strings.HasPrefix(c, pre) {
			nk.fund = i + 1
			nk.bare = trimLoose(strings.TrimPrefix(c, pre))
			nk.bareRunes = []rune(nk.bare)
			break
		}
	}
	return nk
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
	lb, rb := b.loose, b.runes
	if b.fund > 0 && !strings.HasPrefix(a.canon, fundPrefixes[b.fund-1]) {
		lb, rb = b.bare, b.bareRunes
	}
	la := a.loose
	// The same loose name before synonyms: "政府采购货物类" is "政府采购货物",
	// whatever the synonyms make of the latter (货物采购).
	if la == lb || a.raw == b.raw && (a.canon != a.key || b.canon != b.key) {
		return 92
	}
	na, nb := len(a.runes), len(rb)
	switch {
	case na >= 2 && (strings.HasSuffix(lb, la) || strings.HasPrefix(lb, la)):
		// The subject says more than the item: 公用经费 in 商品和服务支出公用经费,
		// 政府采购 in 政府采购项目小计.
		return max(60, 86-4*(nb-na))
	case na >= 2 && strings.Contains(lb, la):
		// The item in the middle of the subject qualifies another thing:
		// 基本(支出) in 机关事业单位基本养老保险缴费支出 is not 基本支出.
		return max(50, 80-4*(nb-na))
	case nb >= 2 && strings.Contains(la, lb):
		// The item says more than the subject: the subject is a wider
		// thing (司法 for 基层司法业务), whose figure is not the item's when
		// the item adds much to it.
		return max(40, 80-6*(na-nb))
	}
	if d := diceRunes(a.runes, rb); d >= 0.6 {
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
