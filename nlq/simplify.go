package nlq

import "strings"

// columnWords are the words that name a column of a table, and the
// meaning they stand for; in "办公费的项目支出" they qualify the item.
var columnWords = []struct{ word, measure string }{
	{"年初预算数", "年初预算数"}, {"年初预算", "年初预算数"}, {"调整预算数", "调整预算数"},
	{"决算数", "决算数"}, {"预算数", "预算数"},
	{"基本支出", "基本支出"}, {"项目支出", "项目支出"}, {"政府采购", "政府采购"},
	{"人员经费", "人员经费"}, {"公用经费", "公用经费"},
}

// Simplify normalises a parsed query: a column word that qualifies an item
// becomes the query's Measure ("办公费的项目支出" → item 办公费, measure
// 项目支出; "基本支出里的办公费" the same), and the request's scope fills
// what the question left out.
func Simplify(q Query, s Scope) Query {
	if q.Dept == "" {
		q.Dept = s.Dept
	}
	if q.Year == 0 {
		q.Year = s.Year
	}
	if q.Item() != "" && q.Measure == "" {
		item, measure := splitMeasure(q.Item())
		q.Measure = measure
		q.SetItem(item)
	}
	if q.Intent == IntentChange && q.Unit == "" && q.Pct {
		q.Unit = "%"
	}
	return q
}

// splitMeasure separates a column word from the item it qualifies.
func splitMeasure(item string) (string, string) {
	for _, c := range columnWords {
		if item == c.word {
			return item, ""
		}
	}
	for _, c := range columnWords {
		w := c.word
		for _, sep := range []string{"里面的", "里的", "中的", "里面", "里", "中", "之中", "当中"} {
			if strings.HasPrefix(item, w+sep) && len(item) > len(w+sep) {
				if c.measure == "政府采购" {
					return strings.TrimPrefix(item, w+sep), "" // "政府采购里服务类采购"
				}
				return strings.TrimPrefix(item, w+sep), c.measure
			}
		}
		if strings.HasSuffix(item, w) && len(item) > len(w) {
			rest := strings.TrimSuffix(strings.TrimSuffix(item, w), "的")
			// "一般公共预算财政拨款支出年初预算": the item, then the column.
			if len([]rune(rest)) >= 2 && !strings.HasSuffix(rest, "部门") {
				return rest, c.measure
			}
		}
	}
	return item, ""
}
