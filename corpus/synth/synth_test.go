package synth_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/corpus/synth"
	"github.com/budgetqa/budgetqa/nlq"
)

const totalQuestion = "部门预算总额是多少"

// TestGenerate parses a sample of documents and asks each one question:
// the department, year and kind are as generated, and the total is the
// template's total times the document's factor, rounded as printed.
func TestGenerate(t *testing.T) {
	bundled, err := corpus.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	byFile := map[string]*corpus.Document{}
	for _, d := range bundled {
		byFile[d.File] = d
	}
	bundledEngine := nlq.New(bundled, nlq.Options{})

	const n = 10
	var docs []*corpus.Document
	var specs []synth.Spec
	g, err := synth.New(7)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		s, data, err := g.Document(i)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte(synth.Marker+"\n")) {
			t.Errorf("%s: first line is not %s", s.Name, synth.Marker)
		}
		d, err := corpus.Parse(s.Name, data)
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		if d.Department != s.Department || d.Year != s.Year || d.Kind != s.Kind {
			t.Errorf("%s: parsed %s %d %v, want %s %d %v", s.Name, d.Department, d.Year, d.Kind, s.Department, s.Year, s.Kind)
		}
		if !strings.Contains(d.Title, "合成数据") {
			t.Errorf("%s: title %q does not say the document is synthetic", s.Name, d.Title)
		}
		if len(d.Warnings) > 0 {
			t.Errorf("%s: %d parse warnings, want none (first: %s)", s.Name, len(d.Warnings), d.Warnings[0])
		}
		tmpl := byFile[s.Template]
		if len(d.Tables) != len(tmpl.Tables) || len(d.Facts) != len(tmpl.Facts) {
			t.Errorf("%s: %d tables and %d facts, want the template's %d and %d", s.Name, len(d.Tables), len(d.Facts), len(tmpl.Tables), len(tmpl.Facts))
		}
		docs = append(docs, d)
		specs = append(specs, s)
	}

	e := nlq.New(docs, nlq.Options{})
	for _, s := range specs {
		resp := e.Ask(nlq.Request{Question: totalQuestion, Department: s.Department, Year: s.Year})
		if !resp.Answered {
			t.Errorf("%s: %s not answered: %s", s.Name, totalQuestion, resp.Answer.Text)
			continue
		}
		tmpl := byFile[s.Template]
		want := bundledEngine.Ask(nlq.Request{Question: totalQuestion, Department: tmpl.Department, Year: tmpl.Year})
		got, err1 := decimal.NewFromString(resp.Answer.Value.String())
		base, err2 := decimal.NewFromString(want.Answer.Value.String())
		if err1 != nil || err2 != nil || resp.Answer.Unit != want.Answer.Unit {
			t.Errorf("%s: answer %s %s, template's %s %s", s.Name, resp.Answer.Value, resp.Answer.Unit, want.Answer.Value, want.Answer.Unit)
			continue
		}
		// The scaled figure is an estimate within the rounding of the
		// printed one, times the factor, rounded again.
		h := corpus.HalfUnit(corpus.Places(want.Answer.Value.String()))
		tol := h.Mul(s.Factor).Add(h)
		if diff := got.Sub(base.Mul(s.Factor)).Abs(); diff.GreaterThan(tol) {
			t.Errorf("%s: total %s, want the template's %s × %s = %s", s.Name, got, base, s.Factor, base.Mul(s.Factor))
		}
		if !strings.Contains(resp.Answer.Text, s.Department) {
			t.Errorf("%s: answer %q does not name %s", s.Name, resp.Answer.Text, s.Department)
		}
	}
}

// TestArithmetic checks that scaling keeps the arithmetic of the tables
// and of the figures the text repeats from them: a document has no more
// table doubts, and no more check errors of those kinds, than its
// template. (A percentage stated in the text is kept as printed, so one
// that was at the edge of its rounding may fall outside it once the
// amounts are scaled and rounded; so may the parts of a total the text
// states, each scaled and rounded on its own: those kinds are not
// compared.)
func TestArithmetic(t *testing.T) {
	bundled, err := corpus.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	type count struct{ doubts, errors int }
	counts := func(d *corpus.Document) count {
		c := count{}
		for _, t := range d.Tables {
			c.doubts += len(t.Doubts)
		}
		for _, f := range corpus.Check(d) {
			switch f.Rule {
			case "table.parent_sum", "table.total_sum", "cross.same_code", "text.vs_table":
				if f.Severity == corpus.SevError {
					c.errors++
				}
			}
		}
		return c
	}
	want := map[string]count{}
	for _, d := range bundled {
		want[d.File] = counts(d)
	}
	g, err := synth.New(11)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 36 {
		s, data, err := g.Document(i)
		if err != nil {
			t.Fatal(err)
		}
		d, err := corpus.Parse(s.Name, data)
		if err != nil {
			t.Fatal(err)
		}
		got, w := counts(d), want[s.Template]
		if got.doubts > w.doubts || got.errors > w.errors {
			for _, f := range corpus.Check(d) {
				if f.Severity == corpus.SevError {
					t.Log(f)
				}
			}
			t.Errorf("%s (factor %s): %d table doubts and %d arithmetic errors, the template %s has %d and %d",
				s.Name, s.Factor, got.doubts, got.errors, s.Template, w.doubts, w.errors)
		}
	}
}

func TestDeterministic(t *testing.T) {
	collect := func(seed int64) map[string][]byte {
		t.Helper()
		out := map[string][]byte{}
		err := synth.Generate(5, seed, func(name string, data []byte) error {
			out[name] = data
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	a, b, c := collect(1), collect(1), collect(2)
	if len(a) != 5 {
		t.Fatalf("%d documents, want 5", len(a))
	}
	same := 0
	for name, data := range a {
		if !bytes.Equal(b[name], data) {
			t.Errorf("%s differs between two runs with seed 1", name)
		}
		if bytes.Equal(c[name], data) {
			same++
		}
	}
	if same == len(a) {
		t.Error("seeds 1 and 2 give the same documents")
	}
}

// TestUnique checks that no two documents share a department and year,
// up to Max documents.
func TestUnique(t *testing.T) {
	g, err := synth.New(3)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for i := range synth.Max() {
		s, err := g.Spec(i)
		if err != nil {
			t.Fatal(err)
		}
		key := fmt.Sprint(s.Department, s.Year)
		if j, dup := seen[key]; dup {
			t.Fatalf("documents %d and %d are both %s", j, i, key)
		}
		seen[key] = i
	}
	if _, err := g.Spec(synth.Max()); err == nil {
		t.Error("Spec(Max()) succeeded, want an error")
	}
	if err := synth.Generate(synth.Max()+1, 3, func(string, []byte) error { return nil }); err == nil {
		t.Error("Generate(Max()+1) succeeded, want an error")
	}
}

func ExampleGenerate() {
	err := synth.Generate(2, 1, func(name string, data []byte) error {
		first, _, _ := strings.Cut(string(data), "\n")
		fmt.Println(name, first)
		return nil
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// synth-000000-2018-yusuan.txt 【合成数据·仅供性能测试】
	// synth-000001-2025-yusuan.txt 【合成数据·仅供性能测试】
}
