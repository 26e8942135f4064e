package wechat

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/budgetqa/budgetqa/nlq"
	"github.com/shopspring/decimal"
)

func TestReplyText(t *testing.T) {
	tests := []struct {
		name string
		resp nlq.Response
		want string
	}{
		{"not answered: three suggestions", nlq.Response{
			Answer:      nlq.AnswerBody{Text: "抱歉，没有找到。"},
			Suggestions: []string{"部门预算总额是多少", "“三公”经费是多少", "项目支出占总支出的比例", "第四个"},
		}, "抱歉，没有找到。\n可以试试：部门预算总额是多少；“三公”经费是多少；项目支出占总支出的比例"},
		{"items and arithmetic", nlq.Response{Answered: true, Answer: nlq.AnswerBody{Text: "前三项：", Items: []nlq.Item{{Name: "甲", Value: nlq.NewFigure(decimal.NewFromInt(1)), Unit: "万元"}}}, Arithmetic: "1 + 2 = 3"},
			"前三项：\n· 甲 1万元\n计算：1 + 2 = 3"},
		{"sources by line and by page", nlq.Response{Answered: true, Answer: nlq.AnswerBody{Text: "500万元。"}, Interpretation: "信访稳定备用金",
			Sources: []nlq.SourceRef{{Document: "龙岗", Table: "表3", Row: "信访事务", Column: "合计", Line: 516}, {Document: "普陀", Page: 30}, {Document: "第三个"}}},
			"500万元。\n理解为：信访稳定备用金\n来源：龙岗 · 表3 · 信访事务 · 合计（第516行）\n来源：普陀（第30页）"},
		{"asks back: the options one a line, numbered", nlq.Response{
			Answer:  nlq.AnswerBody{Text: "有2个部门的文件有“办公费”，您问的是哪个部门？1. 甲局；2. 乙局（回复序号或部门名称即可）"},
			Clarify: clarify("您问的是哪个部门？", "甲局", "乙局"),
		}, "有2个部门的文件有“办公费”，您问的是哪个部门？\n1. 甲局\n2. 乙局\n回复数字即可选择。"},
		{"asks back, the question not in the text", nlq.Response{
			Answer:  nlq.AnswerBody{Text: "请说明部门。"},
			Clarify: clarify("您问的是哪个部门？", "甲局"),
		}, "您问的是哪个部门？\n1. 甲局\n回复数字即可选择。"},
	}
	for _, tt := range tests {
		if got := ReplyText(tt.resp); got != tt.want {
			t.Errorf("%s: ReplyText = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// clarify asks question with an option per department.
func clarify(question string, depts ...string) *nlq.Clarify {
	c := &nlq.Clarify{Missing: "department", Question: question}
	for _, d := range depts {
		c.Options = append(c.Options, nlq.Option{Label: d, Department: d, Question: d + "办公费多少"})
	}
	return c
}

// TestReplyTextClarifyFits: options too long for one reply are left off
// from the end; the numbers shown and the hint stay.
func TestReplyTextClarifyFits(t *testing.T) {
	var depts []string
	for i := range 8 {
		depts = append(depts, fmt.Sprintf("%d%s", i+1, strings.Repeat("很长的部门名称", 20)))
	}
	got := ReplyText(nlq.Response{Answer: nlq.AnswerBody{Text: "您问的是哪个部门？"}, Clarify: clarify("您问的是哪个部门？", depts...)})
	lines := strings.Split(got, "\n")
	if len(got) > maxReplyBytes || len(lines) < 3 || lines[len(lines)-1] != replyChoose {
		t.Fatalf("%d bytes, %d lines, last %q: want at most %d bytes ending with the hint", len(got), len(lines), lines[len(lines)-1], maxReplyBytes)
	}
	for i, l := range lines[1 : len(lines)-1] {
		if want := fmt.Sprintf("%d. %s", i+1, depts[i]); l != want {
			t.Errorf("line %d = %q, want %q", i+1, l, want)
		}
	}
}

func TestTruncateBytes(t *testing.T) {
	s := strings.Repeat("预算", 1000)
	got := truncateBytes(s, maxReplyBytes)
	if len(got) > maxReplyBytes || !utf8.ValidString(got) || !strings.HasSuffix(got, "…") {
		t.Errorf("truncateBytes: %d bytes, valid %v", len(got), utf8.ValidString(got))
	}
	if truncateBytes("短", 10) != "短" {
		t.Error("short text changed")
	}
}

func TestIsGreeting(t *testing.T) {
	for q, want := range map[string]bool{"你好": true, "你好！": true, "HI": true, " hello ": true, "在吗？": true, "你好，办公费多少": false, "办公费": false, "!": false} {
		if got := isGreeting(q); got != want {
			t.Errorf("isGreeting(%q) = %v, want %v", q, got, want)
		}
	}
}
