package corpus

import (
	"strings"
	"testing"
)

// TestCheckKnownErrors runs Check over the bundled documents and looks for
// the real errors they are known to contain, each with both figures.
func TestCheckKnownErrors(t *testing.T) {
	docs, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string][]Finding{}
	for _, d := range docs {
		byID[d.ID] = Check(d)
	}
	tests := []struct {
		name string
		doc  string
		sev  Severity
		want []string // all must appear in one finding's message
	}{
		{"parts of the total", "shenzhen-longgang-xinfangju-2023-yusuan", SevError, []string{"2,494", "1,754"}},
		{"parts of 基本支出", "shenzhen-longgang-xinfangju-2023-yusuan", SevError, []string{"481", "1,221"}},
		{"growth of 办公设备购置", "shenzhen-longgang-xinfangju-2023-yusuan", SevError, []string{"办公设备购置", "144%"}},
		{"impossible growth of 办公用房修缮与维护", "shenzhen-longgang-xinfangju-2023-yusuan", SevError, []string{"办公用房修缮与维护", "357%"}},
		{"project 7 repeats project 6", "shenzhen-longgang-xinfangju-2023-yusuan", SevError, []string{"办公用房修缮与维护", "信息系统运行与维护", "完全相同"}},
		{"表2 missing", "shenzhen-longgang-xinfangju-2023-yusuan", SevWarning, []string{"表2", "收入总表"}},
		{"表4 missing", "shenzhen-longgang-xinfangju-2023-yusuan", SevWarning, []string{"表4", "基本支出总表"}},
		{"表5 missing", "shenzhen-longgang-xinfangju-2023-yusuan", SevWarning, []string{"表5", "项目支出总表"}},
		{"单位预留机动经费 growth", "jiangsu-renda-2018-yusuan", SevError, []string{"单位预留机动经费", "1312.56%", "1212.56%"}},
		{"compared with its own year", "shanghai-putuo-sifaju-2026-yusuan", SevError, []string{"与2026年比较", "2025年"}},
		{"执行数 43269.3", "shanghai-putuo-sifaju-2026-yusuan", SevError, []string{"17.62%", "43,269.3", "3,269.3"}},
		{"text 0.3 against the table", "shanghai-putuo-caizhengju-2024-juesuan", SevError, []string{"0.3万元", "2,961.68"}},
		{"share 71.73%", "shanghai-putuo-caizhengju-2024-juesuan", SevError, []string{"71.73%", "71.65%"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, f := range byID[tt.doc] {
				if f.Severity != tt.sev {
					continue
				}
				all := true
				for _, w := range tt.want {
					if !strings.Contains(f.Message, w) {
						all = false
					}
				}
				if all {
					if len(f.Places) == 0 || f.Places[0].Line == 0 {
						t.Errorf("finding without a place: %s", f)
					}
					return
				}
			}
			t.Errorf("%s: no %s finding with %q; findings:\n%s", tt.doc, tt.sev, tt.want, findingsString(byID[tt.doc]))
		})
	}
}

// TestCheckRounding keeps gaps within the rounding of printed figures out
// of the errors.
func TestCheckRounding(t *testing.T) {
	const doc = "# 2023年测试局部门预算\n\n## 第二部分 部门预算收支总体情况\n\n" +
		"2023年测试局部门预算收入 2,494 万元，比2022年增加 256 万元，增长 11%。\n\n" +
		"政府采购预算共计 251.25 万元，其中：货物采购 4.79 万元、工程采购 0 万元、服务采购 246.47 万元。\n"
	d, err := Parse("rounding.txt", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Check(d) {
		if f.Severity == SevError {
			t.Errorf("rounding reported as an error: %s", f)
		}
	}
}

func findingsString(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.String())
		b.WriteByte('\n')
	}
	return b.String()
}
