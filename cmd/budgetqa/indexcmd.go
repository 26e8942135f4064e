package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/index"
	"github.com/budgetqa/budgetqa/store"
)

// runIndex builds or brings up to date the store folder --out from the
// corpus folder --corpus (default: the bundled documents): only documents
// whose text changed are parsed and indexed again.
func (m *Main) runIndex(args []string) (int, error) {
	fset := newFlagSet("index", m.stderr)
	corpusDir := fset.String("corpus", "", "the documents (.txt) to index, from `DIR` (default: the bundled ones)")
	out := fset.String("out", "", "the index folder to build or update, `DIR` (serve --index DIR serves it)")
	rebuild := fset.Bool("rebuild", false, "make the search index anew, with the dictionary of the current documents")
	if err := fset.Parse(args); err != nil {
		return exitUsage, nil
	}
	if *out == "" || fset.NArg() > 0 {
		return exitUsage, fmt.Errorf("index: want --out DIR and no other arguments")
	}
	src, err := corpusFS(*corpusDir)
	if err != nil {
		return exitUsage, fmt.Errorf("index: %w", err)
	}
	start := time.Now()
	st, orep, err := store.Open(*out, store.Options{
		PDF:          m.pdfReader(),
		Index:        index.Options{DictDir: os.Getenv(index.DictEnv)},
		Progress:     newProgress(m.stderr, isTerminal(m.stderr)).report,
		RebuildIndex: *rebuild,
	})
	if err != nil {
		return exitUsage, fmt.Errorf("index: %w", err)
	}
	defer st.Close()
	m.reportOpen(orep)
	rep, err := st.Sync(src)
	if err != nil {
		return exitUsage, fmt.Errorf("index: %w", err)
	}
	for _, e := range rep.Failed {
		fmt.Fprintln(m.stderr, "budgetqa: skipped:", e)
	}
	fmt.Fprintf(m.stdout, "%s: %d documents (%d added, %d replaced, %d removed, %d unchanged, %d uploads kept, %d failed) in %s\n",
		*out, len(st.Documents()), len(rep.Added), len(rep.Replaced), len(rep.Removed), len(rep.Unchanged), len(rep.Kept), len(rep.Failed),
		time.Since(start).Round(time.Millisecond))
	if st.Index() == nil && len(st.Documents()) > 0 {
		return exitUsage, fmt.Errorf("index: the documents are stored but the search index could not be built: %v", orep.IndexErr)
	}
	if len(rep.Failed) > 0 {
		return exitFindings, nil
	}
	return exitOK, nil
}

// reportOpen tells what opening a store mended.
func (m *Main) reportOpen(rep store.OpenReport) {
	if n := len(rep.Reparsed); n > 0 {
		fmt.Fprintf(m.stderr, "budgetqa: parsed %d documents again (written by another parser version, or damaged)\n", n)
	}
	for _, e := range rep.Lost {
		fmt.Fprintln(m.stderr, "budgetqa: lost:", e)
	}
	for _, q := range rep.Quarantined {
		fmt.Fprintln(m.stderr, "budgetqa: kept for inspection:", q, "(and why, in .reason.json beside it)")
	}
	if rep.IndexErr != nil {
		fmt.Fprintln(m.stderr, "budgetqa: search index unavailable:", rep.IndexErr)
	}
}

// corpusFS returns the documents of dir, or the bundled ones when dir is "".
func corpusFS(dir string) (fs.FS, error) {
	if dir == "" {
		return corpus.BundledFS(), nil
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", dir)
	}
	return os.DirFS(dir), nil
}

// progress prints how far a store's long steps have come: on a terminal
// one line redrawn in place, elsewhere a line at every tenth.
type progress struct {
	w        io.Writer
	terminal bool
	now      func() time.Time
	step     string
	start    time.Time
	lastTen  int
}

func newProgress(w io.Writer, terminal bool) *progress {
	return &progress{w: w, terminal: terminal, now: time.Now}
}

// report prints p.
func (pr *progress) report(p store.Progress) {
	if p.Total <= 0 {
		return
	}
	if p.Step != pr.step || p.Done < 1 {
		pr.step, pr.start, pr.lastTen = p.Step, pr.now(), 0
	}
	line := progressLine(p, pr.now().Sub(pr.start))
	switch {
	case pr.terminal:
		end := ""
		if p.Done >= p.Total {
			end = "\n"
		}
		fmt.Fprintf(pr.w, "\r%-78s%s", line, end)
	case p.Done*10/p.Total > pr.lastTen || p.Done == p.Total:
		pr.lastTen = p.Done * 10 / p.Total
		fmt.Fprintln(pr.w, line)
	}
}

// stepNames says what each step does to a document.
var stepNames = map[string]string{"load": "loaded", "parse": "parsed", "index": "indexed"}

// progressLine formats p after elapsed: count, rate and time left.
func progressLine(p store.Progress, elapsed time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %d/%d documents", stepNames[p.Step], p.Done, p.Total)
	if secs := elapsed.Seconds(); secs >= 0.5 && p.Done > 0 {
		rate := float64(p.Done) / secs
		fmt.Fprintf(&b, ", %.0f/s", rate)
		if left := p.Total - p.Done; left > 0 {
			fmt.Fprintf(&b, ", about %s left", (time.Duration(float64(left)/rate) * time.Second).Round(time.Second))
		}
	}
	return b.String()
}
