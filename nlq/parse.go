package nlq

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/budgetqa/budgetqa/corpus"
)

// Scope is what a question is asked within: the request's department and
// year, the departments the corpus holds, and the session's previous query.
type Scope struct {
	Dept  string
	Year  int
	Depts []string // department names of the corpus, for mentions in questions
	Prev  *Query   // the previous query of the session, for follow-ups
	// Focus is the item of the last figure answered in the session, what
	// "它" and "这项" stand for ("三公经费里哪项最多" → 公务接待费).
	Focus string
	// Figures is how many figures the session has answered (at most 3):
	// "差额是多少" after two is their difference.
	Figures int
	// Known reports whether a phrase names an item of the corpus, so that
	// "年末结转和结余" is not split into two items at 和.
	Known func(string) bool
	// Regions are the regions the corpus's departments belong to, longest
	// first (corpus.DepartmentRegions): a question naming one alone asks
	// about its departments.
	Regions []string

	deptIx *deptIndex // Depts indexed, when the engine has done so
}

// ErrNoQuestion is returned for an empty question.
var ErrNoQuestion = fmt.Errorf("nlq: empty question")

// Parse reduces a question to a Query. It never fails on a well-formed
// question: what it cannot read becomes IntentUnknown, which evaluation
// answers with answered: false.
//
// Question: filler* (dept | year | kind)* body particle*
// Body:     definition | reason | share | rank | list | count | change | sum | amount
func Parse(question string, s Scope) (Query, error) {
	if strings.TrimSpace(question) == "" {
		return Query{}, ErrNoQuestion
	}
	p := &qparser{text: normalize(question), raw: question, scope: s}
	q := p.parse()
	return Simplify(q, s), nil
}

type qparser struct {
	text  string
	raw   string // the question as typed, for the particles normalize drops
	scope Scope
	q     Query
}

var (
	digitRunRE  = regexp.MustCompile(`\d+(?:年度|年)?`)
	yearRangeRE = regexp.MustCompile(`((?:19|20)\d\d|\d\d(?:年))年?(?:到|至|-|—|~)((?:19|20)\d\d|\d\d(?:年))年?`)
	relYears    = []struct {
		word string
		rel  int
	}{{"前年", -2}, {"去年", -1}, {"上年", -1}, {"上一年", -1}, {"前一年", -1}, {"上年度", -1}, {"今年", 0}, {"本年度", 0}, {"明年", 1},
		// Said in conversation, from the year answered before (followup.go).
		{"下一年", 1}, {"后一年", 1}, {"次年", 1}, {"第二年", 1}, {"再往前", -1}, {"那一年", 0}, {"那年", 0}, {"同年", 0}}
	definitionRE = []*regexp.Regexp{
		regexp.MustCompile(`^(?:什么是|什么叫|何为|何谓|请解释|解释一下|解释)(.+)$`),
		regexp.MustCompile(`^(.+?)(?:是什么意思|什么意思|是什么|指的是什么|是指什么|指什么|的含义|的定义|的意思|是啥|指的是啥|是指啥|怎么理解|指的是)$`),
	}
	reasonRE = regexp.MustCompile(`为什么|为啥|为何|什么原因|原因|怎么会|怎么比|怎么少|怎么多|从哪儿来|从哪里来|哪来的`)
	shareRE  = regexp.MustCompile(`^(.*?)占(.+?)(?:的)?(?:比例|比重|百分比|百分之几|百分之多少|多少|几成|份额|占比|比率)`)
	// shareWithinRE reads "Y中X占比": X of Y; shareOfTotalRE "X占比多少":
	// X of the total.
	shareWithinRE  = regexp.MustCompile(`^(.+?)(?:中|里|里面|当中)(?:的)?(.+?)(?:的)?(?:占比|所占比例|所占比重|比重)`)
	shareOfTotalRE = regexp.MustCompile(`^(.+?)(?:的)?(?:占比|所占比例|所占比重)`)
	// shareInRE reads "X在Y里占多大比例": X of Y.
	shareInRE = regexp.MustCompile(`^(.+?)在(.+?)(?:里|中|之中|当中)?(?:所)?占(?:多大|多少|几成)?(?:的)?(?:比例|比重|百分比|份额|占比|比率)`)
	rankMaxRE = regexp.MustCompile(`最多|最大|最高|最贵|花钱最多|最大的|排第一|第一多|排名|排行|排序|排一下|[从由](?:多到少|高到低|大到小)排?`)
	rankMinRE = regexp.MustCompile(`最少|最小|最低|最便宜|[从由](?:少到多|低到高|小到大)排?`)
	// rankChangeRE ranks by the change on the previous year: 增长最快,
	// 减少最多, 增幅最大, 增加的金额最多.
	rankChangeRE = regexp.MustCompile(`(增加|增长|增幅|涨幅|上升|上涨|涨|提高|减少|下降|降低|降幅|减幅|压减|缩减)(?:的?(?:幅度|金额|数额|额|比例|比率)|得)?(最多|最大|最快|最高|最少|最小|最慢|最低)`)
	topNRE       = regexp.MustCompile(`(?:排)?前([0-9一二三四五六七八九十两]+)(?:名|个|项|位)?`)
	listRE       = regexp.MustCompile(`有哪些|包括哪些|包含哪些|哪些|都有什么|有什么|由哪些|是哪些|分别是|组成|列一下|列出|列举|罗列|^列`)
	countRE      = regexp.MustCompile(`(?:几|多少)(个|辆|部|件|人|名|家|项|台|套|次|期|篇|处|位)`)
	changeRE     = regexp.MustCompile(`增加|减少|增长|下降|增幅|降幅|涨|降|变化|变动|多了|少了|多出来?|少了|多多少|少多少|增减|差额|差多少|相差`)
	compareRE    = regexp.MustCompile(`比|较|相比|同比|对比|和.+比`)
	pctRE        = regexp.MustCompile(`率|百分之|百分比|%|幅度|增幅|降幅|几成`)
	sumRE        = regexp.MustCompile(`加起来|加在一起|一共|总共|合计|共计|总和|之和|累计|\+`)
	offTopicRE   = regexp.MustCompile(`是谁|谁是|谁负责|谁管|谁主管|电话|手机|地址|邮箱|网址|联系方式|天气|气温|下雨|股票|彩票|几点|姓名|名字叫`)
	targetRE     = regexp.MustCompile(`目标|目标值|指标|满意率|满意度|时限|时效|达到多少|要求`)
)

