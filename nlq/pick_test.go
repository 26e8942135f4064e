package nlq

import (
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/corpus/synth"
)

var (
	mixedOnce   sync.Once
	mixedEngine *Engine
)

// mixedTestEngine is an engine over the bundled corpus and 40 synthetic
// documents, so that most items are named by many departments.
func mixedTestEngine(t *testing.T) *Engine {
	t.Helper()
	mixedOnce.Do(func() {
		docs, err := corpus.Bundled()
		if err != nil {
			panic(err)
		}
		g, err := synth.New(7)
		if err != nil {
			panic(err)
		}
		for i := range 40 {
			s, data, err := g.Document(i)
			if err != nil {
				panic(err)
			}
			d, err := corpus.Parse(s.Name, data)
			if err != nil {
				panic(err)
			}
			docs = append(docs, d)
		}
		mixedEngine = New(docs, Options{})
	})
	return mixedEngine
}

// testItems are items asked about: every distinct subject of the corpus
// or the subject with 预算 after it, and items that say more or less than
// a subject.
func testItems(e *Engine) []string {
	seen := map[string]bool{}
	items := []string{"", "基本支出", "项目支出", "人大事务的行政运行支出", "退休人数", "部门年末结转和结余", "基本支出办公费",
		"一般公共预算财政拨款支出", "本年支出合计", "机关运行经费", "2010308", "2080505", "信访工作项目", "平均得分", "三公", "支出", "的"}
	for _, d := range e.docs {
		for _, f := range d.Facts {
			if !seen[f.Subject] {
				seen[f.Subject] = true
				if len(seen)%2 == 0 {
					items = append(items, f.Subject)
				} else {
					items = append(items, f.Subject+"预算")
				}
			}
		}
	}
	return items
}

// TestMatcherCandidates checks that a matcher knows the score of every name
// that scores minScore or more against its item, and which names
// contextScore may raise, as the Synonyms methods score them.
func TestMatcherCandidates(t *testing.T) {
	e := mixedTestEngine(t)
	for _, item := range testItems(e) {
		m := newMatcher(e.names, item)
		for id, k := range e.names.keys {
			want := e.syn.scoreKeys(m.ik, k)
			if got := m.score(int32(id)); want >= minScore && got != want {
				t.Errorf("%q against %q: score %d, want %d", item, k.key, got, want)
			}
			// What contextScore asks of the subject before the context.
			a, core := m.ik.canon, k.loose
			rest := strings.Replace(a, core, "", 1)
			wantCore := utf8.RuneCountInString(core) >= 2 && strings.Contains(a, core) &&
				utf8.RuneCountInString(core)*5 >= utf8.RuneCountInString(a)*2 && utf8.RuneCountInString(rest) >= 2
			gotRest, gotCore := m.cores[int32(id)]
			if gotCore != wantCore || gotCore && gotRest != rest {
				t.Errorf("%q against %q: core %v (rest %q), want %v (rest %q)", item, k.key, gotCore, gotRest, wantCore, rest)
			}
		}
	}
}

// TestPickByItem checks that the index finds the document that scoring
// every document in scope would pick, for every kind of document asked
// for and for all years and one.
func TestPickByItem(t *testing.T) {
	e := mixedTestEngine(t)
	defer func(n int) { pickScans = n }(pickScans)
	for _, kind := range []corpus.Kind{corpus.KindUnknown, corpus.KindFinal, corpus.KindUnitBudget} {
		o := e.order(kind)
		for _, year := range []int{0, 2023} {
			for _, item := range testItems(e) {
				m := newMatcher(e.names, item)
				var want *corpus.Document
				best := -1
				for _, d := range o.docs {
					if year > 0 && d.Year != year {
						continue
					}
					if hs := e.findCode(d, "", m, ""); len(hs) > 0 && hs[0].score > best {
						want, best = d, hs[0].score
					}
				}
				// Looking for the open documents one by one, and sorting them.
				for _, scans := range []int{8, 0} {
					pickScans = scans
					if got := e.pickByItem(m, o, year); got != want {
						t.Errorf("scans %d kind %q year %d item %q: picked %v, want %v", scans, kind, year, item, docName(got), docName(want))
					}
				}
			}
		}
	}
}

func docName(d *corpus.Document) string {
	if d == nil {
		return "none"
	}
	return d.ID
}

