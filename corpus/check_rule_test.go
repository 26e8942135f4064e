package corpus

import (
	"strings"
	"testing"
)

// plantTests make one bundled document wrong on purpose, one figure or
// word at a time, and want the rule that catches it to fire on the planted
// document and not on the untouched one. setup, when set, is applied to
// both first (to give a rule something to check at all).
var plantTests = []struct {
	name  string
	doc   string
	setup [2]string // replaced in both, first
	at    string    // the planted change is made after the first occurrence of at
	old   string    // replaced once by new
	new   string
	rule  string
}{
	{"款 not the sum of its 项", juesuan, none, juesuanGPB, "201	06	01	行政运行	1,511.89	1,503.52	8.37", "201	06	01	行政运行	1,521.89	1,513.52	8.37", "table.parent_sum"},
	{"合计 not the sum of the 类", juesuan, none, juesuanGPB, "合计	2,940.05	2,336.91	603.14", "合计	2,940.05	2,336.91	613.14", "table.total_sum"},
	{"小计 not the sum of its section", "jiangsu-renda-2019-yusuan", none, "", "	小计	18,330.37\n一般公共预算资金", "	小计	18,340.37\n一般公共预算资金", "table.subtotal"},
	{"总计 not 本年合计 + 结转", juesuan, none, "", "总计	2,995.39	总计	2,995.39", "总计	2,995.49	总计	2,995.39", "table.grand_total"},
	{"two sides do not balance", juesuan, none, "", "总计	2,995.39	总计	2,995.39", "总计	2,995.39	总计	2,995.49", "table.balance"},
	{"合计 ≠ 基本支出 + 项目支出", sifaju, none, sifajuExpense, "行政运行	16726725.44	16726725.44	0.00", "行政运行	16726725.44	16726725.44	10.00", "table.basic_project"},
	{"合计 ≠ 人员经费 + 公用经费", sifaju, none, "", "合计	25741666.44	23563342.00	2178324.44", "合计	25741666.44	23563342.00	2178524.44", "table.personnel_public"},
	{"合计 ≠ the sources of income", sifaju, none, "", "购房补贴	2433600.00	2433600.00	0.00	0.00	0.00", "购房补贴	2433600.00	2433600.00	0.00	0.00	100.00", "table.income_sources"},
	{"财政拨款 ≠ its three funds", sifaju, none, "", "一、公共安全支出	87,267,272.44	87,267,272.44", "一、公共安全支出	87,267,272.44	87,267,372.44", "table.fund_sources"},
	{"“三公” ≠ its parts", sifaju, none, "", "10.81	0	0.83	9.98	0	9.98	217.83", "10.81	0	0.93	9.98	0	9.98	217.83", "table.sangong"},
	{"合计 ≠ “三公” + 会议费 + 培训费", jiangsu2017, none, "", "2,542.60", "2,552.60", "table.meetings"},
	{"公务用车 ≠ 购置 + 运行", sifaju, none, "", "10.81	0	0.83	9.98	0	9.98	217.83", "10.81	0	0.83	9.98	0	9.88	217.83", "table.car"},
	{"an empty table without a note", jiangsu2017, none, "", "	(无政府性基金支出）\n", "", "table.empty_note"},
	{"a 科目 larger in 一般公共预算 than in all funds", sifaju, none, sifajuGPB, "行政运行	16726725.44	16726725.44	0.00", "行政运行	16726735.44	16726735.44	0.00", "cross.same_code"},
	{"收入总表 ≠ 收支总表", sifaju, none, "", "合计	96282213.44	96282213.44	0.00	0.00	0.00", "合计	96292213.44	96282213.44	0.00	0.00	0.00", "cross.summary_income"},
	{"支出总表 ≠ 收支总表", sifaju, none, sifajuExpense, "合计	96282213.44	25741666.44	70540547.00", "合计	96292213.44	25741666.44	70540547.00", "cross.summary_expense"},
	{"财政拨款收支总表 ≠ 一般公共预算表", sifaju, none, "", "一、公共安全支出	87,267,272.44	87,267,272.44", "一、公共安全支出	87,267,372.44	87,267,372.44", "cross.fiscal_gpb"},
	{"基本支出 ≠ 基本支出表", juesuan, none, "", "公用经费合计	184.65", "公用经费合计	194.65", "cross.gpb_basic"},
	{"人员经费 ≠ 301 + 303", sifaju, none, "", "合计	25741666.44	23563342.00	2178324.44", "合计	25741666.44	23573342.00	2168324.44", "cross.personnel"},
	{"text figure ≠ table", juesuan, none, "", "本年收入合计2946.25万元", "本年收入合计2956.25万元", "text.vs_table"},
	{"a growth rate the figures do not give", juesuan, none, "", "下降1.87%", "下降2.87%", "text.growth"},
	{"an item's heading ≠ its 预算安排", sifaju, none, "", "行政运行（01项）1672.67万元", "行政运行（01项）1673.67万元", "text.item_amount"},
	{"a change the figures do not give", sifaju, [2]string{"比2025年预算执行数增加0.97%", "比2025年预算执行数增加20.94万元"}, "", "增加20.94万元", "增加30.94万元", "text.change"},
	{"增加 where the figures fell", sifaju, none, "", "比2025年预算执行数减少1.07%", "比2025年预算执行数增加1.07%", "text.direction"},
	{"决算数大于预算数 where it is less", juesuan, none, "", "决算数小于预算数的主要原因：人员进出", "决算数大于预算数的主要原因：人员进出", "text.direction"},
	{"a completion rate the figures do not give", juesuan, none, "", "的98.20%", "的97.20%", "text.completion"},
	{"a share the figures do not give", juesuan, none, "", "收入6.2万元，占0.21%", "收入6.2万元，占0.31%", "text.share"},
	{"parts that do not add up", juesuan, none, "", "货物采购金额4.79万元", "货物采购金额5.79万元", "text.parts"},
	{"人员 + 公用 ≠ 基本支出", juesuan, none, "", "人员经费2152.26万元", "人员经费2162.26万元", "text.basic_parts"},
	{"“三公” ≠ its parts in the text", sifaju, none, "", "（三）公务接待费0.83万元", "（三）公务接待费0.93万元", "text.sangong_parts"},
	{"a change and reason copied", longgang, none, "", "较 2022 年预算增加 221 万元，增长 60%，主要原因是劝返工作强度大，频率高，增加了劝返工作经费以及扩增了社工服务采购", "较 2022 年预算增加 93 万元，增长 357%，主要原因是今年新增购买群众诉求服务智慧指挥系统 89 万元", "text.repeat"},
	{"a figure for an empty table", sifaju, none, "", "政府性基金拨款支出预算0万元", "政府性基金拨款支出预算5万元", "text.empty_table"},
	{"the text says none, the table has figures", juesuan, none, "\n国有资本经营预算财政拨款收入支出决算表\n", "		合计\n", "		合计	5.00			5.00		5.00\n", "text.empty_table"},
	{"a table the contents list is missing", juesuan, none, "", "\n国有资本经营预算财政拨款收入支出决算表\n", "\n国有资本经营预算财政拨款收支情况\n", "doc.missing_table"},
	{"a table titled with another year", sifaju, none, "", "2026年部门收入预算总表\n编制部门", "2025年部门收入预算总表\n编制部门", "doc.year"},
	{"a column headed with a later year", longgang, none, "", "项 目	2023 年预算数	项 目	2023 年预算数", "项 目	2024 年预算数	项 目	2023 年预算数", "doc.year"},
	{"a 决算 compared with its own year", juesuan, none, "", "与2023年度相比，收入", "与2024年度相比，收入", "doc.self_compare"},
	{"assets counted at the wrong year", juesuan, none, "", "截至2024年12月31日", "截至2023年12月31日", "doc.as_of"},
	{"a placeholder left in", juesuan, none, "", "上海市普陀区财政局2024年度政府采购金额", "上海市普陀区XX局2024年度政府采购金额", "doc.placeholder"},
	{"another department in a heading", juesuan, none, "", "第一部分 上海市普陀区财政局概况", "第一部分 上海市普陀区民政局概况", "doc.department"},
	{"a doubled full stop", juesuan, none, "", "决算数与预算数基本持平。\n3、", "决算数与预算数基本持平。。\n3、", "text.punctuation"},
	{"a reason announced and not given", juesuan, none, "", "决算数小于预算数的主要原因：因年度工作计划安排，个别信", "决算数小于预算数的主要原因。个别信", "text.empty_reason"},
}