// Patterns compiled once, used by the functions below.
var (
	spendWordRE     = regexp.MustCompile(`花|用了|钱|支出|预算|开支|经费`)
	spendingRE      = regexp.MustCompile(`花在哪|用在哪|用到哪|钱去哪|去哪了|支出结构|钱都用|花到哪`)
	topNBigRE       = regexp.MustCompile(`前[0-9一二三四五六七八九十两]+(?:大|多|位|名|项|个)`)
	eachRE          = regexp.MustCompile(`分别|各是|各自|各为|各有`)
	compareRatioRE  = regexp.MustCompile(`几倍|多少倍|倍数`)
	compareByHowRE  = regexp.MustCompile(`[多少高低大小]多少|高出|多出|差多少|差了多少|相差|差额|差距`)
	compareMaxRE    = regexp.MustCompile(`(?:哪个|哪家|谁|哪一个).*(?:多|高|大)|(?:多|高|大).*(?:是哪个|是哪家|是谁)|最多|最高|最大`)
	compareMinRE    = regexp.MustCompile(`(?:哪个|哪家|谁|哪一个).*(?:少|低|小)|(?:少|低|小).*(?:是哪个|是哪家|是谁)|最少|最低|最小`)
	compareNoiseRE  = regexp.MustCompile(`和|与|跟|及|以及|加起来|加在一起|一共|总共|合计|共计|比较|对比|相比|比|几倍|多少倍|倍数|倍|相差多少|差了多少|差多少|差额|差距|差别|差|高出|多出|哪个|哪家|哪一个|谁的?|更多|更少|最多|最少|多还是少|多|少|高|低|大|小|分别是?多少|分别|各是多少|各自|的`)
	restatedYearsRE = regexp.MustCompile(`[这那]?[两二三四五六七八九十]+年(?:里|中|间|来)?|(?:这|那)几年(?:里|中|间)?`)
	nYearsRE        = regexp.MustCompile(`(?:这|那)?([一二三四五六七八九十两]+)年(?:里|中|间|来)|^(?:这|那)?([两二三四五六七八九十]+)年|(?:这|那|近|最近)([两二三四五六七八九十]+)年(?:的)?`)
	// trendRE asks how an item went over the years: each year's figure.
	trendRE         = regexp.MustCompile(`变化趋势|趋势|走势|怎么变|怎样变化|如何变化|变化情况|历年|逐年|每年`)
	incomeSourceRE  = regexp.MustCompile(`收入.*从哪(?:里|儿)来|收入来源|资金来源`)
	comparedWithRE  = regexp.MustCompile(`(?:跟|和|与)?(?:比|较)(?:上年|去年|上一年|前一年|预算数?|年初预算)?(?:相比)?|(?:跟|与|和)(?:上年|去年|上一年|前一年)(?:相比|比)?`)
	finalVsBudgetRE = regexp.MustCompile(`决算数?(?:比预算数?)?(?:小于|少于|低于|少)|决算数?(?:比预算数?)?(?:大于|多于|高于|多)`)
	completionRE    = regexp.MustCompile(`^(.+?)完成(?:了)?(.+?)的(?:百分之几|多少|比例)`)
	itemLevelRE     = regexp.MustCompile(`项级|“?项”?级`)
	sectionLevelRE  = regexp.MustCompile(`款级`)
	classLevelRE    = regexp.MustCompile(`类级|哪一?类|哪个类`)
	withinRE        = regexp.MustCompile(`^(.+?)(?:里面|里头|里|之中|中|下面|下属|下|当中|按)`)
	whichYearRE     = regexp.MustCompile(`哪一年|哪年`)
	downRE          = regexp.MustCompile(`减少|少了|少多少|下降|降低|降幅|降了|减了|掉了|缩减|压减`)
	compareWordRE   = regexp.MustCompile(`(?:和|与|跟)?(?:比|较|相比|同比|对比)(?:起来)?`)
	baseMeasureRE   = regexp.MustCompile(`执行数|预算数|预算执行数`)
	andRE           = regexp.MustCompile(`和|与|以及|及|加上|跟|\+`)
	sumWordRE       = regexp.MustCompile(`加起来|加在一起|一共|总共|共计|总和|之和|累计`)
	targetWordRE    = regexp.MustCompile(`目标值|目标|要求|达到多少`)
	peopleRE        = regexp.MustCompile(`(人数|人员|编制数?|名额)$`)
)

