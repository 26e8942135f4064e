package index

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/yanyiwu/gojieba"
)

// budgetSentences hold a budget term each, in the sentence it came from.
var budgetSentences = []struct {
	name string
	text string
	want string // the term, which must come out whole
}{
	{"备用金", "信访稳定备用金项目预算500万元", "信访稳定备用金"},
	{"公务用车", "主要原因是公务用车运行维护费减少", "公务用车运行维护费"},
	{"拨款", "其中一般公共预算拨款2494万元", "一般公共预算拨款"},
	{"机关运行", "2023年机关运行经费预算为120万元", "机关运行经费"},
	{"三公", "三公经费是多少", "三公经费"},
	{"维稳", "维稳备用金多少", "维稳"},
}

func TestSegment(t *testing.T) {
	for _, tt := range budgetSentences {
		t.Run(tt.name, func(t *testing.T) {
			got := testIndex.Segment(tt.text)
			if !slices.Contains(got, tt.want) {
				t.Errorf("Segment(%q) = %q, want %q whole", tt.text, strings.Join(got, "/"), tt.want)
			}
			if strings.Join(got, "") != tt.text {
				t.Errorf("Segment(%q) = %q, want words that cover the text", tt.text, strings.Join(got, "/"))
			}
		})
	}
	if got := testIndex.Segment("  行政运行 \t支出 "); !slices.Equal(got, []string{"行政运行", "支出"}) {
		t.Errorf("Segment with spaces = %q, want 行政运行/支出", got)
	}
}

// TestSegmentWithoutDictionary shows why the budget dictionary exists: plain
// jieba splits some of the terms.
func TestSegmentWithoutDictionary(t *testing.T) {
	dir, err := resolveDictDir("")
	if err != nil {
		t.Fatal(err)
	}
	j := gojieba.NewJieba(filepath.Join(dir, dictMain), filepath.Join(dir, dictHMM), filepath.Join(dir, dictUser),
		filepath.Join(dir, dictIDF), filepath.Join(dir, dictStopWords))
	defer j.Free()
	split := 0
	for _, tt := range budgetSentences[:4] {
		got := j.Cut(tt.text, true)
		if !slices.Contains(got, tt.want) {
			split++
			t.Logf("plain jieba: %s", strings.Join(got, "/"))
		}
	}
	if split == 0 {
		t.Errorf("plain jieba kept every budget term whole; the test no longer shows what the dictionary adds")
	}
}

func TestResolveDictDir(t *testing.T) {
	def, err := resolveDictDir("")
	if err != nil {
		t.Fatal(err)
	}
	// A copy of the dictionary folder, as a deployed binary would ship it.
	dir := t.TempDir()
	for _, name := range []string{dictMain, dictHMM, dictIDF, dictStopWords} {
		b, err := os.ReadFile(filepath.Join(def, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := resolveDictDir(dir); got != dir || err != nil {
		t.Errorf("resolveDictDir(%s) = %q, %v; want the folder", dir, got, err)
	}
	t.Setenv(DictEnv, dir)
	if got, err := resolveDictDir(""); got != dir || err != nil {
		t.Errorf("resolveDictDir with $%s = %q, %v; want %s", DictEnv, got, err, dir)
	}
	t.Setenv(DictEnv, filepath.Join(dir, "missing"))
	if _, err := resolveDictDir(""); err == nil {
		t.Errorf("resolveDictDir with $%s naming a missing folder succeeded, want an error", DictEnv)
	}
}

func TestWriteUserDict(t *testing.T) {
	def, err := resolveDictDir("")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "user.dict"))
	if err != nil {
		t.Fatal(err)
	}
	words := map[string]bool{"信访稳定备用金": true, "维稳": true, "has space": true}
	if err := writeUserDict(f, def, words); err != nil {
		t.Fatal(err)
	}
	f.Close()
	b, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	want := []string{"信访稳定备用金 1000 n", "维稳 1000 n"}
	if len(lines) < 2 || !slices.Equal(lines[:2], want) {
		t.Errorf("user dictionary starts %q, want %q", lines, want)
	}
	if strings.Contains(string(b), "has space") {
		t.Errorf("user dictionary holds a word with a space")
	}
	own, _ := os.ReadFile(filepath.Join(def, dictUser))
	if !strings.HasSuffix(string(b), strings.TrimSpace(string(own))+"\n") {
		t.Errorf("user dictionary does not end with gojieba's own user.dict lines")
	}
}

func ExampleIndex_Segment() {
	fmt.Println(strings.Join(testIndex.Segment("2023年信访稳定备用金预算是多少？"), "/"))
	// Output: 2023/年/信访稳定备用金/预算/是/多少/？
}

func BenchmarkSegment(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		testIndex.Segment("2023年龙岗区信访局一般公共预算拨款的信访稳定备用金是多少万元")
	}
}
