package corpus

import "testing"

func TestIsProjectName(t *testing.T) {
	for name, want := range map[string]bool{
		"信访工作":            true,
		"信息系统运行与维护":       true,
		"法律顾问服务":          true,
		"编报绩效目标的":         false,
		"绩效评级为“良”的":       false,
		"预留给小型和微型企业的政府采购": false,
		"面向中小企业预留政府采购":    false,
		"":                false,
	} {
		if got := isProjectName(name); got != want {
			t.Errorf("isProjectName(%q) = %v, want %v", name, got, want)
		}
	}
}