// Tests for a match of the patterns above: those that match a set of
// words look for the words (wordTest).
var (
	hasOffTopic      = wordTest(offTopicRE)
	hasRankMax       = wordTest(rankMaxRE)
	hasRankMin       = wordTest(rankMinRE)
	hasSpending      = wordTest(spendingRE)
	hasSpendWord     = wordTest(spendWordRE)
	hasReason        = wordTest(reasonRE)
	hasChange        = wordTest(changeRE)
	hasFinalVsBudget = wordTest(finalVsBudgetRE)
	hasItemLevel     = wordTest(itemLevelRE)
	hasSectionLevel  = wordTest(sectionLevelRE)
	hasClassLevel    = wordTest(classLevelRE)
	hasPct           = wordTest(pctRE)
	hasDown          = wordTest(downRE)
	hasSum           = wordTest(sumRE)
	hasTarget        = wordTest(targetRE)
)

// parse runs the grammar over the normalised question, then fills what a
// follow-up lacks from the turn before.
func (p *qparser) parse() Query {
	p.parseOnly()
	p.followUp()
	return p.q
}

// parseOnly runs the grammar over the normalised question alone.
func (p *qparser) parseOnly() {
	t := p.text
	q := &p.q
	if !hasChinese(t) || hasOffTopic(t) {
		q.Intent = IntentUnknown
		return
	}
	t = strings.TrimSpace(p.takeRegion(p.takeDept(t)))
	t = p.takeYears(t)
	t = p.takeKind(t)
	t = p.takeUnit(t)
	// What was taken out leaves spaces; at the ends they would keep the
	// patterns anchored there from matching ("信访局什么是三公经费").
	t = strings.TrimSpace(t)
	p.takeUnknownDept(t)
	if p.docsQuestion(t) {
		return
	}
	t = strings.TrimSpace(p.takeAcross(t))
	// "三公经费的变化趋势": every year the department has.
	if trendRE.MatchString(t) && len(q.Years) == 0 && q.FigureYear == 0 {
		q.Years = []int{everyYear}
	}
	switch {
	case len(q.Depts) >= 2:
		p.compare(t)
	case strings.Contains(t, "原因") && p.reason(t):
	case (hasRankMax(t) || hasRankMin(t) || rankChangeRE.MatchString(t)) && p.rank(t):
	case hasSpending(t):
		// "钱都花在哪了": where the money goes, by function class.
		q.Intent, q.Items, q.Among = IntentList, nil, AmongClasses
	case p.definition(t):
	case p.share(t):
	case p.rank(t):
	case p.reason(t):
	case p.list(t):
	case p.change(t):
	case p.count(t):
	case p.sum(t):
	case p.target(t):
	default:
		q.Intent = IntentAmount
		q.SetItem(cleanItem(t))
		if q.Item() == "" && hasSpendWord(t) {
			q.SetItem("部门预算") // "信访局一年花多少钱"
		}
		p.countByItem()
	}
}

