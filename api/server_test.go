package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/shopspring/decimal"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/index"
	"github.com/budgetqa/budgetqa/nlq"
)

func TestMain(m *testing.M) {
	gin.SetMode(gin.ReleaseMode)
	os.Exit(m.Run())
}

// fakeAnswerer answers from a few rules and records what it was asked.
type fakeAnswerer struct {
	mu       sync.Mutex
	asked    []nlq.Request
	sessions map[string]string       // last question per session
	options  map[string][]nlq.Option // a session's last clarification
	release  chan struct{}           // "慢" questions wait for it
}

// fakeDepartments are the departments whose documents the fake's
// "办公费" is in: asked without a department, it asks which.
var fakeDepartments = []string{"深圳市龙岗区信访局", "上海市普陀区司法局"}

func (f *fakeAnswerer) Ask(req nlq.Request) nlq.Response {
	f.mu.Lock()
	f.asked = append(f.asked, req)
	prev, options := "", []nlq.Option(nil)
	if req.SessionID != "" {
		if f.sessions == nil {
			f.sessions, f.options = map[string]string{}, map[string][]nlq.Option{}
		}
		prev, options = f.sessions[req.SessionID], f.options[req.SessionID]
		f.sessions[req.SessionID] = req.Question
		delete(f.options, req.SessionID)
	}
	f.mu.Unlock()

	q := req.Question
	resp := nlq.Response{Question: q, Intent: "amount", Sources: []nlq.SourceRef{}}
	if n, err := strconv.Atoi(strings.TrimSpace(q)); err == nil && n >= 1 && n <= len(options) {
		q = options[n-1].Question
	}
	dept := req.Department
	for _, d := range fakeDepartments {
		if strings.Contains(q, d) {
			dept = d
		}
	}
	switch {
	case strings.Contains(q, "办公费") && dept == "":
		resp.Clarify = fakeClarify(q)
		resp.Answer = nlq.AnswerBody{Text: "有2个部门的文件有“办公费”，您问的是哪个部门？1. 深圳市龙岗区信访局；2. 上海市普陀区司法局（回复序号或部门名称即可）"}
		if req.SessionID != "" {
			f.mu.Lock()
			f.options[req.SessionID] = resp.Clarify.Options
			f.mu.Unlock()
		}
		return resp
	case strings.Contains(q, "办公费"):
		resp.Answered = true
		resp.Answer = nlq.AnswerBody{Text: "2023年" + dept + "办公费预算为12万元。", Value: nlq.NewFigure(decimal.NewFromInt(12)), Unit: "万元"}
		resp.Interpretation = "2023年 · " + dept + " · 办公费"
		return resp
	case strings.Contains(q, "慢"):
		<-f.release
	case strings.Contains(q, "崩溃"):
		panic("fake answerer: crash requested")
	case strings.Contains(q, "乱码"):
		resp.Error = &nlq.Error{Code: "bad_question", Message: "无法读取问题"}
		return resp
	case strings.Contains(q, "火星"), strings.Contains(q, "比例"):
		resp.Answer = nlq.AnswerBody{Text: "抱歉，文件中没有找到“火星探测经费”的数字。"}
		resp.Suggestions = []string{"部门预算总额是多少", "“三公”经费是多少"}
		return resp
	case strings.Contains(q, "哪个部门"):
		return fakeRanking(q)
	case strings.Contains(q, "那上年呢") && prev != "":
		resp.Answered = true
		resp.Answer = nlq.AnswerBody{Text: "追问：" + prev + "（上年）", Value: nlq.NewFigure(decimal.NewFromInt(366)), Unit: "万元"}
		return resp
	}
	resp.Answered = true
	resp.Answer = nlq.AnswerBody{Text: "2023年深圳市龙岗区信访局信访稳定备用金预算为500万元。", Value: nlq.NewFigure(decimal.NewFromInt(500)), Unit: "万元"}
	resp.Interpretation = "2023年 · 深圳市龙岗区信访局 · 信访稳定备用金"
	resp.Sources = []nlq.SourceRef{{Document: "2023年深圳市龙岗区信访局部门预算", DocID: "longgang", Table: "表3 支出总表", Row: "信访事务", Column: "合计", Line: 516}}
	return resp
}

