package nlq

import (
	"slices"

	"github.com/budgetqa/budgetqa/corpus"
)

// This file finds, among all documents, the one that names an item best,
// for a question that names no department, without scoring every fact of
// every document: New indexes where each name is used, and a question
// looks up the names its item may match.

// kindRank orders the documents of a scope by the kind of document asked
// for: a question that says 决算 goes to the 决算; otherwise a 部门预算 is
// preferred to a 单位预算 or a 决算 of the same year.
func kindRank(kind corpus.Kind, d *corpus.Document) int {
	switch {
	case kind.IsFinal() && d.Kind.IsFinal(), kind == corpus.KindUnitBudget && d.Kind == kind:
		return 0
	case kind == corpus.KindUnknown && d.Kind == corpus.KindBudget:
		return 0
	case kind == corpus.KindUnknown && d.Kind.IsFinal():
		return 1
	}
	return 2
}

// sortDocs orders documents by the rank of their kind, then newest year
// first, keeping the order of those that tie.
func sortDocs(ds []*corpus.Document, kind corpus.Kind) {
	slices.SortStableFunc(ds, func(a, b *corpus.Document) int {
		if ra, rb := kindRank(kind, a), kindRank(kind, b); ra != rb {
			return ra - rb
		}
		return b.Year - a.Year
	})
}

// docOrder is the scope of a question that names no department, for one
// kind of document asked for: every document, in the order sortDocs puts
// them.
type docOrder struct {
	docs   []*corpus.Document         // shared: never modified
	byYear map[int][]*corpus.Document // the documents of a year, in order
	pos    []int32                    // position in docs, by index in Engine.docs
}

func (e *Engine) newDocOrder(kind corpus.Kind) *docOrder {
	o := &docOrder{docs: slices.Clone(e.docs), byYear: map[int][]*corpus.Document{}, pos: make([]int32, len(e.docs))}
	sortDocs(o.docs, kind)
	for i, d := range o.docs {
		o.pos[e.keys[d].doc] = int32(i)
		o.byYear[d.Year] = append(o.byYear[d.Year], d)
	}
	return o
}

// order returns the docOrder for a kind of document asked for.
func (e *Engine) order(kind corpus.Kind) *docOrder {
	if o, ok := e.orders[kind]; ok {
		return o
	}
	return e.newDocOrder(kind) // not a kind Parse sets
}

// The ways a fact's name takes part in its score (see findCode).
const (
	roleSubject = iota // the subject's score
	roleMeasure        // a total-row fact: its measure's score, less 3
	roleCount          // a qualified count: the score of Measure+Subject
	roles
)

// itemIndex lists, for each name and role, the documents with a fact of
// that name in that role, with the best rank among those facts.
type itemIndex struct {
	post  [roles][][]posting   // by role, by name id; documents in increasing order
	codes map[string][]posting // by 科目编码
	terms [][]int32            // by name id: documents with a 名词解释 of that name, in order
	// For contextScore: the table facts by subject name id and context
	// (factContext, by id in contexts, which holds their matchKey), and the
	// documents with a text fact of a subject (whose contexts, sentences,
	// are seldom shared).
	tableCtx map[int32][]ctxPostings
	contexts []string
	textDocs map[int32][]posting
}

// contextKey is what factContext joins for a table fact: the table's
// reference and the names of up to four rows above the fact's.
type contextKey struct {
	table string
	above [4]string
}

// contextParts returns the parts of a table fact's context.
func contextParts(d *corpus.Document, f *corpus.Fact) contextKey {
	k := contextKey{table: f.Source.Table}
	if ti := f.Source.TableIdx; ti >= 0 && ti < len(d.Tables) {
		t := d.Tables[ti]
		for ri, n := f.Source.RowIdx, 0; ri >= 0 && ri < len(t.Rows) && n < 4; n++ {
			ri = t.Rows[ri].Parent
			if ri >= 0 && ri < len(t.Rows) {
				k.above[n] = t.Rows[ri].Name
			}
		}
	}
	return k
}

// ctxPostings are the documents with a table fact of one subject and one
// context.
type ctxPostings struct {
	ctx  int32
	post []posting
}

// posting is a document (its index in Engine.docs) and a fact rank
// (factRank): doc<<6 | rank.
type posting uint32

func (p posting) doc() int32  { return int32(p >> 6) }
func (p posting) rank() uint8 { return uint8(p & 63) }