// takeDept removes the departments mentioned in the question: one scopes
// it, several are compared.
func (p *qparser) takeDept(t string) string {
	found := p.mentions(t)
	// A shorter alias inside a longer one ("信访局" in "龙岗区信访局") is the
	// same mention.
	sort.Slice(found, func(i, j int) bool { return len(found[i].alias) > len(found[j].alias) })
	var kept []mention
	for _, m := range found {
		inside := false
		for _, k := range kept {
			if m.at >= k.at && m.at+len(m.alias) <= k.at+len(k.alias) {
				inside = true
			}
		}
		if !inside {
			kept = append(kept, m)
		}
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].at < kept[j].at })
	p.resolveShared(found, kept)
	for _, m := range kept {
		t = strings.Replace(t, m.alias, " ", 1)
		p.q.Depts = append(p.q.Depts, m.dept)
	}
	// A department named twice ("财政局2024年普陀区财政局收入") is one
	// mention: its other names go too.
	for again := true; again; {
		again = false
		for _, m := range p.mentions(t) {
			if slices.Contains(p.q.Depts, m.dept) {
				t, again = strings.Replace(t, m.alias, " ", 1), true
			}
		}
	}
	switch len(kept) {
	case 0:
	case 1:
		p.q.Dept, p.q.Depts = kept[0].dept, nil
	}
	return t
}

// resolveShared settles a name several departments share ("教育局" of two
// districts): the one in the region of another department the question
// names; else the question asks back (Query.Choices). kept is changed in
// place.
func (p *qparser) resolveShared(found, kept []mention) {
	for i, k := range kept {
		choices := []string{k.dept}
		for _, m := range found {
			if m.at == k.at && m.alias == k.alias && !slices.Contains(choices, m.dept) {
				choices = append(choices, m.dept)
			}
		}
		if len(choices) < 2 {
			continue
		}
		var near []string
		for j, o := range kept {
			if j == i {
				continue
			}
			for _, c := range choices {
				if sharesRegion(c, o.dept) && !slices.Contains(near, c) {
					near = append(near, c)
				}
			}
		}
		if len(near) == 1 {
			kept[i].dept = near[0]
			continue
		}
		p.q.Choices = choices
	}
}

// sharesRegion reports whether two departments are of the same innermost
// region (杭州市西湖区教育局 and 杭州市西湖区民政局).
func sharesRegion(a, b string) bool {
	ra, rb := corpus.DepartmentRegions(a), corpus.DepartmentRegions(b)
	return len(ra) > 0 && len(rb) > 0 && ra[len(ra)-1] == rb[len(rb)-1]
}

// mentions finds the departments t names, each by its longest name there.
func (p *qparser) mentions(t string) []mention {
	if x := p.scope.deptIx; x != nil {
		return x.mentions(t)
	}
	return scanMentions(p.scope.Depts, t)
}

// deptAliases lists the names people use for a department
// (corpus.DepartmentAliases).
func deptAliases(d string) []string { return corpus.DepartmentAliases(d) }

