package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHealthcheck(t *testing.T) {
	ready := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !ready {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	tests := []struct {
		name  string
		ready bool
		url   string
		want  int
	}{
		{"ready", true, srv.URL, exitOK},
		{"not ready", false, srv.URL, exitFindings},
		{"no server", true, "http://127.0.0.1:1/readyz", exitFindings},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ready = tt.ready
			var out bytes.Buffer
			m := NewMain(nil, &out, &out)
			code, _ := m.Run(context.Background(), []string{"healthcheck", "--url", tt.url})
			if code != tt.want {
				t.Errorf("exit %d, want %d", code, tt.want)
			}
		})
	}
}
