package api

import (
	"net/http"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/nlq"
)

// Bounds of GET /v1/suggest.
const (
	defaultSuggestions = 8
	maxSuggestions     = 20
	maxQuestions       = 6  // suggested questions per department
	maxGlobal          = 3  // of those, with the department's name
	maxItemRunes       = 24 // longer subjects are sentences, not names
	maxTypedItemRunes  = 16 // how far back a half-typed name may start
)

// The kinds of completion.
const (
	kindSubject  = "subject"  // a fact's subject
	kindProject  = "project"  // a project named in the text
	kindTerm     = "term"     // a 名词解释 entry
	kindTemplate = "template" // a question pattern after a whole name
)

// suggestResponse is the body of GET /v1/suggest.
type suggestResponse struct {
	Query       string       `json:"query"`
	Department  string       `json:"department,omitempty"` // the one department matched
	Completions []completion `json:"completions"`
	Questions   []string     `json:"questions"`
}

// completion is one way to finish the question being typed.
type completion struct {
	Text string `json:"text"` // the whole question
	Item string `json:"item"` // the name it completes to
	Kind string `json:"kind"` // subject, project, term or template
}

// suggestItem is a name a question may be about: a figure's (amount), a
// 名词解释 entry's (term), or both.
type suggestItem struct {
	name   string
	kind   string // the first kind it was found as
	weight int
	amount bool
	term   bool
}

// deptSuggestions are the names of one department's documents (or of
// several departments', merged).
type deptSuggestions struct {
	name  string
	items []suggestItem // by weight, then length, then name
	names map[string]suggestItem
}

// suggester holds the suggestions of every department. The names are
// known at once; the questions once findQuestions has asked them, which
// takes seconds, so SetBackend runs it in the background.
type suggester struct {
	depts  []*deptSuggestions // in the order of the documents
	byDep  map[string]*deptSuggestions
	all    *deptSuggestions
	newest map[string]*corpus.Document // the document questions are about
	done   chan struct{}               // closed when the fields below are set
	// Set by findQuestions before done is closed; read only after.
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
)

// newSuggester collects the names of docs by department: fact subjects,
// project names and 名词解释 terms, weighted by how often they occur.
func newSuggester(docs []*corpus.Document) *suggester {
	sg := &suggester{byDep: map[string]*deptSuggestions{}, newest: map[string]*corpus.Document{}, done: make(chan struct{})}
	weights := map[string]map[string]*suggestItem{}
	for _, d := range docs {
		if d == nil {
			continue
		}
		ds := sg.byDep[d.Department]
		if ds == nil {
			ds = &deptSuggestions{name: d.Department}
			sg.byDep[d.Department] = ds
			sg.depts = append(sg.depts, ds)
			weights[d.Department] = map[string]*suggestItem{}
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
				it = &suggestItem{name: name, kind: kind}
				w[name] = it
			}
			it.weight += weight
			if kind == kindTerm {
				it.term = true
			} else {
				it.amount = true
			}
		}
		for _, f := range d.Facts {
			add(f.Subject, kindSubject, 1)
		}
		for _, p := range d.Projects {
			add(p.Name, kindProject, 5)
		}
		for _, t := range d.Terms {
			add(t.Name, kindTerm, 3)
		}
	}
	for _, ds := range sg.depts {
		ds.items, ds.names = sortItems(weights[ds.name])
	}
	sg.all = merge(sg.depts)
	return sg
}

// merge returns the names of several departments together.
func merge(depts []*deptSuggestions) *deptSuggestions {
	merged := map[string]*suggestItem{}
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
	out := &deptSuggestions{}
	out.items, out.names = sortItems(merged)
	return out
}

