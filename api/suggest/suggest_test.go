package suggest

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/nlq"
)

// testDocs returns a 部门预算 with facts, a project and a term, and an empty
// document of another department.
func testDocs() []*corpus.Document {
	fact := func(subject string) corpus.Fact {
		return corpus.Fact{Kind: corpus.FactAmount, Subject: subject, Year: 2023, Value: decimal.RequireFromString("1"), Unit: "万元"}
	}
	d := &corpus.Document{
		ID: "longgang", Department: "深圳市龙岗区信访局", Year: 2023, Kind: corpus.KindBudget,
		Facts:    []corpus.Fact{fact("信访事务"), fact("信访稳定备用金"), fact("“三公”经费"), fact("公务接待费"), fact("公务接待费"), fact("公务接待费")},
		Terms:    []corpus.Term{{Name: "机关运行经费", Definition: "为保障行政单位运行用于购买货物和服务的各项资金。"}},
		Projects: []corpus.Project{{Name: "信访工作", Amount: &corpus.Amount{Value: decimal.RequireFromString("587"), Unit: "万元"}}},
	}
	e := &corpus.Document{ID: "putuo", Department: "上海市普陀区司法局", Year: 2026, Kind: corpus.KindBudget}
	return []*corpus.Document{d, e}
}

func TestComplete(t *testing.T) {
	sg := New(testDocs())
	longgang := sg.byDep["深圳市龙岗区信访局"]
	tests := []struct {
		name string
		q    string
		n    int
		want string // completions as text/kind, joined by " | "
	}{
		{"name begun", "信访稳", 8, "信访稳定备用金是多少/subject | 信访稳定备用金比上年增加多少/subject"},
		{"name begun after a year", "2023年信访", 4, "2023年信访工作是多少/project | 2023年信访工作比上年增加多少/project | 2023年信访事务是多少/subject | 2023年信访事务比上年增加多少/subject"},
		{"term after 什么是", "什么是机关", 8, "什么是机关运行经费/term"},
		{"term alone", "机关运", 8, "什么是机关运行经费/term"},
		{"pattern begun", "信访工作比上", 8, "信访工作比上年增加多少/template"},
		{"pattern begun with 是", "信访工作是", 8, "信访工作是多少/template"},
		{"term pattern", "机关运行经费是什", 8, "机关运行经费是什么/template"},
		{"finished question", "信访工作是多少？", 8, ""},
		{"name contained", "备用金", 8, "信访稳定备用金是多少/subject | 信访稳定备用金比上年增加多少/subject"},
		{"whole term, without its quotes", "三公", 8, "三公经费是多少/subject | 三公经费比上年增加多少/subject"},
		{"never inside a word", "三公务", 8, ""},
		{"after a department's name", "信访局三公", 1, "信访局三公经费是多少/subject"},
		{"quoted as printed", "“三公”经", 1, "“三公”经费是多少/subject"},
		{"nothing known", "火星", 8, ""},
		{"empty", "  ", 8, ""},
		{"limit", "信访", 1, "信访工作是多少/project"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, c := range longgang.complete(tt.q, tt.n) {
				got = append(got, c.Text+"/"+c.Kind)
				if !strings.Contains(c.Text, c.Item) {
					t.Errorf("completion %q does not contain its item %q", c.Text, c.Item)
				}
			}
			if diff := cmp.Diff(tt.want, strings.Join(got, " | ")); diff != "" {
				t.Errorf("complete(%q) (-want +got):\n%s", tt.q, diff)
			}
		})
	}
}

// answerer answers every question but those about a 比例.
type answerer struct{}

func (answerer) Ask(req nlq.Request) nlq.Response {
	return nlq.Response{Answered: !strings.Contains(req.Question, "比例")}
}

func TestSuggestedQuestionsAreAnswered(t *testing.T) {
	docs := testDocs()
	sg := New(docs)
	if got := sg.Questions(nil); got == nil || len(got) != 0 {
		t.Errorf("questions before they are asked = %#v, want []", got)
	}
	sg.FindQuestions(answerer{}, nil)
	want := []string{"部门预算总额是多少", "“三公”经费是多少", "基本支出比上年增加多少", "信访工作是多少", "什么是机关运行经费", "机关运行经费是多少"}
	if diff := cmp.Diff(want, sg.Questions(sg.Departments(docs[:1]))); diff != "" {
		t.Errorf("龙岗 questions (-want +got):\n%s", diff)
	}
	// Without a department, the questions name theirs, in turn.
	all := sg.Questions(nil)
	if len(all) != 6 || all[0] != "深圳市龙岗区信访局部门预算总额是多少" || all[1] != "上海市普陀区司法局部门预算总额是多少" {
		t.Errorf("all questions = %q", all)
	}
}
