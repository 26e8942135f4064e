package nlq

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/corpus/synth"
)

// regionDoc is one document of the test region: a bundled document made
// another department's, another year's, its figures scaled.
type regionDoc struct {
	template, district, stem string
	year                     int
	factor                   string
}

// testRegion is 杭州市西湖区 with four departments (one with two years of
// 预算, one with a 2024 决算 and a 2025 预算) and 宁波市海曙区 with one: the
// documents questions over several departments are asked of.
var testRegion = []regionDoc{
	{"shanghai-putuo-sifaju-2026-yusuan.txt", "西湖区", "教育局", 2025, "2"},
	{"shenzhen-longgang-xinfangju-2023-yusuan.txt", "西湖区", "民政局", 2025, "1.5"},
	{"shanghai-putuo-sifaju-2026-yusuan.txt", "西湖区", "司法局", 2024, "1"},
	{"shanghai-putuo-sifaju-2026-yusuan.txt", "西湖区", "司法局", 2025, "1.2"},
	{"shanghai-putuo-caizhengju-2024-juesuan.txt", "西湖区", "财政局", 2024, "1"},
	{"shanghai-putuo-sifaju-2026-yusuan.txt", "西湖区", "财政局", 2025, "0.8"},
	{"shenzhen-longgang-xinfangju-2023-yusuan.txt", "海曙区", "教育局", 2025, "0.5"},
}

// regionEngine builds an engine over testRegion.
func regionEngine(t *testing.T) *Engine {
	t.Helper()
	g, err := synth.New(1)
	if err != nil {
		t.Fatal(err)
	}
	var docs []*corpus.Document
	for _, r := range testRegion {
		city, province := "杭州市", "浙江省"
		if r.district == "海曙区" {
			city = "宁波市"
		}
		s, err := g.Custom(r.template, province, city, r.district, r.stem, r.year, decimal.RequireFromString(r.factor))
		if err != nil {
			t.Fatal(err)
		}
		d, err := corpus.Parse(s.Name, s.Render())
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		docs = append(docs, d)
	}
	return New(docs, Options{})
}

// TestAcross answers questions over several departments of a region the
// development documents do not have, against a golden file checked by
// hand: the scope said back, every department's figure with its source,
// the arithmetic, the departments left out.
func TestAcross(t *testing.T) {
	e := regionEngine(t)
	f, err := os.Open("testdata/across/questions.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "#") || strings.TrimSpace(l) == "" {
			continue
		}
		c := strings.Split(l, "\t")
		if len(c) != 4 {
			t.Fatalf("bad line %q", l)
		}
		year, _ := strconv.Atoi(c[2])
		resp := e.Ask(Request{Question: c[3], Department: c[1], Year: year})
		fmt.Fprintf(&b, "Q: %s\nquery: %s\nanswered: %v intent: %s\nanswer: %s\n", c[3], resp.Query, resp.Answered, resp.Intent, resp.Answer.Text)
		if resp.Answer.Value.Valid {
			fmt.Fprintf(&b, "value: %s %s\n", resp.Answer.Value, resp.Answer.Unit)
		}
		for _, it := range resp.Answer.Items {
			src := ""
			if it.Source != nil {
				src = fmt.Sprintf(" | %s %s %s %s line %d", it.Source.DocID, it.Source.Table, it.Source.Row, it.Source.Column, it.Source.Line)
			}
			fmt.Fprintf(&b, "item: %s %s%s [%s %d]%s\n", it.Name, it.Value, it.Unit, it.Department, it.Year, src)
		}
		if resp.Interpretation != "" {
			fmt.Fprintf(&b, "understood: %s\n", resp.Interpretation)
		}
		if resp.Arithmetic != "" {
			fmt.Fprintf(&b, "arithmetic: %s\n", resp.Arithmetic)
		}
		for _, n := range resp.Notes {
			fmt.Fprintf(&b, "note: %s\n", n)
		}
		b.WriteString("\n")
		answeredWanted := c[0] != "unknown"
		if resp.Answered != answeredWanted {
			t.Errorf("%q: answered %v, want %v: %s", c[3], resp.Answered, answeredWanted, resp.Answer.Text)
		}
		if answeredWanted && resp.Intent != c[0] {
			t.Errorf("%q: intent %s, want %s", c[3], resp.Intent, c[0])
		}
	}
	compareGolden(t, filepath.Join("testdata", "across", "across.golden"), b.String())
}

// TestAcrossConversation: follow-ups of a question over departments keep
// the set (another item, another year, their total) or narrow it to one
// department.
func TestAcrossConversation(t *testing.T) {
	e := regionEngine(t)
	turns := []struct{ question, query string }{
		{"西湖区2025年哪个部门三公经费最多", "rank figure_year:2025 item:三公经费 order:max across:true region:西湖区"},
		{"那基本支出呢？", "rank figure_year:2025 item:基本支出 order:max across:true region:西湖区 followup:true"},
		{"那2024年呢？", "rank figure_year:2024 item:基本支出 order:max across:true region:西湖区 followup:true"},
		{"加起来多少", "sum figure_year:2024 item:基本支出 across:true region:西湖区 followup:true"},
		{"司法局呢", "amount figure_year:2024 dept:杭州市西湖区司法局 item:基本支出 followup:true"},
		{"那明年呢", "amount figure_year:2025 dept:杭州市西湖区司法局 item:基本支出 followup:true"},
	}
	turns = append(turns, []struct{ question, query string }{
		// A 决算 for the year before a 预算: the 预算's own statement of
		// that year first; the 决算 when asked for.
		{"西湖区财政局2025年三公经费多少", "amount figure_year:2025 dept:杭州市西湖区财政局 item:三公经费"},
		{"那去年呢", "amount figure_year:2024 dept:杭州市西湖区财政局 item:三公经费 followup:true"},
		{"决算数呢", "amount dept:杭州市西湖区财政局 kind:部门决算 item:三公经费 followup:true"},
	}...)
	for _, tt := range turns {
		resp := e.Ask(Request{Question: tt.question, SessionID: "s"})
		if resp.Query != tt.query || !resp.Answered {
			t.Errorf("%q: query %s (answered %v: %s), want %s", tt.question, resp.Query, resp.Answered, resp.Answer.Text, tt.query)
		}
	}
}

// TestRegionConversations: follow-ups over documents the development set
// does not have, with the department given by the request or the question.
func TestRegionConversations(t *testing.T) {
	e := regionEngine(t)
	turns := []struct {
		session, dept, question, value string
	}{
		// The request's department: the 决算 asked about stays in focus.
		{"a", "杭州市西湖区财政局", "一般公共预算财政拨款支出决算是多少", "2940.05"},
		{"a", "杭州市西湖区财政局", "当初年初预算安排了多少", "2993.92"},
		{"a", "杭州市西湖区财政局", "执行率多少", "98.2"},
		// 公务用车 after a money figure is money, not the number of cars.
		{"b", "", "西湖区司法局2025年会议费安排了多少", "6000"},
		{"b", "", "公务用车那块呢", "11.98"},
		{"b", "", "有几辆车", "3"},
	}
	for _, tt := range turns {
		resp := e.Ask(Request{Question: tt.question, Department: tt.dept, SessionID: tt.session})
		if got := resp.Answer.Value.String(); !resp.Answered || !sameValue(got, tt.value) {
			t.Errorf("%s %q: %s (%s), want %s", tt.session, tt.question, got, resp.Answer.Text, tt.value)
		}
	}
}
