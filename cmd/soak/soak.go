package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// config is what one soak run does.
type config struct {
	URL         string
	PID         int
	Duration    time.Duration
	Requests    int
	Concurrency int
	Warmup      time.Duration
	Sample      time.Duration
	MaxGrowth   float64
	ReadyWait   time.Duration
	Sessions    bool
	Files       []string
	FreePort    bool
}

// question is one request body, with the question it asks.
type question struct {
	text string
	body []byte
}

// loadQuestions reads the question files into request bodies.
func loadQuestions(files []string) ([]question, error) {
	var out []question
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("soak: %w", err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for n := 1; sc.Scan(); n++ {
			line := bytes.TrimSpace(sc.Bytes())
			if len(line) == 0 {
				continue
			}
			var q struct {
				Question   string `json:"question"`
				Department string `json:"department,omitempty"`
				Year       int    `json:"year,omitempty"`
			}
			if err := json.Unmarshal(line, &q); err != nil || strings.TrimSpace(q.Question) == "" {
				f.Close()
				return nil, fmt.Errorf("soak: %s:%d: want a JSON object with a question", name, n)
			}
			body, err := json.Marshal(q)
			if err != nil {
				f.Close()
				return nil, fmt.Errorf("soak: %s:%d: %w", name, n, err)
			}
			out = append(out, question{text: q.Question, body: body})
		}
		err = sc.Err()
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("soak: reading %s: %w", name, err)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("soak: the question files hold no questions")
	}
	return out, nil
}

// answerShape is what a response to /v1/ask must hold; a pointer is a
// field that must be there.
type answerShape struct {
	Question *string `json:"question"`
	Answered *bool   `json:"answered"`
	Intent   *string `json:"intent"`
	Answer   *struct {
		Text  *string `json:"text"`
		Value string  `json:"value"`
		Unit  string  `json:"unit"`
	} `json:"answer"`
	Sources *[]json.RawMessage `json:"sources"`
	Error   json.RawMessage    `json:"error"`
}

// outcome is what one answer said, to compare it with the next time the
// same question comes round.
type outcome struct {
	answered    bool
	value, unit string
}

// checkAnswer checks a response to q: a problem ("" if none) and what it
// answered.
func checkAnswer(q question, status int, contentType string, body []byte) (outcome, string) {
	if status != http.StatusOK {
		return outcome{}, fmt.Sprintf("status %d", status)
	}
	if mt, _, err := mime.ParseMediaType(contentType); err != nil || mt != "application/json" {
		return outcome{}, fmt.Sprintf("Content-Type %q", contentType)
	}
	var a answerShape
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&a); err != nil {
		return outcome{}, "malformed JSON: " + err.Error()
	}
	if dec.More() {
		return outcome{}, "data after the JSON value"
	}
	switch {
	case a.Question == nil, a.Answered == nil, a.Intent == nil, a.Answer == nil, a.Answer.Text == nil, a.Sources == nil || *a.Sources == nil:
		return outcome{}, "missing field (question, answered, intent, answer.text or sources)"
	case len(a.Error) > 0 && string(a.Error) != "null":
		return outcome{}, "error in a 200: " + string(a.Error)
	case *a.Question != q.text:
		return outcome{}, "answer to another question"
	case *a.Answered && *a.Answer.Text == "":
		return outcome{}, "answered with no text"
	}
	return outcome{answered: *a.Answered, value: a.Answer.Value, unit: a.Answer.Unit}, ""
}

// result is what the workers saw.
type result struct {
	mu        sync.Mutex
	requests  int
	answered  int
	latencies []time.Duration
	problems  map[string]int
	examples  []string // the first few problems, with their question
	first     map[string]outcome
}

// record notes one response.
func (r *result) record(q question, d time.Duration, o outcome, problem string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests++
	r.latencies = append(r.latencies, d)
	if problem == "" {
		if prev, ok := r.first[string(q.body)]; !ok {
			r.first[string(q.body)] = o
		} else if prev != o {
			problem = fmt.Sprintf("answer changed: %+v then %+v", prev, o)
		}
	}
	if problem != "" {
		kind, _, _ := strings.Cut(problem, ":")
		r.problems[kind]++
		if len(r.examples) < 5 {
			text := []rune(q.text)
			if len(text) > 30 {
				text = append(text[:30], '…')
			}
			r.examples = append(r.examples, fmt.Sprintf("%s: %s", string(text), problem))
		}
		return
	}
	if o.answered {
		r.answered++
	}
}

