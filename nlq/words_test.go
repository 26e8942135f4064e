package nlq

import (
	"regexp"
	"testing"
)

// TestWordTest checks wordTest against the patterns' own MatchString on the
// golden questions and every part of them.
func TestWordTest(t *testing.T) {
	patterns := []*regexp.Regexp{
		offTopicRE, rankMaxRE, rankMinRE, spendingRE, spendWordRE, reasonRE, changeRE, finalVsBudgetRE,
		itemLevelRE, sectionLevelRE, classLevelRE, pctRE, downRE, sumRE, targetRE, incomeSourceRE, listRE,
		compareRE, topNBigRE, compareMaxRE, compareMinRE, withinRE, peopleRE,
		regexp.MustCompile(`a?b?`), regexp.MustCompile(`(?i)ab`), regexp.MustCompile(`[^a]`), regexp.MustCompile(`\d{2}`),
	}
	var inputs []string
	for _, q := range readQuestions(t) {
		for _, s := range []string{q.question, normalize(q.question)} {
			rs := []rune(s)
			for i := range rs {
				for j := i; j <= len(rs); j++ {
					inputs = append(inputs, string(rs[i:j]))
				}
			}
		}
	}
	inputs = append(inputs, "", "A", "ab", "AB", "12", "决算比预算少", "决算数小于", "+", "“项”级", "项级")
	for _, re := range patterns {
		test := wordTest(re)
		for _, s := range inputs {
			if got, want := test(s), re.MatchString(s); got != want {
				t.Errorf("wordTest(%s)(%q) = %v, want %v", re, s, got, want)
			}
		}
	}
}
