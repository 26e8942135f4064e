package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/corpus/synth"
)

func TestGenCorpus(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "synth")
	var out, errOut bytes.Buffer
	m := NewMain(nil, &out, &errOut)
	code, err := m.Run(context.Background(), []string{"gen-corpus", "--n", "4", "--out", dir, "--seed", "5"})
	if err != nil || code != exitOK {
		t.Fatalf("gen-corpus: exit %d, %v; stderr %s", code, err, errOut.String())
	}
	if !strings.Contains(out.String(), "wrote 4 synthetic documents") {
		t.Errorf("stdout %q, want a summary", out.String())
	}
	if errOut.Len() > 0 {
		t.Errorf("stderr %q, want nothing when it is not a terminal", errOut.String())
	}
	docs, err := corpus.LoadDir(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 4 {
		t.Fatalf("%d documents parsed, want 4", len(docs))
	}
	g, err := synth.New(5)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range docs { // LoadDir reads in name order, which is index order
		s, want, err := g.Document(i)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, s.Name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from synth.Generate with the same seed", s.Name)
		}
		if d.Department != s.Department || d.Year != s.Year {
			t.Errorf("%s parsed as %s %d, want %s %d", s.Name, d.Department, d.Year, s.Department, s.Year)
		}
	}
}

func TestGenCorpusUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"no out", []string{"gen-corpus", "--n", "3"}},
		{"negative n", []string{"gen-corpus", "--n", "-1", "--out", "x"}},
		{"too many", []string{"gen-corpus", "--n", "100000000", "--out", "x"}},
		{"bad flag", []string{"gen-corpus", "--count", "3"}},
		{"stray argument", []string{"gen-corpus", "--out", "x", "y"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			m := NewMain(nil, &out, &out)
			if code, _ := m.Run(context.Background(), tt.args); code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
		})
	}
}
