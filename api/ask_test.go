package api

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/budgetqa/budgetqa/nlq"
)

const (
	noError  = ""
	hasError = "error"
)

func TestAsk(t *testing.T) {
	long := strings.Repeat("预", maxQuestionRunes+1)
	limit := strings.Repeat("预", maxQuestionRunes)
	tests := []struct {
		name   string
		method string
		target string
		ctype  string
		body   string
		status int
		code   string // error code, or noError
		want   nlq.Request
	}{
		{name: "post", method: "POST", ctype: "application/json", body: `{"question":"信访稳定备用金多少","department":"龙岗区信访局","year":2023,"session_id":"s1"}`,
			status: 200, want: nlq.Request{Question: "信访稳定备用金多少", Department: "龙岗区信访局", Year: 2023, SessionID: "api:s1"}},
		{name: "post charset", method: "POST", ctype: "application/json; charset=utf-8", body: `{"question":"信访稳定备用金多少"}`,
			status: 200, want: nlq.Request{Question: "信访稳定备用金多少"}},
		{name: "get", method: "GET", target: "/v1/ask?q=" + url.QueryEscape("信访稳定备用金多少") + "&department=" + url.QueryEscape("龙岗") + "&year=2023&session_id=s2",
			status: 200, want: nlq.Request{Question: "信访稳定备用金多少", Department: "龙岗", Year: 2023, SessionID: "api:s2"}},
		{name: "200 characters", method: "POST", ctype: "application/json", body: `{"question":"` + limit + `"}`,
			status: 200, want: nlq.Request{Question: limit}},
		{name: "unanswered is 200", method: "GET", target: "/v1/ask?q=" + url.QueryEscape("火星探测经费是多少"),
			status: 200, want: nlq.Request{Question: "火星探测经费是多少"}},

		{name: "malformed json", method: "POST", ctype: "application/json", body: `{"question":`, status: 400, code: codeMalformedJSON},
		{name: "not an object", method: "POST", ctype: "application/json", body: `"信访"`, status: 400, code: codeMalformedJSON},
		{name: "trailing data", method: "POST", ctype: "application/json", body: `{"question":"a"} {"question":"b"}`, status: 400, code: codeMalformedJSON},
		{name: "empty body", method: "POST", ctype: "application/json", body: ``, status: 400, code: codeMalformedJSON},
		{name: "year as string", method: "POST", ctype: "application/json", body: `{"question":"a","year":"2023"}`, status: 400, code: codeMalformedJSON},
		{name: "wrong content type", method: "POST", ctype: "text/plain", body: `{"question":"a"}`, status: 415, code: codeUnsupportedMedia},
		{name: "form content type", method: "POST", ctype: "application/x-www-form-urlencoded", body: `question=a`, status: 415, code: codeUnsupportedMedia},
		{name: "no content type", method: "POST", body: `{"question":"a"}`, status: 415, code: codeUnsupportedMedia},
		{name: "empty question", method: "POST", ctype: "application/json", body: `{"question":"  "}`, status: 400, code: codeEmptyQuestion},
		{name: "no question", method: "POST", ctype: "application/json", body: `{"department":"龙岗"}`, status: 400, code: codeEmptyQuestion},
		{name: "get without q", method: "GET", target: "/v1/ask", status: 400, code: codeEmptyQuestion},
		{name: "too long", method: "POST", ctype: "application/json", body: `{"question":"` + long + `"}`, status: 400, code: codeQuestionTooLong},
		{name: "get too long", method: "GET", target: "/v1/ask?q=" + url.QueryEscape(long), status: 400, code: codeQuestionTooLong},
		{name: "get bad year", method: "GET", target: "/v1/ask?q=a&year=2023年", status: 400, code: codeBadParameter},
		{name: "year out of range", method: "POST", ctype: "application/json", body: `{"question":"a","year":20230}`, status: 400, code: codeBadParameter},
		{name: "long session id", method: "POST", ctype: "application/json", body: `{"question":"a","session_id":"` + strings.Repeat("x", 129) + `"}`, status: 400, code: codeBadParameter},
		{name: "invalid utf-8", method: "GET", target: "/v1/ask?q=%ff%fe", status: 400, code: codeBadParameter},
		{name: "engine error", method: "POST", ctype: "application/json", body: `{"question":"乱码"}`, status: 400, code: "bad_question"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newEnv(t, Config{})
			target := tt.target
			if target == "" {
				target = "/v1/ask"
			}
			var body io.Reader
			if tt.method == "POST" {
				body = strings.NewReader(tt.body)
			}
			var hdr []string
			if tt.ctype != "" {
				hdr = []string{"Content-Type", tt.ctype}
			}
			rec := do(t, env.h, tt.method, target, body, hdr...)
			if tt.code != noError {
				wantError(t, rec, tt.status, tt.code)
				if tt.code != "bad_question" && len(env.ans.requests()) != 0 {
					t.Errorf("a refused request reached the engine: %+v", env.ans.requests())
				}
				return
			}
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body.String())
			}
			asked := env.ans.requests()
			if len(asked) != 1 {
				t.Fatalf("engine asked %d times, want once", len(asked))
			}
			// Sessions are namespaced by channel, and the client is known.
			tt.want.Client = "192.0.2.1"
			if diff := cmp.Diff(tt.want, asked[0]); diff != "" {
				t.Errorf("request to the engine (-want +got):\n%s", diff)
			}
			// The body is the engine's response, as budgetqa ask --jsonl writes it.
			got := decodeBody[nlq.Response](t, rec)
			if diff := cmp.Diff(env.ans.Ask(tt.want), got, cmpopts.IgnoreUnexported(nlq.Response{})); diff != "" {
				t.Errorf("response (-want +got):\n%s", diff)
			}
			if !strings.Contains(rec.Body.String(), `"sources":`) || !strings.Contains(rec.Body.String(), `"answered":`) {
				t.Errorf("body %s lacks sources or answered", rec.Body.String())
			}
		})
	}
}