// Markers of the tables the planted changes are made in.
const (
	juesuanGPB    = "\n一般公共预算财政拨款支出决算表\n"
	sifajuExpense = "\n2026年部门支出预算总表\n"
	sifajuGPB     = "\n2026年部门一般公共预算支出功能分类预算表\n"
)

var none [2]string

const (
	juesuan     = "shanghai-putuo-caizhengju-2024-juesuan"
	sifaju      = "shanghai-putuo-sifaju-2026-yusuan"
	jiangsu2017 = "jiangsu-renda-2017-yusuan"
	longgang    = "shenzhen-longgang-xinfangju-2023-yusuan"
)

func TestCheckPlanted(t *testing.T) {
	texts := BundledText()
	covered := map[string]bool{}
	for _, tt := range plantTests {
		covered[tt.rule] = true
		t.Run(tt.name, func(t *testing.T) {
			base := string(texts[tt.doc+".txt"])
			if base == "" {
				t.Fatalf("no bundled document %s", tt.doc)
			}
			if tt.setup[0] != "" {
				base = replaceOnce(t, base, tt.setup[0], tt.setup[1])
			}
			i := strings.Index(base, tt.at)
			if i < 0 {
				t.Fatalf("no %q in %s", tt.at, tt.doc)
			}
			planted := base[:i] + replaceOnce(t, base[i:], tt.old, tt.new)
			before := findingsOf(t, tt.doc+".txt", base, tt.rule)
			after := findingsOf(t, tt.doc+".txt", planted, tt.rule)
			if len(before) > 0 && !knownReal[tt.doc+" "+tt.rule] {
				t.Errorf("untouched document: %s", findingsString(before))
			}
			if len(after) <= len(before) {
				t.Errorf("planted document: no new %s finding; findings:\n%s", tt.rule, findingsString(after))
			}
			for _, f := range after {
				if len(f.Places) == 0 || f.Places[0].Line == 0 {
					t.Errorf("finding without a place: %s", f)
				}
			}
		})
	}
	for _, r := range Rules() {
		if !covered[r.ID] && r.ID != "table.column_sum" {
			t.Errorf("rule %s has no planted test", r.ID)
		}
	}
}

