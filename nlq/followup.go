package nlq

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/budgetqa/budgetqa/corpus"

	"golang.org/x/text/width"
)

// A question of a conversation is read on its own first; then what it
// lacks is taken from the turn before, by the kind of follow-up it is.
// The department and the year in focus carry to every question that does
// not name its own; the item, the measure and what is asked carry only
// to a question without an item of its own. The rules, one row each
// (followUpRules below, tested row by row):
//
//	the question names          kind        keeps from the turn before          replaces
//	an item and what it asks    new         department, year                    item, measure, intent
//	it, this (它, 这项)          pronoun     department, year, the figure's item  intent
//	a measure only (基本支出呢)   measure     department, year, item              measure
//	a unit only (用元表示)        unit        department, year, item, measure, intent   unit
//	a year only (去年的呢)        year        department, item, measure, intent   year, relative to the figure before
//	a department only (司法局呢)   department  item, measure, intent               department; the year is the new one's latest
//	a change only (降了多少)      change      department, item                    intent (the two figures before, or on last year)
//	a sum only (两个加起来)        sum         the figures before                  intent
//	a share only (执行率多少)       share       department, year, item              intent
//
// Changing the department drops the year: another department's documents
// may be of other years, and its newest is meant.
//
// After a question over a set of departments ("普陀区2025年哪个部门三公经费
// 最多"), the set carries: a measure or item only (基本支出呢) asks the set
// again by it, a year only the set in that year, a sum only (加起来多少) the
// set's total; a department only (万里街道呢) asks that one's figure in the
// set's year.

// followUpKind names the rows of the table above.
type followUpKind int

const (
	notFollowUp followUpKind = iota
	fuNew
	fuPronoun
	fuMeasure
	fuUnit
	fuYear
	fuDept
	fuChange
	fuSum
	fuShare
)

var followUpNames = [...]string{"", "new", "pronoun", "measure", "unit", "year", "department", "change", "sum", "share"}

func (k followUpKind) String() string { return followUpNames[k] }

var (
	// pronounRE matches the words that stand for the item answered
	// before: 它, 这项, 该项.
	pronounRE = regexp.MustCompile(`^(?:它|它的|其|这项|该项|这一项|这个|这笔|那项|那个)`)
	// pronounInRE finds such a word anywhere in a question.
	pronounInRE = regexp.MustCompile(`它|这项|该项|这一项|这笔|那项`)
	// moreYearsRE are relative years said in conversation, from the
	// year answered before.
	moreYearsRE = []struct {
		word string
		rel  int
	}{{"下一年", 1}, {"后一年", 1}, {"次年", 1}, {"第二年", 1}, {"前一年", -1}, {"再往前", -1}, {"那年", 0}, {"那一年", 0}, {"同年", 0}}
	// derivedChangeRE asks how two figures before differ.
	derivedChangeRE = regexp.MustCompile(`^(?:那)?(?:降了|少了|减了|涨了|多了|增加了|减少了|差额|差了|相差|差)多少|^(?:两者|两个|二者)?(?:的)?差额|^差多少`)
	// derivedSumRE asks for the figures before added.
	derivedSumRE = regexp.MustCompile(`^(?:这)?(?:两个|两项|两者|二者|它们|两笔)?(?:加起来|加在一起|合计|一共|总共|共计)`)
	// executionRE asks how much of the budget was spent.
	executionRE = regexp.MustCompile(`执行率|完成率|执行了多少|完成了多少`)
	// budgetAtStartRE asks for the budget set at the start of the year
	// (a 决算's 年初预算数) in words of conversation.
	budgetAtStartRE = regexp.MustCompile(`年初.*预算|预算.*年初|原来.*预算|原定`)
	// withAnotherRE adds another item to the one before: "和宣传费加起来".
	withAnotherRE = regexp.MustCompile(`^(?:和|与|跟|加上|再加上|连同)(.+?)(?:加起来|加在一起|一共|合计|总共|共计|的和|之和)`)
)