// takeYears reads years: one ("2023年"), a range ("2017到2019年"), two
// compared ("2019年比2017年"), or relative ("去年").
func (p *qparser) takeYears(t string) string {
	q := &p.q
	if m := yearRangeRE.FindStringSubmatch(t); m != nil {
		a, b := fullYear(m[1]), fullYear(m[2])
		for y := min(a, b); y <= max(a, b) && y-min(a, b) < 30; y++ {
			q.Years = append(q.Years, y)
		}
		q.YearRange = true
		t = strings.Replace(t, m[0], "", 1)
		// "三年", "这三年里" restate the range; "哪一年" asks within it.
		t = restatedYearsRE.ReplaceAllString(t, "")
		return t
	}
	// A 科目编码 (3, 5 or 7 digits) names the row; a year is four digits
	// standing alone.
	var years []int
	t = replaceRuns(t, func(run, rest string) string {
		// A number before a unit is an amount ("单价100万元以上"), not a
		// code or a year.
		if !strings.HasSuffix(run, "年") && !strings.HasSuffix(run, "年度") && amountAfterRE.MatchString(rest) {
			return run
		}
		digits := strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(run, "年度"), "年"), "年")
		switch n := len(digits); {
		case n == 4 && (strings.HasPrefix(digits, "19") || strings.HasPrefix(digits, "20")):
			years = append(years, atoi(digits))
			return ""
		case n == 2 && digits != run && atoi(digits) < 50:
			years = append(years, 2000+atoi(digits)) // "19年比17年"
			return ""
		case (n == 3 || n == 5 || n == 7) && digits == run:
			q.Code = digits
			return ""
		}
		return run
	})
	switch len(years) {
	case 0:
	case 1:
		q.FigureYear = years[0]
	default:
		q.Years = years
		// "2017、2018、2019三年加起来": the count restates them.
		t = restatedYearsRE.ReplaceAllString(t, "")
	}
	for _, r := range relYears {
		// "上年结转": an item, not last year.
		if strings.Contains(t, r.word) && !strings.Contains(t, r.word+"结转") && !strings.Contains(t, r.word+"结余") {
			if r.rel != 0 && q.FigureYear == 0 {
				q.FigureYear = r.rel // resolved against the document's year
			}
			t = strings.Replace(t, r.word, "", 1)
		}
	}
	// "三年里哪一年", "这三年": all years of the department.
	if m := nYearsRE.FindStringSubmatch(t); m != nil {
		q.Years = []int{-corpus.ParseCount(m[1] + m[2] + m[3])}
		t = strings.Replace(t, m[0], "", 1)
	}
	return t
}

// everyYear, as the only entry of Query.Years, asks for every year the
// department has a document of; -N asks for the last N ("这三年").
const everyYear = -100

// amountAfterRE is the unit of an amount or a count after a number.
var amountAfterRE = regexp.MustCompile(`^(?:\.\d+)?(?:万元|亿元|元|%|人|个|辆|台|套)`)

// replaceRuns replaces each run of digitRunRE in t by what f returns for
// it, given the text after it.
func replaceRuns(t string, f func(run, rest string) string) string {
	var b strings.Builder
	last := 0
	for _, loc := range digitRunRE.FindAllStringIndex(t, -1) {
		b.WriteString(t[last:loc[0]])
		b.WriteString(f(t[loc[0]:loc[1]], t[loc[1]:]))
		last = loc[1]
	}
	b.WriteString(t[last:])
	return b.String()
}

// fullYear reads a year of four digits, or of two ("17年": 2017).
func fullYear(s string) int {
	y := atoi(strings.TrimSuffix(s, "年"))
	if y < 100 {
		y += 2000
	}
	return y
}

// takeKind reads the kind of document asked about.
func (p *qparser) takeKind(t string) string {
	switch {
	case strings.Contains(t, "单位预算"):
		p.q.Kind = corpus.KindUnitBudget
	case strings.Contains(t, "决算"):
		p.q.Kind = corpus.KindFinal
	}
	return t
}

// unitPhraseRE asks for the figure in a unit: "用元表示", "换算成万元".
var unitPhraseRE = regexp.MustCompile(`(?:用|换成|换算成|换算为|折合成?|折算成?|以)(亿元|万元|千元|元)(?:来?表示|计算|为单位|计)?`)

// takeUnit reads the unit asked for ("多少元", "几亿元").
func (p *qparser) takeUnit(t string) string {
	if m := unitPhraseRE.FindStringSubmatch(t); m != nil {
		p.q.Unit = m[1]
		return strings.Replace(t, m[0], "", 1)
	}
	for _, u := range []string{"亿元", "万元", "千元", "元"} {
		for _, w := range []string{"折合多少" + u, "合多少" + u, "是多少" + u, "有多少" + u, "多少" + u, "几" + u, "折合" + u} {
			if strings.Contains(t, w) {
				p.q.Unit = u
				return strings.Replace(t, w, "多少", 1)
			}
		}
		if strings.HasSuffix(t, u) && !strings.HasSuffix(t, "万"+u) {
			p.q.Unit = u
			return strings.TrimSuffix(t, u)
		}
	}
	return t
}