// failed returns the number of responses with a problem.
func (r *result) failed() int {
	n := 0
	for _, c := range r.problems {
		n += c
	}
	return n
}

// rssSample is the server's resident memory at a time since the start.
type rssSample struct {
	at  time.Duration
	kib int64
}

// readRSS returns the resident memory of process pid, in KiB, from
// /proc/PID/status.
func readRSS(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("soak: %w", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) == 2 && f[1] == "kB" {
				return strconv.ParseInt(f[0], 10, 64)
			}
		}
	}
	return 0, fmt.Errorf("soak: no VmRSS in /proc/%d/status", pid)
}

// run soaks the server of cfg and writes the report to w; it fails when a
// response was wrong or the memory grew too much.
func run(ctx context.Context, cfg config, w io.Writer) error {
	qs, err := loadQuestions(cfg.Files)
	if err != nil {
		return err
	}
	base := strings.TrimSuffix(cfg.URL, "/")
	client := &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns:        cfg.Concurrency,
			MaxIdleConnsPerHost: cfg.Concurrency,
			IdleConnTimeout:     90 * time.Second,
		},
	}
	if err := waitReady(ctx, client, base+"/readyz", cfg.ReadyWait); err != nil {
		return err
	}
	warmup := min(cfg.Warmup, cfg.Duration/3)

	start := time.Now()
	loadCtx, stopLoad := context.WithTimeout(ctx, cfg.Duration)
	defer stopLoad()

	// The memory, sampled until the load stops, and once more at the end.
	var samples []rssSample
	sampled := make(chan struct{})
	sample := func() error {
		kib, err := readRSS(cfg.PID)
		if err == nil {
			samples = append(samples, rssSample{time.Since(start), kib})
		}
		return err
	}
	var sampleErr error
	go func() {
		defer close(sampled)
		if cfg.PID <= 0 {
			return
		}
		t := time.NewTicker(cfg.Sample)
		defer t.Stop()
		for sampleErr = sample(); sampleErr == nil; {
			select {
			case <-loadCtx.Done():
				return
			case <-t.C:
				sampleErr = sample()
			}
		}
	}()

	res := &result{problems: map[string]int{}, first: map[string]outcome{}}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range cfg.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for loadCtx.Err() == nil {
				i := next.Add(1) - 1
				if cfg.Requests > 0 && i >= int64(cfg.Requests) {
					return
				}
				q := qs[i%int64(len(qs))]
				body := q.body
				if cfg.Sessions {
					body = withSession(q.body, i)
				}
				d, o, problem := ask(client, base+"/v1/ask", q, body)
				res.record(q, d, o, problem)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	stopLoad()
	<-sampled
	if cfg.PID > 0 && sampleErr == nil {
		// The memory at the end, in place of a tick just before it.
		if sampleErr = sample(); sampleErr == nil && len(samples) > 1 && samples[len(samples)-1].at-samples[len(samples)-2].at < cfg.Sample/2 {
			samples = append(samples[:len(samples)-2], samples[len(samples)-1])
		}
	}
	return report(w, cfg, len(qs), elapsed, warmup, res, samples, sampleErr)
}

// withSession returns a copy of the request body with a session id of its
// own, request n's: the engine keeps each (up to its bound), and answers the
// first question of a session as it answers one without.
func withSession(body []byte, n int64) []byte {
	out := make([]byte, 0, len(body)+32)
	out = append(out, body[:len(body)-1]...) // body is a JSON object with fields
	return fmt.Appendf(out, `,"session_id":"soak-%d"}`, n)
}

// ask sends one question, body, and checks the response. Requests in
// flight when the time is up are let finish: they are not cancelled.
func ask(client *http.Client, url string, q question, body []byte) (time.Duration, outcome, string) {
	t0 := time.Now()
	resp, err := client.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return time.Since(t0), outcome{}, "transport: " + err.Error()
	}
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	d := time.Since(t0)
	if err != nil {
		return d, outcome{}, "transport: reading the body: " + err.Error()
	}
	o, problem := checkAnswer(q, resp.StatusCode, resp.Header.Get("Content-Type"), got)
	return d, o, problem
}

