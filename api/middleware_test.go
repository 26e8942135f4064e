package api

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

func TestRequestID(t *testing.T) {
	env := newEnv(t, Config{})
	rec := do(t, env.h, http.MethodGet, "/healthz", nil)
	generated := rec.Header().Get(requestIDHeader)
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(generated) {
		t.Errorf("generated id %q, want 32 hex digits", generated)
	}
	if other := do(t, env.h, http.MethodGet, "/healthz", nil).Header().Get(requestIDHeader); other == generated {
		t.Error("two requests got the same id")
	}
	if got := do(t, env.h, http.MethodGet, "/healthz", nil, requestIDHeader, "edge-42.a:b_c").Header().Get(requestIDHeader); got != "edge-42.a:b_c" {
		t.Errorf("client id replaced by %q", got)
	}
	for _, bad := range []string{"has space", "line\nbreak", strings.Repeat("x", 129), "引号"} {
		if got := do(t, env.h, http.MethodGet, "/healthz", nil, requestIDHeader, bad).Header().Get(requestIDHeader); got == bad || got == "" {
			t.Errorf("unsafe id %q kept as %q", bad, got)
		}
	}
}

func TestRequestIDInContext(t *testing.T) {
	env := newEnv(t, Config{})
	env.srv.engine.GET("/test/request-id", func(c *gin.Context) { c.String(http.StatusOK, RequestID(c.Request.Context())) })
	rec := do(t, env.h, http.MethodGet, "/test/request-id", nil, requestIDHeader, "abc-1")
	if rec.Body.String() != "abc-1" {
		t.Errorf("RequestID in the handler = %q, want abc-1", rec.Body.String())
	}
}

// requestLine returns the access log line of request id in logs.
func requestLine(t *testing.T, logs, id string) map[string]any {
	t.Helper()
	for _, l := range strings.Split(strings.TrimSpace(logs), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		if m["msg"] == "request" && m["request_id"] == id {
			return m
		}
	}
	t.Fatalf("no request line for %s in\n%s", id, logs)
	return nil
}

func TestAccessLog(t *testing.T) {
	env := newEnv(t, Config{})
	do(t, env.h, http.MethodGet, "/v1/documents/nope", nil, requestIDHeader, "req-1")
	line := requestLine(t, env.logs.String(), "req-1")
	want := map[string]any{"method": "GET", "path": "/v1/documents/nope", "route": "/v1/documents/:id", "status": float64(404), "level": "INFO", "client_ip": "192.0.2.1"}
	for k, v := range want {
		if line[k] != v {
			t.Errorf("log %s = %v, want %v", k, line[k], v)
		}
	}
	if _, ok := line["duration_ms"].(float64); !ok {
		t.Errorf("log lacks duration_ms: %v", line)
	}

	// Not ready yet is expected while starting: a warning, not an error.
	nr := newEnvNotReady(t, Config{})
	do(t, nr.h, http.MethodGet, "/readyz", nil, requestIDHeader, "req-2")
	if line := requestLine(t, nr.logs.String(), "req-2"); line["status"] != float64(503) || line["level"] != "WARN" {
		t.Errorf("not ready: logged %v, want a 503 at WARN", line)
	}
}

func TestCORS(t *testing.T) {
	env := newEnv(t, Config{CORSOrigins: []string{"https://budget.example.gov.cn", "http://localhost:5173"}})
	const allowed = "https://budget.example.gov.cn"

	rec := do(t, env.h, http.MethodGet, "/v1/documents", nil, "Origin", allowed)
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != allowed {
		t.Errorf("allowed origin: Access-Control-Allow-Origin = %q", got)
	}
	if !strings.Contains(rec.Header().Get("Vary"), "Origin") {
		t.Error("no Vary: Origin")
	}
	rec = do(t, env.h, http.MethodGet, "/v1/documents", nil, "Origin", "https://evil.example")
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "" || rec.Code != http.StatusOK {
		t.Errorf("other origin: %d, Access-Control-Allow-Origin = %q", rec.Code, got)
	}

	// Preflight.
	rec = do(t, env.h, http.MethodOptions, "/v1/ask", nil, "Origin", "http://localhost:5173", "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type")
	if rec.Code != http.StatusNoContent || rec.Header().Get("Access-Control-Allow-Origin") != "http://localhost:5173" ||
		!strings.Contains(rec.Header().Get("Access-Control-Allow-Methods"), "POST") || !strings.Contains(rec.Header().Get("Access-Control-Allow-Headers"), "Content-Type") {
		t.Errorf("preflight: %d %v", rec.Code, rec.Header())
	}
	rec = do(t, env.h, http.MethodOptions, "/v1/ask", nil, "Origin", "https://evil.example", "Access-Control-Request-Method", "POST")
	wantError(t, rec, http.StatusForbidden, codeForbidden)

	// Any origin.
	anyEnv := newEnv(t, Config{CORSOrigins: []string{"*"}})
	if got := do(t, anyEnv.h, http.MethodGet, "/healthz", nil, "Origin", "https://a.example").Header().Get("Access-Control-Allow-Origin"); got != "https://a.example" {
		t.Errorf("*: Access-Control-Allow-Origin = %q", got)
	}
	// None configured.
	noEnv := newEnv(t, Config{})
	if got := do(t, noEnv.h, http.MethodGet, "/healthz", nil, "Origin", allowed).Header().Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("no CORS: Access-Control-Allow-Origin = %q", got)
	}
}
