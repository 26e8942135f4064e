package api

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/budgetqa/budgetqa/api/suggest"
	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/nlq"
)

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
		<-env.srv.current().sugg.Done()
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
	st := env.srv.current()
	for _, d := range st.sugg.Departments(st.docs) {
		if len(st.sugg.Questions([]*suggest.Department{d})) == 0 {
			t.Errorf("no suggestions kept for %s", d.Name())
		}
	}
}