// TestPickRoles checks each way a fact's names take part in the pick: its
// subject, the measure of a total-row figure, the qualifier of a count, its
// 科目编码, and its context.
func TestPickRoles(t *testing.T) {
	table := func(subject, measure, code string, ti, ri int) corpus.Fact {
		return corpus.Fact{Kind: corpus.FactAmount, Subject: subject, Measure: measure, Code: code, Year: 2023, Unit: "万元",
			Source: corpus.Source{Table: "表3 一般公共预算支出表", TableIdx: ti, RowIdx: ri}}
	}
	text := func(kind corpus.FactKind, subject, measure string) corpus.Fact {
		return corpus.Fact{Kind: kind, Subject: subject, Measure: measure, Year: 2023, Unit: "万元", Source: corpus.Source{TableIdx: -1, Sentence: subject + "。"}}
	}
	said := func(f corpus.Fact, sentence string) corpus.Fact {
		f.Source.Sentence = sentence
		return f
	}
	doc := func(dept string, facts ...corpus.Fact) *corpus.Document {
		return &corpus.Document{ID: dept, Department: dept, Year: 2023, Kind: corpus.KindBudget, Facts: facts, Tables: []*corpus.Table{{
			Number: 3, Title: "一般公共预算支出表",
			Rows: []*corpus.Row{{Name: "人大事务", Parent: -1}, {Name: "行政运行", Parent: 0}},
		}}}
	}
	tests := []struct {
		name, item, want string
	}{
		{"subject", "人员经费", "乙"},
		{"total row measure", "公用经费", "甲"},
		{"count qualifier", "计划立法项目", "丙"},
		{"code", "2010308", "丁"},
		{"context", "人大事务的行政运行支出", "戊"},
		{"sentence", "绩效自评平均得分", "庚"},
	}
	docs := []*corpus.Document{
		doc("甲", table("合计", "公用经费", "", 0, 0), text(corpus.FactAmount, "人员经费支出", ""), text(corpus.FactAmount, "计划立法", "")),
		doc("乙", text(corpus.FactAmount, "人员经费", ""), text(corpus.FactAmount, "公用经费支出", "")),
		doc("丙", text(corpus.FactCount, "立法项目", "计划")),
		doc("丁", table("信访事务", "", "2010308", 0, 1)),
		doc("戊", table("行政运行", "", "", 0, 1)),
		doc("己", text(corpus.FactAmount, "行政运行", ""), text(corpus.FactAmount, "信访事务", ""), text(corpus.FactAmount, "平均得分", "")),
		doc("庚", said(text(corpus.FactAmount, "平均得分", ""), "项目绩效自评平均得分90分。")),
	}
	e := New(docs, Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMatcher(e.names, tt.item)
			got := e.pickByItem(m, e.order(corpus.KindUnknown), 0)
			if got == nil || got.Department != tt.want {
				t.Errorf("pickByItem(%q) = %v, want %s", tt.item, docName(got), tt.want)
			}
			// What scoring every document finds.
			best := -1
			var scan *corpus.Document
			for _, d := range e.order(corpus.KindUnknown).docs {
				if hs := e.findCode(d, "", m, ""); len(hs) > 0 && hs[0].score > best {
					scan, best = d, hs[0].score
				}
			}
			if scan != got {
				t.Errorf("pickByItem(%q) = %v, scanning finds %v", tt.item, docName(got), docName(scan))
			}
		})
	}
}

// TestClarifyBounded checks that a question naming no department, which
// many departments' documents answer, asks which one, offering at most
// maxClarifyOptions, each a question ready to send, rather than answering
// with one department's figure.
func TestClarifyBounded(t *testing.T) {
	e := mixedTestEngine(t)
	resp := e.Ask(Request{Question: "基本支出是多少"})
	if resp.Answered || resp.Clarify == nil {
		t.Fatalf("answered %v, clarify %v: %s", resp.Answered, resp.Clarify, resp.Answer.Text)
	}
	if n := len(resp.Clarify.Options); n < 2 || n > maxClarifyOptions {
		t.Fatalf("%d options, want 2 to %d", n, maxClarifyOptions)
	}
	for _, o := range resp.Clarify.Options {
		if !strings.HasPrefix(o.Question, o.Department) || !strings.HasSuffix(o.Question, "基本支出是多少") {
			t.Errorf("option %+v: want the question with the department", o)
		}
		if r := e.Ask(Request{Question: o.Question}); !r.Answered || r.Clarify != nil {
			t.Errorf("%q: not answered: %s", o.Question, r.Answer.Text)
		}
	}
	// Scoped to a department, the question is answered.
	if r := e.Ask(Request{Question: "基本支出是多少", Department: resp.Clarify.Options[0].Department}); !r.Answered {
		t.Errorf("scoped: %s", r.Answer.Text)
	}
}

// TestAlternativesBounded checks that a question naming no department that
// does not ask back (a ranking) offers at most maxAlternatives other
// documents, the first in the order of scope, rather than every document.
func TestAlternativesBounded(t *testing.T) {
	e := mixedTestEngine(t)
	resp := e.Ask(Request{Question: "哪个项目预算最多"})
	if len(e.docs) <= maxAlternatives+1 {
		t.Fatalf("%d documents: too few to test", len(e.docs))
	}
	if len(resp.Alternatives) > maxAlternatives {
		t.Errorf("%d alternatives, want at most %d", len(resp.Alternatives), maxAlternatives)
	}
}
