package suggest

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/nlq"
)

// Bounds of the suggestions.
const (
	maxQuestions      = 6  // suggested questions per department
	maxGlobal         = 3  // of those, with the department's name
	maxItemRunes      = 24 // longer subjects are sentences, not names
	maxTypedItemRunes = 16 // how far back a half-typed name may start
)

// The kinds of completion.
const (
	KindSubject  = "subject"  // a fact's subject
	KindProject  = "project"  // a project named in the text
	KindTerm     = "term"     // a 名词解释 entry
	KindTemplate = "template" // a question pattern after a whole name
)

// Answerer answers one question; *nlq.Engine is one.
type Answerer interface {
	Ask(req nlq.Request) nlq.Response
}

// Completion is one way to finish the question being typed.
type Completion struct {
	Text string `json:"text"` // the whole question
	Item string `json:"item"` // the name it completes to
	Kind string `json:"kind"` // subject, project, term or template
}

// item is a name a question may be about: a figure's (amount), a 名词解释
// entry's (term), or both.
type item struct {
	name   string
	key    string // name without quotation marks, as typed
	kind   string // the first kind it was found as
	weight int
	amount bool
	term   bool
}

// Department holds the names of one department's documents (or of several
// departments', merged).
type Department struct {
	name  string
	items []item // by weight, then length, then name
	names map[string]item
}

// Name returns the department's name; "" for a merged set.
func (d *Department) Name() string { return d.name }

// Suggester holds the suggestions of every department. It is safe for
// concurrent use once made; Questions answers once FindQuestions is done.
type Suggester struct {
	depts  []*Department // in the order of the documents
	byDep  map[string]*Department
	all    *Department
	newest map[string]*corpus.Document // the document questions are about
	done   chan struct{}               // closed when the fields below are set
	// Set by FindQuestions before done is closed; read only after.
	scoped map[string][]string // answerable, asked with the department as scope
	global map[string][]string // answerable, with the department's name in them
	every  []string            // a few of each department's global, in turn
}

// The question patterns offered after a name, by its kind.
var (
	amountTemplates = []string{"是多少", "比上年增加多少"}
	termTemplates   = []string{"是什么"}
	// endings mark a question already finished.
	endings = []string{"是多少", "多少", "是什么", "吗", "呢", "比例", "占比"}
	// unquote drops the quotation marks of names like “三公”经费.
	unquote = strings.NewReplacer("“", "", "”", "", "\"", "", "‘", "", "’", "", "「", "", "」", "")
)

// New collects the names of docs by department: fact subjects, project
// names and 名词解释 terms, weighted by how often they occur.
func New(docs []*corpus.Document) *Suggester {
	sg := &Suggester{byDep: map[string]*Department{}, newest: map[string]*corpus.Document{}, done: make(chan struct{})}
	weights := map[string]map[string]*item{}
	for _, d := range docs {
		if d == nil {
			continue
		}
		ds := sg.byDep[d.Department]
		if ds == nil {
			ds = &Department{name: d.Department}
			sg.byDep[d.Department] = ds
			sg.depts = append(sg.depts, ds)
			weights[d.Department] = map[string]*item{}
		}
		if n := sg.newest[d.Department]; n == nil || d.Year > n.Year || (d.Year == n.Year && d.Kind == corpus.KindBudget) {
			sg.newest[d.Department] = d
		}
		w := weights[d.Department]
		add := func(name, kind string, weight int) {
			name = strings.TrimSpace(name)
			n := utf8.RuneCountInString(name)
			if n < 2 || n > maxItemRunes || corpus.IsTotalName(name) || name == d.Department || strings.ContainsAny(name, "\t\n") {
				return
			}
			it := w[name]
			if it == nil {
				it = &item{name: name, key: unquote.Replace(name), kind: kind}
				w[name] = it
			}
			it.weight += weight
			if kind == KindTerm {
				it.term = true
			} else {
				it.amount = true
			}
		}
		for _, f := range d.Facts {
			add(f.Subject, KindSubject, 1)
		}
		for _, p := range d.Projects {
			add(p.Name, KindProject, 5)
		}
		for _, t := range d.Terms {
			add(t.Name, KindTerm, 3)
		}
	}
	for _, ds := range sg.depts {
		ds.items, ds.names = sortItems(weights[ds.name])
	}
	sg.all = merge(sg.depts)
	return sg
}

