package api

import (
	"net/http"
	"strings"
	"testing"
	"testing/fstest"
)

func TestAssets(t *testing.T) {
	env := newEnv(t, Config{Assets: fstest.MapFS{
		"index.html": {Data: []byte("<!doctype html><title>预算问答</title>")},
		"widget.js":  {Data: []byte("console.log('widget')")},
	}})
	rec := do(t, env.h, http.MethodGet, "/", nil)
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") || !strings.Contains(rec.Body.String(), "预算问答") {
		t.Errorf("GET / = %d %q %q", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
	rec = do(t, env.h, http.MethodGet, "/widget.js", nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Type"), "javascript") {
		t.Errorf("GET /widget.js = %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}

	// A set of assets without the widget: 404, not a crash.
	partial := newEnv(t, Config{Assets: fstest.MapFS{"index.html": {Data: []byte("x")}}})
	wantError(t, do(t, partial.h, http.MethodGet, "/widget.js", nil), http.StatusNotFound, codeNotFound)
}
