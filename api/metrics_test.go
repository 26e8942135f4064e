package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/budgetqa/budgetqa/api/wechat/wechattest"
)

func TestMetrics(t *testing.T) {
	env := newEnv(t, Config{WeChatToken: testToken})
	do(t, env.h, http.MethodGet, "/healthz", nil)
	do(t, env.h, http.MethodGet, "/v1/documents/nope", nil)
	do(t, env.h, http.MethodGet, "/no/such/page", nil)
	postJSON(t, env.h, "/v1/ask", `{"question":"信访稳定备用金多少"}`)
	if _, err := (&wechattest.Client{Token: testToken}).Ask(env.h, wechattest.Text("oU", "火星探测经费是多少", 1)); err != nil {
		t.Fatal(err)
	}

	rec := do(t, env.h, http.MethodGet, "/metrics", nil)
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
		t.Fatalf("GET /metrics = %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	body := rec.Body.String()
	for _, want := range []string{
		`budgetqa_http_requests_total{method="GET",route="/healthz",status="200"} 1`,
		`budgetqa_http_requests_total{method="GET",route="/v1/documents/:id",status="404"} 1`,
		`budgetqa_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`budgetqa_http_requests_total{method="POST",route="/v1/ask",status="200"} 1`,
		`budgetqa_http_request_duration_seconds_bucket{method="POST",route="/v1/ask",le="+Inf"} 1`,
		`budgetqa_answers_total{channel="api",intent="amount",result="answered"} 1`,
		`budgetqa_answers_total{channel="wechat",intent="amount",result="unanswered"} 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(body, "/no/such/page") {
		t.Error("an unknown path became a label")
	}
}
