package nlq

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

var update = flag.Bool("update", false, "rewrite testdata/qa/*.golden and stats.txt")

var (
	bundledOnce   sync.Once
	bundledEngine *Engine
)

// testEngine returns an engine over the bundled corpus, built once.
func testEngine(t testing.TB) *Engine {
	t.Helper()
	bundledOnce.Do(func() {
		docs, err := corpus.Bundled()
		if err != nil {
			panic(err)
		}
		bundledEngine = New(docs, Options{})
	})
	return bundledEngine
}

type goldenQuestion struct {
	intent, dept string
	year         int
	session      string
	question     string
	want         string
}

func readQuestions(t *testing.T) []goldenQuestion {
	t.Helper()
	f, err := os.Open("testdata/qa/questions.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []goldenQuestion
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "#") || strings.TrimSpace(l) == "" {
			continue
		}
		c := strings.Split(l, "\t")
		if len(c) < 5 {
			t.Fatalf("questions.tsv: bad line %q", l)
		}
		q := goldenQuestion{intent: c[0], dept: c[1], year: atoi(c[2]), session: c[3], question: c[4]}
		if len(c) > 5 {
			q.want = c[5]
		}
		out = append(out, q)
	}
	return out
}

// TestGoldenQA asks the golden questions and compares question → query →
// answer → sources with testdata/qa/<intent>.golden, and the aggregate
// accuracy with testdata/qa/stats.txt, so that a regression shows as a diff.
func TestGoldenQA(t *testing.T) {
	e := indexedTestEngine(t)
	qs := readQuestions(t)
	byIntent := map[string]*strings.Builder{}
	type tally struct{ n, intentOK, valueN, valueOK int }
	stats := map[string]*tally{}
	for _, q := range qs {
		resp := e.Ask(Request{Question: q.question, Department: q.dept, Year: q.year, SessionID: q.session})
		b := byIntent[q.intent]
		if b == nil {
			b = &strings.Builder{}
			byIntent[q.intent] = b
		}
		fmt.Fprintf(b, "Q: %s\nscope: %s %d %s\nquery: %s\nanswered: %v intent: %s\nanswer: %s\n", q.question, q.dept, q.year, q.session, resp.Query, resp.Answered, resp.Intent, resp.Answer.Text)
		if resp.Answer.Value.Valid {
			fmt.Fprintf(b, "value: %s %s\n", resp.Answer.Value, resp.Answer.Unit)
		}
		for _, it := range resp.Answer.Items {
			fmt.Fprintf(b, "item: %s %s%s\n", it.Name, it.Value, it.Unit)
		}
		if resp.Interpretation != "" {
			fmt.Fprintf(b, "understood: %s\n", resp.Interpretation)
		}
		if resp.Arithmetic != "" {
			fmt.Fprintf(b, "arithmetic: %s\n", resp.Arithmetic)
		}
		for _, s := range resp.Sources {
			fmt.Fprintf(b, "source: %s | %s | %s | %s | line %d | %s\n", s.DocID, s.Table, s.Row, s.Column, s.Line, s.Quote)
		}
		b.WriteString("\n")
		st := stats[q.intent]
		if st == nil {
			st = &tally{}
			stats[q.intent] = st
		}
		st.n++
		if resp.Intent == q.intent || q.intent == "unknown" && !resp.Answered || q.intent == "prior" && resp.Answered {
			st.intentOK++
		}
		if q.want != "" {
			st.valueN++
			if sameValue(resp.Answer.Value.String(), q.want) {
				st.valueOK++
			}
		}
	}
	var intents []string
	for k := range byIntent {
		intents = append(intents, k)
	}
	sort.Strings(intents)
	var sb strings.Builder
	sb.WriteString("intent      questions  intent-ok  values-ok\n")
	for _, k := range intents {
		st := stats[k]
		fmt.Fprintf(&sb, "%-11s %9d  %9d  %5d/%d\n", k, st.n, st.intentOK, st.valueOK, st.valueN)
		compareGolden(t, filepath.Join("testdata", "qa", k+".golden"), byIntent[k].String())
	}
	compareGolden(t, filepath.Join("testdata", "qa", "stats.txt"), sb.String())
}

func sameValue(got, want string) bool {
	g, err1 := decimal.NewFromString(got)
	w, err2 := decimal.NewFromString(want)
	return err1 == nil && err2 == nil && g.Sub(w).Abs().LessThanOrEqual(decimal.New(1, -2))
}

func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./nlq -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}
