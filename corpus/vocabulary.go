package corpus

import "strings"

// This file is the one home of the budget words the packages share: the
// words of a total row or column. Column meanings are the Meaning*
// constants (table_columns.go); department names and their aliases are in
// department.go.

// TotalWords are the words that make a row or column a total.
var TotalWords = []string{"合计", "总计", "小计"}

// IsTotalName reports whether a row's name names a total: 合计, 总计 or
// 小计 alone, or ending a name (本年支出合计, 收入总计, 当年支出小计); a
// group's subtotal such as 一般公共预算资金小计 is not the table's total.
func IsTotalName(s string) bool { return isTotalName(s) }

// IsGenericTotal reports whether s is a bare total word: 合计, 总计 or 小计.
func IsGenericTotal(s string) bool {
	for _, w := range TotalWords {
		if s == w {
			return true
		}
	}
	return false
}

// MentionsTotal reports whether s holds a total word anywhere (a column
// label such as 公务用车购置及运行费小计).
func MentionsTotal(s string) bool {
	for _, w := range TotalWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