// fakeRanking ranks two departments by a figure read from their PDFs, as
// the engine answers over a region's documents: each item with its
// department, year and source, page and box included.
func fakeRanking(q string) nlq.Response {
	src := func(dept, file string, page int, quote string) *nlq.SourceRef {
		return &nlq.SourceRef{Document: "2025年" + dept + "部门预算", DocID: strings.TrimSuffix(file, ".pdf"), File: file,
			Line: 251, Page: page, Box: &[4]float64{92, 137.7, 464, 149.8}, Quote: quote}
	}
	item := func(dept, value string, s *nlq.SourceRef) nlq.Item {
		return nlq.Item{Name: dept, Value: nlq.NewFigure(decimal.RequireFromString(value)), Unit: "万元", Department: dept, Year: 2025, Source: s}
	}
	a := item("上海市普陀区人民政府办公室", "867.5", src("上海市普陀区人民政府办公室", "shanghai-putuo-zhengfubangongshi-2025-yusuan.pdf", 21, "2025年“三公”经费预算数为867.50万元"))
	b := item("上海市普陀区财政局", "0.95", src("上海市普陀区财政局", "shanghai-putuo-caizhengju-2025-yusuan.pdf", 22, "2025年“三公”经费预算数为0.95万元"))
	return nlq.Response{Question: q, Answered: true, Intent: "rank",
		Answer:  nlq.AnswerBody{Text: "2025年2个部门的部门预算中，“三公经费”最多的是上海市普陀区人民政府办公室，为867.5万元。", Items: []nlq.Item{a, b}},
		Sources: []nlq.SourceRef{*a.Source, *b.Source}}
}

// fakeClarify asks which of fakeDepartments question is about.
func fakeClarify(question string) *nlq.Clarify {
	c := &nlq.Clarify{Missing: "department", Question: "您问的是哪个部门？"}
	for _, d := range fakeDepartments {
		c.Options = append(c.Options, nlq.Option{Label: d, Department: d, Question: d + question})
	}
	return c
}

// reset forgets what was asked so far (SetBackend asks for its suggestions).
func (f *fakeAnswerer) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked, f.sessions = nil, nil
}

func (f *fakeAnswerer) requests() []nlq.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]nlq.Request(nil), f.asked...)
}

// fakeSearcher returns fixed hits and records the filter.
type fakeSearcher struct {
	mu     sync.Mutex
	hits   []index.Hit
	err    error
	filter index.Filter
	n      int
}

func (f *fakeSearcher) Search(q string, flt index.Filter, n int) ([]index.Hit, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.filter, f.n = flt, n
	return f.hits, f.err
}

// fakeLibrary lists fixed documents.
type fakeLibrary []*corpus.Document

func (l fakeLibrary) Documents() []*corpus.Document { return l }

// testDocs returns two small documents: a 部门预算 with one table, two
// facts (one from the table, one from the text), a paragraph, a term and a
// project, and an empty one of another department.
func testDocs() []*corpus.Document {
	d := &corpus.Document{
		ID: "longgang", File: "longgang.txt", Title: "2023 年深圳市龙岗区信访局 部门预算",
		Department: "深圳市龙岗区信访局", Year: 2023, Kind: corpus.KindBudget, TextUnit: "万元", Lines: 700,
		Sections: []corpus.Section{{Heading: "一、部门职责", Level: 1, Line: 5}},
		Tables: []*corpus.Table{{
			Number: 3, Title: "支出总表", Unit: "万元", Line: 90, EndLine: 120,
			Columns: []corpus.Column{{Label: "合计", Meaning: "支出总计"}},
			Rows: []*corpus.Row{
				{Line: 100, Code: "2010308", Name: "信访事务", Level: 3, Parent: -1,
					Cells: []corpus.Cell{{Column: 0, Value: decimal.RequireFromString("587"), Raw: "587.00"}}},
			},
		}},
		Facts: []corpus.Fact{
			{Kind: corpus.FactAmount, Subject: "信访事务", Code: "2010308", Measure: "支出总计", Year: 2023,
				Value: decimal.RequireFromString("587"), Unit: "万元", Places: 2,
				Source: corpus.Source{File: "longgang.txt", Line: 100, Table: "表3 支出总表", TableIdx: 0, Row: "2010308 信访事务", RowIdx: 0, Column: "合计"}},
			{Kind: corpus.FactAmount, Subject: "信访稳定备用金", Year: 2023,
				Value: decimal.RequireFromString("500"), Unit: "万元",
				Source: corpus.Source{File: "longgang.txt", Line: 516, TableIdx: -1, Sentence: "信访稳定备用金500万元。"}},
		},
		Paragraphs: []corpus.Paragraph{{Text: "深圳市龙岗区信访局负责全区信访工作。", Line: 10, EndLine: 11, Section: "一、部门职责"}},
		Terms:      []corpus.Term{{Name: "机关运行经费", Definition: "为保障行政单位运行用于购买货物和服务的各项资金。", Line: 600}},
		Projects:   []corpus.Project{{Name: "信访工作", Amount: &corpus.Amount{Value: decimal.RequireFromString("587"), Unit: "万元"}, Line: 300}},
	}
	e := &corpus.Document{ID: "putuo", File: "putuo.txt", Title: "上海市普陀区司法局2026年部门预算",
		Department: "上海市普陀区司法局", Year: 2026, Kind: corpus.KindBudget, TextUnit: "万元"}
	return []*corpus.Document{d, e}
}