// followUp fills what the question lacks from the session's previous
// query (resolved: its department, year and figure year as answered).
func (p *qparser) followUp() {
	prev := p.scope.Prev
	if prev == nil {
		return
	}
	q := &p.q
	kind := p.followUpKind()
	switch kind {
	case notFollowUp:
		return
	case fuNew:
		p.keepFocus()
		return
	case fuPronoun:
		focus := p.scope.Focus
		if focus == "" {
			focus = prev.Item()
		}
		q.SetItem(pronounRE.ReplaceAllString(q.Item(), focus))
		if q.Item() == "" {
			q.SetItem(focus)
		}
		if pronounRE.MatchString(q.Second()) {
			q.SetItems(q.Item(), focus)
		}
		p.keepFocus()
	case fuMeasure:
		k, ok := kindWords[strings.TrimPrefix(q.Item(), "那")]
		if !ok && strings.TrimPrefix(q.Item(), "那") == "" && q.Kind != corpus.KindUnknown {
			k, ok = q.Kind, true
		}
		if ok {
			// "那预算呢" after a 决算: the same item in the other kind.
			dept, fy := q.Dept, q.FigureYear
			*q = *prev
			// The other kind's year is its own: a 2025 预算 then "决算数
			// 呢" is the latest 决算, not a 2025 one.
			q.Kind, q.Year, q.FigureYear = k, 0, 0
			if dept != "" {
				q.Dept = dept
			}
			if fy > 0 {
				q.Year, q.FigureYear = fy, fy
			}
			break
		}
		m := measureOf(strings.TrimPrefix(q.Item(), "那"))
		if budgetAtStartRE.MatchString(p.text) {
			m = "年初预算数"
		}
		if prev.Across && !isMeasureMeaningWord(m) {
			// "基本支出呢" after "哪个部门三公经费最多": the departments
			// again, by 基本支出.
			*q = *prev
			q.Measure = ""
			q.SetItem(m)
			break
		}
		q.Measure = m
		q.SetItem(prev.Item())
		if genericTotal(prev.Item()) && isMeasureWord(m) {
			// "其中基本支出多少" of the whole budget: the 基本支出 itself.
			q.Measure = ""
			q.SetItem(m)
		}
		q.Intent = IntentAmount
		p.keepFocus()
	case fuUnit:
		unit := q.Unit
		*q = *prev
		q.Unit = unit
	case fuYear:
		fy, years := p.yearsFrom(prev)
		kindAsked := q.Kind
		*q = *prev
		// The department's documents are in scope: the year's own, or
		// the one after it that states it (a 决算's 上年数).
		q.FigureYear, q.Years, q.Year = fy, years, 0
		if kindAsked != corpus.KindUnknown {
			q.Kind = kindAsked
		}
	case fuDept:
		dept, depts := q.Dept, q.Depts
		fy := q.FigureYear
		*q = *prev
		q.Dept, q.Depts, q.Year, q.FigureYear = dept, depts, 0, 0
		if fy > 0 {
			q.Year, q.FigureYear = fy, fy
		}
		if prev.Across && len(depts) < 2 {
			// "万里街道呢" after a ranking of departments: that one's
			// figure, in the year of the ranking.
			q.Across, q.Region, q.Intent, q.Order, q.N = false, "", IntentAmount, OrderNone, 0
			if fy == 0 {
				q.FigureYear = prev.FigureYear
			}
		}
	case fuChange:
		if q.Intent == IntentChange && !(derivedChangeRE.MatchString(p.text) && p.scope.Figures >= 2) {
			q.Measure = prev.Measure
			q.SetItem(prev.Item())
			if p.scope.Focus != "" && pronounInRE.MatchString(p.raw) {
				q.Measure = "" // "这项比上年增加多少"
				q.SetItem(p.scope.Focus)
			}
			p.keepFocus()
			break
		}
		q.Intent, q.Previous = IntentDiff, 2
		q.Down = hasDown(p.text)
	case fuSum:
		if m := withAnotherRE.FindStringSubmatch(p.text); m != nil {
			q.Intent = IntentSum
			q.SetItems(prev.Item(), cleanItem(m[1]))
			p.keepFocus()
			break
		}
		if len(q.Years) > 0 {
			q.Intent, q.Measure = IntentSum, prev.Measure
			q.SetItem(prev.Item())
			q.Dept, q.Kind = prev.Dept, prev.Kind
			break
		}
		if prev.Across && prev.Intent != IntentSum {
			// "加起来多少" after a ranking of departments: their total.
			*q = *prev
			q.Intent, q.Order, q.N = IntentSum, OrderNone, 0
			break
		}
		q.Intent, q.Previous = IntentSum, 2
	case fuShare:
		if executionRE.MatchString(p.text) {
			q.Intent, q.Measure = IntentShare, "完成率"
			q.SetItems(prev.Item(), "年初预算")
			q.Pct = true
		} else if q.Item() == "" {
			q.SetItem(prev.Item())
		}
		p.keepFocus()
	}
	q.FollowUp = true
}

// keepFocus gives the question the department, year and kind of the turn
// before, when it names none of its own.
func (p *qparser) keepFocus() {
	q, prev := &p.q, p.scope.Prev
	if q.Dept != "" || len(q.Depts) > 0 {
		return
	}
	// The request's own department is the one in focus when it is the
	// turn before's: its year and kind carry too ("当初年初预算安排了多少"
	// of the 2024 决算 asked about, not the latest 预算).
	if p.scope.Dept != "" && p.scope.Dept != prev.Dept {
		return
	}
	if p.scope.Dept == "" {
		q.Dept = prev.Dept
	}
	if q.FigureYear == 0 && len(q.Years) == 0 && q.Year == 0 {
		q.Year = prev.Year
	}
	if q.Kind == corpus.KindUnknown {
		q.Kind = prev.Kind
	}
}