// factRank is the order in which better ranks equally strong hits (85 or
// more), before their scores: measureRank, then tableAffinity, then table
// before text, then no doubt before doubt. It is below 36.
func factRank(d *corpus.Document, f *corpus.Fact) uint8 {
	h := hit{f: f, doc: d}
	r := measureRank(h)*3 + tableAffinity(h)
	r *= 2
	if !f.Source.FromTable() {
		r++
	}
	r *= 2
	if f.Doubt != "" {
		r++
	}
	return uint8(r)
}

// newItemIndex indexes the facts and terms of e.docs by name.
func (e *Engine) newItemIndex() *itemIndex {
	x := &itemIndex{codes: map[string][]posting{}, tableCtx: map[int32][]ctxPostings{}, textDocs: map[int32][]posting{}}
	ctxIDs := map[contextKey]int32{}
	type rowCtx struct {
		table string
		ctx   int32
	}
	rows := map[[2]int]rowCtx{}       // a document's rows' contexts: by table and row index
	tableCtx := map[[2]int32]uint8{}  // a document's (subject, context) pairs, with the best rank
	textSubjects := map[int32]uint8{} // a document's text facts' subjects, with the best rank
	n := len(e.names.keys)
	for r := range x.post {
		x.post[r] = make([][]posting, n)
	}
	x.terms = make([][]int32, n)
	var best [roles]map[int32]uint8 // name id → best rank, for one document
	for r := range best {
		best[r] = map[int32]uint8{}
	}
	codes := map[string]uint8{}
	note := func(m map[int32]uint8, id int32, rank uint8) {
		if r, ok := m[id]; !ok || rank < r {
			m[id] = rank
		}
	}
	for di, d := range e.docs {
		k := e.keys[d]
		totals, counts := k.totals, k.counts
		for i := range d.Facts {
			f := &d.Facts[i]
			rank := factRank(d, f)
			note(best[roleSubject], k.subject[i], rank)
			if len(totals) > 0 && int(totals[0].fact) == i {
				note(best[roleMeasure], totals[0].name, rank)
				totals = totals[1:]
			}
			if len(counts) > 0 && int(counts[0].fact) == i {
				note(best[roleCount], counts[0].name, rank)
				counts = counts[1:]
			}
			if f.Code != "" {
				if r, ok := codes[f.Code]; !ok || rank < r {
					codes[f.Code] = rank
				}
			}
			if !f.Source.FromTable() {
				if r, ok := textSubjects[k.subject[i]]; !ok || rank < r {
					textSubjects[k.subject[i]] = rank
				}
				continue
			}
			at := [2]int{f.Source.TableIdx, f.Source.RowIdx}
			rc, ok := rows[at]
			if !ok || rc.table != f.Source.Table {
				c := contextParts(d, f)
				id, ok := ctxIDs[c]
				if !ok {
					id = int32(len(x.contexts))
					x.contexts = append(x.contexts, matchKey(factContext(d, f)))
					ctxIDs[c] = id
				}
				rc = rowCtx{f.Source.Table, id}
				rows[at] = rc
			}
			pair := [2]int32{k.subject[i], rc.ctx}
			if r, ok := tableCtx[pair]; !ok || rank < r {
				tableCtx[pair] = rank
			}
		}
		for pair, rank := range tableCtx {
			cps := x.tableCtx[pair[0]]
			j := slices.IndexFunc(cps, func(cp ctxPostings) bool { return cp.ctx == pair[1] })
			if j < 0 {
				j = len(cps)
				cps = append(cps, ctxPostings{ctx: pair[1]})
			}
			cps[j].post = append(cps[j].post, posting(di)<<6|posting(rank))
			x.tableCtx[pair[0]] = cps
		}
		for id, rank := range textSubjects {
			x.textDocs[id] = append(x.textDocs[id], posting(di)<<6|posting(rank))
		}
		clear(rows)
		clear(tableCtx)
		clear(textSubjects)
		for r := range best {
			for id, rank := range best[r] {
				x.post[r][id] = append(x.post[r][id], posting(di)<<6|posting(rank))
			}
			clear(best[r])
		}
		for c, rank := range codes {
			x.codes[c] = append(x.codes[c], posting(di)<<6|posting(rank))
		}
		clear(codes)
		for _, t := range d.Terms {
			id := e.names.ids[t.Name]
			if ds := x.terms[id]; len(ds) == 0 || ds[len(ds)-1] != int32(di) {
				x.terms[id] = append(ds, int32(di))
			}
		}
	}
	// Without the room appending left.
	for r := range x.post {
		for id, ps := range x.post[r] {
			x.post[r][id] = tight(ps)
		}
	}
	for c, ps := range x.codes {
		x.codes[c] = tight(ps)
	}
	for id, ds := range x.terms {
		x.terms[id] = tight(ds)
	}
	for id, cps := range x.tableCtx {
		for j := range cps {
			cps[j].post = tight(cps[j].post)
		}
		x.tableCtx[id] = tight(cps)
	}
	for id, ds := range x.textDocs {
		x.textDocs[id] = tight(ds)
	}
	x.contexts = tight(x.contexts)
	return x
}