// testEnv is a server with fakes behind it.
type testEnv struct {
	srv  *Server
	h    http.Handler
	ans  *fakeAnswerer
	srch *fakeSearcher
	logs *syncBuffer
}

// syncBuffer is a bytes.Buffer safe for the logger and the test at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// take returns what was written since the last call, and forgets it.
func (s *syncBuffer) take() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.b.String()
	s.b.Reset()
	return out
}

// newEnv returns a ready server with cfg, the fakes and the test documents.
func newEnv(t *testing.T, cfg Config) *testEnv {
	t.Helper()
	env := newEnvNotReady(t, cfg)
	if err := env.srv.SetBackend(Backend{Answerer: env.ans, Library: fakeLibrary(testDocs()), Searcher: env.srch}); err != nil {
		t.Fatal(err)
	}
	<-env.srv.current().sugg.Done() // its questions asked
	env.ans.reset()
	return env
}

// newEnvNotReady returns a server that has no backend yet.
func newEnvNotReady(t *testing.T, cfg Config) *testEnv {
	t.Helper()
	env := &testEnv{ans: &fakeAnswerer{release: make(chan struct{})}, srch: &fakeSearcher{}, logs: &syncBuffer{}}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewJSONHandler(env.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	env.srv, env.h = srv, srv.Handler()
	return env
}

// do sends a request; headers come in name, value pairs.
func do(t *testing.T, h http.Handler, method, target string, body io.Reader, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	checkResponse(t, req, rec)
	return rec
}

// postJSON posts body as application/json.
func postJSON(t *testing.T, h http.Handler, target, body string) *httptest.ResponseRecorder {
	t.Helper()
	return do(t, h, http.MethodPost, target, strings.NewReader(body), "Content-Type", "application/json")
}

// decodeBody decodes the JSON body of rec into a T.
func decodeBody[T any](t *testing.T, rec *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("decoding %q: %v", rec.Body.String(), err)
	}
	return v
}

// wantError checks that rec is the error shape with status and code.
func wantError(t *testing.T, rec *httptest.ResponseRecorder, status int, code string) ErrorResponse {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status = %d, want %d; body %s", rec.Code, status, rec.Body.String())
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(rec.Body.Bytes(), &raw); err != nil {
		t.Fatalf("error body %q: %v", rec.Body.String(), err)
	}
	if len(raw) != 2 || string(raw["answered"]) != "false" {
		t.Errorf("error body %s, want exactly error and answered:false", rec.Body.String())
	}
	er := decodeBody[ErrorResponse](t, rec)
	if er.Error == nil || er.Error.Code != code {
		t.Fatalf("error = %+v, want code %q", er.Error, code)
	}
	if er.Error.Message == "" || !hasHan(er.Error.Message) {
		t.Errorf("message %q, want a Chinese explanation", er.Error.Message)
	}
	return er
}

// hasHan reports whether s has a Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

