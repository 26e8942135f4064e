package nlq

import (
	"fmt"
	"testing"
	"unicode/utf8"
)

var testScope = Scope{Depts: []string{"深圳市龙岗区信访局", "江苏省人大常委会办公厅", "江苏省高级人民法院", "上海市普陀区财政局"}}

// TestParse checks question → Query on the canonical one-line form.
func TestParse(t *testing.T) {
	tests := []struct {
		name, question, want string
	}{
		{"amount", "信访稳定备用金多少", "amount item:信访稳定备用金"},
		{"fillers and full-width punctuation", "请问，信访稳定备用金是多少呀？？", "amount item:信访稳定备用金"},
		{"traditional", "信訪穩定備用金是多少", "amount item:信访稳定备用金"},
		{"unit asked", "信访稳定备用金是多少元", "amount item:信访稳定备用金 unit:元"},
		{"unit 亿元", "部门预算合多少亿元", "amount item:部门预算 unit:亿元"},
		{"column qualifier", "办公费的项目支出是多少", "amount item:办公费 measure:项目支出"},
		{"column first", "基本支出里的办公费是多少", "amount item:办公费 measure:基本支出"},
		{"code", "2010308信访事务支出", "amount code:2010308 item:信访事务支出"},
		{"chinese year", "二〇二三年三公经费是多少", "amount figure_year:2023 item:三公经费"},
		{"relative year", "去年的三公经费是多少", "amount figure_year:-1 item:三公经费"},
		{"department short form", "信访局的公务接待费", "amount dept:深圳市龙岗区信访局 item:公务接待费"},
		{"department abbreviation", "省人大办公厅的会议费", "amount dept:江苏省人大常委会办公厅 item:会议费"},
		{"department before a definition", "信访局什么是三公经费", "definition dept:深圳市龙岗区信访局 item:三公经费"},
		{"department named twice", "财政局2024年普陀区财政局收入是多少", "amount figure_year:2024 dept:上海市普陀区财政局 item:收入"},
		{"court abbreviation", "江苏高院的培训费", "amount dept:江苏省高级人民法院 item:培训费"},
		{"total word", "总计是多少", "amount item:总计"},
		{"share within", "基本支出中人员经费占比", "share items:人员经费,基本支出 pct:true"},
		{"share of the total", "项目支出占比多少", "share item:项目支出 pct:true"},
		{"amount in the item is no code", "单价100万元以上的设备有几台", "count item:单价100万元以上的设备 unit:台"},
		{"上年结转 is an item", "上年结转是多少", "amount item:上年结转"},
		{"bare measure", "年初预算数是多少", "amount item:年初预算"},
		{"kind", "基本支出决算数", "amount kind:部门决算 item:基本支出"},
		{"change", "三公经费比上年增加多少", "change item:三公经费"},
		{"change down", "住房公积金比上年减少了多少", "change item:住房公积金 down:true"},
		{"growth rate", "部门预算增长率", "change item:部门预算 unit:% pct:true"},
		{"share", "项目支出占总支出的比例", "share items:项目支出,支出 pct:true"},
		{"completion", "财政拨款支出完成了年初预算的百分之几", "share items:财政拨款支出,年初预算 measure:完成率 pct:true"},
		{"sum", "会议费和培训费加起来一共多少", "sum items:会议费,培训费"},
		{"sum over years", "2017至2019年部门预算加起来是多少", "sum years:2017,2018,2019 item:部门预算"},
		{"diff over years", "2019年比2017年基本支出增加多少", "diff years:2019,2017 item:基本支出"},
		{"rank projects", "哪个项目预算最多", "rank order:max among:项目"},
		{"rank min", "预算最少的项目是哪个", "rank order:min among:项目"},
		{"top n", "预算最多的前3个项目", "rank order:max n:3 among:项目"},
		{"rank children", "工资福利支出里面哪一项最多", "rank item:工资福利支出 order:max"},
		{"rank years", "三年里哪一年住房保障支出最多", "rank years:-3 item:住房保障支出 order:max among:年"},
		{"rank by change", "哪项支出增长最快", "rank pct:true order:max by:change"},
		{"rank by change on last year", "哪个项目比上年增加最多", "rank order:max among:项目 by:change"},
		{"rank by fall", "哪项支出减少最多", "rank order:max by:change down:true"},
		{"rank by rate", "哪个项目增幅最小", "rank pct:true order:min among:项目 by:change"},
		{"list", "三公经费包括哪些", "list item:三公经费"},
		{"list noun after", "有哪些项目支出", "list item:项目支出"},
		{"count", "公务用车有几辆", "count item:公务用车 unit:辆"},
		{"count people", "退休人数", "count item:退休人数 unit:人"},
		{"definition", "什么是机关运行经费", "definition item:机关运行经费"},
		{"definition after", "机关运行经费是什么意思", "definition item:机关运行经费"},
		{"reason", "预算为什么增加", "reason item:预算"},
		{"target", "群众信访评价满意率目标", "target item:群众信访评价满意率"},
		{"person", "信访局局长是谁", "unknown"},
		{"weather", "今天天气怎么样", "unknown"},
		{"english", "How much is the budget?", "unknown"},
		{"emoji", "😀😀", "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Parse(tt.question, testScope)
			if err != nil {
				t.Fatal(err)
			}
			if got := q.String(); got != tt.want {
				t.Errorf("Parse(%q)\n got %s\nwant %s", tt.question, got, tt.want)
			}
		})
	}
}