// docScore gathers the hits of one document for an item, as better ranks
// them: its best hit is the strongest of the best-ranked hits scoring 85 or
// more, or else its strongest hit.
type docScore struct {
	strong   uint16 // of the hits scoring 85 or more, the best (64-rank)<<7 | score; 0: none
	weak     int8   // the strongest hit below 85
	bound    int8   // the most the best hit may score
	textRank uint8  // 1 + the best rank of the text facts contextScore may add a hit of 88 to; 0: none
}

// empty reports whether nothing is known of the document yet.
func (s *docScore) empty() bool { return s.strong == 0 && s.weak == 0 && s.textRank == 0 }

// settled reports whether hits of 88 of the rank textRank or worse would
// leave the best hit as it is: it ranks better, or ranks the same and
// scores 88 or more.
func (s *docScore) settled() bool {
	if s.textRank == 0 {
		return true
	}
	if s.strong == 0 {
		return false
	}
	rank, top := 64-int(s.strong>>7), int(s.strong&127)
	r := int(s.textRank) - 1
	return r > rank || r == rank && top >= 88
}

// add records a hit of the document.
func (s *docScore) add(score int, rank uint8) {
	if score >= sameThing {
		s.strong = max(s.strong, uint16(64-rank)<<7|uint16(score))
	} else {
		s.weak = max(s.weak, int8(score))
	}
}

// best returns the score of the document's best hit, or false when it has
// none.
func (s *docScore) best() (int, bool) {
	switch {
	case s.strong > 0:
		return int(s.strong & 127), true
	case s.weak >= minScore:
		return int(s.weak), true
	}
	return 0, false
}

// addHits adds the hits of a list of postings, all of one score, to the
// documents of the year (any year for 0).
func (st *pickState) addHits(ps []posting, score int, years []int32, year int32) {
	scores := st.scores
	if score >= sameThing {
		for _, p := range ps {
			di := p.doc()
			if year > 0 && years[di] != year {
				continue
			}
			s := &scores[di]
			if s.empty() {
				st.touched = append(st.touched, di)
			}
			s.strong = max(s.strong, uint16(64-p.rank())<<7|uint16(score))
			st.strong = true
		}
		return
	}
	for _, p := range ps {
		di := p.doc()
		if year > 0 && years[di] != year {
			continue
		}
		s := &scores[di]
		if s.empty() {
			st.touched = append(st.touched, di)
		}
		s.weak = max(s.weak, int8(score))
	}
}

