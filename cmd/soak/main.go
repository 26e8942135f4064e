// Command soak drives a running budgetqa server's POST /v1/ask with the
// evaluation questions, at high concurrency, for a while. It checks every
// response (HTTP 200, JSON with the fields of an answer, the question it
// was asked, and the same answer each time a question comes round) and
// samples the server's resident memory. Each request carries a session id
// of its own, so the server's bounded store of sessions fills up. It fails
// when a response is wrong or the memory at the end is more than
// -max-growth over what it was after the warm-up.
//
//	soak -url http://127.0.0.1:8080 -pid 1234 -duration 60s questions-*.jsonl
//
// Each question file holds one JSON object a line with a "question" and
// optionally a "department" and a "year", as ../shared/eval does.
// scripts/soak.sh builds budgetqa, starts it and runs soak against it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if cfg.FreePort {
		err = printFreePort(os.Stdout)
	} else {
		err = run(ctx, cfg, os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// parseFlags reads the configuration from the command line.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	cfg := config{}
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.URL, "url", "http://127.0.0.1:8080", "the server's base `URL`")
	fs.IntVar(&cfg.PID, "pid", 0, "the server's process id, for its memory (0: not sampled)")
	fs.DurationVar(&cfg.Duration, "duration", 60*time.Second, "how long to send questions")
	fs.IntVar(&cfg.Requests, "requests", 0, "stop after `N` requests (0: when -duration is up)")
	fs.IntVar(&cfg.Concurrency, "concurrency", 64, "requests in flight at once")
	fs.DurationVar(&cfg.Warmup, "warmup", 10*time.Second, "the memory after this long is the baseline (at most a third of -duration)")
	fs.DurationVar(&cfg.Sample, "sample", 2*time.Second, "how often to sample the memory")
	fs.Float64Var(&cfg.MaxGrowth, "max-growth", 0.20, "the largest growth of memory after the warm-up, as a fraction")
	fs.DurationVar(&cfg.ReadyWait, "ready-wait", 2*time.Minute, "how long to wait for /readyz")
	fs.BoolVar(&cfg.Sessions, "sessions", true, "give each request a session id of its own, to fill the server's sessions")
	fs.BoolVar(&cfg.FreePort, "free-port", false, "print a free TCP port on 127.0.0.1 and exit")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	cfg.Files = fs.Args()
	if cfg.FreePort {
		return cfg, nil
	}
	switch {
	case len(cfg.Files) == 0:
		return cfg, errors.New("soak: no question files, want one or more .jsonl files")
	case cfg.Concurrency < 1:
		return cfg, fmt.Errorf("soak: concurrency %d, want >= 1", cfg.Concurrency)
	case cfg.Duration <= 0:
		return cfg, fmt.Errorf("soak: duration %v, want > 0", cfg.Duration)
	case cfg.Sample <= 0:
		return cfg, fmt.Errorf("soak: sample interval %v, want > 0", cfg.Sample)
	}
	return cfg, nil
}
