package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/nlq"
)

func TestParseServeConfig(t *testing.T) {
	defaults := serveConfig{Addr: defaultAddr, Rate: defaultRate, Burst: defaultBurst, LogLevel: slog.LevelInfo, LogFormat: "text"}
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		want    serveConfig
		wantErr bool
	}{
		{name: "defaults", want: defaults},
		{
			name: "environment",
			env: map[string]string{
				"BUDGETQA_ADDR": "127.0.0.1:9000", "BUDGETQA_CORPUS": "/srv/docs", "BUDGETQA_INDEX": "/var/lib/budgetqa",
				"BUDGETQA_SYNONYMS": "/etc/budgetqa/synonyms.txt", "BUDGETQA_ADMIN_TOKEN": "adm", "BUDGETQA_READ_ONLY": "false",
				"BUDGETQA_CORS_ORIGINS": "https://a.example, https://b.example,", "BUDGETQA_TRUSTED_PROXIES": "10.0.0.0/8",
				"BUDGETQA_WECHAT_TOKEN": "tok", "BUDGETQA_RATE": "2.5", "BUDGETQA_BURST": "4", "BUDGETQA_LOG_LEVEL": "debug",
				"BUDGETQA_LOG_FORMAT": "json", "BUDGETQA_WECHAT_AES_KEY": strings.Repeat("k", 43), "BUDGETQA_WECHAT_APPID": "wx1",
				"BUDGETQA_WECHAT_RATE": "30", "BUDGETQA_DEPARTMENT": "深圳市龙岗区信访局",
			},
			want: serveConfig{Addr: "127.0.0.1:9000", Corpus: "/srv/docs", Index: "/var/lib/budgetqa",
				Synonyms: "/etc/budgetqa/synonyms.txt", AdminToken: "adm",
				CORSOrigins: []string{"https://a.example", "https://b.example"}, TrustedProxies: []string{"10.0.0.0/8"},
				WeChatToken: "tok", WeChatAESKey: strings.Repeat("k", 43), WeChatAppID: "wx1", WeChatRate: 30, Department: "深圳市龙岗区信访局",
				Rate: 2.5, Burst: 4, LogLevel: slog.LevelDebug, LogFormat: "json"},
		},
		{
			name: "flags win",
			env:  map[string]string{"BUDGETQA_ADDR": "127.0.0.1:9000", "BUDGETQA_RATE": "2.5", "BUDGETQA_CORS_ORIGINS": "https://a.example", "BUDGETQA_LOG_LEVEL": "debug"},
			args: []string{"--addr", ":7000", "--rate", "0", "--cors-origins", "*", "--log-level", "warn", "--burst", "3"},
			want: serveConfig{Addr: ":7000", Rate: 0, Burst: 3, CORSOrigins: []string{"*"}, LogLevel: slog.LevelWarn, LogFormat: "text"},
		},
		{name: "bad rate variable", env: map[string]string{"BUDGETQA_RATE": "fast"}, wantErr: true},
		{name: "negative rate variable", env: map[string]string{"BUDGETQA_RATE": "-1"}, wantErr: true},
		{name: "bad burst variable", env: map[string]string{"BUDGETQA_BURST": "0"}, wantErr: true},
		{name: "bad level variable", env: map[string]string{"BUDGETQA_LOG_LEVEL": "loud"}, wantErr: true},
		{name: "bad flag", args: []string{"--rate", "x"}, wantErr: true},
		{name: "bad format", args: []string{"--log-format", "xml"}, wantErr: true},
		{name: "stray argument", args: []string{"now"}, wantErr: true},
		{name: "admin without index", args: []string{"--admin-token", "t"}, wantErr: true},
		{name: "read-only without index", args: []string{"--read-only"}, wantErr: true},
		{name: "read-only with corpus", args: []string{"--read-only", "--index", "/x", "--corpus", "/y"}, wantErr: true},
		{name: "AES key of the wrong length", args: []string{"--wechat-token", "t", "--wechat-aes-key", "short"}, wantErr: true},
		{name: "AES key without token", args: []string{"--wechat-aes-key", strings.Repeat("k", 43)}, wantErr: true},
		{name: "bad WeChat rate variable", env: map[string]string{"BUDGETQA_WECHAT_RATE": "-2"}, wantErr: true},
		{name: "bad read-only variable", env: map[string]string{"BUDGETQA_READ_ONLY": "maybe"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string { return tt.env[k] }
			got, err := parseServeConfig(tt.args, getenv, io.Discard)
			if tt.wantErr {
				if err == nil {
					t.Errorf("no error, got %+v", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("config (-want +got):\n%s", diff)
			}
		})
	}
}

func TestServeHelp(t *testing.T) {
	var stderr bytes.Buffer
	m := NewMain(strings.NewReader(""), io.Discard, &stderr)
	code, err := m.Run(context.Background(), []string{"serve", "-h"})
	if code != exitOK || err != nil || !strings.Contains(stderr.String(), "BUDGETQA_WECHAT_TOKEN") {
		t.Errorf("serve -h = %d %v\n%s", code, err, stderr.String())
	}
}

// TestServeUntilFinishesInFlight cancels the context while a request is
// being served: the request completes, new connections are refused, and
// serveUntil returns once it is done.
func TestServeUntilFinishesInFlight(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
		io.WriteString(w, "done")
	}), ReadHeaderTimeout: time.Second}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serveUntil(ctx, hs, ln, 5*time.Second) }()

	type result struct {
		body string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			got <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		got <- result{string(b), err}
	}()
	<-entered
	cancel()
	select {
	case err := <-served:
		t.Fatalf("serveUntil returned %v with a request in flight", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if r := <-got; r.err != nil || r.body != "done" {
		t.Errorf("in-flight request: %q %v", r.body, r.err)
	}
	if err := <-served; err != nil {
		t.Errorf("serveUntil = %v", err)
	}
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("still accepting connections after shutdown")
	}
}

