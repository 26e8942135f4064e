package corpus

import (
	"slices"
	"testing"
)

func TestCleanOrganName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2017年度江苏省人大常委会办公厅部门预算公开", "江苏省人大常委会办公厅"},
		{"江苏省人大常委会办公厅2018年度部门预算公开", "江苏省人大常委会办公厅"},
		{"江苏省人大常委会办公厅2018年度部门", "江苏省人大常委会办公厅"},
		{"第二部分 上海市普陀区财政局2025年部门预算表", "上海市普陀区财政局"},
		{"上海市普陀区司法局 2026 年度部门预算情况说明", "上海市普陀区司法局"},
		{"- 1 -", ""},
		{"2023年度", ""},
		{"目录", ""},
		{"部门概况", ""},
		{"上海市普陀区人民政府万里街道办事处", "上海市普陀区人民政府万里街道办事处"},
		{"单位：万元", ""},
		{"收入预算总表长沙市天心区住房和城乡建设局", "长沙市天心区住房和城乡建设局"},
		{"2022年长沙市天心区住房和城乡建设局部门预算（合成数据）", "长沙市天心区住房和城乡建设局"},
	}
	for _, tt := range tests {
		if got := CleanOrganName(tt.in); got != tt.want {
			t.Errorf("CleanOrganName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCanonicalDepartment(t *testing.T) {
	same := [][]string{
		{"中国共产党江苏省委员会宣传部", "中共江苏省委宣传部", "江苏省委宣传部"},
		{"上海市普陀区财政局", "普陀区财政局"},
		{"江苏省人大常委会办公厅", "江苏省人民代表大会常务委员会办公厅", "江苏省人大办公厅"},
		{"江苏省高级人民法院", "江苏省高院"},
		{"上海市普陀区人民检察院", "普陀区检察院"},
		{"中国人民政治协商会议上海市普陀区委员会办公室", "上海市普陀区政协办公室", "普陀区政协办公室"},
		{"上海市普陀区人民政府万里街道办事处", "普陀区万里街道"},
	}
	for _, group := range same {
		want := CanonicalDepartment(group[0])
		for _, n := range group[1:] {
			if got := CanonicalDepartment(n); got != want {
				t.Errorf("CanonicalDepartment(%q) = %q, want %q (as %q)", n, got, want, group[0])
			}
		}
	}
	different := [][2]string{
		{"江苏省财政厅", "浙江省财政厅"},
		{"上海市普陀区财政局", "上海市普陀区司法局"},
		{"上海市普陀区财政局", "上海市静安区财政局"},
	}
	for _, p := range different {
		if CanonicalDepartment(p[0]) == CanonicalDepartment(p[1]) {
			t.Errorf("%q and %q share the key %q", p[0], p[1], CanonicalDepartment(p[0]))
		}
	}
}

func TestDepartmentAliases(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{"江苏省人大常委会办公厅", []string{"江苏省人大常委会办公厅", "江苏人大", "省人大", "江苏人大常委会", "省人大办公厅", "人大常委会办公厅"}},
		{"深圳市龙岗区信访局", []string{"龙岗区信访局", "龙岗信访局", "区信访局", "信访局", "深圳信访局"}},
		{"上海市普陀区司法局", []string{"普陀区司法局", "普陀司法局", "司法局"}},
		{"江苏省高级人民法院", []string{"江苏高院", "江苏省高院", "高院"}},
		{"中共江苏省委宣传部", []string{"江苏省委宣传部", "省委宣传部"}},
		{"上海市普陀区人民政府办公室", []string{"普陀区政府办公室", "普陀区政府", "区政府办"}},
		{"上海市普陀区人民政府万里街道办事处", []string{"万里街道", "普陀区万里街道"}},
	}
	for _, tt := range tests {
		got := DepartmentAliases(tt.name)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("DepartmentAliases(%q) lacks %q: %q", tt.name, w, got)
			}
		}
		if got[0] != tt.name {
			t.Errorf("DepartmentAliases(%q)[0] = %q, want the name itself", tt.name, got[0])
		}
	}
}

func TestDepartmentMatches(t *testing.T) {
	tests := []struct {
		name, query string
		want        bool
	}{
		{"深圳市龙岗区信访局", "", true},
		{"深圳市龙岗区信访局", "龙岗区信访局", true},
		{"深圳市龙岗区信访局", "龙岗信访局", true},
		{"上海市普陀区司法局", "普陀", true},
		{"上海市普陀区司法局", "上海普陀司法局", true},
		{"江苏省人大常委会办公厅", "江苏人大", true},
		{"江苏省人大常委会办公厅", "省人大办公厅", true},
		{"江苏省人大办公厅", "江苏省人大常委会办公厅", true},
		{"中共江苏省委宣传部", "中国共产党江苏省委员会宣传部", true},
		{"上海市普陀区司法局", "教育局", false},
		{"上海市普陀区司法局", "静安区司法局", false},
	}
	for _, tt := range tests {
		if got := DepartmentMatches(tt.name, tt.query); got != tt.want {
			t.Errorf("DepartmentMatches(%q, %q) = %v, want %v", tt.name, tt.query, got, tt.want)
		}
	}
}

func TestDepartmentRegions(t *testing.T) {
	for name, want := range map[string][]string{
		"上海市普陀区财政局":         {"上海市", "上海", "普陀区", "普陀", "上海市普陀区", "上海普陀"},
		"上海市普陀区人民政府万里街道办事处": {"上海市", "上海", "普陀区", "普陀", "上海市普陀区", "上海普陀"},
		"江苏省人大常委会办公厅":       {"江苏省", "江苏"},
		"深圳市龙岗区信访局":         {"深圳市", "深圳", "龙岗区", "龙岗", "深圳市龙岗区", "深圳龙岗"},
		"中共杭州市西湖区委组织部":      {"杭州市", "杭州", "西湖区", "西湖", "杭州市西湖区", "杭州西湖"},
		"信访局":               nil,
	} {
		if got := DepartmentRegions(name); !slices.Equal(got, want) {
			t.Errorf("DepartmentRegions(%q) = %q, want %q", name, got, want)
		}
	}
	if !slices.Contains(DepartmentAliases("上海市普陀区人民政府办公室"), "区府办") {
		t.Errorf("区府办 is not an alias of 上海市普陀区人民政府办公室: %q", DepartmentAliases("上海市普陀区人民政府办公室"))
	}
}
