package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/budgetqa/budgetqa/api/questionlog"
	"github.com/budgetqa/budgetqa/api/wechat/wechattest"
)

// reviewEnv is a server with the admin API over the test documents, a
// memAdmin for the synonyms and a question log in memory.
func reviewEnv(t *testing.T) (*testEnv, *memAdmin, *questionlog.Memory) {
	t.Helper()
	qlog := questionlog.NewMemory(100)
	env := newEnvNotReady(t, Config{AdminToken: adminToken, WeChatToken: testToken, QuestionLog: qlog})
	a := &memAdmin{srv: env.srv}
	if err := env.srv.SetBackend(Backend{Answerer: env.ans, Library: fakeLibrary(testDocs()), Admin: a}); err != nil {
		t.Fatal(err)
	}
	<-env.srv.current().sugg.Done()
	return env, a, qlog
}

const bearer = "Bearer " + adminToken

func TestQuestionLogAndFeedback(t *testing.T) {
	env, _, qlog := reviewEnv(t)
	postJSON(t, env.h, "/v1/ask", `{"question":"信访稳定备用金多少","session_id":"web-abc"}`)
	postJSON(t, env.h, "/v1/ask", `{"question":"火星探测经费多少","session_id":"web-abc"}`)
	do(t, env.h, http.MethodGet, "/v1/ask?q="+"%E7%81%AB%E6%98%9F%E6%8E%A2%E6%B5%8B%E7%BB%8F%E8%B4%B9%E5%A4%9A%E5%B0%91%EF%BC%9F", nil)
	if _, err := (&wechattest.Client{Token: testToken}).Ask(env.h, wechattest.Text("oU", "火星 探测经费多少", 1)); err != nil {
		t.Fatal(err)
	}
	rec := postJSON(t, env.h, "/v1/feedback", `{"session_id":"web-abc","question":"信访稳定备用金多少","answer":"500万元。","rating":"down"}`)
	if rec.Code != http.StatusOK {
		t.Fatalf("feedback: %d %s", rec.Code, rec.Body.String())
	}
	for _, bad := range []string{
		`{"question":"信访稳定备用金多少","rating":"meh"}`,
		`{"question":"","rating":"up"}`,
		`{"question":"q","rating":"up","answer":"` + strings.Repeat("长", 2001) + `"}`,
	} {
		if rec := postJSON(t, env.h, "/v1/feedback", bad); rec.Code != http.StatusBadRequest {
			t.Errorf("feedback %s: %d, want 400", bad, rec.Code)
		}
	}

	entries, _ := qlog.Entries()
	if len(entries) != 5 {
		t.Fatalf("%d entries, want 4 questions and 1 feedback: %+v", len(entries), entries)
	}
	for _, e := range entries {
		if e.Session != "" && e.Channel != channelWeChat && (strings.Contains(e.Session, "abc") || e.Session != questionlog.HashSession(apiSessionNS+"web-abc")) {
			t.Errorf("session %q, want web-abc hashed", e.Session)
		}
	}
	if e := entries[3]; e.Channel != channelWeChat || e.Answered || e.Session != questionlog.HashSession("wechat:oU") {
		t.Errorf("WeChat entry %+v", e)
	}

	// Unauthorised, then the summary.
	wantError(t, do(t, env.h, http.MethodGet, "/v1/admin/questions", nil), http.StatusUnauthorized, codeUnauthorized)
	s := decodeBody[questionlog.Summary](t, do(t, env.h, http.MethodGet, "/v1/admin/questions", nil, "Authorization", bearer))
	if s.Questions != 4 || s.Answered != 1 || s.Down != 1 || len(s.Unanswered) != 1 || s.Unanswered[0].Count != 3 || len(s.Disliked) != 1 {
		t.Errorf("summary %+v, want the three 火星 questions as one group and one thumbs-down", s)
	}
}

func TestAdminDocumentReport(t *testing.T) {
	env, _, _ := reviewEnv(t)
	rec := do(t, env.h, http.MethodGet, "/v1/admin/documents/longgang", nil, "Authorization", bearer)
	r := decodeBody[documentReport](t, rec)
	if rec.Code != http.StatusOK || r.Document.ID != "longgang" || r.Warnings == nil || r.Findings == nil {
		t.Errorf("report %d %+v", rec.Code, r)
	}
	wantError(t, do(t, env.h, http.MethodGet, "/v1/admin/documents/nope", nil, "Authorization", bearer), http.StatusNotFound, codeDocumentNotFound)
}

func TestAdminSynonyms(t *testing.T) {
	env, a, _ := reviewEnv(t)
	rec := do(t, env.h, http.MethodPost, "/v1/admin/synonyms", strings.NewReader(`{"name":"信访稳定备用金","synonyms":["维稳备用金"," 维稳备用金 ",""]}`),
		"Authorization", bearer, "Content-Type", "application/json")
	if rec.Code != http.StatusOK || len(a.synonyms) != 1 || strings.Join(a.synonyms[0], " ") != "信访稳定备用金 维稳备用金" {
		t.Errorf("add: %d %s; groups %q", rec.Code, rec.Body.String(), a.synonyms)
	}
	for _, bad := range []string{`{"name":"","synonyms":["a"]}`, `{"name":"a","synonyms":[]}`, `{"name":"a b","synonyms":["c"]}`, `{"name":"a","synonyms":["#c"]}`} {
		wantError(t, do(t, env.h, http.MethodPost, "/v1/admin/synonyms", strings.NewReader(bad), "Authorization", bearer, "Content-Type", "application/json"),
			http.StatusBadRequest, codeBadParameter)
	}
	a.noSynonyms = true
	wantError(t, do(t, env.h, http.MethodPost, "/v1/admin/synonyms", strings.NewReader(`{"name":"a","synonyms":["b"]}`), "Authorization", bearer, "Content-Type", "application/json"),
		http.StatusConflict, codeNoSynonymsFile)
}
