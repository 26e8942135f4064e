package nlq

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// This file holds the follow-up rule and the cleaning of item phrases.

// noiseRE matches the question words around an item; edgeNoise the single
// characters that are noise only at an item's ends ("实有" keeps its 有).
var (
	noiseRE   = regexp.MustCompile(`是多少钱?|有多少钱?|多少钱|为多少|是几|有几|多少|几个?|什么|怎么样|怎样|如何|哪个|哪一个|哪一项|哪项|哪一类|哪类|哪些|一共|总共|安排了?|花了|花多少|用了|这块|这部分|这一块|这项|这笔|单独|情况|今天|现在|目前|一年|全年|打算|预计|计划|实际|下设|设了|分别|大概|大约|所有|全部的?`)
	edgeNoise = []string{"是", "有", "为", "的", "了", "呢", "吗", "啊", "呀", "吧", "钱", "金额", "数额", "都", "花", "共", "总", "里面", "里的", "中的", "里", "中", "下面", "按", "拟"}
)

// followUp marks a question that leans on the previous one: "那去年呢？",
// "基本支出呢？", "占比多少？".
func (p *qparser) followUp() {
	q := &p.q
	prev := p.scope.Prev
	if prev == nil {
		return
	}
	raw := strings.TrimRight(strings.TrimSpace(width.Fold.String(p.raw)), "?？!！。. ")
	short := utf8.RuneCountInString(p.text) <= 8
	lead := strings.HasPrefix(p.text, "那") || strings.HasSuffix(raw, "呢")
	if !(short || lead) {
		return
	}
	switch {
	case q.Item == "" || q.Item == "那":
		// "那去年呢？", "比上年增加多少？", "占比多少？"
		q.Item = prev.Item
		q.FollowUp = true
		if q.Intent == IntentAmount && prev.Intent != IntentUnknown && q.FigureYear == 0 {
			q.Intent = prev.Intent
		}
	case isMeasureWord(q.Item) && prev.Item != "" && lead:
		// "基本支出呢？": the previous item in that column.
		q.Measure, q.Item = q.Item, prev.Item
		q.FollowUp = true
	}
	if q.FollowUp {
		if q.Dept == "" {
			q.Dept = prev.Dept
		}
		if q.Measure == "" {
			q.Measure = prev.Measure
		}
	}
}

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
		for _, w := range edgeNoise {
			if strings.HasPrefix(s, w) && len(s) > len(w) {
				s, changed = strings.TrimPrefix(s, w), true
			}
			if strings.HasSuffix(s, w) && len(s) > len(w) {
				s, changed = strings.TrimSuffix(s, w), true
			}
		}
		s = strings.Trim(s, "，,、？?！!。 ")
	}
	for _, w := range edgeNoise {
		if s == w {
			return ""
		}
	}
	if strings.HasSuffix(s, "年初预算") || strings.HasSuffix(s, "调整预算") {
		return s
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