// compare: A 和 B 的 X (比较 | 哪个多 | 相差多少)
func (p *qparser) compare(t string) {
	q := &p.q
	q.Intent = IntentAmount
	switch {
	case compareRatioRE.MatchString(t):
		q.Intent, q.Ratio = IntentShare, true
	case compareByHowRE.MatchString(t):
		q.Intent = IntentDiff
	case hasSum(t):
		q.Intent = IntentSum // "司法局和教育局三公经费一共多少"
	case eachRE.MatchString(t):
		q.Each = true // "分别是多少": each figure, none of them the answer
	case compareMaxRE.MatchString(t):
		q.Order, q.Intent = OrderMax, IntentRank
	case compareMinRE.MatchString(t):
		q.Order, q.Intent = OrderMin, IntentRank
	}
	// The item: the longest phrase left once the words of comparison
	// are out ("跟财政局比，2025年三公经费差了多少" → 三公经费).
	item := ""
	for _, f := range strings.Fields(compareNoiseRE.ReplaceAllString(t, " ")) {
		if c := cleanItem(f); utf8.RuneCountInString(c) > utf8.RuneCountInString(item) {
			item = c
		}
	}
	q.SetItem(item)
}

// definition: 什么是 X | X 是什么(意思)
func (p *qparser) definition(t string) bool {
	if strings.Contains(t, "谁") {
		return false
	}
	for _, re := range definitionRE {
		if m := re.FindStringSubmatch(t); m != nil {
			item := cleanItem(m[1])
			if item == "" || strings.Contains(m[1], "多少") {
				continue
			}
			p.q.Intent = IntentDefinition
			p.q.SetItem(item)
			return true
		}
	}
	return false
}

// reason: X 为什么 (增加|减少)…
func (p *qparser) reason(t string) bool {
	if !hasReason(t) {
		return false
	}
	if incomeSourceRE.MatchString(t) {
		p.q.Intent = IntentList
		p.q.SetItem("收入")
		return true
	}
	// "培训费比上年多了多少？这笔钱是从哪儿来的": a figure and its reason.
	if strings.Contains(t, "多少") && hasChange(t) {
		return false
	}
	p.q.Intent = IntentReason
	item := reasonRE.ReplaceAllString(t, " ")
	item = changeRE.ReplaceAllString(item, " ")
	item = comparedWithRE.ReplaceAllString(item, " ")
	if hasFinalVsBudget(t) {
		p.q.SetItem("决算数小于预算数")
		return true
	}
	p.q.SetItem(cleanItem(firstField(item)))
	return true
}

// share: X 占 Y 的 (比例|比重)
func (p *qparser) share(t string) bool {
	if strings.HasPrefix(t, "占比") || strings.HasPrefix(t, "所占比") || strings.HasPrefix(t, "比重") {
		p.q.Intent, p.q.Pct = IntentShare, true // "占比多少？": of the total
		return true
	}
	var m []string
	if strings.Contains(t, "占比") || strings.Contains(t, "所占比") {
		// "部门预算收入中财政拨款占比": the part after 中, of the whole
		// before; "项目支出占比多少": of the total.
		if mm := shareWithinRE.FindStringSubmatch(t); mm != nil {
			m = []string{mm[0], mm[2], mm[1]}
		} else if mm := shareOfTotalRE.FindStringSubmatch(t); mm != nil {
			m = []string{mm[0], mm[1], ""}
		}
	}
	if m == nil {
		m = shareInRE.FindStringSubmatch(t)
	}
	if m == nil {
		m = shareRE.FindStringSubmatch(t)
	}
	if m == nil {
		// "财政拨款支出完成了年初预算的百分之几"
		if mm := completionRE.FindStringSubmatch(t); mm != nil {
			p.q.Intent, p.q.Measure = IntentShare, "完成率"
			p.q.SetItems(cleanItem(mm[1]), cleanItem(mm[2]))
			p.q.Pct = true
			return true
		}
		return false
	}
	p.q.Intent = IntentShare
	p.q.SetItems(cleanItem(m[1]), cleanItem(m[2]))
	p.q.Pct = true
	return true
}

