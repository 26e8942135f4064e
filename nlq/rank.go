package nlq

import (
	"fmt"
	"sort"
	"strings"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/shopspring/decimal"
)

// This file answers rankings and lists (intents rank and list): the
// candidates of each kind of scope and how they are gathered.

// candidate is one entry of a ranking or list: a fact, or a figure
// summed from parts (fig; the “三公” of a year given only by its parts).
type candidate struct {
	name string
	f    *corpus.Fact
	d    *corpus.Document
	fig  *deptFigure
}

// value and unit are the candidate's figure.
func (c candidate) value() decimal.Decimal {
	if c.fig != nil {
		return c.fig.value
	}
	return c.f.Value
}

func (c candidate) unit() string {
	if c.fig != nil {
		return c.fig.unit
	}
	return c.f.Unit
}

// sources cites the candidate's figure.
func (ev *eval) sources(c candidate) []SourceRef {
	if c.fig != nil {
		return c.fig.srcs
	}
	return []SourceRef{ev.source(c.d, c.f)}
}

// rank answers the largest or smallest among projects, a row's children,
// rows of a code level, the parts of “三公”经费, or years.
func (ev *eval) rank() {
	q := ev.q
	if q.ByChange {
		ev.rankByChange()
		return
	}
	cands, what := ev.rankCandidates()
	if len(cands) == 0 {
		ev.declineNoCandidates()
		return
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, _ := corpus.Convert(cands[i].value(), cands[i].unit(), cands[0].unit())
		b, _ := corpus.Convert(cands[j].value(), cands[j].unit(), cands[0].unit())
		if q.Order == OrderMin {
			return a.LessThan(b)
		}
		return a.GreaterThan(b)
	})
	top := cands[0]
	n := q.N
	if n <= 0 {
		n = len(cands)
	}
	var items []Item
	for i, c := range cands {
		if i >= n {
			break
		}
		item := Item{Name: c.name, Value: NewFigure(c.value()), Unit: c.unit()}
		if q.Among == AmongYears || len(q.Years) > 0 {
			src := ev.sources(c)[0]
			item.Department, item.Year, item.Source = c.d.Department, c.d.Year, &src
		}
		items = append(items, item)
	}
	word := "最多"
	if q.Order == OrderMin {
		word = "最少"
	}
	ev.r.Answered = true
	ev.r.Answer = AnswerBody{Text: fmt.Sprintf("%s中%s的是%s，为%s。", what, word, top.name, fmtAmount(top.value(), top.unit())), Value: NewFigure(top.value()), Unit: top.unit(), Items: items}
	ev.r.Interpretation = interp(top.d.Year, top.d.Department, what, word)
	srcs := ev.sources(top)
	ev.r.Sources = append(ev.r.Sources, srcs...)
	if top.fig != nil && top.fig.how != "" {
		ev.r.Arithmetic = top.fig.how
	}
	measure := ""
	if top.f != nil {
		measure = top.f.Measure
	}
	ev.r.figures = append(ev.r.figures, figure{value: top.value(), unit: top.unit(), year: top.d.Year, dept: ev.e.entityOf(top.d), item: top.name, measure: measure, src: srcs[0]})
}

// declineNoCandidates says that nothing was found to rank.
func (ev *eval) declineNoCandidates() {
	q, d := ev.q, ev.doc
	if q.Item() == "" && (q.Among == AmongAny || q.Among == AmongProjects) {
		ev.decline(fmt.Sprintf("抱歉，%d年%s%s没有分项目列出金额，无法比较各项目。", d.Year, d.Department, d.Kind))
		return
	}
	ev.decline(fmt.Sprintf("抱歉，没有找到可以比较的“%s”。", displayItem(q.Item())))
}

