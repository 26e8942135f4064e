package nlq

import (
	"fmt"
	"slices"
	"strings"

	"github.com/budgetqa/budgetqa/corpus"
)

// Intent is what a question asks for.
type Intent int

// The intents. Their names (String) are the "intent" field of a response.
const (
	IntentUnknown    Intent = iota
	IntentAmount            // amount: the figure of an item, optionally in a column or year
	IntentChange            // change: change on last year, in the unit or in %
	IntentPrior             // prior: last year's figure, stated or derived from a stated change
	IntentShare             // share: one figure as a % of another
	IntentSum               // sum: two or more figures added
	IntentDiff              // diff: the difference between two figures (two items or two years)
	IntentRank              // rank: largest / smallest / top N
	IntentList              // list: the parts or members of something
	IntentCount             // count: 编制, 人数, 车辆, 项目数
	IntentDefinition        // definition: a 名词解释 entry
	IntentReason            // reason: the stated 原因 of a change
	IntentTarget            // target: a performance target (目标值)
	IntentSearch            // search: no figure asked; the best passages
)

var intentNames = [...]string{"unknown", "amount", "change", "prior", "share", "sum", "diff", "rank", "list", "count", "definition", "reason", "target", "search"}

// String returns the intent's name.
func (i Intent) String() string {
	if int(i) < len(intentNames) {
		return intentNames[i]
	}
	return "unknown"
}

// MarshalText writes the intent's name.
func (i Intent) MarshalText() ([]byte, error) { return []byte(i.String()), nil }

// Query is a question reduced to what evaluation needs.
type Query struct {
	Intent Intent
	Dept   string   // department named or scoped
	Depts  []string // several departments compared ("信访局和司法局")
	Year   int      // fiscal year of the documents to consult (0: any)
	// FigureYear is the year of the figure asked for when it differs from
	// the document's year ("2022年部门预算是多少" asked of 2023); negative
	// before a session resolves it (-1: 去年).
	FigureYear int
	Years      []int // several years, for across-document questions
	// YearRange is set when Years is a range ("2023到2025年"), not years
	// compared ("2019年比2017年").
	YearRange bool
	Kind      corpus.Kind // the kind of document asked for; KindUnknown: any, a 部门预算 first
	// Items are the items asked about: the one item of most questions;
	// the part and the whole of a share; the items a sum adds.
	Items   []string
	Code    string // a 科目编码 named in the question
	Measure string // column: 基本支出, 项目支出, 预算数, 决算数, 年初预算数, …
	Unit    string // unit asked for: 元, 万元, 亿元, %
	Pct     bool   // a rate is asked for (增长率, 百分之几)
	Order   Order  // rank: largest or smallest
	N       int    // rank: top N
	Among   Among  // rank and list: what is ranked or listed
	// Across makes the scope a set of departments: those named (Depts),
	// or every department of Region (or of the corpus) with a document
	// of the year and kind asked.
	Across bool
	Region string // a region the question names alone: 普陀区, 江苏
	// WholeRegion asks for a region's own total (全区…总额), which no
	// department's document gives.
	WholeRegion bool
	// AboutDocs asks which documents the library holds: how many
	// departments published, which did, which years.
	AboutDocs bool
	// Unknown is a department the question names that the library does
	// not hold ("教育局").
	Unknown string
	// Choices are the departments a name the question uses could be
	// ("教育局" of two districts): the question asks back.
	Choices []string
	// Ratio asks how many times one figure is another ("是万里街道的几倍").
	Ratio bool
	// Each asks each department's figure ("分别是多少"): none of them, nor
	// their difference, is the answer's value.
	Each bool
	// ByChange ranks by the change on the previous year (增加最多, 增长最快
	// with Pct, 减少最多 with Down) instead of by the figure.
	ByChange bool
	// FollowUp is set when the question leans on the previous one
	// ("那去年呢？").
	FollowUp bool
	// Previous, when set, is the number of figures answered before in the
	// session that the question combines: "两个加起来" sums the last two,
	// "差额是多少" takes their difference (Intent IntentSum or IntentDiff).
	Previous int
	// Down is set when the question asks how much something fell
	// ("减少了多少"): the answer is then the size of the fall.
	Down bool
}

// Item returns the item asked about (the first of Items), or "".
func (q Query) Item() string {
	if len(q.Items) == 0 {
		return ""
	}
	return q.Items[0]
}