// pickByItem returns the document of the year (any year for 0), among all
// documents in the order of o, whose best hit for the item scores highest,
// the first of those that tie; nil when no document names the item. It is
// what scoring every document with findCode and keeping the first best
// would return.
func (e *Engine) pickByItem(m *matcher, o *docOrder, year int) *corpus.Document {
	if m.item == "" {
		return nil
	}
	x := e.items
	st := e.picks.Get().(*pickState)
	defer e.picks.Put(st)
	scores := st.scores
	defer st.reset()
	y := int32(max(year, 0))
	// Hits of 85 or more first: when a document has one, its best hit does,
	// and a document whose hits are all weaker cannot be the best; their
	// lists, often the longest, are then not read.
	hits := func(strong bool) {
		for _, id := range m.cands {
			sc := m.score(id)
			if sc >= minScore && sc >= sameThing == strong {
				st.addHits(x.post[roleSubject][id], sc, e.years, y)
				st.addHits(x.post[roleCount][id], sc, e.years, y)
			}
			if sc-3 >= minScore && sc-3 >= sameThing == strong {
				st.addHits(x.post[roleMeasure][id], sc-3, e.years, y)
			}
		}
	}
	hits(true)
	st.addHits(x.codes[m.item], 100, e.years, y)
	// contextScore adds a hit of 88 to the table facts of a subject it
	// looks at the context of, when the context has the rest of the item;
	// and may add one to the text facts of such a subject.
	for id, rest := range m.cores {
		for _, cp := range x.tableCtx[id] {
			if m.coversKey(rest, x.contexts[cp.ctx]) {
				st.addHits(cp.post, 88, e.years, y)
			}
		}
		for _, p := range x.textDocs[id] {
			if di := p.doc(); y == 0 || e.years[di] == y {
				s := &scores[di]
				if s.empty() {
					st.touched = append(st.touched, di)
				}
				if r := p.rank() + 1; s.textRank == 0 || r < s.textRank {
					s.textRank = r
				}
			}
		}
	}

	if !st.strong {
		hits(false)
	}

	// The best document whose hits are known, then those where contextScore
	// may add a hit, as long as they could beat it.
	bestDoc, bestScore, bestPos := int32(-1), -1, int32(0)
	better := func(di int32, score int) bool {
		return score > bestScore || score == bestScore && o.pos[di] < bestPos
	}
	open := st.open[:0]
	for _, di := range st.touched {
		s := &scores[di]
		if !s.settled() {
			// Hits of 88 either leave the best hit as it is, or rank
			// before it and make it 88, or rank with it.
			sc, _ := s.best()
			s.bound = int8(max(sc, 88))
			open = append(open, di)
			continue
		}
		if sc, ok := s.best(); ok && better(di, sc) {
			bestDoc, bestScore, bestPos = di, sc, o.pos[di]
		}
	}
	// The open documents by bound, highest first, then in the order of o:
	// the first few usually settle it, so the next is looked for, and only
	// past a few are the rest sorted.
	next := func() (int32, bool) {
		at := -1
		for i, di := range open {
			if at < 0 || scores[di].bound > scores[open[at]].bound || scores[di].bound == scores[open[at]].bound && o.pos[di] < o.pos[open[at]] {
				at = i
			}
		}
		if at < 0 {
			return 0, false
		}
		di := open[at]
		open[at] = open[len(open)-1]
		open = open[:len(open)-1]
		return di, true
	}
	for n := 0; ; n++ {
		if n == pickScans {
			// Taken from the end: by bound, lowest first, then last first.
			slices.SortFunc(open, func(a, b int32) int {
				if sa, sb := scores[a].bound, scores[b].bound; sa != sb {
					return int(sa) - int(sb)
				}
				return int(o.pos[b]) - int(o.pos[a])
			})
			next = func() (int32, bool) {
				if len(open) == 0 {
					return 0, false
				}
				di := open[len(open)-1]
				open = open[:len(open)-1]
				return di, true
			}
		}
		di, ok := next()
		if !ok || !better(di, int(scores[di].bound)) {
			break
		}
		// The hits of 88 contextScore adds to the text facts.
		d, s := e.docs[di], scores[di]
		for i, id := range e.keys[d].subject {
			if f := &d.Facts[i]; m.isCore(id) && !f.Source.FromTable() && m.contextScore(id, d, f) > 0 {
				s.add(88, factRank(d, f))
			}
		}
		if sc, ok := s.best(); ok && better(di, sc) {
			bestDoc, bestScore, bestPos = di, sc, o.pos[di]
		}
	}
	st.open = open
	if bestDoc < 0 {
		return nil
	}
	return e.docs[bestDoc]
}

// pickScans is how many open documents pickByItem looks for one by one
// before it sorts the rest.
var pickScans = 8

// pickState is what pickByItem works in, kept for the next question: a
// score for every document, and the documents touched.
type pickState struct {
	scores        []docScore
	touched, open []int32
	strong        bool // a document has a hit of 85 or more
}

// reset clears the scores touched.
func (st *pickState) reset() {
	for _, di := range st.touched {
		st.scores[di] = docScore{}
	}
	st.touched = st.touched[:0]
	st.open = st.open[:0]
	st.strong = false
}

// tight returns s without spare capacity, copied when it has some.
func tight[T any](s []T) []T {
	if cap(s) == len(s) {
		return s
	}
	return append(make([]T, 0, len(s)), s...)
}

// firstWithTerm returns the first document of the year (any year for 0),
// in the order of o, with a 名词解释 entry that scores atLeast or more against
// the item; nil when there is none.
func (e *Engine) firstWithTerm(m *matcher, o *docOrder, year, atLeast int) *corpus.Document {
	first, firstPos := int32(-1), int32(0)
	for _, id := range m.cands {
		if m.score(id) < atLeast {
			continue
		}
		for _, di := range e.items.terms[id] {
			if year > 0 && e.docs[di].Year != year {
				continue
			}
			if first < 0 || o.pos[di] < firstPos {
				first, firstPos = di, o.pos[di]
			}
		}
	}
	if first < 0 {
		return nil
	}
	return e.docs[first]
}