// knownReal lists the rules whose findings on an untouched bundled
// document are the document's own real errors.
var knownReal = map[string]bool{
	longgang + " text.repeat":    true, // projects 6 and 7: the same change and reason
	juesuan + " text.vs_table":   true, // 财政拨款收入支出总计 0.3万元, 表4 2,961.68万元
	juesuan + " text.share":      true, // 一般公共服务支出 71.73%, the figures give 71.65%
	sifaju + " text.item_amount": true, // 住房公积金 208.8万元, 预算安排 201.50万元
}

// replaceOnce replaces the first occurrence of old, which must be there.
func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("no %q", old)
	}
	return strings.Replace(s, old, new, 1)
}

// findingsOf parses text and returns its findings of the rule that are
// not rounding.
func findingsOf(t *testing.T, name, text, rule string) []Finding {
	t.Helper()
	d, err := Parse(name, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	var out []Finding
	for _, f := range Check(d) {
		if f.Rule == rule && f.Severity != SevRounding {
			out = append(out, f)
		}
	}
	return out
}

// TestCheckRoundingBand keeps a gap of one 万元 in a table printed to 1万元 within the
// rounding of the figures summed: listed as 尾数差异, never as an error.
func TestCheckRoundingBand(t *testing.T) {
	text := string(BundledText()[longgang+".txt"])
	planted := replaceOnce(t, text, "	2010350	事业运行	105	105	0	0	0	0", "	2010350	事业运行	106	106	0	0	0	0")
	d, err := Parse("rounding.txt", []byte(planted))
	if err != nil {
		t.Fatal(err)
	}
	rounding := 0
	for _, f := range Check(d) {
		if f.Rule != "table.parent_sum" {
			continue
		}
		if f.Severity != SevRounding {
			t.Errorf("a gap of 1万元 among figures printed to 1万元: %s", f)
		}
		if f.Figures == nil || f.Figures.Band.IsZero() || f.Figures.Diff().Abs().GreaterThan(f.Figures.Band) {
			t.Errorf("rounding finding without its band: %+v", f.Figures)
		}
		rounding++
	}
	if rounding == 0 {
		t.Error("no 尾数差异 for a gap of 1万元")
	}
}