// waitReady polls url until it answers 200, for up to wait.
func waitReady(ctx context.Context, client *http.Client, url string, wait time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return fmt.Errorf("soak: %w", err)
		}
		if resp, err := client.Do(req); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("soak: %s not ready after %v", url, wait)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// report writes the figures and returns an error when the run failed, or
// the memory could not be read (sampleErr).
func report(w io.Writer, cfg config, questions int, elapsed, warmup time.Duration, res *result, samples []rssSample, sampleErr error) error {
	lat := res.latencies
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
	failed := res.failed()
	fmt.Fprintf(w, "soak of %s: %d questions, %d in flight, %.1f s\n", cfg.URL, questions, cfg.Concurrency, elapsed.Seconds())
	fmt.Fprintf(w, "requests  %d, %d failed\n", res.requests, failed)
	fmt.Fprintf(w, "rate      %.0f requests/s\n", float64(res.requests)/elapsed.Seconds())
	if len(lat) > 0 {
		fmt.Fprintf(w, "latency   p50 %s, p90 %s, p99 %s, max %s\n", ms(pct(0.50)), ms(pct(0.90)), ms(pct(0.99)), ms(lat[len(lat)-1]))
	}
	if ok := res.requests - failed; ok > 0 {
		fmt.Fprintf(w, "answered  %.1f%% of the well-formed responses\n", 100*float64(res.answered)/float64(ok))
	}
	var errs []string
	if failed > 0 {
		kinds := make([]string, 0, len(res.problems))
		for k := range res.problems {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		for _, k := range kinds {
			fmt.Fprintf(w, "problem   %s: %d\n", k, res.problems[k])
		}
		for _, ex := range res.examples {
			fmt.Fprintf(w, "example   %s\n", ex)
		}
		errs = append(errs, fmt.Sprintf("%d of %d responses wrong", failed, res.requests))
	}
	if res.requests == 0 {
		errs = append(errs, "no requests sent")
	}
	if sampleErr != nil {
		errs = append(errs, "reading the server's memory: "+strings.TrimPrefix(sampleErr.Error(), "soak: "))
	}
	if len(samples) > 0 {
		mib := func(kib int64) string { return fmt.Sprintf("%.1f MiB", float64(kib)/1024) }
		baseline := samples[len(samples)-1]
		for _, s := range samples {
			if s.at >= warmup {
				baseline = s
				break
			}
		}
		end := samples[len(samples)-1]
		peak := samples[0]
		var line strings.Builder
		for _, s := range samples {
			if s.kib > peak.kib {
				peak = s
			}
			fmt.Fprintf(&line, " %.0fs=%.0f", s.at.Seconds(), float64(s.kib)/1024)
		}
		growth := float64(end.kib-baseline.kib) / float64(baseline.kib)
		fmt.Fprintf(w, "RSS       start %s, after %.0f s warm-up %s, peak %s, end %s (%+.1f%% after warm-up, limit %+.0f%%)\n",
			mib(samples[0].kib), baseline.at.Seconds(), mib(baseline.kib), mib(peak.kib), mib(end.kib), 100*growth, 100*cfg.MaxGrowth)
		fmt.Fprintf(w, "RSS MiB  %s\n", line.String())
		if growth > cfg.MaxGrowth {
			errs = append(errs, fmt.Sprintf("RSS grew %.1f%% after the warm-up, over %.0f%%", 100*growth, 100*cfg.MaxGrowth))
		}
	}
	if len(errs) > 0 {
		fmt.Fprintf(w, "result    FAIL: %s\n", strings.Join(errs, "; "))
		return fmt.Errorf("soak: %s", strings.Join(errs, "; "))
	}
	fmt.Fprintln(w, "result    PASS")
	return nil
}

// printFreePort writes a TCP port on 127.0.0.1 that nothing listens on.
func printFreePort(w io.Writer) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("soak: %w", err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	_, err = fmt.Fprintln(w, port)
	return err
}