func TestAskFollowUpInSession(t *testing.T) {
	env := newEnv(t, Config{})
	first := postJSON(t, env.h, "/v1/ask", `{"question":"信访工作是多少","session_id":"abc"}`)
	if first.Code != http.StatusOK {
		t.Fatal(first.Body.String())
	}
	rec := do(t, env.h, http.MethodGet, "/v1/ask?session_id=abc&q="+url.QueryEscape("那上年呢"), nil)
	got := decodeBody[nlq.Response](t, rec)
	if !got.Answered || got.Answer.Text != "追问：信访工作是多少（上年）" {
		t.Errorf("follow-up = %+v, want the session's previous question carried", got.Answer)
	}
}

func TestAskBodyTooLarge(t *testing.T) {
	env := newEnv(t, Config{MaxBodyBytes: 1 << 10})
	big := `{"question":"a","department":"` + strings.Repeat("x", 2<<10) + `"}`
	// Declared length over the limit.
	wantError(t, postJSON(t, env.h, "/v1/ask", big), http.StatusRequestEntityTooLarge, codeRequestTooLarge)
	// Unknown length (chunked): caught while reading.
	req := newChunkedRequest(big)
	rec := serve(env.h, req)
	wantError(t, rec, http.StatusRequestEntityTooLarge, codeRequestTooLarge)
	if n := len(env.ans.requests()); n != 0 {
		t.Errorf("engine asked %d times", n)
	}
}

func TestAskDefaultBodyLimit(t *testing.T) {
	env := newEnv(t, Config{})
	big := fmt.Sprintf(`{"question":"a","department":"%s"}`, strings.Repeat("x", DefaultMaxBodyBytes))
	wantError(t, postJSON(t, env.h, "/v1/ask", big), http.StatusRequestEntityTooLarge, codeRequestTooLarge)
}

func TestAskCountsAnswers(t *testing.T) {
	env := newEnv(t, Config{})
	postJSON(t, env.h, "/v1/ask", `{"question":"信访稳定备用金多少"}`)
	postJSON(t, env.h, "/v1/ask", `{"question":"火星探测经费是多少"}`)
	body := do(t, env.h, http.MethodGet, "/metrics", nil).Body.String()
	for _, want := range []string{
		`budgetqa_answers_total{channel="api",intent="amount",result="answered"} 1`,
		`budgetqa_answers_total{channel="api",intent="amount",result="unanswered"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
