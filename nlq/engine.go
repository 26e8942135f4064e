package nlq

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/index"
)

// Engine answers questions over a set of documents. It is safe for
// concurrent use.
type Engine struct {
	docs     []*corpus.Document
	depts    []string
	syn      Synonyms
	known    map[string]bool
	sessions *Sessions

	// Built by New and read-only after: the names of the corpus prepared
	// for matching, each document's facts by name, where items are named
	// across documents, the departments by name and alias, each
	// department's documents (in the order of docs), and the order of
	// scope of questions that name no department.
	names  *names
	keys   map[*corpus.Document]*docKeys
	items  *itemIndex
	deptIx *deptIndex
	byDept map[string][]*corpus.Document // by entity name
	// entity maps each department name a document prints to the name of
	// the department it is (its long and short names meet under
	// corpus.CanonicalDepartment); members lists an entity's names.
	entity  map[string]string
	members map[string][]string
	// regions maps each region a department belongs to (corpus.
	// DepartmentRegions) to the departments in it; regionWords lists
	// them, longest first.
	regions     map[string][]string
	regionWords []string
	orders      map[corpus.Kind]*docOrder // by Query.Kind
	fixed       map[string]*matcher       // of the items evaluation looks up itself (totalNames, sanGongNames)
	years       []int32                   // of each document, by index in docs
	picks       sync.Pool                 // of *pickState

	openIndex func() (Searcher, error)
	indexOnce sync.Once
	index     Searcher
}

// Searcher finds facts and paragraphs by their words and segments Chinese
// text; *index.Index is one. The engine uses it for items worded loosely
// and for questions answered by a passage rather than a figure.
type Searcher interface {
	Search(q string, f index.Filter, n int) ([]index.Hit, error)
	Segment(text string) []string
}

// Options configure an Engine.
type Options struct {
	Synonyms Synonyms // nil: DefaultSynonyms
	// Index returns the searcher, opened on first need (loading jieba and
	// building the index take a second; most questions never need them).
	// nil: no full-text search.
	Index func() (Searcher, error)
	// Sessions keeps the conversations; nil: the engine keeps its own.
	// Pass the same Sessions to the engines built after each change of
	// the documents, so that conversations go on.
	Sessions *Sessions
}

// New returns an Engine over docs. It joins the parts of a document
// published as several files (corpus.Assemble) and sorts docs by
// department, newest first.
func New(docs []*corpus.Document, opts Options) *Engine {
	docs = corpus.Assemble(docs)
	e := &Engine{docs: docs, syn: opts.Synonyms, openIndex: opts.Index, known: map[string]bool{}, keys: make(map[*corpus.Document]*docKeys, len(docs))}
	if e.syn == nil {
		e.syn = DefaultSynonyms
	}
	e.names = newNames(e.syn)
	subjects := map[int32]bool{}
	e.entity, e.members = departmentEntities(docs)
	seen := map[string]bool{}
	for _, d := range docs {
		k := e.prepare(d)
		e.keys[d] = k
		if name := e.entity[d.Department]; !seen[name] {
			seen[name] = true
			e.depts = append(e.depts, name)
		}
		for _, id := range k.subject {
			subjects[id] = true
		}
		for _, t := range d.Terms {
			e.known[e.names.keys[e.names.add(t.Name)].key] = true
		}
		// Names the evaluation scores besides facts', prepared once.
		for _, t := range d.Tables {
			for _, r := range t.Rows {
				e.names.add(r.Name)
			}
		}
		for _, l := range d.Lists {
			e.names.add(l.Name)
		}
		for _, t := range d.Targets {
			e.names.add(t.Name)
		}
	}
	for id := range subjects {
		e.known[e.names.keys[id].key] = true
	}
	for k, v := range e.syn {
		e.known[k] = true
		e.known[v] = true
	}
	sort.Slice(e.docs, func(i, j int) bool {
		if a, b := e.entity[e.docs[i].Department], e.entity[e.docs[j].Department]; a != b {
			return a < b
		}
		return e.docs[i].Year > e.docs[j].Year
	})
	e.byDept = map[string][]*corpus.Document{}
	e.years = make([]int32, len(e.docs))
	for i, d := range e.docs {
		e.keys[d].doc = int32(i)
		e.years[i] = int32(d.Year)
		e.byDept[e.entity[d.Department]] = append(e.byDept[e.entity[d.Department]], d)
	}
	e.picks.New = func() any { return &pickState{scores: make([]docScore, len(e.docs))} }
	e.deptIx = newDeptIndex(e.depts, e.members)
	e.regions = map[string][]string{}
	for _, name := range e.depts {
		for _, r := range corpus.DepartmentRegions(name) {
			if !slices.Contains(e.regions[r], name) {
				e.regions[r] = append(e.regions[r], name)
			}
		}
	}
	for r := range e.regions {
		e.regionWords = append(e.regionWords, r)
	}
	sort.Slice(e.regionWords, func(i, j int) bool {
		a, b := e.regionWords[i], e.regionWords[j]
		return len(a) > len(b) || len(a) == len(b) && a < b
	})
	e.orders = map[corpus.Kind]*docOrder{}
	for _, kind := range []corpus.Kind{corpus.KindUnknown, corpus.KindFinal, corpus.KindUnitBudget} {
		e.orders[kind] = e.newDocOrder(kind)
	}
	e.items = e.newItemIndex()
	e.fixed = map[string]*matcher{}
	for _, item := range append(slices.Clone(totalNames), sanGongNames...) {
		m := newMatcher(e.names, item)
		m.shared = true
		e.fixed[item] = m
	}
	e.sessions = opts.Sessions
	if e.sessions == nil {
		e.sessions = NewSessions(0, 0)
	}
	return e
}

