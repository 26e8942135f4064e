package nlq

import (
	"fmt"
	"regexp"

	"github.com/budgetqa/budgetqa/corpus"
)

// This file evaluates a Query: it picks the documents in scope and
// dispatches on the intent to the files named for each.

// eval carries one evaluation: the query, the documents in scope and the
// response being built.
type eval struct {
	acrossYear int // the year of the documents of a question over departments
	e          *Engine
	q          Query
	docs       []*corpus.Document // in scope, the preferred one first; may be shared: never modify
	doc        *corpus.Document   // the document answering
	r          *Response

	matchers map[string]*matcher // by item, prepared once per evaluation
}

// matcher returns the matcher of an item.
func (ev *eval) matcher(item string) *matcher {
	if m, ok := ev.matchers[item]; ok {
		return m
	}
	var m *matcher
	if f, ok := ev.e.fixed[item]; ok {
		// Prepared by New; this evaluation's copy keeps its own contexts.
		c := *f
		c.shared, c.contexts = false, nil
		m = &c
	} else {
		m = newMatcher(ev.e.names, item)
	}
	if ev.matchers == nil {
		ev.matchers = map[string]*matcher{}
	}
	ev.matchers[item] = m
	return m
}

// Evaluate answers a parsed query. resp carries the question; the intent,
// answer, interpretation and sources are filled in.
func (e *Engine) Evaluate(q Query, resp Response) Response {
	resp.Intent = q.Intent.String()
	if resp.Sources == nil {
		resp.Sources = []SourceRef{}
	}
	ev := &eval{e: e, q: q, r: &resp}
	ev.run()
	resp.resolved = ev.resolved()
	return resp
}

// resolved is the query as answered, for the session: the department and
// the year of the document that answered, the year of the figure.
func (ev *eval) resolved() Query {
	q := ev.q
	if ev.doc == nil || !ev.r.Answered {
		return q
	}
	if q.Across || q.AboutDocs {
		// A set of departments stays a set: the year it was of is kept
		// for "那去年呢".
		if q.FigureYear == 0 && q.Year == 0 && ev.acrossYear > 0 {
			q.FigureYear = ev.acrossYear
		}
		return q
	}
	q.Dept = ev.e.entityOf(ev.doc)
	if len(q.Years) == 0 {
		q.Year = ev.doc.Year
		q.FigureYear = ev.figureYear()
		if n := len(ev.r.figures); n > 0 {
			q.FigureYear = ev.r.figures[n-1].year
		}
		if q.FigureYear <= 0 {
			q.FigureYear = ev.doc.Year
		}
	}
	return q
}

// run evaluates the query into ev.r.
func (ev *eval) run() {
	q, resp := ev.q, ev.r
	if q.Intent == IntentUnknown {
		ev.decline("抱歉，这个问题不在预算文件的范围内。我可以回答部门预算、决算中的金额、增减、占比、项目、“三公”经费等问题。")
		return
	}
	switch {
	case q.Unknown != "":
		ev.decline(fmt.Sprintf("抱歉，现有文件中没有“%s”的预算或决算。现有的部门：%s。", q.Unknown, ev.e.deptList(10)))
		return
	case len(q.Choices) > 0:
		ev.askBack(q.Choices, fmt.Sprintf("有%d个部门都可以这样称呼，您问的是哪个部门？", len(q.Choices)))
		return
	case q.AboutDocs:
		ev.aboutDocs()
		return
	case q.Across:
		ev.across()
		return
	}
	if !ev.scope() {
		return
	}
	switch {
	case q.Intent == IntentAmount && (len(q.Years) >= 2 || len(q.Years) == 1 && q.Years[0] < 0):
		ev.eachYear()
		return
	}
	switch q.Intent {
	case IntentAmount:
		ev.amount()
	case IntentChange:
		ev.change()
	case IntentShare:
		ev.share()
	case IntentSum:
		ev.sum()
	case IntentDiff:
		ev.diff()
	case IntentRank:
		ev.rank()
	case IntentList:
		ev.list()
	case IntentCount:
		ev.count()
	case IntentDefinition:
		ev.definition()
	case IntentReason:
		ev.reason()
	case IntentTarget:
		ev.target()
	default:
		ev.amount()
	}
	if !resp.Answered && len(resp.Suggestions) == 0 {
		resp.Suggestions = ev.suggestions()
	}
	if !resp.Answered && q.Intent != IntentUnknown && ev.doc != nil {
		ev.related(resp.Question)
	}
}

// decline answers that the documents do not say.
func (ev *eval) decline(text string) {
	ev.r.Answered = false
	ev.r.Answer = AnswerBody{Text: text}
}

// figureWordRE finds the words of a question that asks for a figure.
var figureWordRE = regexp.MustCompile(`多少|几|金额|钱|费|预算数|决算数|支出|收入|经费|资金|比例|比重|占|增|减|%|万元|元`)

// asksFigure reports whether a question asks for a figure, which no
// passage of text answers in its place.
func asksFigure(question string) bool { return figureWordRE.MatchString(normalize(question)) }