func TestHealthz(t *testing.T) {
	env := newEnvNotReady(t, Config{})
	rec := do(t, env.h, http.MethodGet, "/healthz", nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"ok"`) {
		t.Errorf("GET /healthz = %d %s, want 200 ok", rec.Code, rec.Body.String())
	}
}

// TestHead: health checkers that use HEAD get the status of GET.
func TestHead(t *testing.T) {
	env := newEnvNotReady(t, Config{})
	for _, tt := range []struct {
		target string
		want   int
	}{{"/healthz", http.StatusOK}, {"/readyz", http.StatusServiceUnavailable}} {
		if rec := do(t, env.h, http.MethodHead, tt.target, nil); rec.Code != tt.want {
			t.Errorf("HEAD %s = %d, want %d", tt.target, rec.Code, tt.want)
		}
	}
	if err := env.srv.SetBackend(Backend{Answerer: env.ans, Library: fakeLibrary(testDocs())}); err != nil {
		t.Fatal(err)
	}
	if rec := do(t, env.h, http.MethodHead, "/readyz", nil); rec.Code != http.StatusOK {
		t.Errorf("HEAD /readyz when ready = %d, want 200", rec.Code)
	}
}

func TestReadyz(t *testing.T) {
	env := newEnvNotReady(t, Config{})
	rec := do(t, env.h, http.MethodGet, "/readyz", nil)
	wantError(t, rec, http.StatusServiceUnavailable, codeNotReady)
	if rec.Header().Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	for _, target := range []string{"/v1/ask?q=x", "/v1/documents", "/v1/search?q=x", "/v1/suggest"} {
		wantError(t, do(t, env.h, http.MethodGet, target, nil), http.StatusServiceUnavailable, codeNotReady)
	}

	if err := env.srv.SetBackend(Backend{Answerer: env.ans, Library: fakeLibrary(testDocs())}); err != nil {
		t.Fatal(err)
	}
	rec = do(t, env.h, http.MethodGet, "/readyz", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /readyz after SetBackend = %d, want 200", rec.Code)
	}
	if got := decodeBody[map[string]any](t, rec); got["documents"] != float64(2) {
		t.Errorf("readyz = %v, want 2 documents", got)
	}
}

func TestSetBackendNeedsAnswererAndLibrary(t *testing.T) {
	env := newEnvNotReady(t, Config{})
	if err := env.srv.SetBackend(Backend{Library: fakeLibrary(nil)}); err == nil {
		t.Error("SetBackend without an answerer succeeded")
	}
	if err := env.srv.SetBackend(Backend{Answerer: env.ans}); err == nil {
		t.Error("SetBackend without a library succeeded")
	}
	if env.srv.Ready() {
		t.Error("ready after failed SetBackend")
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	for _, tt := range []struct {
		name string
		cfg  Config
	}{
		{"negative rate", Config{Rate: -1}},
		{"rate without burst", Config{Rate: 1}},
		{"origin with path", Config{CORSOrigins: []string{"https://a.example/x"}}},
		{"origin without scheme", Config{CORSOrigins: []string{"a.example"}}},
		{"bad proxy", Config{TrustedProxies: []string{"not an address"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.cfg); err == nil {
				t.Errorf("New(%+v) succeeded, want an error", tt.cfg)
			}
		})
	}
}

func TestUnknownRouteAndWrongMethod(t *testing.T) {
	env := newEnv(t, Config{})
	wantError(t, do(t, env.h, http.MethodGet, "/v2/ask", nil), http.StatusNotFound, codeNotFound)
	wantError(t, do(t, env.h, http.MethodGet, "/", nil), http.StatusNotFound, codeNotFound)

	rec := do(t, env.h, http.MethodDelete, "/v1/ask", nil)
	wantError(t, rec, http.StatusMethodNotAllowed, codeMethodNotAllowed)
	if allow := rec.Header().Get("Allow"); !strings.Contains(allow, "GET") || !strings.Contains(allow, "POST") {
		t.Errorf("Allow = %q, want GET and POST", allow)
	}
	wantError(t, do(t, env.h, http.MethodPost, "/v1/documents", nil), http.StatusMethodNotAllowed, codeMethodNotAllowed)
}

func TestPanicIs500(t *testing.T) {
	env := newEnv(t, Config{})
	rec := postJSON(t, env.h, "/v1/ask", `{"question":"请崩溃"}`)
	wantError(t, rec, http.StatusInternalServerError, codeInternal)
	logs := env.logs.String()
	if !strings.Contains(logs, `"msg":"panic"`) || !strings.Contains(logs, "crash requested") || !strings.Contains(logs, "goroutine") {
		t.Errorf("logs lack the panic and its stack:\n%s", logs)
	}
	// The server goes on.
	if rec := postJSON(t, env.h, "/v1/ask", `{"question":"信访稳定备用金多少"}`); rec.Code != http.StatusOK {
		t.Errorf("after a panic: %d", rec.Code)
	}
}

func TestMatchDepartment(t *testing.T) {
	docs := testDocs()
	for _, tt := range []struct {
		dept string
		want string
	}{
		{"", "longgang,putuo"},
		{"龙岗区信访局", "longgang"},
		{"龙岗信访局", "longgang"},
		{"普陀", "putuo"},
		{"上海普陀司法局", "putuo"},
		{"教育局", ""},
	} {
		var ids []string
		for _, d := range matchDepartment(docs, tt.dept) {
			ids = append(ids, d.ID)
		}
		if got := strings.Join(ids, ","); got != tt.want {
			t.Errorf("matchDepartment(%q) = %q, want %q", tt.dept, got, tt.want)
		}
	}
}

// waitFor polls cond for up to a second.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

var errSearch = errors.New("index: search on a closed index")
