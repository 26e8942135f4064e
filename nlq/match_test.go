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

// TestScore checks how well a subject names an item, on the cases the
// rules were written for.
func TestScore(t *testing.T) {
	tests := []struct {
		item, subject  string
		atLeast, below int // the score is in [atLeast, below)
	}{
		{"信访稳定备用金", "信访稳定备用金", 100, 101},
		// The subject says more: 公用经费 at its end, 政府采购 at its start.
		{"公用经费", "商品和服务支出公用经费", minScore, 100},
		{"政府采购", "政府采购项目小计", minScore, 100},
		// An item in the middle qualifies something else.
		{"基本支出", "机关事业单位基本养老保险缴费支出", 0, minScore},
		// The item says much more than a wider subject.
		{"基层司法业务经费", "司法", 0, minScore},
		// A variant of a name the synonyms rewrite.
		{"政府采购货物类", "政府采购货物", 88, 101},
	}
	for _, tt := range tests {
		if got := DefaultSynonyms.score(tt.item, tt.subject); got < tt.atLeast || got >= tt.below {
			t.Errorf("score(%q, %q) = %d, want in [%d, %d)", tt.item, tt.subject, got, tt.atLeast, tt.below)
		}
	}
}