// syncBuffer collects output written from several goroutines.
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

// clearServeEnv keeps the caller's BUDGETQA_* variables out of a test.
func clearServeEnv(t *testing.T) {
	t.Helper()
	for _, k := range []string{"BUDGETQA_ADDR", "BUDGETQA_CORPUS", "BUDGETQA_INDEX", "BUDGETQA_SYNONYMS", "BUDGETQA_ADMIN_TOKEN", "BUDGETQA_READ_ONLY", "BUDGETQA_CORS_ORIGINS", "BUDGETQA_TRUSTED_PROXIES",
		"BUDGETQA_WECHAT_TOKEN", "BUDGETQA_RATE", "BUDGETQA_BURST", "BUDGETQA_LOG_LEVEL", "BUDGETQA_LOG_FORMAT"} {
		t.Setenv(k, "")
	}
}

// startServe runs budgetqa serve with args in the background and returns
// its base URL, once it listens, and a function that stops it and returns
// its exit status and error.
func startServe(t *testing.T, args ...string) (base string, logs *syncBuffer, stop func() (int, error)) {
	t.Helper()
	clearServeEnv(t)
	logs = &syncBuffer{}
	m := NewMain(strings.NewReader(""), io.Discard, logs)
	ctx, cancel := context.WithCancel(context.Background())
	type result struct {
		code int
		err  error
	}
	done := make(chan result, 1)
	go func() {
		code, err := m.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--log-format", "json"}, args...))
		m.Close()
		done <- result{code, err}
	}()
	var once sync.Once
	var res result
	stop = func() (int, error) {
		once.Do(func() {
			cancel()
			select {
			case res = <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("serve did not stop")
			}
		})
		return res.code, res.err
	}
	t.Cleanup(func() { stop() })

	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		for _, line := range strings.Split(logs.String(), "\n") {
			var rec struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "listening" {
				return "http://" + rec.Addr, logs, stop
			}
		}
		select {
		case r := <-done:
			t.Fatalf("serve exited: %d %v\n%s", r.code, r.err, logs.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not listen:\n%s", logs.String())
	return
}

// waitReady polls /readyz until it answers 200.
func waitReady(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
			if resp.StatusCode != http.StatusServiceUnavailable {
				t.Fatalf("/readyz = %d", resp.StatusCode)
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("not ready within a minute")
}

func TestServeEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the bundled corpus and builds its index")
	}
	indexDir := filepath.Join(t.TempDir(), "index")
	start := time.Now()
	base, logs, stop := startServe(t, "--index", indexDir)
	if resp, err := http.Get(base + "/healthz"); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("/healthz: %v", err)
	}
	waitReady(t, base)
	t.Logf("ready in %v", time.Since(start))

	// A question over real HTTP, and a follow-up in its session.
	ask := func(body string) nlq.Response {
		t.Helper()
		resp, err := http.Post(base+"/v1/ask", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("POST /v1/ask: %d", resp.StatusCode)
		}
		var r nlq.Response
		if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := ask(`{"question":"信访稳定备用金多少","session_id":"e2e"}`)
	if !r.Answered || r.Answer.Value.String() != "500" || r.Answer.Unit != "万元" || len(r.Sources) == 0 || r.Sources[0].DocID == "" {
		t.Errorf("answer = %+v", r)
	}
	ask(`{"question":"信访工作是多少","session_id":"e2e"}`)
	if r := ask(`{"question":"那上年呢","session_id":"e2e"}`); !r.Answered || r.Answer.Value.String() != "366" {
		t.Errorf("follow-up = %+v", r.Answer)
	}

	// Search, over the index in --index.
	resp, err := http.Get(base + "/v1/search?q=" + url.QueryEscape("信访稳定备用金"))
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Hits []struct {
			DocID    string `json:"doc_id"`
			Fragment string `json:"fragment"`
		} `json:"hits"`
	}
	json.NewDecoder(resp.Body).Decode(&s)
	resp.Body.Close()
	if len(s.Hits) == 0 {
		t.Error("no search hits")
	}

	// Logs carry request ids.
	if !strings.Contains(logs.String(), `"route":"/v1/ask"`) || !strings.Contains(logs.String(), `"request_id"`) {
		t.Errorf("no request log:\n%s", logs.String())
	}

	if code, err := stop(); code != exitOK || err != nil {
		t.Errorf("after shutdown: %d %v\n%s", code, err, logs.String())
	}

	// Started again on the same index folder, read-only: nothing parsed or
	// indexed.
	base, logs, _ = startServe(t, "--index", indexDir, "--read-only")
	waitReady(t, base)
	if r := ask(`{"question":"信访稳定备用金多少"}`); !r.Answered || r.Answer.Value.String() != "500" {
		t.Errorf("after restarting on the index: %+v", r.Answer)
	}
	if l := logs.String(); !strings.Contains(l, `"parsed_again":0`) || strings.Contains(l, `"msg":"documents updated"`) || strings.Contains(l, `"step":"parsed`) || strings.Contains(l, `"step":"indexed`) {
		t.Errorf("restarting on a built index parsed or indexed:\n%s", l)
	}
}

