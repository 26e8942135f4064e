package api

import (
	"fmt"
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

// deptSuggestions are the names and the questions of one department (or
// of all, merged).
type deptSuggestions struct {
	name      string
	items     []suggestItem // by weight, then length, then name
	names     map[string]suggestItem
	questions []string // answerable, without the department's name
	global    []string // answerable, with the department's name
}

// suggester holds the suggestions of every department.
type suggester struct {
	depts []*deptSuggestions // in the order of the documents
	byDep map[string]*deptSuggestions
	all   *deptSuggestions
}

// The question patterns offered after a name, by its kind.
var (
	amountTemplates = []string{"是多少", "比上年增加多少"}
	termTemplates   = []string{"是什么"}
	// endings mark a question already finished.
	endings = []string{"是多少", "多少", "是什么", "吗", "呢", "比例", "占比"}
	// skipNames are subjects too generic to offer.
	skipNames = map[string]bool{"合计": true, "小计": true, "总计": true, "金额合计": true, "支出合计": true, "收入合计": true}
)

// newSuggester collects the names of docs by department and keeps, for
// each, the candidate questions that a asks and answers.
func newSuggester(docs []*corpus.Document, a Answerer) *suggester {
	sg := &suggester{byDep: map[string]*deptSuggestions{}}
	weights := map[string]map[string]*suggestItem{}
	newest := map[string]*corpus.Document{}
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
		if n := newest[d.Department]; n == nil || d.Year > n.Year || (d.Year == n.Year && d.Kind == corpus.KindBudget) {
			newest[d.Department] = d
		}
		w := weights[d.Department]
		add := func(name, kind string, weight int) {
			name = strings.TrimSpace(name)
			n := utf8.RuneCountInString(name)
			if n < 2 || n > maxItemRunes || skipNames[name] || name == d.Department || strings.ContainsAny(name, "\t\n") {
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
	merged := map[string]*suggestItem{}
	for _, ds := range sg.depts {
		ds.items, ds.names = sortItems(weights[ds.name])
		for _, it := range ds.items {
			if m := merged[it.name]; m != nil {
				m.weight += it.weight
				m.amount = m.amount || it.amount
				m.term = m.term || it.term
			} else {
				c := it
				merged[it.name] = &c
			}
		}
		ds.questions, ds.global = questionsFor(newest[ds.name], a)
	}
	sg.all = &deptSuggestions{}
	sg.all.items, sg.all.names = sortItems(merged)
	// Everyone's questions name their department, a few of each in turn.
	for i := 0; i < maxQuestions; i++ {
		for _, ds := range sg.depts {
			if i < len(ds.global) && len(sg.all.questions) < maxQuestions*2 {
				sg.all.questions = append(sg.all.questions, ds.global[i])
			}
		}
	}
	return sg
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
	for _, t := range d.Terms {
		cands = append(cands, "什么是"+t.Name)
		break
	}
	cands = append(cands, "机关运行经费是多少")
	for _, q := range cands {
		if len(scoped) < maxQuestions && a.Ask(nlq.Request{Question: q, Department: d.Department}).Answered {
			scoped = append(scoped, q)
		}
		gq := d.Department + q
		if len(global) < maxQuestions && a.Ask(nlq.Request{Question: gq}).Answered {
			global = append(global, gq)
		}
	}
	return scoped, global
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
	n, e := queryInt(c, "n")
	if e != nil {
		abortError(c, e)
		return
	}
	if n < 0 || n > maxSuggestions {
		abortError(c, newError(codeBadParameter, fmt.Sprintf("参数 n 应在 1 至 %d 之间", maxSuggestions)))
		return
	}
	if n == 0 {
		n = defaultSuggestions
	}
	resp := suggestResponse{Query: q, Completions: []completion{}, Questions: []string{}}
	sg := s.current().sugg
	ds := sg.all
	if dept := c.Query("department"); dept != "" {
		ds = sg.forDepartment(s.current().docs, dept)
		if ds == nil {
			writeJSON(c, http.StatusOK, resp)
			return
		}
		resp.Department = ds.name
	}
	resp.Completions = ds.complete(q, n)
	if ds.questions != nil {
		resp.Questions = ds.questions
	}
	writeJSON(c, http.StatusOK, resp)
}

// forDepartment returns the suggestions of the department dept names, the
// departments' merged when it names several, or nil for none.
func (sg *suggester) forDepartment(docs []*corpus.Document, dept string) *deptSuggestions {
	var found []*deptSuggestions
	seen := map[string]bool{}
	for _, d := range matchDepartment(docs, dept) {
		if !seen[d.Department] && sg.byDep[d.Department] != nil {
			seen[d.Department] = true
			found = append(found, sg.byDep[d.Department])
		}
	}
	switch len(found) {
	case 0:
		return nil
	case 1:
		return found[0]
	}
	merged := map[string]*suggestItem{}
	out := &deptSuggestions{}
	for _, ds := range found {
		for _, it := range ds.items {
			if m := merged[it.name]; m != nil {
				m.weight += it.weight
				m.amount = m.amount || it.amount
				m.term = m.term || it.term
			} else {
				c := it
				merged[it.name] = &c
			}
		}
		out.questions = append(out.questions, ds.global...)
	}
	out.items, out.names = sortItems(merged)
	return out
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