// sortItems orders the items by weight, then shortness, then name, and
// indexes them by name.
func sortItems(m map[string]*suggestItem) ([]suggestItem, map[string]suggestItem) {
	items := make([]suggestItem, 0, len(m))
	names := make(map[string]suggestItem, len(m))
	for _, it := range m {
		items = append(items, *it)
		names[it.name] = *it
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

// findQuestions asks a the candidate questions of each department and
// keeps those it answers, then closes done. A department whose newest
// document is the one prev (the suggester of the backend before, or nil)
// asked about keeps prev's questions: after an upload only the departments
// it touched are asked again, not every department of a city.
func (sg *suggester) findQuestions(a Answerer, prev *suggester) {
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

// questions returns the suggested questions for depts: one department's
// own, several departments' with their names, and for none (all) a few of
// everyone's. Until findQuestions is done there are none.
func (sg *suggester) questions(depts []*deptSuggestions) []string {
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
	return nonNil(out)
}

// suggest answers GET /v1/suggest?q=…&department=…&n=….
func (s *Server) suggest(c *gin.Context) {
	q := c.Query("q")
	if q != "" {
		if e := validateText(q, "问题"); e != nil && e.Code != codeEmptyQuestion {
			abortError(c, e)
			return
		}
	}
	n, e := queryCount(c, "n", defaultSuggestions, maxSuggestions)
	if e != nil {
		abortError(c, e)
		return
	}
	resp := suggestResponse{Query: q, Completions: []completion{}, Questions: []string{}}
	st := s.current()
	sg := st.sugg
	ds, depts := sg.all, []*deptSuggestions(nil)
	if dept := c.Query("department"); dept != "" {
		if depts = sg.forDepartment(st.docs, dept); len(depts) == 0 {
			writeJSON(c, http.StatusOK, resp)
			return
		}
		ds = depts[0]
		if len(depts) > 1 {
			ds = merge(depts)
		}
		resp.Department = ds.name
	}
	resp.Completions = ds.complete(q, n)
	resp.Questions = sg.questions(depts)
	writeJSON(c, http.StatusOK, resp)
}

// forDepartment returns the departments the name dept designates.
func (sg *suggester) forDepartment(docs []*corpus.Document, dept string) []*deptSuggestions {
	var found []*deptSuggestions
	seen := map[string]bool{}
	for _, d := range matchDepartment(docs, dept) {
		if ds := sg.byDep[d.Department]; ds != nil && !seen[d.Department] {
			seen[d.Department] = true
			found = append(found, ds)
		}
	}
	return found
}

// complete returns up to n completions of the half-typed question q: a
// question pattern after a name typed whole ("信访工作比上" → "信访工作比上年
// 增加多少"), or the names that the end of q begins ("信访稳" → "信访稳定备用
// 金是多少"), or failing those, contains.
func (ds *deptSuggestions) complete(q string, n int) []completion {
	r := []rune(strings.TrimRight(strings.TrimSpace(q), "？?。！! "))
	if len(r) == 0 {
		return []completion{}
	}
	out := []completion{}
	seen := map[string]bool{}
	add := func(text, item, kind string) bool {
		if !seen[text] && len(out) < n {
			seen[text] = true
			out = append(out, completion{Text: text, Item: item, Kind: kind})
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
				add(string(base)+t, it.name, kindTemplate)
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
	// A name begun at the end.
	for k := min(len(r), maxTypedItemRunes); k >= 1; k-- {
		typed := string(r[len(r)-k:])
		head := string(r[:len(r)-k])
		found := false
		for _, it := range ds.items {
			if strings.HasPrefix(it.name, typed) {
				found = true
				if !addItem(add, head, it) {
					return out
				}
			}
		}
		if found {
			return out
		}
	}
	// A name containing the end.
	for k := min(len(r), maxTypedItemRunes); k >= 2; k-- {
		typed := string(r[len(r)-k:])
		head := string(r[:len(r)-k])
		found := false
		for _, it := range ds.items {
			if strings.Contains(it.name, typed) {
				found = true
				if !addItem(add, head, it) {
					return out
				}
			}
		}
		if found {
			break
		}
	}
	return out
}

// addItem adds the questions of item it after head; false when full.
// After "什么是" only its definition is asked for.
func addItem(add func(text, item, kind string) bool, head string, it suggestItem) bool {
	if it.term {
		text := head + it.name + termTemplates[0]
		switch {
		case strings.HasSuffix(head, "什么是"):
			return add(head+it.name, it.name, kindTerm)
		case head == "":
			text = "什么是" + it.name
		}
		if !add(text, it.name, kindTerm) {
			return false
		}
	}
	if it.amount {
		for _, t := range amountTemplates {
			if !add(head+it.name+t, it.name, it.kind) {
				return false
			}
		}
	}
	return true
}

// endingItem returns the longest known name that base ends with.
func (ds *deptSuggestions) endingItem(base []rune) (suggestItem, bool) {
	for l := min(len(base), maxItemRunes); l >= 2; l-- {
		if it, ok := ds.names[string(base[len(base)-l:])]; ok {
			return it, true
		}
	}
	return suggestItem{}, false
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