// followUpKind says which row of the table the question is.
func (p *qparser) followUpKind() followUpKind {
	q, prev := &p.q, p.scope.Prev
	t := p.text
	raw := strings.TrimRight(strings.TrimSpace(width.Fold.String(p.raw)), "?？!！。. ")
	ellipsis := strings.HasPrefix(t, "那") || strings.HasSuffix(raw, "呢") || strings.HasPrefix(t, "换成") || strings.HasPrefix(t, "再")
	item := strings.TrimPrefix(q.Item(), "那")
	if derivedChangeRE.MatchString(t) || derivedSumRE.MatchString(t) && len(q.Items) < 2 {
		item = "" // what is left of "差了多少", "两个加起来"
	}
	ownSubject := item != "" && !isMeasureWord(item) || q.Among != AmongAny || len(q.Items) > 1 || q.Code != ""
	named := q.Dept != "" || len(q.Depts) > 0
	yearSaid := q.FigureYear != 0 || len(q.Years) > 0 || p.relativeYear(t) != 0
	switch {
	case q.Intent == IntentUnknown || q.Intent == IntentDefinition:
		return notFollowUp
	case pronounRE.MatchString(q.Item()) || pronounRE.MatchString(q.Second()):
		return fuPronoun
	case q.Previous > 0:
		return notFollowUp
	case ownSubject && derivedSumRE.MatchString(t) && q.Intent == IntentSum:
		return fuNew
	case withAnotherRE.MatchString(t):
		return fuSum
	case executionRE.MatchString(t):
		return fuShare
	case budgetAtStartRE.MatchString(t) && (item == "" || strings.HasPrefix(item, "年初") || isMeasureWord(item)):
		return fuMeasure
	case ownSubject && !(ellipsis && (isMeasureWord(item) || isKindWord(item))):
		if q.Intent == IntentShare && q.Item() == "" {
			return fuShare
		}
		return fuNew
	case isMeasureWord(item):
		return fuMeasure
	case ellipsis && (isKindWord(item) || item == "" && q.Kind != corpus.KindUnknown):
		return fuMeasure
	case q.Intent == IntentShare:
		return fuShare
	case derivedSumRE.MatchString(t) || q.Intent == IntentSum:
		return fuSum
	case derivedChangeRE.MatchString(t) && !yearSaid && !named:
		return fuChange
	case q.Intent == IntentChange && !named:
		return fuChange
	case named:
		return fuDept
	case yearSaid:
		return fuYear
	case q.Unit != "" && prev.Intent != IntentUnknown:
		return fuUnit
	case item == "" && ellipsis:
		return fuYear // "那呢": as before
	}
	if utf8.RuneCountInString(t) <= 10 && prev.Item() != "" {
		return fuYear
	}
	return notFollowUp
}

// relativeYear returns the conversational relative year a question says
// ("下一年" +1, "前一年" -1, "那年" as before: 0 with ok), or 0.
func (p *qparser) relativeYear(t string) int {
	for _, r := range moreYearsRE {
		if strings.Contains(t, r.word) {
			if r.rel == 0 {
				return 100 // the same year: said, but no move
			}
			return r.rel
		}
	}
	return 0
}

// yearsFrom resolves the years a year follow-up asks, from the figure
// year of the turn before: relative years ("去年", "下一年") count from it.
func (p *qparser) yearsFrom(prev *Query) (int, []int) {
	q := &p.q
	base := prev.FigureYear
	if base <= 0 {
		base = prev.Year
	}
	if len(q.Years) > 0 {
		return 0, q.Years
	}
	fy := q.FigureYear
	if rel := p.relativeYear(p.text); rel != 0 && fy == 0 {
		if rel == 100 {
			return base, nil
		}
		fy = rel
	}
	if fy < 0 && fy > -10 && base > 0 {
		return base + fy, nil
	}
	if fy > 0 && fy < 10 && base > 0 { // 明年: +1
		return base + fy, nil
	}
	if fy == 0 {
		return base, nil
	}
	return fy, nil
}

// kindWords are the words that name a kind of document, and the kind
// (Query.Kind) each asks for: KindUnknown for a 预算, which is the default.
var kindWords = map[string]corpus.Kind{"预算": corpus.KindUnknown, "部门预算": corpus.KindUnknown, "预算数": corpus.KindUnknown, "决算": corpus.KindFinal, "部门决算": corpus.KindFinal, "决算数": corpus.KindFinal, "单位预算": corpus.KindUnitBudget}

func isKindWord(s string) bool { _, ok := kindWords[s]; return ok }

// measureOf returns the column a measure word asks for.
func measureOf(w string) string {
	switch w {
	case "年初预算":
		return "年初预算数"
	}
	return w
}