// rank: 哪个 X 最多 | X 里哪一项最少 | 前 N
func (p *qparser) rank(t string) bool {
	q := &p.q
	switch {
	case p.rankChange(&t):
	case hasRankMax(t):
		q.Order = OrderMax
	case hasRankMin(t):
		q.Order = OrderMin
	default:
		if m := topNRE.FindStringSubmatch(t); m != nil && (strings.Contains(t, "哪") || topNBigRE.MatchString(t)) {
			q.Order, q.N = OrderMax, corpus.ParseCount(m[1])
		} else {
			return false
		}
	}
	q.Intent = IntentRank
	if m := topNRE.FindStringSubmatch(t); m != nil {
		q.N = corpus.ParseCount(m[1])
	}
	body := rankMaxRE.ReplaceAllString(t, " ")
	body = rankMinRE.ReplaceAllString(body, " ")
	body = topNRE.ReplaceAllString(body, " ")
	if q.Across && !whichYearRE.MatchString(body) {
		// "哪个部门三公经费最多": departments ranked by the item.
		q.SetItem(cleanItem(body))
		return true
	}
	// The scope: "项目", "三公经费里", "工资福利支出里面", "按项级科目".
	switch {
	case (strings.Contains(body, "经济分类") || strings.Contains(body, "功能分类")) && !hasClassLevel(body) && !hasItemLevel(body) && !withinRE.MatchString(body):
		// "前五大经济分类支出": the 类 of that classification.
		q.Among = AmongClasses
		q.SetItem("经济分类")
		if strings.Contains(body, "功能分类") {
			q.SetItem("功能分类")
		}
		return true
	case strings.Contains(body, "哪一年") || strings.Contains(body, "哪年"):
		q.Among = AmongYears
	case hasItemLevel(body):
		q.Among = AmongHeadings
	case hasSectionLevel(body):
		q.Among = AmongSections
	case hasClassLevel(body):
		q.Among = AmongClasses
	case strings.Contains(body, "专项"):
		q.Among = AmongSpecial
	case strings.Contains(body, "项目"):
		q.Among = AmongProjects
	}
	// The item ranked within: the words before 里/中/下面/按.
	if m := withinRE.FindStringSubmatch(body); m != nil {
		q.SetItem(cleanItem(m[1]))
	}
	if q.Item() == "" && q.Among == AmongYears {
		q.SetItem(cleanItem(whichYearRE.ReplaceAllString(body, "")))
	}
	// "八个项目里", "这些项目中": the projects themselves.
	if q.Among == AmongProjects && strings.HasSuffix(q.Item(), "项目") && cleanItem(countedRE.ReplaceAllString(strings.TrimSuffix(q.Item(), "项目"), "")) == "" {
		q.SetItem("")
	}
	return true
}

// rankChange reads a ranking by the change on the previous year
// ("哪项支出增长最快", "哪个项目比上年减少最多") and takes its words out
// of *t.
func (p *qparser) rankChange(t *string) bool {
	m := rankChangeRE.FindStringSubmatchIndex(*t)
	if m == nil {
		return false
	}
	q := &p.q
	verb, most := (*t)[m[2]:m[3]], (*t)[m[4]:m[5]]
	q.ByChange = true
	q.Down = hasDown(verb)
	q.Pct = hasPct(*t) || strings.Contains(verb, "幅") || most == "最快" || most == "最慢"
	q.Order = OrderMax
	if hasRankMin(most) || most == "最慢" {
		q.Order = OrderMin
	}
	if q.FigureYear < 0 {
		q.FigureYear = 0 // "比上年": the base of the change
	}
	*t = comparedWithRE.ReplaceAllString((*t)[:m[0]]+" "+(*t)[m[1]:], " ")
	// "…涨得最多？涨了多少？": the second question asks the same.
	*t = changeRE.ReplaceAllString(*t, " ")
	return true
}

// countedRE matches a count before a noun: 八个, 这些, 所有.
var countedRE = regexp.MustCompile(`^(?:[0-9一二三四五六七八九十两几]+个|这些|那些|所有|全部|各)`)