// rankCandidates gathers what a ranking compares.
func (ev *eval) rankCandidates() ([]candidate, string) {
	q, d := ev.q, ev.doc
	switch {
	case q.Among == AmongYears || len(q.Years) > 0:
		var out []candidate
		for _, yd := range ev.yearsOf(q.Years) {
			if f, ok := ev.deptFigureOf(yd, q.Item(), q.Measure); ok {
				out = append(out, candidate{name: fmt.Sprintf("%d年", yd.Year), f: f.f, d: yd, fig: &f})
			}
		}
		return out, "各年" + q.Item()
	case q.Among == AmongProjects && q.Item() == "",
		q.Among == AmongAny && q.Item() == "" && len(d.Projects) > 0:
		return ev.projectCandidates(d), "各项目"
	case q.Among == AmongAny && q.Item() == "":
		return ev.levelCandidates(d, "", 3), "各类支出"
	case q.Among.CodeLength() > 0:
		return ev.levelCandidates(d, q.Item(), q.Among.CodeLength()), q.Item() + q.Among.String() + "级科目"
	case q.Among == AmongSpecial:
		return ev.outlineCandidates(d, q.Item()), q.Item() + "各专项"
	}
	if c := ev.childCandidates(d, q.Item(), false); len(c) > 0 {
		return c, q.Item() + "各项"
	}
	return nil, ""
}

// projectCandidates lists the projects with their amounts.
func (ev *eval) projectCandidates(d *corpus.Document) []candidate {
	var out []candidate
	for _, p := range d.Projects {
		if p.Amount == nil {
			continue
		}
		name := p.Name + "项目"
		for i := range d.Facts {
			f := &d.Facts[i]
			if f.Subject == name && f.Kind == corpus.FactAmount && !f.Source.FromTable() && f.Value.Equal(p.Amount.Value) {
				out = append(out, candidate{name: p.Name, f: f, d: d})
				break
			}
		}
	}
	return out
}

// levelCandidates lists the coded rows of one code length (3 类, 5 款,
// 7 项) from the first table that has them. Within an item: a table whose
// title names it ("基本支出" in 基本支出预算表), compared on its whole
// column; or a column that is the item ("项目支出"), compared on that
// column.
func (ev *eval) levelCandidates(d *corpus.Document, within string, codeLen int) []candidate {
	// Spending by function is printed in the income tables too: a ranking
	// of spending cites a spending table.
	order := make([]int, len(d.Tables))
	for i := range order {
		order[i] = i
	}
	income := strings.Contains(within, "收入")
	sort.SliceStable(order, func(i, j int) bool {
		return incomeTable(d.Tables[order[i]]) == income && incomeTable(d.Tables[order[j]]) != income
	})
	for _, byColumn := range []bool{false, true} {
		for _, ti := range order {
			t := d.Tables[ti]
			measure, ok := tableHas(t, within, byColumn)
			if !ok {
				continue
			}
			var out []candidate
			seen := map[string]bool{}
			for _, f := range tableFacts(d, ti) {
				if len(f.Code) != codeLen || seen[f.Code] {
					continue
				}
				if measure == "" && totalMeasures[f.Measure] != 0 || measure != "" && f.Measure != measure {
					continue
				}
				seen[f.Code] = true
				out = append(out, candidate{name: f.Subject, f: f, d: d})
			}
			if len(out) > 0 {
				return out
			}
		}
	}
	return nil
}

// incomeTable reports whether a table's title names income and not
// spending (收入预算总表, 收入决算表).
func incomeTable(t *corpus.Table) bool {
	return strings.Contains(t.Title, "收入") && !strings.Contains(t.Title, "支出")
}

// tableHas reports whether a table holds an item's rows, and in which
// column: by title ("" for the table's whole column), or, when byColumn,
// by a column that is the item.
func tableHas(t *corpus.Table, item string, byColumn bool) (string, bool) {
	key := matchKey(item)
	if key == "" {
		return "", !byColumn
	}
	if !byColumn {
		return "", strings.Contains(matchKey(t.Title), key)
	}
	for _, c := range t.Columns {
		if matchKey(c.Meaning) == key {
			return c.Meaning, true
		}
	}
	return "", false
}

// tableFacts returns the facts read from table ti.
func tableFacts(d *corpus.Document, ti int) []*corpus.Fact {
	var out []*corpus.Fact
	for i := range d.Facts {
		if d.Facts[i].Source.FromTable() && d.Facts[i].Source.TableIdx == ti {
			out = append(out, &d.Facts[i])
		}
	}
	return out
}