func TestServeWithoutDocuments(t *testing.T) {
	clearServeEnv(t)
	var logs syncBuffer
	m := NewMain(strings.NewReader(""), io.Discard, &logs)
	defer m.Close()
	done := make(chan error, 1)
	go func() {
		_, err := m.Run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--corpus", t.TempDir()})
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "no documents") {
			t.Errorf("err = %v, want no documents", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve without documents did not stop")
	}
}

func TestServeBadAddress(t *testing.T) {
	clearServeEnv(t)
	m := NewMain(strings.NewReader(""), io.Discard, io.Discard)
	code, err := m.Run(context.Background(), []string{"serve", "--addr", "127.0.0.1:-1"})
	if code != exitUsage || err == nil {
		t.Errorf("bad address: %d %v", code, err)
	}
	code, err = m.Run(context.Background(), []string{"serve", "--cors-origins", "example.com"})
	if code != exitUsage || err == nil || errors.Is(err, flag.ErrHelp) {
		t.Errorf("bad origin: %d %v", code, err)
	}
}

// documentCount returns the number of documents /v1/documents lists.
func documentCount(t *testing.T, base string) int {
	t.Helper()
	resp, err := http.Get(base + "/v1/documents")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Documents []json.RawMessage `json:"documents"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return len(out.Documents)
}

func TestServeReloadOnSIGHUP(t *testing.T) {
	if testing.Short() {
		t.Skip("serves and reloads part of the bundled corpus")
	}
	names, err := fs.Glob(corpus.BundledFS(), "*.txt")
	if err != nil || len(names) < 3 {
		t.Fatalf("bundled documents: %v %v", names, err)
	}
	corpusDir := t.TempDir()
	put := func(name string) {
		data, err := fs.ReadFile(corpus.BundledFS(), name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(corpusDir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	put(names[0])
	put(names[1])
	base, logs, _ := startServe(t, "--index", t.TempDir(), "--corpus", corpusDir)
	waitReady(t, base)
	if n := documentCount(t, base); n != 2 {
		t.Fatalf("%d documents, want 2", n)
	}
	// A conversation begun before the reload goes on after it (the
	// sessions live outside the engine a reload rebuilds).
	askIn := func(q string) map[string]any {
		t.Helper()
		resp, err := http.Get(base + "/v1/ask?session_id=hup&q=" + url.QueryEscape(q))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if out := askIn("江苏人大2018年会议费是多少"); out["answer"].(map[string]any)["value"] != "1305.25" {
		t.Fatalf("2018 会议费: %v", out)
	}
	put(names[2])
	os.Remove(filepath.Join(corpusDir, names[0]))
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(logs.String(), `"msg":"reloading on SIGHUP"`) || !strings.Contains(logs.String(), `"removed":1`) {
		if time.Now().After(deadline) {
			t.Fatalf("no reload within a minute:\n%s", logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	for documentCount(t, base) != 2 || !servesDocument(t, base, strings.TrimSuffix(names[2], ".txt")) {
		if time.Now().After(deadline) {
			t.Fatalf("the reloaded documents are not served:\n%s", logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if out := askIn("那明年呢？"); out["answer"].(map[string]any)["value"] != "1469.73" {
		t.Errorf("明年 after the reload: %v, want 2019's 会议费 1469.73", out)
	}
}

// servesDocument reports whether /v1/documents/id answers 200.
func servesDocument(t *testing.T, base, id string) bool {
	t.Helper()
	resp, err := http.Get(base + "/v1/documents/" + url.PathEscape(id))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
