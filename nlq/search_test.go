package nlq

import (
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/index"
)

var (
	indexedOnce   sync.Once
	indexedEngine *Engine
	testIndex     *index.Index // closed by TestMain
)

func TestMain(m *testing.M) {
	code := m.Run()
	if testIndex != nil {
		testIndex.Close()
	}
	os.Exit(code)
}

// indexedTestEngine is an engine over the bundled corpus with the
// full-text index, built once (loading jieba takes about a second).
func indexedTestEngine(t testing.TB) *Engine {
	t.Helper()
	indexedOnce.Do(func() {
		docs, err := corpus.Bundled()
		if err != nil {
			t.Fatal(err)
		}
		indexedEngine = New(docs, Options{Index: func() (Searcher, error) {
			x, err := index.Open("", docs, index.Options{})
			testIndex = x
			return x, err
		}})
	})
	return indexedEngine
}

func TestPassageAnswer(t *testing.T) {
	e := indexedTestEngine(t)
	resp := e.Ask(Request{Question: "信访局的主要职责是什么", Department: "深圳市龙岗区信访局"})
	if !resp.Answered || resp.Intent != "search" || !strings.Contains(resp.Answer.Text, "主要职责") {
		t.Errorf("got %+v, want the 部门职责 paragraph", resp)
	}
	if len(resp.Sources) == 0 || resp.Sources[0].Line != 40 {
		t.Errorf("sources %+v, want line 40", resp.Sources)
	}
}

func TestDeclineWithRelated(t *testing.T) {
	e := indexedTestEngine(t)
	resp := e.Ask(Request{Question: "江苏议事园单独的预算是多少", Department: "江苏省人大常委会办公厅", Year: 2019})
	if resp.Answered || resp.Answer.Value.Valid {
		t.Fatalf("answered %q: a figure the documents do not give", resp.Answer.Text)
	}
	if len(resp.Related) == 0 {
		t.Errorf("no related passages offered")
	}
}
