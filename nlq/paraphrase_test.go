package nlq

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/budgetqa/budgetqa/corpus"
)

// Paraphrase tests: each development question reworded as people type it
// (another way of asking how much, the department in the question or left
// out where only its documents are loaded, Traditional characters, no
// question mark) must get the answer the question gets as written.

// askEndRE is the way a question asking for a figure ends.
var askEndRE = regexp.MustCompile(`(?:是多少钱|有多少钱|多少钱|是多少|有多少|为多少|多少)[？?]?$`)

// askEnds are the endings a figure may be asked with; spendEnds are those
// that ask what was spent, which a question about income does not use.
var (
	askEnds   = []string{"多少", "是多少", "有多少", "多少钱", "安排了多少"}
	spendEnds = []string{"花了多少"}
)

// s2t turns Simplified characters into Traditional ones, the inverse of
// t2s (the first Traditional form of each).
var s2t = func() map[rune]rune {
	m := map[rune]rune{}
	for _, p := range t2sPairs() {
		if _, ok := m[p[1]]; !ok && p[0] != p[1] {
			m[p[1]] = p[0]
		}
	}
	return m
}()

func traditional(s string) string {
	return strings.Map(func(r rune) rune {
		if t, ok := s2t[r]; ok {
			return t
		}
		return r
	}, s)
}

// paraphrase is one rewording of a question; engine, when set, is the
// engine to ask it of (only the department's documents).
type paraphrase struct {
	how    string
	req    Request
	engine *Engine
}

// paraphrases returns the rewordings of req whose answer must be r's.
func paraphrases(req Request, r Response, deptEngine func(string) *Engine) []paraphrase {
	var out []paraphrase
	q := req.Question
	if r.Intent == IntentAmount.String() && askEndRE.MatchString(q) {
		ends := askEnds
		if !strings.Contains(q, "收入") {
			ends = append(slices.Clone(ends), spendEnds...)
		}
		for _, end := range ends {
			if p := askEndRE.ReplaceAllString(q, end); p != q {
				out = append(out, paraphrase{how: "ending " + end, req: withQuestion(req, p)})
			}
		}
	}
	if req.Department != "" && !namesDept(q, req.Department) {
		for _, name := range namesOf(req.Department) {
			p := withQuestion(req, name+q)
			p.Department = ""
			out = append(out, paraphrase{how: "department in the question: " + name, req: p})
		}
		p := req
		p.Department = ""
		out = append(out, paraphrase{how: "no department, only its documents", req: p, engine: deptEngine(req.Department)})
	}
	if t := traditional(q); t != q {
		out = append(out, paraphrase{how: "Traditional", req: withQuestion(req, t)})
	}
	if t := strings.TrimRight(q, "？?"); t != q {
		out = append(out, paraphrase{how: "no question mark", req: withQuestion(req, t)})
	} else {
		out = append(out, paraphrase{how: "question mark", req: withQuestion(req, q+"？")})
	}
	return out
}

// namesDept reports whether q names dept by one of its names.
func namesDept(q, dept string) bool {
	for _, a := range corpus.DepartmentAliases(dept) {
		if strings.Contains(q, a) {
			return true
		}
	}
	return false
}

func withQuestion(r Request, q string) Request { r.Question = q; return r }

// namesOf returns the full name of a department and its shortest alias
// that is not also a word of budget items.
func namesOf(dept string) []string {
	weak := corpus.WeakAliases(dept)
	short := ""
	for _, a := range corpus.DepartmentAliases(dept) {
		if slices.Contains(weak, a) || utf8.RuneCountInString(a) < 3 {
			continue
		}
		if short == "" || utf8.RuneCountInString(a) < utf8.RuneCountInString(short) {
			short = a
		}
	}
	if short == "" || short == dept {
		return []string{dept}
	}
	return []string{dept, short}
}

func TestParaphrases(t *testing.T) {
	files := bundledFiles()
	e := engineOf(t, files)
	engines := map[string]*Engine{}
	deptEngine := func(dept string) *Engine {
		if d, ok := engines[dept]; ok {
			return d
		}
		var docs []*corpus.Document
		for _, d := range e.docs {
			if d.Department == dept {
				docs = append(docs, d)
			}
		}
		engines[dept] = New(docs, Options{})
		return engines[dept]
	}
	var failed, asked int
	for _, req := range readMorphQuestions(t) {
		base := e.Ask(req)
		want := outcome(base)
		for _, p := range paraphrases(req, base, deptEngine) {
			pe := e
			if p.engine != nil {
				pe = p.engine
			}
			asked++
			got := pe.Ask(p.req)
			if o := outcome(got); o != want {
				failed++
				t.Errorf("%s (%s): %q\n  got  %s (%s)\n  want %s, as %q", p.how, deptOf(p.req), p.req.Question, o, got.Query, want, req.Question)
			}
		}
	}
	t.Log(fmt.Sprintf("%d paraphrases asked, %d answered differently", asked, failed))
}

func deptOf(r Request) string {
	if r.Department == "" {
		return "no department"
	}
	return r.Department
}
