package api

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/budgetqa/budgetqa/api/wechat/wechattest"
	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/index"
	"github.com/budgetqa/budgetqa/nlq"
)

// bundled is the real backend over the bundled documents, built once.
var bundled struct {
	once sync.Once
	b    Backend
	err  error
}

// bundledBackend returns the engine and index over the bundled corpus.
func bundledBackend(t *testing.T) Backend {
	t.Helper()
	if testing.Short() {
		t.Skip("loads the bundled corpus and builds its index")
	}
	bundled.once.Do(func() {
		docs, err := corpus.Bundled()
		if err != nil {
			bundled.err = err
			return
		}
		x, err := index.Open("", docs, index.Options{})
		if err != nil {
			bundled.err = err
			return
		}
		// The index stays open for the other tests; its folder is temporary.
		engine := nlq.New(docs, nlq.Options{})
		bundled.b = Backend{Answerer: engine, Library: engine, Searcher: x}
	})
	if bundled.err != nil {
		t.Fatal(bundled.err)
	}
	return bundled.b
}

func TestBundledCorpus(t *testing.T) {
	env := newEnvNotReady(t, Config{WeChatToken: testToken})
	if err := env.srv.SetBackend(bundledBackend(t)); err != nil {
		t.Fatal(err)
	}
	h := env.h
	<-env.srv.current().sugg.Done()

	// A question, and a follow-up in its session.
	r := decodeBody[nlq.Response](t, postJSON(t, h, "/v1/ask", `{"question":"信访稳定备用金多少","session_id":"t1"}`))
	if !r.Answered || r.Answer.Value.String() != "500" || r.Answer.Unit != "万元" || len(r.Sources) == 0 {
		t.Fatalf("ask = %+v", r)
	}
	r = decodeBody[nlq.Response](t, do(t, h, http.MethodGet, "/v1/ask?session_id=t1&q="+url.QueryEscape("信访工作是多少"), nil))
	if !r.Answered || r.Answer.Value.String() != "587" {
		t.Errorf("信访工作 = %+v", r.Answer)
	}
	r = decodeBody[nlq.Response](t, do(t, h, http.MethodGet, "/v1/ask?session_id=t1&q="+url.QueryEscape("那上年呢"), nil))
	if !r.Answered || r.Answer.Value.String() != "366" {
		t.Errorf("follow-up = %+v", r.Answer)
	}
	r = decodeBody[nlq.Response](t, do(t, h, http.MethodGet, "/v1/ask?q="+url.QueryEscape("火星探测经费是多少"), nil))
	if r.Answered {
		t.Errorf("invented an answer: %+v", r.Answer)
	}

	// The source's table is in the document.
	src := decodeBody[nlq.Response](t, postJSON(t, h, "/v1/ask", `{"question":"信访稳定备用金多少"}`)).Sources[0]
	doc := decodeBody[documentDetail](t, do(t, h, http.MethodGet, "/v1/documents/"+src.DocID, nil))
	found := false
	for _, tv := range doc.Tables {
		found = found || tv.Ref == src.Table
	}
	if !found {
		t.Errorf("table %q of the source is not among the document's tables", src.Table)
	}

	docs := decodeBody[documentsResponse](t, do(t, h, http.MethodGet, "/v1/documents", nil))
	if len(docs.Documents) != 6 {
		t.Errorf("%d documents, want the 6 bundled ones", len(docs.Documents))
	}

	// Search, scoped to a department by a short name.
	s := decodeBody[searchResponse](t, do(t, h, http.MethodGet, "/v1/search?q="+url.QueryEscape("信访稳定备用金")+"&department="+url.QueryEscape("龙岗信访局"), nil))
	if len(s.Hits) == 0 {
		t.Fatal("no hits")
	}
	marked := false
	for _, hit := range s.Hits {
		if hit.Department != "深圳市龙岗区信访局" || (hit.Fact == nil) == (hit.Paragraph == nil) {
			t.Errorf("hit %+v", hit)
		}
		marked = marked || strings.Contains(hit.Fragment, "<mark>")
	}
	if !marked {
		t.Error("no highlighted fragment")
	}

	// Suggestions are questions the engine answers.
	sg := decodeBody[suggestResponse](t, do(t, h, http.MethodGet, "/v1/suggest?q="+url.QueryEscape("信访稳")+"&department="+url.QueryEscape("龙岗"), nil))
	if len(sg.Completions) == 0 || !strings.HasPrefix(sg.Completions[0].Text, "信访稳定备用金") || len(sg.Questions) == 0 {
		t.Errorf("suggest = %+v", sg)
	}
	for _, q := range sg.Questions {
		if r := decodeBody[nlq.Response](t, do(t, h, http.MethodGet, "/v1/ask?department="+url.QueryEscape(sg.Department)+"&q="+url.QueryEscape(q), nil)); !r.Answered {
			t.Errorf("suggested %q is not answered", q)
		}
	}

	// WeChat.
	c := &wechattest.Client{Token: testToken}
	reply, err := c.Ask(h, wechattest.Text("oReal", "龙岗区信访局信访稳定备用金多少", 1))
	if err != nil || !strings.Contains(reply, "500万元") || !strings.Contains(reply, "来源：") {
		t.Errorf("wechat reply %q, %v", reply, err)
	}
}