// list: X 有哪些 | X 包括哪些
func (p *qparser) list(t string) bool {
	if !listRE.MatchString(t) {
		return false
	}
	p.q.Intent = IntentList
	loc := listRE.FindStringIndex(t)
	before, after := cleanItem(t[:loc[0]]), cleanItem(t[loc[1]:])
	p.q.SetItem(before)
	if after != "" {
		p.q.SetItem(after)
	}
	return true
}

// count: 几个 X | X 有多少人
func (p *qparser) count(t string) bool {
	m := countRE.FindStringSubmatchIndex(t)
	if m == nil {
		return false
	}
	unit := t[m[2]:m[3]]
	p.q.Intent = IntentCount
	p.q.Unit = unit
	switch {
	case unit == "名" || unit == "位":
		p.q.Unit = "人"
	case unit == "部" && strings.Contains(t, "车"):
		p.q.Unit = "辆"
	}
	before, after := cleanItem(t[:m[0]]), cleanItem(t[m[1]:])
	for _, w := range []string{"本单位", "单位", "部门", "本部门"} {
		if before == w {
			before = ""
		}
	}
	p.q.SetItem(before + after)
	return true
}

// change: X 比 (上年|Y年) (增加|减少) 多少 | X 增长率 | X 增长了百分之几
func (p *qparser) change(t string) bool {
	q := &p.q
	if !hasChange(t) {
		return false
	}
	if !compareRE.MatchString(t) && !hasPct(t) && !strings.Contains(t, "多少") && !strings.Contains(t, "几") {
		return false
	}
	q.Intent = IntentChange
	if q.FigureYear < 0 {
		q.FigureYear = 0 // "比去年": the base of the comparison
	}
	q.Down = hasDown(t)
	q.Pct = hasPct(t)
	if q.Pct {
		q.Unit = "%"
	}
	body := compareWordRE.ReplaceAllString(t, " ")
	body = changeRE.ReplaceAllString(body, " ")
	body = pctRE.ReplaceAllString(body, " ")
	body = baseMeasureRE.ReplaceAllString(body, " ")
	q.SetItem(cleanItem(firstField(body)))
	if m := countRE.FindStringSubmatch(t); m != nil {
		q.Unit = m[1]
		if q.Unit == "名" {
			q.Unit = "人"
		}
	}
	if len(q.Years) >= 2 {
		q.Intent = IntentDiff
	}
	return true
}

// sum: X 和 Y 加起来 | N 年 X 一共
func (p *qparser) sum(t string) bool {
	if !hasSum(t) {
		return false
	}
	q := &p.q
	body := sumRE.ReplaceAllString(strings.ReplaceAll(t, "+", "和"), " ")
	whole := cleanItem(firstField(body))
	known := p.scope.Known != nil && (p.scope.Known(whole) || p.scope.Known(strings.TrimPrefix(whole, "部门")))
	var terms []string
	if parts := andRE.Split(firstField(body), -1); len(parts) >= 2 && !known {
		for _, part := range parts {
			if it := cleanItem(part); it != "" {
				terms = append(terms, it)
			}
		}
	}
	switch {
	case len(terms) >= 2:
		q.Intent = IntentSum
		q.SetItems(terms...)
		return true
	case len(q.Years) >= 2 || len(q.Years) == 1 && q.Years[0] < 0:
		q.Intent = IntentSum
		q.SetItems(cleanItem(body))
		return true
	}
	// "三公经费预算总共多少", "本年收入合计多少": an amount.
	q.Intent = IntentAmount
	q.SetItem(cleanItem(sumWordRE.ReplaceAllString(t, "")))
	return true
}

// target: X 目标(值) | X 满意率
func (p *qparser) target(t string) bool {
	if !hasTarget(t) {
		return false
	}
	p.q.Intent = IntentTarget
	p.q.SetItem(cleanItem(targetWordRE.ReplaceAllString(t, "")))
	return true
}

// countByItem reads "退休人数", "在编人员有多少" as counts of people, and
// "平均得分" as a score.
func (p *qparser) countByItem() {
	q := &p.q
	switch {
	case peopleRE.MatchString(q.Item()):
		q.Intent, q.Unit = IntentCount, "人"
	case strings.HasSuffix(q.Item(), "得分") || strings.HasSuffix(q.Item(), "分数"):
		q.Unit = "分"
	}
}
