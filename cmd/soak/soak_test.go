package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// writeQuestions writes a question file in t's temporary folder.
func writeQuestions(t *testing.T, lines ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "questions.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// fakeServer answers /readyz, and /v1/ask with answer(n, question) for
// the nth request.
func fakeServer(t *testing.T, answer func(n int64, w http.ResponseWriter, question string)) string {
	t.Helper()
	var n atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("POST /v1/ask", func(w http.ResponseWriter, r *http.Request) {
		var req struct{ Question string }
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		answer(n.Add(1), w, req.Question)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

// goodAnswer writes a well-formed answer to q.
func goodAnswer(w http.ResponseWriter, q string) {
	json.NewEncoder(w).Encode(map[string]any{
		"question": q, "answered": true, "intent": "amount",
		"answer": map[string]string{"text": "500万元", "value": "500", "unit": "万元"}, "sources": []any{},
	})
}

func TestRun(t *testing.T) {
	questions := writeQuestions(t,
		`{"id":"a","department":"深圳市龙岗区信访局","year":2023,"question":"信访稳定备用金多少","expect":{"value":"500"}}`,
		``,
		`{"id":"b","question":"部门预算支出总额"}`)
	for _, tt := range []struct {
		name    string
		answer  func(n int64, w http.ResponseWriter, q string)
		problem string // "" for a pass
	}{
		{"good", func(n int64, w http.ResponseWriter, q string) { goodAnswer(w, q) }, ""},
		{"status", func(n int64, w http.ResponseWriter, q string) {
			if n == 7 {
				w.WriteHeader(http.StatusServiceUnavailable)
			}
			goodAnswer(w, q)
		}, "status 503: 1"},
		{"truncated", func(n int64, w http.ResponseWriter, q string) {
			if n == 5 {
				w.Write([]byte(`{"question":`))
				return
			}
			goodAnswer(w, q)
		}, "malformed JSON: 1"},
		{"missing field", func(n int64, w http.ResponseWriter, q string) {
			json.NewEncoder(w).Encode(map[string]any{"question": q, "answered": true, "answer": map[string]string{"text": "x"}, "sources": []any{}})
		}, "missing field"},
		{"other question", func(n int64, w http.ResponseWriter, q string) {
			if n == 3 {
				q = "别的问题"
			}
			goodAnswer(w, q)
		}, "answer to another question: 1"},
		{"changed answer", func(n int64, w http.ResponseWriter, q string) {
			if n == 9 {
				json.NewEncoder(w).Encode(map[string]any{"question": q, "answered": false, "intent": "amount", "answer": map[string]string{"text": "抱歉"}, "sources": []any{}})
				return
			}
			goodAnswer(w, q)
		}, "answer changed: 1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config{
				URL: fakeServer(t, tt.answer), PID: os.Getpid(), Duration: time.Minute, Requests: 20,
				Concurrency: 1, Warmup: 0, Sample: time.Hour, MaxGrowth: 100, ReadyWait: time.Minute, Sessions: true,
				Files: []string{questions},
			}
			var out strings.Builder
			err := run(context.Background(), cfg, &out)
			if !strings.Contains(out.String(), "requests  20,") || !strings.Contains(out.String(), "RSS ") {
				t.Errorf("report lacks the requests or RSS:\n%s", out.String())
			}
			if tt.problem == "" {
				if err != nil {
					t.Fatalf("run: %v\n%s", err, out.String())
				}
				return
			}
			if err == nil || !strings.Contains(out.String(), "problem   "+tt.problem) {
				t.Errorf("run = %v, want a failure with %q:\n%s", err, tt.problem, out.String())
			}
		})
	}
}

func TestWithSession(t *testing.T) {
	var req map[string]any
	if err := json.Unmarshal(withSession([]byte(`{"question":"信访稳定备用金多少","year":2023}`), 42), &req); err != nil {
		t.Fatal(err)
	}
	if req["session_id"] != "soak-42" || req["question"] != "信访稳定备用金多少" || req["year"] != float64(2023) {
		t.Errorf("withSession = %v", req)
	}
}

func TestLoadQuestionsRejectsALineWithoutQuestion(t *testing.T) {
	if _, err := loadQuestions([]string{writeQuestions(t, `{"id":"a"}`)}); err == nil || !strings.Contains(err.Error(), ":1:") {
		t.Errorf("loadQuestions = %v, want an error at line 1", err)
	}
}

func TestReadRSS(t *testing.T) {
	kib, err := readRSS(os.Getpid())
	if err != nil || kib <= 0 {
		t.Errorf("readRSS(self) = %d, %v", kib, err)
	}
	if _, err := readRSS(-1); err == nil {
		t.Error("readRSS(-1) succeeded")
	}
}
