package nlq

import (
	"strings"
	"unicode/utf8"

	"github.com/budgetqa/budgetqa/corpus"
)

// names holds every distinct name of a corpus (fact subjects and measures,
// row, term, list and target names) prepared for matching once, and finds
// the names an item may match by their words. Names with the same key
// (matchKey) score the same against any item and share an id. It is built
// by New and read-only after.
type names struct {
	syn   Synonyms
	ids   map[string]int32 // raw name → id
	byKey map[string]int32 // key → id
	keys  []nameKey        // by id

	// The names with a given canonical form, loose form (with and without
	// the fund), and character bigram of a loose form: every name that
	// scores minScore or more against an item shares its key or one of
	// these with it (see candidates).
	byCanon, byLoose map[string][]int32
	byBigram         map[bigram][]int32
	// byCore lists the names by their loose form as it is, which
	// contextScore looks for inside an item.
	byCore map[string][]int32
}

// bigram is two consecutive characters of a name.
type bigram [2]rune

func newNames(syn Synonyms) *names {
	return &names{
		syn: syn, ids: map[string]int32{}, byKey: map[string]int32{},
		byCanon: map[string][]int32{}, byLoose: map[string][]int32{},
		byBigram: map[bigram][]int32{}, byCore: map[string][]int32{},
	}
}

// add returns the id of a name, preparing and indexing it the first time.
func (n *names) add(name string) int32 {
	if id, ok := n.ids[name]; ok {
		return id
	}
	key := matchKey(name)
	id, ok := n.byKey[key]
	if !ok {
		id = int32(len(n.keys))
		k := n.syn.prepareKey(key)
		n.byKey[key] = id
		n.keys = append(n.keys, k)
		n.byCanon[k.canon] = appendID(n.byCanon[k.canon], id)
		n.byCore[k.loose] = appendID(n.byCore[k.loose], id)
		n.byLoose[k.loose] = appendID(n.byLoose[k.loose], id)
		n.addBigrams(k.runes, id)
		if k.fund > 0 {
			n.byLoose[k.bare] = appendID(n.byLoose[k.bare], id)
			n.addBigrams(k.bareRunes, id)
		}
	}
	n.ids[name] = id
	return id
}

func (n *names) addBigrams(rs []rune, id int32) {
	for i := 0; i+1 < len(rs); i++ {
		g := bigram{rs[i], rs[i+1]}
		n.byBigram[g] = appendID(n.byBigram[g], id)
	}
}

// appendID appends id unless it is already last: ids are added in
// increasing order, so a list holds each once.
func appendID(ids []int32, id int32) []int32 {
	if len(ids) > 0 && ids[len(ids)-1] == id {
		return ids
	}
	return append(ids, id)
}

// candidates calls fn with the id of every name that may score minScore or
// more against item, and some that do not; it may call fn twice for a name.
// scoreKeys reaches minScore only when the two names share their key, their
// canonical form or their loose form (the subject's with or without its
// fund), or when one loose form contains the other or their Dice
// coefficient is 0.6 or more; each of the last three needs a character
// bigram the two loose forms share.
func (n *names) candidates(item nameKey, fn func(int32)) {
	if item.key == "" {
		return
	}
	if id, ok := n.byKey[item.key]; ok {
		fn(id)
	}
	for _, id := range n.byCanon[item.canon] {
		fn(id)
	}
	for _, id := range n.byLoose[item.loose] {
		fn(id)
	}
	for i := 0; i+1 < len(item.runes); i++ {
		for _, id := range n.byBigram[bigram{item.runes[i], item.runes[i+1]}] {
			fn(id)
		}
	}
}

// matcher scores the names of the corpus against one item. Build it with
// Engine.matcher; it is used by one goroutine.
type matcher struct {
	n    *names
	item string
	ik   nameKey
	// cands are the names that may score minScore or more, once each, and
	// scores the score of every name by id: the candidates' own, 0 for the
	// others, which score less than minScore.
	cands  []int32
	scores []int8
	// cores are the names contextScore may raise, with the rest of the
	// item, also as a bit set of ids.
	cores    map[int32]string
	coreBits []uint64
	contexts map[contextRest]bool // contextScore's coverage test, by context and rest
	shared   bool                 // used by several goroutines: contexts stays nil
}

