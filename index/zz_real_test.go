//go:build wip

package index

import (
	"testing"
	"time"

	"github.com/budgetqa/budgetqa/corpus"
)

func TestZZReal(t *testing.T) {
	docs, err := corpus.LoadDir("/work/shared/corpus")
	if err != nil {
		t.Fatal(err)
	}
	nf, np := 0, 0
	for _, d := range docs {
		nf += len(d.Facts)
		np += len(d.Paragraphs)
	}
	start := time.Now()
	x, err := Open("", docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	t.Logf("%d docs, %d facts, %d paragraphs, %d terms, open %v", len(docs), nf, np, len(x.Terms()), time.Since(start))
	for _, q := range []string{"信访稳定备用金多少", "维稳备用金", "三公经费", "公务用车运行维护费", "机关运行经费是什么", "政府采购预算"} {
		hits, err := x.Search(q, Filter{}, 3)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("== %s %q", q, x.Segment(q))
		for _, h := range hits {
			d := x.Document(h.DocID)
			s := ""
			if h.Type == TypeFact {
				f := d.Facts[h.Index]
				s = f.Subject + " " + f.Measure + " " + f.Value.String() + f.Unit
			}
			t.Logf("  %.3f %s %s:%d %s | %.80s", h.Score, h.Type, h.DocID, h.Line, s, h.Fragment)
		}
	}
	n := 0
	for _, term := range x.Terms() {
		if len([]rune(term)) > 14 && n < 15 {
			t.Logf("long term: %s", term)
			n++
		}
	}
}
