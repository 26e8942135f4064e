package index

import (
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
)

func TestFragment(t *testing.T) {
	long := strings.Repeat("甲", 200) + "信访稳定备用金" + strings.Repeat("乙", 200)
	tests := []struct {
		name  string
		text  string
		spans []span
		want  string
	}{
		{"none", "行政运行", nil, ""},
		{"one", "行政运行支出", []span{{0, 12}}, "<mark>行政运行</mark>支出"},
		{"escaped", "a<b 经费", []span{{4, 10}}, "a&lt;b <mark>经费</mark>"},
		{"window", long, []span{{600, 621}},
			"…" + strings.Repeat("甲", 20) + "<mark>信访稳定备用金</mark>" + strings.Repeat("乙", 133) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fragment(tt.text, tt.spans); got != tt.want {
				t.Errorf("fragment = %q\nwant       %q", got, tt.want)
			}
		})
	}
}

func TestMatchSpans(t *testing.T) {
	// 公务用车运行维护费 with the sub-words jieba's search mode adds.
	tlm := search.TermLocationMap{
		"公务":        {{Start: 0, End: 6}},
		"公务用车运行维护费": {{Start: 0, End: 27}},
		"维护费":       {{Start: 18, End: 27}},
		"减少":        {{Start: 27, End: 33}, {Start: 40, End: 46}},
		"bad":       {{Start: 50, End: 60}},
	}
	got := matchSpans(tlm, 48)
	want := []span{{0, 33}, {40, 46}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("matchSpans = %v, want %v", got, want)
	}
}
