package index

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

func TestTokenizer(t *testing.T) {
	tok, err := registry.NewCache().TokenizerNamed(Name)
	if err != nil {
		t.Fatal(err)
	}
	input := []byte("信访稳定备用金，共 500 万元。")
	ts := tok.Tokenize(input)
	var got []string
	for i, tk := range ts {
		if string(input[tk.Start:tk.End]) != string(tk.Term) {
			t.Errorf("token %d %q has offsets %d:%d covering %q", i, tk.Term, tk.Start, tk.End, input[tk.Start:tk.End])
		}
		if tk.Position != i+1 {
			t.Errorf("token %d %q has position %d, want %d", i, tk.Term, tk.Position, i+1)
		}
		got = append(got, fmt.Sprintf("%s@%d:%d", tk.Term, tk.Start, tk.End))
	}
	// Search mode puts the dictionary words inside a long word before it;
	// punctuation and spaces are dropped.
	want := "信访@0:6 稳定@6:12 备用@12:18 备用金@12:21 信访稳定备用金@0:21 共@24:27 500@28:31 万元@32:38"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("Tokenize = %s\nwant       %s", g, want)
	}
	if ts[0].Type != analysis.Ideographic || ts[6].Type != analysis.Numeric {
		t.Errorf("types = %d, %d; want Ideographic, Numeric", ts[0].Type, ts[6].Type)
	}
	if ts := tok.Tokenize(nil); len(ts) != 0 {
		t.Errorf("Tokenize(nil) = %v, want nothing", ts)
	}
	// jieba reads a C string and drops text that is not UTF-8: such bytes
	// become separators.
	for _, in := range []string{"信访\x00备用金", "\xff\xfe信访", "信访\xe4备用金"} {
		var got []string
		for _, tk := range tok.Tokenize([]byte(in)) {
			if tk.Start < 0 || tk.End > len(in) || in[tk.Start:tk.End] != string(tk.Term) {
				t.Errorf("Tokenize(%q) token %v out of place", in, tk)
			}
			got = append(got, string(tk.Term))
		}
		if !slices.Contains(got, "信访") {
			t.Errorf("Tokenize(%q) = %q, want 信访 among them", in, got)
		}
	}
}

func TestAnalyzer(t *testing.T) {
	a, err := registry.NewCache().AnalyzerNamed(AnalyzerName)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		text string
		want string
	}{
		{"stop words", "信访稳定备用金是多少万元", "信访 稳定 备用 备用金 信访稳定备用金"},
		{"full width", "因公出国（境）费", "因公 公出 出国 因公出国(境)费"},
		{"half width", "因公出国(境)费", "因公 公出 出国 因公出国(境)费"},
		{"lower case", "PDF文件", "pdf 文件"},
		{"year", "2023年", "2023 年"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, tk := range a.Analyze([]byte(tt.text)) {
				got = append(got, string(tk.Term))
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("Analyze(%q) = %s, want %s", tt.text, g, tt.want)
			}
		})
	}
}

func TestWords(t *testing.T) {
	got := strings.Join(testIndex.words("备用金是多少？备用金！"), " ")
	if want := "备用 备用金"; got != want {
		t.Errorf("words = %q, want %q", got, want)
	}
}

func TestFoldFilter(t *testing.T) {
	ts := analysis.TokenStream{{Term: []byte("（境）")}, {Term: []byte("境")}, {Term: []byte("ｚ９～")}}
	foldFilter{}.Filter(ts)
	got := fmt.Sprintf("%s %s %s", ts[0].Term, ts[1].Term, ts[2].Term)
	if got != "(境) 境 z9~" {
		t.Errorf("fold = %q, want %q", got, "(境) 境 z9~")
	}
}

func BenchmarkTokenize(b *testing.B) {
	tok := &tokenizer{seg: testIndex.seg}
	input := []byte("2023 年一般公共预算“三公”经费预算数为 3.2 万元，比上年减少 0.5 万元，主要原因是公务用车运行维护费减少。")
	b.ReportAllocs()
	b.SetBytes(int64(len(input)))
	for b.Loop() {
		tok.Tokenize(input)
	}
}
