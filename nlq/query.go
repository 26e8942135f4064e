package nlq

import (
	"fmt"
	"strings"
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
	// the document's year ("2022年部门预算是多少" asked of 2023).
	FigureYear int
	Years      []int  // several years, for across-document questions
	Kind       string // 部门预算, 部门决算, 单位预算, or ""
	Item       string // the item asked about
	Code       string // a 科目编码 named in the question
	Items      []string
	Item2      string // the second item of share, sum and diff
	Measure    string // column: 基本支出, 项目支出, 预算数, 决算数, 年初预算数, …
	Unit       string // unit asked for: 元, 万元, 亿元, %
	Pct        bool   // a rate is asked for (增长率, 百分之几)
	Order      string // rank: "max" or "min"
	N          int    // rank: top N
	Scope      string // rank and list: "项目", "三公", "科室", "类", "款", "项", a parent item
	FollowUp   bool   // the question leans on the previous one ("那去年呢？")
	// Previous, when set, is the number of figures answered before in the
	// session that the question combines: "两个加起来" sums the last two,
	// "差额是多少" takes their difference (Intent IntentSum or IntentDiff).
	Previous int
	// Down is set when the question asks how much something fell
	// ("减少了多少"): the answer is then the size of the fall.
	Down bool
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
	add("kind", q.Kind)
	add("code", q.Code)
	add("item", q.Item)
	if len(q.Items) > 0 {
		add("items", strings.Join(q.Items, ","))
	}
	add("item2", q.Item2)
	add("measure", q.Measure)
	add("unit", q.Unit)
	if q.Pct {
		add("pct", "true")
	}
	add("order", q.Order)
	if q.N > 0 {
		add("n", fmt.Sprint(q.N))
	}
	add("scope", q.Scope)
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