// childCandidates lists the children of the row that names item, in the
// first table that has such a row with children.
func (ev *eval) childCandidates(d *corpus.Document, item string, anyCol bool) []candidate {
	key := matchKey(item)
	if strings.Contains(key, "三公") {
		return ev.sanGongParts(d)
	}
	for ti, t := range d.Tables {
		for ri, r := range t.Rows {
			if ev.matcher(item).scoreName(r.Name) < 90 {
				continue
			}
			kids := t.Children(ri)
			if len(kids) < 2 {
				continue
			}
			var out []candidate
			for _, f := range tableFacts(d, ti) {
				for _, k := range kids {
					if f.Source.Line == k.Line && f.Subject == corpus.CompactName(k.Name) && totalMeasures[f.Measure] == 0 {
						out = append(out, candidate{name: f.Subject, f: f, d: d})
						break
					}
				}
			}
			if len(out) > 0 {
				return dedupe(out)
			}
		}
	}
	return nil
}

func dedupe(cs []candidate) []candidate {
	seen := map[string]bool{}
	var out []candidate
	for _, c := range cs {
		if !seen[c.name] {
			seen[c.name] = true
			out = append(out, c)
		}
	}
	return out
}

// sanGongNames are the three parts of “三公”经费.
var sanGongNames = []string{"因公出国（境）费", "公务接待费", "公务用车购置及运行维护费"}

// sanGongParts lists the three parts of “三公”经费.
func (ev *eval) sanGongParts(d *corpus.Document) []candidate {
	var out []candidate
	for _, name := range sanGongNames {
		if h, ok := ev.level(d, name, ""); ok {
			out = append(out, candidate{name: name, f: h.f, d: d})
		}
	}
	return out
}