// contextRest is a fact's context, as it is or as its matchKey, and the
// rest of an item.
type contextRest struct {
	context, rest string
	isKey         bool
}

// newMatcher prepares item for matching against the names of n.
func newMatcher(n *names, item string) *matcher {
	m := &matcher{n: n, item: item, ik: n.syn.nameKey(item), scores: make([]int8, len(n.keys))}
	n.candidates(m.ik, func(id int32) {
		if m.scores[id] == 0 { // not seen yet: scored -1 until all are
			m.cands = append(m.cands, id)
			m.scores[id] = -1
		}
	})
	for _, id := range m.cands {
		m.scores[id] = int8(n.syn.scoreKeys(m.ik, n.keys[id]))
	}
	m.cores = contextCores(n, m.ik)
	if len(m.cores) > 0 {
		m.coreBits = make([]uint64, (len(n.keys)+63)/64)
		for id := range m.cores {
			m.coreBits[id/64] |= 1 << (id % 64)
		}
	}
	return m
}

// score returns the score of the name with the given id against the item
// when it is minScore or more; a lower score may be returned as 0.
func (m *matcher) score(id int32) int {
	return int(m.scores[id])
}

// scoreName is score for a name given as text, which the table may not hold.
func (m *matcher) scoreName(name string) int {
	if id, ok := m.n.ids[name]; ok {
		return int(m.scores[id])
	}
	return m.n.syn.scoreKeys(m.ik, m.n.syn.nameKey(name))
}

// isCore reports whether contextScore may raise the name's score.
func (m *matcher) isCore(id int32) bool {
	return int(id/64) < len(m.coreBits) && m.coreBits[id/64]&(1<<(id%64)) != 0
}

// contextCores returns the names whose loose form is a good part of the
// item's canonical form, with the rest of it: what contextScore requires of
// a subject before it looks at the fact's context.
func contextCores(n *names, item nameKey) map[int32]string {
	a := item.canon
	na := utf8.RuneCountInString(a)
	var out map[int32]string
	for i := 0; i < len(a); {
		_, size := utf8.DecodeRuneInString(a[i:])
		for j, runes := i+size, 1; j < len(a); runes++ {
			_, sz := utf8.DecodeRuneInString(a[j:])
			j += sz
			// a[i:j] has runes+1 characters.
			core := a[i:j]
			if (runes+1)*5 < na*2 {
				continue
			}
			ids := n.byCore[core]
			if len(ids) == 0 {
				continue
			}
			rem := strings.Replace(a, core, "", 1)
			if utf8.RuneCountInString(rem) < 2 {
				continue
			}
			if out == nil {
				out = map[int32]string{}
			}
			for _, id := range ids {
				out[id] = rem
			}
		}
		i += size
	}
	return out
}

// contextScore rates an item that says more than a fact's subject (whose
// name id is given) when the rest of the item is found in the fact's
// context: "人大事务的行政运行支出" is the row 行政运行 under 人大事务;
// "基本支出办公费" the row 办公费 of the 基本支出 table; "项目绩效自评平均得分"
// the 平均得分 of a sentence about 绩效自评 of 项目. The subject must be a
// good part of the item: "机关" is not what "机关运行经费" is about.
func (m *matcher) contextScore(id int32, d *corpus.Document, f *corpus.Fact) int {
	if !m.isCore(id) {
		return 0
	}
	rest, ok := m.cores[id]
	if !ok {
		return 0
	}
	if m.covers(rest, factContext(d, f)) {
		return 88
	}
	return 0
}

// covers reports whether a fact's context has most of the rest of the
// item: three quarters of its character bigrams.
func (m *matcher) covers(rest, context string) bool {
	return m.covered(contextRest{context, rest, false})
}

// coversKey is covers on the matchKey of the context.
func (m *matcher) coversKey(rest, key string) bool {
	return m.covered(contextRest{key, rest, true})
}

func (m *matcher) covered(k contextRest) bool {
	covered, ok := m.contexts[k]
	if !ok {
		key := k.context
		if !k.isKey {
			key = matchKey(key)
		}
		covered = coverage(k.rest, key) >= 0.75
		if !m.shared {
			if m.contexts == nil {
				m.contexts = map[contextRest]bool{}
			}
			m.contexts[k] = covered
		}
	}
	return covered
}
