package corpus

import (
	"strings"
	"testing"
)

// TestParseLargeInputs parses inputs shaped to trip quadratic work (one
// sentence with thousands of figures, a line with no breaks, thousands of
// rows or list items). They must be read, each in time linear in its size;
// a quadratic regression shows up as this test timing out.
func TestParseLargeInputs(t *testing.T) {
	tests := []struct{ name, doc string }{
		{"one long sentence of figures", "2023年测试局部门预算\n" + strings.Repeat("1万元", 20000)},
		{"one long line of clauses", "2023年测试局部门预算\n" + strings.Repeat("测试局支出1万元，", 10000)},
		{"many tabs", "2023年测试局部门预算\n表 1\n收支总表\n" + strings.Repeat("\t", 50000) + "1\n"},
		{"many rows", "2023年测试局部门预算\n表 1\n收支总表\n" + strings.Repeat("201\t一般公共服务支出\t10\t5\t5\n", 5000)},
		{"many list items", "2023年测试局部门预算\n本部门包括：\n" + strings.Repeat("1.测试科\n", 20000)},
		{"many brackets", "2023年测试局部门预算\n" + strings.Repeat("（", 20000) + "1万元"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse("large.txt", []byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			_ = Check(d)
		})
	}
}