// TestBundledClarify: over the bundled documents, 办公费 without a
// department is asked back, on the API with a clarify object that fits the
// OpenAPI document and on WeChat with numbered options; an option's
// question, or its number in the same session, answers for its
// department. A deployment for one department never asks. (The engine is
// shared with the other tests: each user here is new, so that no session
// names a department already.)
func TestBundledClarify(t *testing.T) {
	env := newEnvNotReady(t, Config{WeChatToken: testToken})
	if err := env.srv.SetBackend(bundledBackend(t)); err != nil {
		t.Fatal(err)
	}
	h := env.h

	r := decodeBody[nlq.Response](t, postJSON(t, h, "/v1/ask", `{"question":"办公费多少","session_id":"c1"}`))
	if r.Answered || r.Clarify == nil || len(r.Clarify.Options) < 2 {
		t.Fatalf("办公费多少 = %+v, want a clarification with several options", r)
	}
	opt := r.Clarify.Options[1]
	picked := decodeBody[nlq.Response](t, postJSON(t, h, "/v1/ask", `{"question":"`+opt.Question+`","session_id":"c1"}`))
	if !picked.Answered || !strings.Contains(picked.Interpretation, opt.Department) {
		t.Errorf("option %q = %+v, want an answer for %s", opt.Question, picked, opt.Department)
	}

	c := &wechattest.Client{Token: testToken}
	reply, err := c.Ask(h, wechattest.Text("oClarify", "办公费多少", 1))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(reply, "\n")
	if len(lines) < 4 || !strings.HasSuffix(lines[0], r.Clarify.Question) || lines[len(lines)-1] != "回复数字即可选择。" {
		t.Fatalf("wechat clarification %q, want the question, numbered options and the hint", reply)
	}
	second, ok := strings.CutPrefix(lines[2], "2. ")
	if !ok {
		t.Fatalf("wechat clarification line 3 = %q, want option 2", lines[2])
	}
	reply, err = c.Ask(h, wechattest.Text("oClarify", "2", 2))
	if err != nil || !strings.Contains(reply, "理解为") || !strings.Contains(reply, second) {
		t.Errorf("wechat reply 2 = %q, %v; want an answer for %s", reply, err, second)
	}

	one := newEnvNotReady(t, Config{WeChatToken: testToken, Department: "深圳市龙岗区信访局"})
	if err := one.srv.SetBackend(bundledBackend(t)); err != nil {
		t.Fatal(err)
	}
	reply, err = c.Ask(one.h, wechattest.Text("oOneDept", "办公费多少", 3))
	if err != nil || strings.Contains(reply, "回复数字") || !strings.Contains(reply, "深圳市龙岗区信访局") {
		t.Errorf("one department's wechat reply %q, %v; want its answer, not a question", reply, err)
	}
}