// TestParseFollowUp checks that a short question leans on the previous one.
func TestParseFollowUp(t *testing.T) {
	prev, _ := Parse("信访工作项目预算多少", testScope)
	tests := []struct{ question, want string }{
		{"那去年呢？", "amount figure_year:-1 item:信访工作项目 followup:true"},
		{"基本支出呢？", "amount item:信访工作项目 measure:基本支出 followup:true"},
		{"比上年增加多少？", "change item:信访工作项目 followup:true"},
		{"占比多少？", "share item:信访工作项目 pct:true followup:true"},
	}
	for _, tt := range tests {
		s := testScope
		s.Prev = &prev
		q, _ := Parse(tt.question, s)
		if got := q.String(); got != tt.want {
			t.Errorf("after %q, Parse(%q)\n got %s\nwant %s", "信访工作项目预算多少", tt.question, got, tt.want)
		}
	}
}

func TestParseEmpty(t *testing.T) {
	for _, q := range []string{"", "   ", "\t\n"} {
		if _, err := Parse(q, testScope); err != ErrNoQuestion {
			t.Errorf("Parse(%q): err = %v, want ErrNoQuestion", q, err)
		}
	}
}

// FuzzParse checks that any question parses without a panic into a query
// whose fields are sane.
func FuzzParse(f *testing.F) {
	for _, q := range []string{"信访稳定备用金多少", "2019年比2017年基本支出增加多少", "那去年呢？", "😀", "占比多少", "前十个项目", "二〇二三年"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, question string) {
		prev, _ := Parse("信访工作项目预算多少", testScope)
		s := testScope
		s.Prev = &prev
		q, err := Parse(question, s)
		if err != nil {
			return
		}
		if q.Intent < IntentUnknown || q.Intent > IntentSearch {
			t.Fatalf("bad intent %d", q.Intent)
		}
		if !utf8.ValidString(q.Item()) || len(q.Years) > 200 {
			t.Fatalf("bad query %s", q)
		}
	})
}

func ExampleParse() {
	q, _ := Parse("信访工作项目比去年增加了多少？", Scope{})
	fmt.Println(q)
	q, _ = Parse("2019年比2017年基本支出增加多少", Scope{})
	fmt.Println(q)
	// Output:
	// change item:信访工作项目
	// diff years:2019,2017 item:基本支出
}
