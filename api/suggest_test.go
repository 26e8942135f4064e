package api

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/nlq"
)

func TestComplete(t *testing.T) {
	sg := newSuggester(testDocs())
	longgang := sg.byDep["深圳市龙岗区信访局"]
	tests := []struct {
		name string
		q    string
		n    int
		want string // completions as text/kind, joined by " | "
	}{
		{"name begun", "信访稳", 8, "信访稳定备用金是多少/subject | 信访稳定备用金比上年增加多少/subject"},
		{"name begun after a year", "2023年信访", 4, "2023年信访工作是多少/project | 2023年信访工作比上年增加多少/project | 2023年信访事务是多少/subject | 2023年信访事务比上年增加多少/subject"},
		{"term after 什么是", "什么是机关", 8, "什么是机关运行经费/term"},
		{"term alone", "机关运", 8, "什么是机关运行经费/term"},
		{"pattern begun", "信访工作比上", 8, "信访工作比上年增加多少/template"},
		{"pattern begun with 是", "信访工作是", 8, "信访工作是多少/template"},
		{"term pattern", "机关运行经费是什", 8, "机关运行经费是什么/template"},
		{"finished question", "信访工作是多少？", 8, ""},
		{"name contained", "备用金", 8, "信访稳定备用金是多少/subject | 信访稳定备用金比上年增加多少/subject"},
		{"nothing known", "火星", 8, ""},
		{"empty", "  ", 8, ""},
		{"limit", "信访", 1, "信访工作是多少/project"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, c := range longgang.complete(tt.q, tt.n) {
				got = append(got, c.Text+"/"+c.Kind)
				if !strings.Contains(c.Text, c.Item) {
					t.Errorf("completion %q does not contain its item %q", c.Text, c.Item)
				}
			}
			if diff := cmp.Diff(tt.want, strings.Join(got, " | ")); diff != "" {
				t.Errorf("complete(%q) (-want +got):\n%s", tt.q, diff)
			}
		})
	}
}

func TestSuggestedQuestionsAreAnswered(t *testing.T) {
	sg := newSuggester(testDocs())
	if got := sg.questions(nil); got == nil || len(got) != 0 {
		t.Errorf("questions before they are asked = %#v, want []", got)
	}
	sg.findQuestions(&fakeAnswerer{}, nil)
	// The fake declines questions about a 比例, so that one is left out.
	want := []string{"部门预算总额是多少", "“三公”经费是多少", "基本支出比上年增加多少", "信访工作是多少", "什么是机关运行经费", "机关运行经费是多少"}
	if diff := cmp.Diff(want, sg.questions(sg.forDepartment(testDocs(), "龙岗"))); diff != "" {
		t.Errorf("龙岗 questions (-want +got):\n%s", diff)
	}
	// Without a department, the questions name theirs, in turn.
	all := sg.questions(nil)
	if len(all) != 6 || all[0] != "深圳市龙岗区信访局部门预算总额是多少" || all[1] != "上海市普陀区司法局部门预算总额是多少" {
		t.Errorf("all questions = %q", all)
	}
}

func TestSuggestEndpoint(t *testing.T) {
	env := newEnv(t, Config{})
	rec := do(t, env.h, http.MethodGet, "/v1/suggest?q="+url.QueryEscape("信访稳")+"&department="+url.QueryEscape("龙岗"), nil)
	if rec.Code != http.StatusOK {
		t.Fatal(rec.Body.String())
	}
	got := decodeBody[suggestResponse](t, rec)
	if got.Department != "深圳市龙岗区信访局" || len(got.Completions) != 2 || got.Completions[0].Text != "信访稳定备用金是多少" || len(got.Questions) == 0 {
		t.Errorf("suggest = %+v", got)
	}

	// Without a question: the department's questions only.
	got = decodeBody[suggestResponse](t, do(t, env.h, http.MethodGet, "/v1/suggest?department="+url.QueryEscape("普陀"), nil))
	if len(got.Completions) != 0 || got.Completions == nil || len(got.Questions) == 0 || got.Department != "上海市普陀区司法局" {
		t.Errorf("suggest for 普陀 = %+v", got)
	}

	// Without a department: every department's names and questions.
	got = decodeBody[suggestResponse](t, do(t, env.h, http.MethodGet, "/v1/suggest?n=1&q="+url.QueryEscape("信访"), nil))
	if len(got.Completions) != 1 || got.Department != "" || !strings.HasPrefix(got.Questions[0], "深圳市龙岗区信访局") {
		t.Errorf("suggest for all = %+v", got)
	}

	// A name that fits several departments: their names and questions.
	got = decodeBody[suggestResponse](t, do(t, env.h, http.MethodGet, "/v1/suggest?q="+url.QueryEscape("机关")+"&department="+url.QueryEscape("区"), nil))
	if got.Department != "" || len(got.Completions) == 0 || len(got.Questions) != 6 || !strings.HasPrefix(got.Questions[3], "上海市普陀区司法局") {
		t.Errorf("suggest for 区 = %+v", got)
	}

	// An unknown department: nothing, not everything.
	rec = do(t, env.h, http.MethodGet, "/v1/suggest?q=a&department="+url.QueryEscape("教育局"), nil)
	if body := rec.Body.String(); rec.Code != http.StatusOK || !strings.Contains(body, `"completions":[]`) || !strings.Contains(body, `"questions":[]`) {
		t.Errorf("unknown department: %d %s", rec.Code, body)
	}

	wantError(t, do(t, env.h, http.MethodGet, "/v1/suggest?q="+strings.Repeat("a", 201), nil), http.StatusBadRequest, codeQuestionTooLong)
	wantError(t, do(t, env.h, http.MethodGet, "/v1/suggest?n=21", nil), http.StatusBadRequest, codeBadParameter)
}

// TestSuggestionsKeptAcrossBackends: a new backend with the same documents
// asks nothing again; one with a department's document changed asks about
// that department only.
func TestSuggestionsKeptAcrossBackends(t *testing.T) {
	env := newEnv(t, Config{})
	set := func(docs []*corpus.Document) []nlq.Request {
		t.Helper()
		env.ans.reset()
		if err := env.srv.SetBackend(Backend{Answerer: env.ans, Library: fakeLibrary(docs), Searcher: env.srch}); err != nil {
			t.Fatal(err)
		}
		<-env.srv.current().sugg.done
		return env.ans.requests()
	}
	docs := testDocs()
	if asked := set(docs); len(asked) != 0 {
		t.Errorf("the same documents again: asked %d questions, want none", len(asked))
	}
	changed := *docs[0]
	changed.Hash = "another version"
	asked := set(append([]*corpus.Document{&changed}, docs[1:]...))
	if len(asked) == 0 {
		t.Fatalf("a changed document: asked nothing, want its department's questions")
	}
	for _, r := range asked {
		if r.Department != "" && r.Department != changed.Department {
			t.Errorf("asked about %s, whose document did not change", r.Department)
		}
		if r.Department == "" && !strings.HasPrefix(r.Question, changed.Department) {
			t.Errorf("asked %q, not about the changed department", r.Question)
		}
	}
	if got := env.srv.current().sugg.scoped; len(got) != len(env.srv.current().sugg.depts) {
		t.Errorf("suggestions for %d departments, want all %d", len(got), len(env.srv.current().sugg.depts))
	}
}