// merge returns the names of several departments together.
func merge(depts []*Department) *Department {
	merged := map[string]*item{}
	for _, ds := range depts {
		for _, it := range ds.items {
			m := merged[it.name]
			if m == nil {
				c := it
				c.weight = 0
				m = &c
				merged[it.name] = m
			}
			m.weight += it.weight
			m.amount = m.amount || it.amount
			m.term = m.term || it.term
		}
	}
	out := &Department{}
	out.items, out.names = sortItems(merged)
	return out
}

// sortItems orders the items by weight, then shortness, then name, and
// indexes them by name.
func sortItems(m map[string]*item) ([]item, map[string]item) {
	items := make([]item, 0, len(m))
	names := make(map[string]item, len(m))
	for _, it := range m {
		items = append(items, *it)
		names[it.name] = *it
		names[it.key] = *it
	}
	sort.Slice(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.weight != b.weight {
			return a.weight > b.weight
		}
		if la, lb := utf8.RuneCountInString(a.name), utf8.RuneCountInString(b.name); la != lb {
			return la < lb
		}
		return a.name < b.name
	})
	return items, names
}

// Done is closed once FindQuestions has found the questions.
func (sg *Suggester) Done() <-chan struct{} { return sg.done }

// Departments returns the departments of docs (those a request's
// department name matched), each once.
func (sg *Suggester) Departments(docs []*corpus.Document) []*Department {
	var found []*Department
	seen := map[string]bool{}
	for _, d := range docs {
		if ds := sg.byDep[d.Department]; ds != nil && !seen[d.Department] {
			seen[d.Department] = true
			found = append(found, ds)
		}
	}
	return found
}

// FindQuestions asks a the candidate questions of each department and
// keeps those it answers, then closes Done. A department whose newest
// document is the one prev (the suggester of the documents before, or nil)
// asked about keeps prev's questions: after an upload only the departments
// it touched are asked again, not every department of a city.
func (sg *Suggester) FindQuestions(a Answerer, prev *Suggester) {
	defer close(sg.done)
	if prev != nil {
		select {
		case <-prev.done:
		default:
			prev = nil // still asking: start afresh rather than wait
		}
	}
	sg.scoped, sg.global = map[string][]string{}, map[string][]string{}
	for _, ds := range sg.depts {
		d := sg.newest[ds.name]
		if prev != nil && d != nil {
			if pd := prev.newest[ds.name]; pd != nil && pd.ID == d.ID && pd.Hash == d.Hash {
				sg.scoped[ds.name], sg.global[ds.name] = prev.scoped[ds.name], prev.global[ds.name]
				continue
			}
		}
		sg.scoped[ds.name], sg.global[ds.name] = questionsFor(d, a)
	}
	// Everyone's questions name their department, a few of each in turn.
	for i := range maxGlobal {
		for _, ds := range sg.depts {
			if g := sg.global[ds.name]; i < len(g) && len(sg.every) < 2*maxQuestions {
				sg.every = append(sg.every, g[i])
			}
		}
	}
}

// questionsFor returns the candidate questions about d that a answers:
// asked with the department as scope, and with its name in the question.
func questionsFor(d *corpus.Document, a Answerer) (scoped, global []string) {
	if d == nil {
		return nil, nil
	}
	cands := []string{d.Kind.String() + "总额是多少", "“三公”经费是多少", "基本支出比上年增加多少", "项目支出占总支出的比例"}
	projects := 0
	for _, p := range d.Projects {
		if p.Amount != nil && projects < 2 {
			cands = append(cands, p.Name+"是多少")
			projects++
		}
	}
	if len(d.Terms) > 0 {
		cands = append(cands, "什么是"+d.Terms[0].Name)
	}
	cands = append(cands, "机关运行经费是多少")
	for _, q := range cands {
		if len(scoped) < maxQuestions && a.Ask(nlq.Request{Question: q, Department: d.Department}).Answered {
			scoped = append(scoped, q)
		}
		if gq := d.Department + q; len(global) < maxGlobal && a.Ask(nlq.Request{Question: gq}).Answered {
			global = append(global, gq)
		}
	}
	return scoped, global
}

// Questions returns the suggested questions for depts: one department's
// own, several departments' with their names, and for none (all) a few of
// everyone's. Until FindQuestions is done there are none.
func (sg *Suggester) Questions(depts []*Department) []string {
	select {
	case <-sg.done:
	default:
		return []string{}
	}
	var out []string
	switch len(depts) {
	case 0:
		out = sg.every
	case 1:
		out = sg.scoped[depts[0].name]
	default:
		for _, ds := range depts {
			out = append(out, sg.global[ds.name]...)
		}
	}
	if out == nil {
		return []string{}
	}
	return out
}