// Documents returns the documents the engine answers from.
func (e *Engine) Documents() []*corpus.Document { return e.docs }

// Ask answers one request. A question it cannot answer gets Answered false
// with a short explanation; only a malformed request gets an Error.
func (e *Engine) Ask(req Request) Response {
	question := strings.TrimSpace(req.Question)
	resp := Response{Question: req.Question, Sources: []SourceRef{}}
	if question == "" {
		resp.Error = &Error{Code: "empty_question", Message: "问题不能为空"}
		resp.Intent = IntentUnknown.String()
		return resp
	}
	prev := e.sessions.get(req.SessionID)
	if o, ok := chosenOption(question, prev); ok {
		// The reply to a clarification: the question it offered.
		question = o.Question
	}
	scope := Scope{Dept: e.resolveDept(req.Department), Year: req.Year, Depts: e.depts, Known: e.isKnown, Regions: e.regionWords, deptIx: e.deptIx}
	if prev != nil {
		scope.Prev = &prev.q
		if n := len(prev.figures); n > 0 {
			scope.Focus = prev.figures[n-1].item
		}
		scope.Figures = len(prev.figures)
	}
	q, err := Parse(question, scope)
	if err != nil {
		resp.Error = &Error{Code: "bad_question", Message: "无法读取问题"}
		return resp
	}
	if q.Previous > 0 && prev != nil {
		resp = e.combine(q, prev.q, prev.figures, resp)
	} else {
		resp = e.Evaluate(q, resp)
	}
	resp.Query = q.String()
	if req.SessionID != "" && q.Intent != IntentUnknown {
		e.sessions.put(req.Client, req.SessionID, e.nextTurn(prev, resp))
	}
	return resp
}

// chosenOption returns the option of the previous turn's clarification a
// reply picks by its number ("2", "第二个").
func chosenOption(question string, prev *turn) (Option, bool) {
	if prev == nil || len(prev.options) == 0 {
		return Option{}, false
	}
	t := strings.Trim(normalize(question), "第个项号.、 ")
	n := corpus.ParseCount(t)
	if n < 1 || n > len(prev.options) {
		return Option{}, false
	}
	return prev.options[n-1], true
}

// nextTurn is what the session keeps after resp: the query as resolved,
// and the figures answered, the newest last.
func (e *Engine) nextTurn(prev *turn, resp Response) *turn {
	t := &turn{q: resp.resolved}
	if resp.Clarify != nil {
		t.options = resp.Clarify.Options
	}
	if prev != nil {
		t.figures = append(t.figures, prev.figures...)
	}
	t.figures = append(t.figures, resp.figures...)
	if n := len(t.figures); n > maxFigures {
		t.figures = t.figures[n-maxFigures:]
	}
	return t
}

func (e *Engine) isKnown(s string) bool { return e.known[matchKey(s)] }

// searcher returns the full-text searcher, opening it on first use; nil
// when there is none or it failed to open.
func (e *Engine) searcher() Searcher {
	e.indexOnce.Do(func() {
		if e.openIndex == nil {
			return
		}
		s, err := e.openIndex()
		if err == nil {
			e.index = s
		}
	})
	return e.index
}

// departmentEntities groups the department names of docs by the
// department they name (corpus.CanonicalDepartment: "江苏省人大常委会办公厅"
// one year, "江苏省人大办公厅" the next), and names each group by its
// fullest name: the longest, the most printed among equals.
func departmentEntities(docs []*corpus.Document) (entity map[string]string, members map[string][]string) {
	count := map[string]int{}
	groups := map[string][]string{}
	for _, d := range docs {
		if count[d.Department]++; count[d.Department] == 1 {
			k := corpus.CanonicalDepartment(d.Department)
			groups[k] = append(groups[k], d.Department)
		}
	}
	entity, members = map[string]string{}, map[string][]string{}
	for _, names := range groups {
		best := names[0]
		for _, n := range names[1:] {
			if len(n) > len(best) || len(n) == len(best) && (count[n] > count[best] || count[n] == count[best] && n < best) {
				best = n
			}
		}
		for _, n := range names {
			entity[n] = best
		}
		members[best] = names
	}
	return entity, members
}

// deptList names the departments of the corpus, at most n of them.
func (e *Engine) deptList(n int) string {
	if len(e.depts) <= n {
		return strings.Join(e.depts, "、")
	}
	return strings.Join(e.depts[:n], "、") + fmt.Sprintf("等%d个", len(e.depts))
}

// entityOf returns the name of the department d is a document of.
func (e *Engine) entityOf(d *corpus.Document) string { return e.entity[d.Department] }

// resolveDept maps a requested department (any part of a name, or a short
// form) to the corpus's full name; unknown names are kept so that scoping
// finds nothing rather than everything.
func (e *Engine) resolveDept(d string) string {
	d = strings.TrimSpace(d)
	if d == "" {
		return ""
	}
	if name, ok := e.deptIx.resolve(d); ok {
		return name
	}
	return d
}
