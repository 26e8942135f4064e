package api

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	l := newLimiter(2, 3) // 2 a second, bursts of 3
	now := time.Unix(1700000000, 0)
	l.now = func() time.Time { return now }
	for i := range 3 {
		if ok, _ := l.allow("a"); !ok {
			t.Fatalf("request %d of the burst refused", i+1)
		}
	}
	ok, wait := l.allow("a")
	if ok || wait <= 0 || wait > time.Second {
		t.Errorf("over the burst: ok %v wait %v, want refused with a wait of 0.5s", ok, wait)
	}
	if ok, _ := l.allow("b"); !ok {
		t.Error("another client refused")
	}
	now = now.Add(500 * time.Millisecond)
	if ok, _ := l.allow("a"); !ok {
		t.Error("refused after the wait")
	}
	if got := retryAfter(300 * time.Millisecond); got != "1" {
		t.Errorf("retryAfter(0.3s) = %q, want 1", got)
	}
	if got := retryAfter(2100 * time.Millisecond); got != "3" {
		t.Errorf("retryAfter(2.1s) = %q, want 3", got)
	}
}

func TestLimiterForgetsIdleClients(t *testing.T) {
	l := newLimiter(1000, 1)
	now := time.Unix(1700000000, 0)
	l.now = func() time.Time { return now }
	for i := range maxClients {
		l.allow(string(rune(0x4e00 + i)))
	}
	now = now.Add(time.Second) // every bucket full again
	l.allow("new")
	if len(l.clients) != 1 {
		t.Errorf("%d clients kept, want only the new one", len(l.clients))
	}
}

// fromIP sends GET target as if from ip, with optional headers.
func fromIP(h http.Handler, target, ip string, headers ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.RemoteAddr = ip + ":40000"
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return serve(h, req)
}

func TestRateLimit(t *testing.T) {
	env := newEnv(t, Config{Rate: 0.01, Burst: 2})
	for i := range 2 {
		if rec := fromIP(env.h, "/v1/documents", "203.0.113.5"); rec.Code != http.StatusOK {
			t.Fatalf("request %d: %d", i+1, rec.Code)
		}
	}
	rec := fromIP(env.h, "/v1/documents", "203.0.113.5")
	wantError(t, rec, http.StatusTooManyRequests, codeRateLimited)
	if got := rec.Header().Get("Retry-After"); got != "100" {
		t.Errorf("Retry-After = %q, want 100 (one request per 100 s)", got)
	}
	// Another client is not held back, nor are the probes.
	if rec := fromIP(env.h, "/v1/documents", "203.0.113.6"); rec.Code != http.StatusOK {
		t.Errorf("other client: %d", rec.Code)
	}
	for _, target := range []string{"/healthz", "/readyz", "/metrics"} {
		if rec := fromIP(env.h, target, "203.0.113.5"); rec.Code != http.StatusOK {
			t.Errorf("%s limited: %d", target, rec.Code)
		}
	}
	// Without trusted proxies, X-Forwarded-For cannot dodge the limit.
	rec = fromIP(env.h, "/v1/documents", "203.0.113.5", "X-Forwarded-For", "198.51.100.9")
	wantError(t, rec, http.StatusTooManyRequests, codeRateLimited)
}

func TestRateLimitBehindProxy(t *testing.T) {
	env := newEnv(t, Config{Rate: 0.01, Burst: 1, TrustedProxies: []string{"10.0.0.0/8"}})
	if rec := fromIP(env.h, "/v1/documents", "10.0.0.2", "X-Forwarded-For", "198.51.100.1"); rec.Code != http.StatusOK {
		t.Fatalf("first client: %d", rec.Code)
	}
	if rec := fromIP(env.h, "/v1/documents", "10.0.0.2", "X-Forwarded-For", "198.51.100.2"); rec.Code != http.StatusOK {
		t.Errorf("second client behind the proxy limited: %d", rec.Code)
	}
	wantError(t, fromIP(env.h, "/v1/documents", "10.0.0.3", "X-Forwarded-For", "198.51.100.1"), http.StatusTooManyRequests, codeRateLimited)
}
