package corpus

import (
	"io/fs"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// The patterns that numberShape and isTotalKey replaced, to check them
// against (tableNumRE, verbAltRE, pairRE and digitCommaRE are still used,
// behind a cheaper test).
var (
	numberRE = regexp.MustCompile(`^[-−]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$`)
	totalRE  = regexp.MustCompile(`^(本年|当年)?(收入|支出)?小计$|(合计|总计)$`)
)

// corpusStrings returns every line and cell of the bundled documents, and
// strings made of the characters figures and totals are made of.
func corpusStrings(t *testing.T) []string {
	t.Helper()
	out := []string{
		"", "-", "−", "1", "-1", "−1", "--1", "1,234", "12,345,678.90", "1234,567", "12,345,67", "1,2345", ",123", "1,", "1.",
		".5", "1.5.6", "1,234.", "0.00", " 1 ", "１２", "1e5", "+1", "-−1",
		"合计", "总计", "小计", "本年小计", "当年收入小计", "本年支出小计", "收入小计", "本年当年小计", "支出收入小计", "其中小计",
		"1，234", "1，234，567元", "a，1，234", "，123", "1，23", "增加（减少）", "下降(减)", "收、支", "支、收", "收入合计", "x总计", "小计x", "本年", "表1", "表 3 表", "公开03表", "公开表五", "公开 12 表", "公开", "表", "附表1",
	}
	fsys := BundledFS()
	names, _ := fs.Glob(fsys, "*.txt")
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(data), "\n") {
			out = append(out, l, compact(normalizeLine(l)))
			for _, c := range strings.Split(l, "\t") {
				out = append(out, c, strings.TrimSpace(c), cleanName(c))
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"0", "1", "9", ",", ".", "-", "−", " ", "本年", "当年", "收入", "支出", "小计", "合计", "总计", "公开", "表", "三", "增加", "下降", "减", "（", "）", "(", ")", "收", "支", "、", "，", "元"}
	for range 20000 {
		var b strings.Builder
		for range r.IntN(9) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		out = append(out, b.String())
	}
	return out
}

// TestMatchersAgreeWithPatterns checks the hand-written matchers against
// the regular expressions they replaced.
func TestMatchersAgreeWithPatterns(t *testing.T) {
	for _, s := range corpusStrings(t) {
		if got, want := numberShape(s), numberRE.MatchString(s); got != want {
			t.Errorf("numberShape(%q) = %v, want %v", s, got, want)
		}
		if got, want := isTotalKey(s), totalRE.MatchString(s); got != want {
			t.Errorf("isTotalKey(%q) = %v, want %v", s, got, want)
		}
		if verbAltRE.MatchString(s) && !containsAny(s, verbAltHints) || pairRE.MatchString(s) && !containsAny(s, pairHints) {
			t.Errorf("verbAltRE or pairRE matches %q, which readParagraph skips", s)
		}
		if digitCommaRE.MatchString(s) && !digitBeforeComma(s) {
			t.Errorf("digitCommaRE matches %q, which normalizeLine skips", s)
		}
		if tableNumRE.MatchString(s) && !strings.HasPrefix(s, "表") && !strings.HasPrefix(s, "公开") {
			t.Errorf("tableNumRE matches %q, which tableNumber skips", s)
		}
	}
}