// scope picks the documents the query is about.
func (ev *eval) scope() bool {
	q := ev.q
	e := ev.e
	var sel []*corpus.Document
	if q.Dept == "" {
		// Every document: their order is known.
		if len(e.docs) == 0 {
			ev.decline(fmt.Sprintf("抱歉，现有文件中没有“%s”的预算或决算。", q.Dept))
			return false
		}
		o := e.order(q.Kind)
		sel = o.docs
		if q.Year > 0 {
			sel = o.byYear[q.Year]
		}
	} else {
		var docs []*corpus.Document
		for _, name := range e.deptIx.containing(q.Dept) {
			docs = append(docs, e.byDept[name]...)
		}
		if len(docs) == 0 {
			ev.decline(fmt.Sprintf("抱歉，现有文件中没有“%s”的预算或决算。", q.Dept))
			return false
		}
		for _, d := range docs {
			if q.Year > 0 && d.Year != q.Year {
				continue
			}
			sel = append(sel, d)
		}
		// A question that says 决算 goes to the 决算; otherwise a 部门预算 is
		// preferred to a 单位预算 or a 决算 of the same year.
		sortDocs(sel, q.Kind)
		// A 决算 asked of a department that has published none is not
		// answered from its 预算: 预算数 and 决算数 are different figures.
		if q.Kind.IsFinal() && len(sel) > 0 && !sel[0].Kind.IsFinal() {
			ev.decline(fmt.Sprintf("抱歉，现有文件中没有%s的部门决算（有%d年%s），无法回答决算数。", sel[0].Department, sel[0].Year, sel[0].Kind))
			return false
		}
	}
	if len(sel) == 0 {
		ev.decline(fmt.Sprintf("抱歉，现有文件中没有%d年的相关文件。", q.Year))
		return false
	}
	ev.docs = sel
	ev.doc = sel[0]
	// Several departments and none named: ask which, when more than one
	// holds the item; else keep the one that does, and say so.
	if q.Dept == "" && e.manyDepts(sel) {
		if clarifies[q.Intent] && q.Item() != "" {
			if depts := ev.deptsWithItem(); len(depts) >= 2 {
				ev.clarify(depts)
				return false
			}
		}
		ev.pickDocByItem()
	}
	return true
}

// manyDepts reports whether the documents are of more than one department.
func (e *Engine) manyDepts(ds []*corpus.Document) bool {
	for _, d := range ds {
		if e.entityOf(d) != e.entityOf(ds[0]) {
			return true
		}
	}
	return false
}

// maxAlternatives bounds the other documents offered when the question
// names no department.
const maxAlternatives = 10

// pickDocByItem chooses, among several departments' documents (all those
// of the year asked, any department), the one whose facts name the item
// best, and offers the first few others.
func (ev *eval) pickDocByItem() {
	if d := ev.e.pickByItem(ev.matcher(ev.q.Item()), ev.e.order(ev.q.Kind), ev.q.Year); d != nil {
		ev.doc = d
	}
	for _, d := range ev.docs {
		if len(ev.r.Alternatives) >= maxAlternatives {
			break
		}
		if d != ev.doc {
			ev.r.Alternatives = append(ev.r.Alternatives, fmt.Sprintf("%d年%s%s", d.Year, d.Department, d.Kind))
		}
	}
}

// docFor returns the document of the same department for a fiscal year.
func (ev *eval) docFor(year int) *corpus.Document {
	// A 决算 asked for is not answered from a 预算.
	return ev.docOfYear(year, ev.q.Kind != corpus.KindUnknown)
}

// docOfYear returns the department's document of a year, of the scoped
// document's kind if it has one; of the kind asked only, when strict.
func (ev *eval) docOfYear(year int, strict bool) *corpus.Document {
	docs := ev.e.byDept[ev.e.entityOf(ev.doc)]
	for _, d := range docs {
		if d.Year == year && d.Kind == ev.doc.Kind {
			return d
		}
	}
	for _, d := range docs {
		if d.Year == year && (!strict || ev.q.Kind.IsFinal() == d.Kind.IsFinal()) {
			return d
		}
	}
	return nil
}

// figureYear resolves the year of the figure asked for.
func (ev *eval) figureYear() int {
	y := ev.q.FigureYear
	if y < 0 && y > -10 {
		return ev.doc.Year + y
	}
	return y
}

// notFound declines an item the documents do not hold, offering close names.
func (ev *eval) notFound() {
	// "万里街道的机构设置": no figure is asked, and the text says it.
	if !asksFigure(ev.r.Question) && ev.q.Item() != "" && ev.passageAnswer(ev.r.Question, ev.q.Item()) {
		return
	}
	item := ev.q.Item()
	if item == "" {
		item = "该项目"
	}
	ev.decline(fmt.Sprintf("抱歉，在%d年%s%s中没有找到“%s”的数字。", ev.doc.Year, ev.doc.Department, ev.doc.Kind, item))
}
