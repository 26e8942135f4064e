package nlq

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/budgetqa/budgetqa/corpus/synth"
)

// scanResolve is resolveDept as it was before deptIndex: every department
// and its aliases (deptAliases, as listed in aliases), in order.
func scanResolve(depts []string, aliases map[string][]string, d string) (string, bool) {
	for _, name := range depts {
		if strings.Contains(name, d) {
			return name, true
		}
		for _, a := range aliases[name] {
			if a == d {
				return name, true
			}
		}
	}
	return "", false
}

// testDepts returns the departments of the bundled corpus and of 3,000
// synthetic documents, in a shuffled order.
func testDepts(t *testing.T) []string {
	t.Helper()
	seen := map[string]bool{}
	var out []string
	for _, d := range testEngine(t).depts {
		seen[d] = true
		out = append(out, d)
	}
	out = append(out, "江苏省高级人民法院", "江苏省人民检察院", "南京市中级人民法院")
	g, err := synth.New(1)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3000 {
		s, err := g.Spec(i)
		if err != nil {
			t.Fatal(err)
		}
		if !seen[s.Department] {
			seen[s.Department] = true
			out = append(out, s.Department)
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// TestDeptIndex checks deptIndex against the scans it replaced: resolve
// on names, aliases and parts of names, mentions on questions naming one
// or two departments.
func TestDeptIndex(t *testing.T) {
	depts := testDepts(t)
	x := newDeptIndex(depts, nil)
	aliases := map[string][]string{}
	for _, d := range depts {
		aliases[d] = deptAliases(d)
	}
	r := rand.New(rand.NewPCG(5, 6))
	var inputs []string
	for i, d := range depts {
		if i%10 != 0 {
			continue
		}
		inputs = append(inputs, d, d+"x", "x"+d)
		inputs = append(inputs, deptAliases(d)...)
		rs := []rune(d)
		for range 3 {
			a := r.IntN(len(rs))
			b := a + 1 + r.IntN(len(rs)-a)
			inputs = append(inputs, string(rs[a:b]))
		}
	}
	inputs = append(inputs, "教育局", "局", "市", "外交部", "信访局", "江苏高院", "省人大")
	for _, in := range inputs {
		got, gotOK := x.resolve(in)
		want, wantOK := scanResolve(depts, aliases, in)
		if got != want || gotOK != wantOK {
			t.Errorf("resolve(%q) = %q, %v, want %q, %v", in, got, gotOK, want, wantOK)
		}
	}
	var questions []string
	for i := 0; i+1 < len(inputs); i += 16 {
		questions = append(questions, inputs[i]+"的基本支出", "2023年"+inputs[i]+"和"+inputs[i+1]+"的三公经费哪个多", "基本支出是多少")
	}
	for _, q := range questions {
		got, want := x.mentions(q), scanMentions(depts, q)
		if len(got) != len(want) {
			t.Errorf("mentions(%q) = %v, want %v", q, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("mentions(%q) = %v, want %v", q, got, want)
				break
			}
		}
	}
}
