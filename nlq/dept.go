package nlq

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/budgetqa/budgetqa/corpus"
)

// deptIndex finds the departments of a corpus by the names people use for
// them (deptAliases), computed once per corpus rather than per question.
type deptIndex struct {
	names []string       // in the corpus's order (Scope.Depts)
	pos   map[string]int // index in names
	// aliases maps each alias to the departments it names, in order; at is
	// the alias's position in the department's deptAliases list.
	aliases map[string][]aliasRef
	// weak marks the aliases that are also words of items (人大 of 人大
	// 事务): a mention of one must not run on into a longer word.
	weak map[string]bool
	// firstRunes holds the first character of every alias: a mention can
	// only start there.
	firstRunes map[rune]bool
	maxLen     int // bytes of the longest alias
	// within lists, for each department name, the names that contain it
	// (itself included), in string order.
	within map[string][]string
	// firstWithin is, for each name and alias, the index of the first
	// name that contains it.
	firstWithin map[string]int
}

// aliasRef is one department an alias names.
type aliasRef struct{ dept, at int }

// newDeptIndex indexes the department names, each going by the aliases
// of its own name and of its members' (the other names printed for it).
func newDeptIndex(names []string, members map[string][]string) *deptIndex {
	x := &deptIndex{names: names, pos: map[string]int{}, aliases: map[string][]aliasRef{}, weak: map[string]bool{}, firstRunes: map[rune]bool{}, within: map[string][]string{}, firstWithin: map[string]int{}}
	for i, n := range names {
		if _, ok := x.pos[n]; !ok {
			x.pos[n] = i
		}
	}
	for i, n := range names {
		aliases := deptAliases(n)
		for _, m := range members[n] {
			if m != n {
				aliases = append(aliases, deptAliases(m)...)
			}
		}
		for _, w := range corpus.WeakAliases(n) {
			if _, strong := x.aliases[w]; !strong && !slices.Contains(aliases, w) {
				x.weak[w] = true
				aliases = append(aliases, w)
			}
		}
		for j, a := range aliases {
			if a == "" {
				continue
			}
			refs := x.aliases[a]
			if len(refs) > 0 && refs[len(refs)-1].dept == i {
				continue // the same alias twice: the first counts
			}
			x.aliases[a] = append(refs, aliasRef{i, j})
			r, _ := utf8.DecodeRuneInString(a)
			x.firstRunes[r] = true
			x.maxLen = max(x.maxLen, len(a))
		}
	}
	// Which names contain which: every substring of a name that is a name.
	done := map[string]bool{}
	for ni, n := range names {
		if done[n] {
			continue
		}
		done[n] = true
		seen := map[string]bool{}
		for i := 0; i < len(n); {
			_, size := utf8.DecodeRuneInString(n[i:])
			for j := i + size; j <= len(n); {
				if sub := n[i:j]; !seen[sub] {
					seen[sub] = true
					_, isName := x.pos[sub]
					if isName {
						x.within[sub] = append(x.within[sub], n)
					}
					if _, isAlias := x.aliases[sub]; isName || isAlias {
						if _, ok := x.firstWithin[sub]; !ok {
							x.firstWithin[sub] = ni // names are visited in order
						}
					}
				}
				if j == len(n) {
					break
				}
				_, sz := utf8.DecodeRuneInString(n[j:])
				j += sz
			}
			i += size
		}
	}
	for k, v := range x.within {
		sort.Strings(v)
		x.within[k] = slices.Compact(v)
	}
	return x
}

// containing returns the department names that contain s, in string order.
func (x *deptIndex) containing(s string) []string {
	if w, ok := x.within[s]; ok {
		return w
	}
	var out []string
	for _, n := range x.names {
		if strings.Contains(n, s) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// resolve maps a requested department (any part of a name, or a short
// form) to the first department, in the corpus's order, whose name
// contains it or that goes by it; false when there is none.
func (x *deptIndex) resolve(d string) (string, bool) {
	first := len(x.names) // the first department going by d
	if refs := x.aliases[d]; len(refs) > 0 {
		first = refs[0].dept
	}
	if i, ok := x.firstWithin[d]; ok {
		// d is a name or an alias: the first name containing it is known.
		first = min(first, i)
	} else if _, isAlias := x.aliases[d]; !isAlias {
		// Any part of a name: look.
		for i, n := range x.names[:first] {
			if strings.Contains(n, d) {
				first = i
				break
			}
		}
	}
	if first < len(x.names) {
		return x.names[first], true
	}
	return "", false
}

// mention is a department named in a question: by which alias, and where.
type mention struct {
	dept, alias string
	at          int
}

// mentions returns, for each department named in t, the longest of its
// aliases found there (the first listed, among equally long ones) and
// where it first occurs, in the corpus's order of departments.
func (x *deptIndex) mentions(t string) []mention {
	type best struct{ alias, at, at0 int } // at: index in the alias list; at0: byte offset in t
	found := map[int]best{}
	for i := 0; i < len(t); {
		r, size := utf8.DecodeRuneInString(t[i:])
		if x.firstRunes[r] {
			for j := i + size; j <= len(t) && j-i <= x.maxLen; {
				a := t[i:j]
				if x.weak[a] && !(standsApart(t[j:]) && startsApart(t[:i])) {
					a = "" // a word of an item: 人大事务
				}
				for _, ref := range x.aliases[a] {
					b, ok := found[ref.dept]
					switch {
					case !ok, len(a) > b.alias, len(a) == b.alias && ref.at < b.at:
						found[ref.dept] = best{len(a), ref.at, strings.Index(t, a)}
					}
				}
				if j == len(t) {
					break
				}
				_, sz := utf8.DecodeRuneInString(t[j:])
				j += sz
			}
		}
		i += size
	}
	if len(found) == 0 {
		return nil
	}
	depts := make([]int, 0, len(found))
	for d := range found {
		depts = append(depts, d)
	}
	sort.Ints(depts)
	out := make([]mention, 0, len(depts))
	for _, d := range depts {
		b := found[d]
		out = append(out, mention{x.names[d], t[b.at0 : b.at0+b.alias], b.at0})
	}
	return out
}

// standsApart reports whether a weak alias followed by rest is a word of
// its own: at the end, before a figure or punctuation, or before a word
// that cannot continue a name (的, 呢, 和, 比, a year…).
func standsApart(rest string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	return rest == "" || !unicode.Is(unicode.Han, r) || strings.ContainsRune("的呢和与跟比是有在今去前明那这各每哪共总全一二两三四五六七八九十几多", r)
}

// startsApart reports whether a weak alias after before starts a word: at
// the start, or after a figure, punctuation or a word that cannot end a
// name (青岛市人民防空 is not 人民防空).
func startsApart(before string) bool {
	r, _ := utf8.DecodeLastRuneInString(before)
	return before == "" || !unicode.Is(unicode.Han, r) || strings.ContainsRune("的呢和与跟比是在那这问说指", r)
}

// scanMentions is deptIndex.mentions without the index, for a few
// departments: each department's longest alias found in t, in the order of
// depts.
func scanMentions(depts []string, t string) []mention {
	var found []mention
	for _, d := range depts {
		best := mention{at: -1}
		for _, a := range deptAliases(d) {
			if i := strings.Index(t, a); i >= 0 && len(a) > len(best.alias) {
				best = mention{d, a, i}
			}
		}
		if best.at >= 0 {
			found = append(found, best)
		}
	}
	return found
}