// outlineCandidates lists the second level of a table printed as an
// outline without codes (政府采购: 货物A / 办公设备购置费 / 台式计算机 …):
// under each first-level row, a row whose figure the rows after it add up
// to heads a group.
func (ev *eval) outlineCandidates(d *corpus.Document, item string) []candidate {
	for ti, t := range d.Tables {
		if _, ok := tableHas(t, item, false); !ok {
			continue
		}
		facts := map[int]*corpus.Fact{}
		for _, f := range tableFacts(d, ti) {
			if _, seen := facts[f.Source.RowIdx]; !seen {
				facts[f.Source.RowIdx] = f
			}
		}
		var out []candidate
		for _, ri := range outlineHeads(t, facts) {
			f := facts[ri]
			out = append(out, candidate{name: f.Subject, f: f, d: d})
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// outlineHeads returns the rows that head a group: each is followed by rows
// whose figures add up to its own. Totals and first-level rows are skipped.
func outlineHeads(t *corpus.Table, facts map[int]*corpus.Fact) []int {
	var heads []int
	for i := 0; i < len(t.Rows); i++ {
		f, ok := facts[i]
		if !ok || t.Rows[i].Level == 1 || corpus.IsGenericTotal(f.Subject) {
			continue
		}
		sum := decimal.Zero
		j := i + 1
		for ; j < len(t.Rows) && sum.LessThan(f.Value); j++ {
			g, ok := facts[j]
			if !ok {
				break
			}
			sum = sum.Add(g.Value)
		}
		if j > i+1 && sum.Equal(f.Value) {
			heads = append(heads, i)
			i = j - 1
		}
	}
	return heads
}

// list answers the members of something: projects, the parts of
// “三公”经费, the 科室 or units the text enumerates, a row's children, the
// income sources.
func (ev *eval) list() {
	q, d := ev.q, ev.doc
	key := matchKey(q.Item())
	var items []Item
	var what string
	var src []SourceRef
	switch {
	case key == "项目" || key == "项目支出" || key == "项目支出项目":
		for _, c := range ev.projectCandidates(d) {
			items = append(items, Item{Name: c.name, Value: NewFigure(c.f.Value), Unit: c.f.Unit})
			src = append(src, ev.source(d, c.f))
		}
		what = "项目支出包括以下项目"
	case strings.Contains(key, "三公"):
		for _, c := range ev.sanGongParts(d) {
			items = append(items, Item{Name: c.name, Value: NewFigure(c.f.Value), Unit: c.f.Unit})
			src = append(src, ev.source(d, c.f))
		}
		what = "“三公”经费包括"
	case key == "" && q.Among == AmongClasses:
		for _, c := range ev.levelCandidates(d, "", 3) {
			items = append(items, Item{Name: c.name, Value: NewFigure(c.f.Value), Unit: c.f.Unit})
			src = append(src, ev.source(d, c.f))
		}
		what = "支出按功能分类"
	case key == "收入":
		for _, c := range ev.incomeCandidates(d) {
			items = append(items, Item{Name: c.name, Value: NewFigure(c.f.Value), Unit: c.f.Unit})
			src = append(src, ev.source(d, c.f))
		}
		what = "收入来自"
	}
	if len(items) == 0 {
		if l, ok := ev.textList(d, q.Item()); ok {
			for _, it := range l.Items {
				items = append(items, Item{Name: it})
			}
			what = l.Name + "包括"
			src = append(src, withQuote(lineSource(d, "", l.Line, 0), l.Sentence))
		}
	}
	if len(items) == 0 {
		if t, ok := tableNamed(d, q.Item()); ok {
			for _, r := range t.Rows {
				if n := corpus.CompactName(r.Name); n != "" {
					items = append(items, Item{Name: n})
				}
			}
			what = t.Title
			src = append(src, withTable(lineSource(d, t.File, t.Line, t.Page), t.Ref()))
		}
	}
	if len(items) == 0 {
		for _, c := range ev.childCandidates(d, q.Item(), false) {
			items = append(items, Item{Name: c.name, Value: NewFigure(c.f.Value), Unit: c.f.Unit})
			src = append(src, ev.source(d, c.f))
		}
		what = q.Item() + "包括"
	}
	if len(items) == 0 {
		ev.notFound()
		return
	}
	var names []string
	for _, it := range items {
		s := it.Name
		if it.Value.Valid {
			s += " " + corpus.FormatNumber(it.Value.Decimal) + it.Unit
		}
		names = append(names, s)
	}
	ev.r.Answered = true
	ev.r.Answer = AnswerBody{Text: fmt.Sprintf("%d年%s%s：%s。", d.Year, d.Department, what, strings.Join(names, "；")), Items: items}
	ev.r.Interpretation = interp(d.Year, d.Department, q.Item(), "列表")
	ev.r.Sources = append(ev.r.Sources, src...)
}

// incomeCandidates lists the income rows of the document's first table
// that has an income side with figures.
func (ev *eval) incomeCandidates(d *corpus.Document) []candidate {
	for ti, t := range d.Tables {
		if !strings.Contains(t.Title, "收") {
			continue
		}
		var out []candidate
		for _, f := range tableFacts(d, ti) {
			r := t.Rows[f.Source.RowIdx]
			if r.Side == 0 && r.Parent < 0 && f.Value.Sign() > 0 && !isTotalRow(d, f.Subject) && !corpus.MentionsTotal(f.Subject) {
				out = append(out, candidate{name: f.Subject, f: f, d: d})
			}
		}
		if len(out) > 0 {
			return dedupe(out)
		}
	}
	return nil
}

// textList finds a list the text states for the item.
func (ev *eval) textList(d *corpus.Document, item string) (corpus.List, bool) {
	best, bestScore := corpus.List{}, 0
	for _, l := range d.Lists {
		sc := ev.matcher(item).scoreName(l.Name)
		if item == "单位" && strings.Contains(l.Name, "单位") {
			sc = max(sc, 80)
		}
		if sc > bestScore {
			best, bestScore = l, sc
		}
	}
	return best, bestScore >= minScore
}

// tableNamed finds a table whose title names the item and whose rows are
// names, not figures ("部门决算单位构成" for 单位).
func tableNamed(d *corpus.Document, item string) (*corpus.Table, bool) {
	key := matchKey(item)
	if key == "" {
		return nil, false
	}
	for _, t := range d.Tables {
		if !strings.Contains(matchKey(t.Title), key) || len(t.Rows) == 0 {
			continue
		}
		named := 0
		for _, r := range t.Rows {
			if corpus.CompactName(r.Name) != "" {
				named++
			}
		}
		if named > 0 {
			return t, true
		}
	}
	return nil, false
}
