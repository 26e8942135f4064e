package nlq

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// This file holds the cleaning of item phrases.

// noiseRE matches the question words around an item; edgeNoise the single
// characters that are noise only at an item's ends ("实有" keeps its 有).
var (
	noiseRE   = regexp.MustCompile(`每年各|每年|各年|各是|各自|这两个|这两项|两个|两项|两者|二者|它们|那块|那一块|那部分|换成|换为|改成|是多少钱?|有多少钱?|多少钱|为多少|是几|有几|多少|几个?|什么|怎么样|怎样|如何|哪个|哪一个|哪一项|哪项|哪一类|哪类|哪些|一共|总共|安排了?|花了|花多少|用了|这块|这部分|这一块|这项|这笔|单独|情况|今天|现在|目前|一年|全年|打算|预计|计划|实际|下设|设了|分别|大概|大约|所有|全部的?|怎么变的?|怎样变化的?|如何变化|变化趋势|变化情况|趋势|走势|谁的|谁`)
	edgeNoise = []string{"是", "有", "为", "的", "了", "呢", "吗", "啊", "呀", "吧", "钱", "金额", "数额", "都", "花", "共", "总", "里面", "里的", "中的", "里", "中", "下面", "按", "拟"}
)

func isMeasureWord(s string) bool {
	switch s {
	case "基本支出", "项目支出", "政府采购", "预算数", "决算数", "年初预算", "年初预算数":
		return true
	}
	return false
}

func firstField(s string) string {
	for _, f := range strings.Fields(s) {
		if c := cleanItem(f); c != "" {
			return f
		}
	}
	return strings.TrimSpace(s)
}

// cleanItem strips question words from an item phrase.
func cleanItem(s string) string {
	s = noiseRE.ReplaceAllString(s, " ")
	s = strings.Join(strings.Fields(s), "")
	for changed := true; changed; {
		changed = false
		// An edge is noise only if a word is left: 总计 keeps its 总.
		for _, w := range edgeNoise {
			if t := strings.TrimPrefix(s, w); t != s && utf8.RuneCountInString(t) >= 2 {
				s, changed = t, true
			}
			if t := strings.TrimSuffix(s, w); t != s && utf8.RuneCountInString(t) >= 2 {
				s, changed = t, true
			}
		}
		s = strings.Trim(s, "，,、？?！!。 ")
	}
	for _, w := range edgeNoise {
		if s == w {
			return ""
		}
	}
	// "部门预算收入总计": the document's 收入总计.
	for _, w := range []string{"部门预算", "部门决算", "单位预算", "单位决算"} {
		if t := strings.TrimPrefix(s, w); t != s && utf8.RuneCountInString(t) >= 4 {
			s = t
			break
		}
	}
	// 年初预算 and 调整预算 are kinds of figure, not a 预算 to strip.
	for _, w := range []string{"年初预算", "调整预算"} {
		if strings.HasSuffix(s, w) || strings.HasSuffix(s, w+"数") {
			return strings.TrimSuffix(s, "数")
		}
	}
	for _, w := range []string{"预算数", "决算数", "预算", "决算", "总额", "总数"} {
		if strings.HasSuffix(s, w) && len(s) > len(w) && !strings.HasSuffix(s, "部门"+w) {
			s = strings.TrimSuffix(s, w)
			break
		}
	}
	return strings.Trim(s, "，,、的 ")
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			break
		}
		n = n*10 + int(r-'0')
	}
	return n
}
