package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/store"
)

// runIndexCmd runs budgetqa index with args and returns its status, output
// and error output.
func runIndexCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := NewMain(nil, &out, &errOut)
	defer m.Close()
	code, err := m.Run(context.Background(), append([]string{"index"}, args...))
	if err != nil {
		errOut.WriteString(err.Error())
	}
	return code, out.String(), errOut.String()
}

func TestIndexCommand(t *testing.T) {
	names, _ := fs.Glob(corpus.BundledFS(), "*.txt")
	src, out := t.TempDir(), filepath.Join(t.TempDir(), "index")
	for _, n := range names[:2] {
		data, _ := fs.ReadFile(corpus.BundledFS(), n)
		if err := os.WriteFile(filepath.Join(src, n), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name     string
		change   func()
		want     string
		progress string
	}{
		{"first build", func() {}, "2 documents (2 added, 0 replaced, 0 removed, 0 unchanged", "parsed 2/2 documents"},
		{"nothing changed", func() {}, "2 documents (0 added, 0 replaced, 0 removed, 2 unchanged", ""},
		{"one changed", func() {
			p := filepath.Join(src, names[0])
			data, _ := os.ReadFile(p)
			os.WriteFile(p, append(data, "\n（追加一行）\n"...), 0o644)
		}, "2 documents (0 added, 1 replaced, 0 removed, 1 unchanged", "parsed 1/1 documents"},
		{"one removed", func() { os.Remove(filepath.Join(src, names[1])) }, "1 documents (0 added, 0 replaced, 1 removed, 1 unchanged", ""},
	}
	for _, s := range steps {
		s.change()
		code, stdout, stderr := runIndexCmd(t, "--corpus", src, "--out", out)
		if code != exitOK || !strings.Contains(stdout, s.want) {
			t.Errorf("%s: %d %q %q, want %q", s.name, code, stdout, stderr, s.want)
		}
		if s.progress != "" && !strings.Contains(stderr, s.progress) {
			t.Errorf("%s: progress %q, want %q", s.name, stderr, s.progress)
		}
		if s.progress == "" && strings.Contains(stderr, "parsed") {
			t.Errorf("%s: parsed again: %q", s.name, stderr)
		}
	}
	if code, _, stderr := runIndexCmd(t, "--out", out, "--corpus", filepath.Join(src, "missing")); code != exitUsage || stderr == "" {
		t.Errorf("missing corpus = %d %q, want a usage error", code, stderr)
	}
	if code, _, _ := runIndexCmd(t); code != exitUsage {
		t.Errorf("no --out = %d, want a usage error", code)
	}
}

func TestProgressLine(t *testing.T) {
	tests := []struct {
		p       store.Progress
		elapsed time.Duration
		want    string
	}{
		{store.Progress{Step: "parse", Done: 0, Total: 10}, 0, "parsed 0/10 documents"},
		{store.Progress{Step: "parse", Done: 50, Total: 200}, 10 * time.Second, "parsed 50/200 documents, 5/s, about 30s left"},
		{store.Progress{Step: "index", Done: 200, Total: 200}, 100 * time.Second, "indexed 200/200 documents, 2/s"},
		{store.Progress{Step: "load", Done: 3, Total: 9}, time.Millisecond, "loaded 3/9 documents"},
	}
	for _, tt := range tests {
		if got := progressLine(tt.p, tt.elapsed); got != tt.want {
			t.Errorf("progressLine(%+v, %v) = %q, want %q", tt.p, tt.elapsed, got, tt.want)
		}
	}
}
