package nlq

import (
	"regexp"
	"strings"
	"testing"

	"github.com/budgetqa/budgetqa/corpus"
)

// keyNoiseRE is what dropKeyNoise removes, as the regular expression it
// replaced.
var keyNoiseRE = regexp.MustCompile(`[“”"‘’'「」\s]|的|（(?:\d*)(?:类|款|项)）`)

// regexpMatchKey is matchKey as it was written with keyNoiseRE.
func regexpMatchKey(s string) string {
	s = corpus.CompactName(s)
	s = keyNoiseRE.ReplaceAllString(s, "")
	return strings.ReplaceAll(s, "费用", "费")
}

// TestMatchKeyNoise checks that matchKey drops what keyNoiseRE matched, on
// tricky names and on every name of the bundled corpus.
func TestMatchKeyNoise(t *testing.T) {
	names := []string{
		"", "的", "的的", "“三公”经费", "「三公」经费", "‘三公’", "'a' \"b\"",
		"一般公共服务支出（类）", "人大事务（款）", "行政运行（项）", "行政运行（2项）", "（12款）人大事务",
		"（类", "（x类）", "（类）（款）（项）", "（１２类）", "办公费用", "费用的费用", "培训费 用",
		"a\tb\nc\fd\re", "\xff（类）\xfe的", "（", "（1", "（1类", "（1类）", "１２３",
	}
	docs, err := corpus.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		names = append(names, d.Title, d.Department)
		for _, f := range d.Facts {
			names = append(names, f.Subject, f.Measure, f.Measure+f.Subject, f.Source.Row, f.Source.Table)
		}
		for _, tb := range d.Tables {
			names = append(names, tb.Title)
			for _, r := range tb.Rows {
				names = append(names, r.Name)
			}
		}
		for _, p := range d.Paragraphs {
			names = append(names, p.Text)
		}
	}
	for _, n := range names {
		if got, want := matchKey(n), regexpMatchKey(n); got != want {
			t.Errorf("matchKey(%q) = %q, want %q", n, got, want)
		}
	}
}
