package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/budgetqa/budgetqa/corpus/synth"
)

// runGenCorpus writes a synthetic corpus for benchmarks: n documents built
// from the bundled ones with other departments, years and amounts, each
// marked as synthetic (see package synth).
func (m *Main) runGenCorpus(args []string) (int, error) {
	fs := newFlagSet("gen-corpus", m.stderr)
	n := fs.Int("n", 1000, "number of documents to write")
	out := fs.String("out", "", "write the documents into `DIR` (made if missing)")
	seed := fs.Int64("seed", 1, "the same seed writes the same documents")
	if err := fs.Parse(args); err != nil {
		return exitUsage, nil
	}
	if *out == "" || fs.NArg() > 0 {
		return exitUsage, fmt.Errorf("gen-corpus: want --out DIR and no other arguments")
	}
	if *n < 0 || *n > synth.Max() {
		return exitUsage, fmt.Errorf("gen-corpus: --n %d, want 0 to %d", *n, synth.Max())
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return exitUsage, fmt.Errorf("gen-corpus: %w", err)
	}
	progress := isTerminal(m.stderr)
	var written, size int
	err := synth.Generate(*n, *seed, func(name string, data []byte) error {
		if err := os.WriteFile(filepath.Join(*out, name), data, 0o644); err != nil {
			return err
		}
		written++
		size += len(data)
		if progress && (written%100 == 0 || written == *n) {
			fmt.Fprintf(m.stderr, "\r%d/%d documents", written, *n)
		}
		return nil
	})
	if progress && written > 0 {
		fmt.Fprintln(m.stderr)
	}
	if err != nil {
		return exitUsage, fmt.Errorf("gen-corpus: %w", err)
	}
	fmt.Fprintf(m.stdout, "wrote %d synthetic documents (%.1f MB, seed %d) to %s\n", written, float64(size)/1e6, *seed, *out)
	return exitOK, nil
}

// isTerminal reports whether w is a terminal, where progress is shown.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
