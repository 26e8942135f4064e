package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/index"
	"github.com/budgetqa/budgetqa/nlq"
	"github.com/budgetqa/budgetqa/pdf/pdfium"
)

// Exit statuses.
const (
	exitOK         = 0
	exitFindings   = 1 // check found errors or warnings
	exitUnanswered = 1 // ask could not answer the question
	exitUsage      = 2 // bad arguments, or a file could not be read
)

// Main holds the command's configuration and the parts it wires together.
type Main struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	closers        []func() error
	pdf            *pdfium.Reader // started on the first PDF read
}

// NewMain returns a Main reading and writing the given streams.
func NewMain(stdin io.Reader, stdout, stderr io.Writer) *Main {
	return &Main{stdin: stdin, stdout: stdout, stderr: stderr}
}

// Close releases what Run opened.
func (m *Main) Close() error {
	var errs []error
	for i := len(m.closers) - 1; i >= 0; i-- {
		errs = append(errs, m.closers[i]())
	}
	m.closers = nil
	return errors.Join(errs...)
}

const usage = `usage: budgetqa <command> [flags]

commands:
  ask [--jsonl] [--corpus DIR] [--department D] [--year Y] ["问题"]
                 answer a question (exit 0 answered, 1 not answered, 2 error),
                 or one JSON request per stdin line (exit 0 once all have
                 their response line)
  check [--rounding] [--json | --html] [FILE...]
                 consistency report of the documents (default: the bundled
                 corpus); --html writes a page with the printed pages; exit
                 0 clean, 1 errors or warnings found, 2 a file unreadable
  parse FILE     print the parsed document (.txt or .pdf) as JSON
  parse --summary [--json] FILE...
                 what was read of each document: identity and its evidence,
                 tables against the contents, sums; exit 1 if one was read badly
  index [--corpus DIR] --out DIR [--rebuild]
                 build or update an index folder: parses and indexes only
                 the documents that changed
  serve [--addr :8080] [--index DIR] [--corpus DIR] [--synonyms FILE]
        [--admin-token T] [--cors-origins O,…] [--department D]
        [--wechat-token T] [--wechat-aes-key K] [--wechat-appid A]
        [--rate R] [--burst B] [--wechat-rate R] [--log-level L]
                 HTTP API (/v1/ask, /v1/search, /v1/documents, /v1/suggest,
                 /v1/admin/documents) and WeChat endpoint; SIGHUP reloads
                 the corpus folder and synonyms; flags fall back to
                 BUDGETQA_* variables
  healthcheck [--url URL]
                 exit 0 when a running server is ready (for containers)
  gen-corpus --out DIR [--n 1000] [--seed 1]   synthetic documents for benchmarks
`

// Run runs one command and returns the exit status.
func (m *Main) Run(ctx context.Context, args []string) (int, error) {
	if len(args) == 0 {
		fmt.Fprint(m.stderr, usage)
		return exitUsage, nil
	}
	switch args[0] {
	case "ask":
		return m.runAsk(ctx, args[1:])
	case "check":
		return m.runCheck(ctx, args[1:])
	case "parse":
		return m.runParse(args[1:])
	case "index":
		return m.runIndex(args[1:])
	case "serve":
		return m.runServe(ctx, args[1:])
	case "healthcheck":
		return m.runHealthcheck(ctx, args[1:])
	case "gen-corpus":
		return m.runGenCorpus(args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(m.stdout, usage)
		return exitOK, nil
	}
	fmt.Fprint(m.stderr, usage)
	return exitUsage, fmt.Errorf("unknown command %q", args[0])
}

// lazyIndex returns a function that opens the full-text index of docs on
// first call (in dir, or a temporary directory) and closes it with Main.
func (m *Main) lazyIndex(docs []*corpus.Document, dir string) func() (nlq.Searcher, error) {
	return func() (nlq.Searcher, error) {
		x, err := index.Open(dir, docs, index.Options{DictDir: os.Getenv(index.DictEnv)})
		if err != nil {
			fmt.Fprintln(m.stderr, "budgetqa: full-text index unavailable:", err)
			return nil, err
		}
		m.closers = append(m.closers, x.Close)
		return x, nil
	}
}

// PDFCacheEnv names the folder where the PDF reader keeps its compiled
// code (default: the user's cache folder).
const PDFCacheEnv = "BUDGETQA_PDF_CACHE"

// pdfReader returns the PDF reader, made on first use; PDFium itself starts
// when the first PDF is read.
func (m *Main) pdfReader() *pdfium.Reader {
	if m.pdf == nil {
		m.pdf = pdfium.New(pdfium.Config{CacheDir: pdfCacheDir()})
		m.closers = append(m.closers, m.pdf.Close)
	}
	return m.pdf
}

// pdfCacheDir returns where compiled WebAssembly is kept between runs.
func pdfCacheDir() string {
	if d := os.Getenv(PDFCacheEnv); d != "" {
		return d
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "budgetqa", "wazero")
	}
	return filepath.Join(os.TempDir(), "budgetqa-wazero")
}

// loadCorpus reads the documents of dir, or the bundled ones.
func (m *Main) loadCorpus(dir string) ([]*corpus.Document, error) {
	if dir == "" {
		return corpus.Bundled()
	}
	return corpus.LoadDir(dir, m.pdfReader())
}

func newFlagSet(name string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	return fs
}
