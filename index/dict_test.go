package index

import (
	"slices"
	"strings"
	"testing"
)

func TestCleanTerm(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"plain", "信访稳定备用金", "信访稳定备用金"},
		{"chinese numbering", "一、信访事务", "信访事务"},
		{"bracketed numbering", "（一）基本支出", "基本支出"},
		{"ascii bracketed", "(2) 项目支出", "项目支出"},
		{"digit numbering", "1.行政运行", "行政运行"},
		{"nested digits", "1.2、人员经费", "人员经费"},
		{"circled", "①办公费", "办公费"},
		{"part", "第五部分 “三公”经费", "“三公”经费"},
		{"其中", "其中：人员经费", "人员经费"},
		{"code", "2010308 信访事务", "信访事务"},
		{"spaces", " 公 务 接 待 费 ", "公务接待费"},
		{"emphasis and colon", "**名词解释：**", "名词解释"},
		{"keeps parentheses", "因公出国（境）费", "因公出国（境）费"},
		{"keeps leading word", "一般公共预算拨款", "一般公共预算拨款"},
		{"too short", "一、费", ""},
		{"no han", "2023", ""},
		{"sentence", "主要用于信访工作，包括会务费", ""},
		{"too long", strings.Repeat("信访", 9), ""},
		{"target", "信访案件办件质量>98%", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanTerm(tt.in); got != tt.want {
				t.Errorf("cleanTerm(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTerms(t *testing.T) {
	terms := Terms(testDocs())
	if !slices.IsSorted(terms) {
		t.Errorf("Terms not sorted")
	}
	for _, want := range []string{
		"信访稳定备用金", "信访工作", "“三公”经费", "三公经费", "社区矫正", "深圳市龙岗区信访局",
		"深圳市龙岗区信访大厅管理中心", "预算数", "机关运行经费", "公务用车运行维护费", "维稳", "因公出国(境)费",
	} {
		if _, ok := slices.BinarySearch(terms, want); !ok {
			t.Errorf("Terms lacks %q", want)
		}
	}
	for _, bad := range []string{"（一）社区矫正", "信访", ""} {
		if _, ok := slices.BinarySearch(terms, bad); ok {
			t.Errorf("Terms holds %q", bad)
		}
	}
	if !testIndex.HasTerm("信访稳定备用金") || testIndex.HasTerm("信访") {
		t.Errorf("HasTerm(信访稳定备用金), HasTerm(信访) = %v, %v; want true, false",
			testIndex.HasTerm("信访稳定备用金"), testIndex.HasTerm("信访"))
	}
	if !slices.Equal(testIndex.Terms(), terms) {
		t.Errorf("Index.Terms differs from Terms(docs)")
	}
}

func TestAliases(t *testing.T) {
	tests := []struct {
		name    string
		subject string
		want    string
	}{
		{"shorthand", "信访稳定备用金", "维稳备用金"},
		{"quotes", "一般公共预算“三公”经费", "一般公共预算三公经费|公共预算“三公”经费"},
		{"numbering", "（一）社区矫正", "社区矫正"},
		{"none", "行政运行", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(aliases(tt.subject), "|"); got != tt.want {
				t.Errorf("aliases(%q) = %q, want %q", tt.subject, got, tt.want)
			}
		})
	}
}