// Second returns the second item: the whole of a share, the second term
// of a sum; or "".
func (q Query) Second() string {
	if len(q.Items) < 2 {
		return ""
	}
	return q.Items[1]
}

// SetItem replaces the item asked about, keeping any others.
func (q *Query) SetItem(item string) {
	switch {
	case len(q.Items) > 0:
		q.Items = append([]string{item}, q.Items[1:]...)
	case item != "":
		q.Items = []string{item}
	}
	q.trimItems()
}

// SetItems replaces the items asked about: a part and its whole, or the
// terms of a sum.
func (q *Query) SetItems(items ...string) {
	q.Items = slices.Clone(items)
	q.trimItems()
}

// trimItems drops empty items at the end, so that a query without items
// has none.
func (q *Query) trimItems() {
	for len(q.Items) > 0 && q.Items[len(q.Items)-1] == "" {
		q.Items = q.Items[:len(q.Items)-1]
	}
	if len(q.Items) == 0 {
		q.Items = nil
	}
}

// Order is the direction of a ranking.
type Order int

// The orders.
const (
	OrderNone Order = iota
	OrderMax        // 最多, 最大, 前N
	OrderMin        // 最少, 最小
)

// String returns "max", "min" or "".
func (o Order) String() string {
	switch o {
	case OrderMax:
		return "max"
	case OrderMin:
		return "min"
	}
	return ""
}

// Among is what a ranking or a list is taken among.
type Among int

// The sets a ranking or a list is taken among; AmongAny lets the item
// asked about decide (its children, or the document's projects).
const (
	AmongAny      Among = iota
	AmongProjects       // 项目
	AmongSpecial        // 专项
	AmongYears          // 哪一年
	AmongClasses        // 类级科目
	AmongSections       // 款级科目
	AmongHeadings       // 项级科目
)

var amongNames = [...]string{"", "项目", "专项", "年", "类", "款", "项"}

// String returns the Chinese word for the set ("项目", "类"), or "".
func (a Among) String() string {
	if int(a) < len(amongNames) {
		return amongNames[a]
	}
	return ""
}

// CodeLength returns the length of the 科目编码 of a code level (类 3,
// 款 5, 项 7), or 0 when a is not a code level.
func (a Among) CodeLength() int {
	switch a {
	case AmongClasses:
		return 3
	case AmongSections:
		return 5
	case AmongHeadings:
		return 7
	}
	return 0
}

// String prints the query on one canonical line, e.g.
// "amount year:2023 dept:信访局 item:信访稳定备用金 measure:预算数".
func (q Query) String() string {
	var b strings.Builder
	b.WriteString(q.Intent.String())
	add := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, " %s:%s", k, v)
		}
	}
	if q.Year > 0 {
		add("year", fmt.Sprint(q.Year))
	}
	if q.FigureYear != 0 {
		add("figure_year", fmt.Sprint(q.FigureYear)) // negative: relative (-1 去年)
	}
	if len(q.Years) > 0 {
		add("years", strings.Trim(strings.Join(strings.Fields(fmt.Sprint(q.Years)), ","), "[]"))
	}
	add("dept", q.Dept)
	if len(q.Depts) > 0 {
		add("depts", strings.Join(q.Depts, ","))
	}
	add("kind", q.Kind.String())
	add("code", q.Code)
	if len(q.Items) == 1 {
		add("item", q.Items[0])
	} else if len(q.Items) > 1 {
		add("items", strings.Join(q.Items, ","))
	}
	add("measure", q.Measure)
	add("unit", q.Unit)
	if q.Pct {
		add("pct", "true")
	}
	add("order", q.Order.String())
	if q.N > 0 {
		add("n", fmt.Sprint(q.N))
	}
	add("among", q.Among.String())
	if q.ByChange {
		add("by", "change")
	}
	if q.Ratio {
		add("ratio", "true")
	}
	if q.Each {
		add("each", "true")
	}
	if q.Across {
		add("across", "true")
	}
	add("region", q.Region)
	if q.WholeRegion {
		add("whole_region", "true")
	}
	if q.AboutDocs {
		add("docs", "true")
	}
	add("unknown", q.Unknown)
	if len(q.Choices) > 0 {
		add("choices", strings.Join(q.Choices, ","))
	}
	if q.Down {
		add("down", "true")
	}
	if q.Previous > 0 {
		add("previous", fmt.Sprint(q.Previous))
	}
	if q.FollowUp {
		add("followup", "true")
	}
	return b.String()
}
