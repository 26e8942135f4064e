package suggest

import (
	"strings"
	"unicode"
)

// Complete returns up to n completions of the half-typed question q among
// the names of depts: one department's, several merged, or for none every
// department's.
func (sg *Suggester) Complete(q string, depts []*Department, n int) []Completion {
	switch len(depts) {
	case 0:
		return sg.all.complete(q, n)
	case 1:
		return depts[0].complete(q, n)
	}
	return merge(depts).complete(q, n)
}

// complete returns up to n completions of the half-typed question q: a
// question pattern after a name typed whole ("信访工作比上" → "信访工作比上年
// 增加多少"), or the names that the end of q begins ("信访稳" → "信访稳定备用
// 金是多少"), or failing those, contains. A name is looked for only where a
// word may start (see wordStart), and the longest typed part that begins
// a name wins: "三公" completes to 三公经费, never to 三 + 公务接待费.
func (ds *Department) complete(q string, n int) []Completion {
	r := []rune(strings.TrimRight(strings.TrimSpace(q), "？?。！! "))
	if len(r) == 0 {
		return []Completion{}
	}
	out := []Completion{}
	seen := map[string]bool{}
	add := func(text, item, kind string) bool {
		if !seen[text] && len(out) < n {
			seen[text] = true
			out = append(out, Completion{Text: text, Item: item, Kind: kind})
		}
		return len(out) < n
	}
	// A pattern begun after a whole name.
	for _, t := range append(append([]string{}, amountTemplates...), termTemplates...) {
		tr := []rune(t)
		for j := len(tr) - 1; j >= 1; j-- {
			if !hasRuneSuffix(r, tr[:j]) {
				continue
			}
			base := r[:len(r)-j]
			if it, ok := ds.endingItem(base); ok && (it.term && t == termTemplates[0] || it.amount && t != termTemplates[0]) {
				add(string(base)+t, it.key, KindTemplate)
			}
			break
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, e := range endings {
		if strings.HasSuffix(string(r), e) {
			return out // a finished question
		}
	}
	// A name begun at the end, then a name containing the end.
	for shortest, match := range []func(key, typed string) bool{strings.HasPrefix, strings.Contains} {
		for k := min(len(r), maxTypedItemRunes); k > shortest; k-- {
			head := r[:len(r)-k]
			typed := string(r[len(r)-k:])
			if !ds.wordStart(head) {
				continue
			}
			found := false
			for _, it := range ds.items {
				// As typed: with the quotes of the printed name, or without.
				name := it.key
				if !match(it.key, typed) {
					if !match(it.name, typed) {
						continue
					}
					name = it.name
				}
				found = true
				if !addItem(add, string(head), name, it) {
					return out
				}
			}
			if found {
				return out
			}
		}
	}
	return out
}

// boundaries are characters after which a new word (a name) may begin: the
// particles and verbs of a question, and the last characters of years,
// places and departments' names.
const boundaries = "的和与及或跟同对是在里中内比年月区市县省镇乡街局厅委院办会部处所站队府室校馆团社司行中心"

// wordStart reports whether a name may begin after head: at the start, after
// a character that is not Chinese (a digit, a space, a punctuation mark),
// after a boundary character, or after a whole known name ("信访工作和").
func (ds *Department) wordStart(head []rune) bool {
	if len(head) == 0 {
		return true
	}
	last := head[len(head)-1]
	if !unicode.Is(unicode.Han, last) || strings.ContainsRune(boundaries, last) {
		return true
	}
	_, ok := ds.endingItem(head)
	return ok
}

// addItem adds the questions of item it, written name, after head; false
// when full. A
// figure's questions come first; after "什么是" only a definition is asked
// for.
func addItem(add func(text, item, kind string) bool, head, name string, it item) bool {
	if strings.HasSuffix(head, "什么是") {
		if it.term {
			return add(head+name, name, KindTerm)
		}
		return true
	}
	if it.amount {
		for _, t := range amountTemplates {
			if !add(head+name+t, name, it.kind) {
				return false
			}
		}
	}
	if it.term {
		text := head + name + termTemplates[0]
		if head == "" {
			text = "什么是" + name
		}
		if !add(text, name, KindTerm) {
			return false
		}
	}
	return true
}

// endingItem returns the longest known name that base ends with.
func (ds *Department) endingItem(base []rune) (item, bool) {
	for l := min(len(base), maxItemRunes); l >= 2; l-- {
		if it, ok := ds.names[string(base[len(base)-l:])]; ok {
			return it, true
		}
	}
	return item{}, false
}

// hasRuneSuffix reports whether r ends with suffix.
func hasRuneSuffix(r, suffix []rune) bool {
	if len(suffix) > len(r) {
		return false
	}
	for i := range suffix {
		if r[len(r)-len(suffix)+i] != suffix[i] {
			return false
		}
	}
	return true
}
