package nlq

import (
	"fmt"
	"strings"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/shopspring/decimal"
)

// eval carries one evaluation: the query, the documents in scope and the
// response being built.
type eval struct {
	e    *Engine
	q    Query
	docs []*corpus.Document // in scope, the preferred one first; may be shared: never modify
	doc  *corpus.Document   // the document answering
	r    *Response

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
	if len(q.Depts) >= 2 {
		ev.compareDepts()
		return
	}
	if !ev.scope() {
		return
	}
	switch {
	case q.Intent == IntentAmount && len(q.Years) >= 2:
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
	docs := ev.e.byDept[ev.e.entityOf(ev.doc)]
	for _, d := range docs {
		if d.Year == year && d.Kind == ev.doc.Kind {
			return d
		}
	}
	for _, d := range docs {
		if d.Year == year {
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

// defaultMeasure is the measure a bare figure of a document means.
func defaultMeasure(d *corpus.Document) string {
	if d.Kind.IsFinal() {
		return "决算数"
	}
	return "预算数"
}

// amount answers the figure of an item.
func (ev *eval) amount() {
	q := ev.q
	if y := ev.figureYear(); y > 0 && y != ev.doc.Year {
		// The year's own document is preferred; what the scoped one says
		// of that year is mentioned.
		if own := ev.docFor(y); own != nil {
			prevDoc := ev.doc
			ev.doc = own
			if ev.amountIn(own, q.Item(), q.Measure) {
				if h, ok := ev.priorFrom(prevDoc, q.Item()); ok {
					ev.r.Notes = append(ev.r.Notes, fmt.Sprintf("%d年文件按其上年比较也给出%s：%s", prevDoc.Year, h.text, h.value))
				}
				return
			}
			ev.doc = prevDoc
		}
		if y < ev.doc.Year {
			ev.prior(y)
			return
		}
		ev.decline(fmt.Sprintf("抱歉，现有文件中没有%s%d年的文件，无法回答%d年的数字。", ev.doc.Department, y, y))
		return
	}
	if q.Item() == "" && q.Code == "" {
		ev.decline("请说明想查询哪一项，例如“项目支出是多少”“三公经费比上年增加多少”。")
		return
	}
	if !ev.amountIn(ev.doc, q.Item(), q.Measure) {
		ev.notFound()
	}
}

// amountIn answers an item's figure from one document.
func (ev *eval) amountIn(d *corpus.Document, item, measure string) bool {
	kinds := []corpus.FactKind{corpus.FactAmount, corpus.FactCount}
	if genericTotal(item) && measure == "" {
		if h, ok := ev.total(d); ok {
			ev.answerFact(d, h, "")
			return true
		}
	}
	all := ev.e.findCode(d, ev.q.Code, ev.matcher(item), measure, kinds...)
	ok := len(all) > 0
	var h hit
	if ok {
		h = all[0]
	}
	if ok && ev.q.Unit != "" && !corpus.IsMoney(ev.q.Unit) && ev.q.Unit != h.f.Unit {
		// "平均得分": the figure in the unit asked for.
		for _, o := range all {
			if o.f.Unit == ev.q.Unit && o.score >= minScore {
				h = o
				break
			}
		}
	}
	if !ok && measure != "" {
		// "三公经费实际花了多少": the measure is the document's own.
		if measure == defaultMeasure(d) {
			h, all, ok = ev.best(d, item, "", kinds...)
		}
	}
	if !ok {
		if h, ok = ev.looseFind(d, item, kinds...); !ok {
			return false
		}
		ev.r.Notes = append(ev.r.Notes, fmt.Sprintf("按“%s”理解。", h.f.Subject))
	}
	ev.answerFact(d, h, measure)
	ev.noteDisagreement(h, all)
	ev.offerAlternatives(h, all)
	return true
}

// offerAlternatives names the other items a loosely matched question may
// have meant, with their figures, when they matched about as well.
func (ev *eval) offerAlternatives(h hit, all []hit) {
	if h.score >= 96 {
		return
	}
	seen := map[string]bool{matchKey(h.f.Subject): true}
	for _, o := range all {
		if len(ev.r.Alternatives) >= 3 || o.score < h.score-5 {
			break
		}
		k := matchKey(o.f.Subject)
		if seen[k] || o.f.Value.Equal(h.f.Value) {
			continue
		}
		seen[k] = true
		ev.r.Alternatives = append(ev.r.Alternatives, fmt.Sprintf("%s：%s", o.f.Subject, corpus.Amount{Value: o.f.Value, Unit: o.f.Unit}))
	}
}

// noteDisagreement cites a text figure that differs from the table figure
// answered (or a table figure that differs from a text one).
func (ev *eval) noteDisagreement(h hit, all []hit) {
	for _, o := range all {
		if o.score < h.score || o.f.Source.FromTable() == h.f.Source.FromTable() || o.f.Measure != h.f.Measure && o.f.Measure != "" && h.f.Measure != "" {
			continue
		}
		a, _ := corpus.Convert(o.f.Value, o.f.Unit, h.f.Unit)
		if !a.Equal(h.f.Value) && o.f.Kind == h.f.Kind {
			where, rule := "文字部分", "以表格数字为准"
			if o.f.Source.FromTable() {
				where, rule = o.f.Source.Table, "表格中没有更确切的对应项，按文字回答"
			}
			ev.r.Notes = append(ev.r.Notes, fmt.Sprintf("文件%s（第%d行）写作%s，与上述数字不一致；%s，两处均列于来源。", where, o.f.Source.Line, corpus.Amount{Value: o.f.Value, Unit: o.f.Unit}, rule))
			ev.r.Sources = append(ev.r.Sources, ev.source(h.doc, o.f))
			return
		}
	}
}

// notFound declines an item the documents do not hold, offering close names.
func (ev *eval) notFound() {
	item := ev.q.Item()
	if item == "" {
		item = "该项目"
	}
	ev.decline(fmt.Sprintf("抱歉，在%d年%s%s中没有找到“%s”的数字。", ev.doc.Year, ev.doc.Department, ev.doc.Kind, item))
}

// answerFact renders one fact as the answer.
func (ev *eval) answerFact(d *corpus.Document, h hit, measure string) {
	f := h.f
	value, unit := f.Value, f.Unit
	if ev.q.Unit != "" && corpus.IsMoney(ev.q.Unit) && corpus.IsMoney(unit) {
		value, _ = corpus.Convert(value, unit, ev.q.Unit)
		unit = ev.q.Unit
	}
	m := f.Measure
	if m == "" || m == "金额" {
		m = defaultMeasure(d)
	}
	name := displayName(d, f)
	if name != f.Subject && !isTotalRow(d, f.Subject) {
		m = defaultMeasure(d)
	} else if name != f.Subject {
		m = defaultMeasure(d) // the column is the item
	}
	text := fmt.Sprintf("%d年%s%s%s为%s。", f.Year, d.Department, name, measurePhrase(d, f, m), fmtAmount(value, unit))
	if f.Doubt != "" {
		text += "（注意：该数字所在的表格算术不平，" + f.Doubt + "）"
	}
	ev.r.Answered = true
	ev.r.Answer = AnswerBody{Text: text, Value: NewFigure(value), Unit: unit}
	shown := m
	if r, ok := totalMeasures[m]; ok && r == 0 {
		shown = defaultMeasure(d) // 合计, 支出总计: the item's whole figure
	}
	ev.r.Interpretation = interp(f.Year, d.Department, name, shown)
	src := ev.source(d, f)
	ev.r.Sources = append(ev.r.Sources, src)
	ev.r.figures = append(ev.r.figures, figure{value: value, unit: unit, year: f.Year, dept: ev.e.entityOf(d), item: name, measure: shown, src: src})
}

// displayName is the item's name as the answer says it: a row under a
// parent is named with it ("行政运行（人大事务）"), and the total row of a
// column by the column ("人员经费").
func displayName(d *corpus.Document, f *corpus.Fact) string {
	if !f.Source.FromTable() {
		return f.Subject
	}
	if _, total := totalMeasures[f.Measure]; isTotalRow(d, f.Subject) && f.Measure != "" && !isMeasureMeaningWord(f.Measure) && !total {
		return f.Measure
	}
	if ti, ri := f.Source.TableIdx, f.Source.RowIdx; len(f.Code) == 7 && ambiguousName(d, f) && ti >= 0 && ti < len(d.Tables) && ri >= 0 && ri < len(d.Tables[ti].Rows) {
		t := d.Tables[ti]
		if p := t.Rows[ri].Parent; p >= 0 && p < len(t.Rows) {
			return f.Subject + "（" + corpus.CompactName(t.Rows[p].Name) + "）"
		}
	}
	return f.Subject
}

// measurePhrase says which figure it is: 预算 / 决算 / 基本支出 / 年初预算.
func measurePhrase(d *corpus.Document, f *corpus.Fact, m string) string {
	switch m {
	case "预算数":
		if d.Kind.IsFinal() {
			return "年初预算数" // the budget column of a 决算
		}
		return "预算"
	case "支出总计", "合计", "总计", "本年支出合计":
		if d.Kind.IsFinal() {
			return "决算数"
		}
		return "预算"
	case "决算数":
		return "决算数"
	case "年初预算数":
		return "年初预算数"
	}
	if f.Kind == corpus.FactCount {
		return ""
	}
	return "（" + m + "）"
}

func interp(year int, dept, item, measure string) string {
	parts := []string{}
	if year > 0 {
		parts = append(parts, fmt.Sprintf("%d年", year))
	}
	for _, p := range []string{dept, item, measure} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " · ")
}

func fmtAmount(v decimal.Decimal, unit string) string {
	return corpus.FormatNumber(v) + unit
}

// source cites a fact.
func (ev *eval) source(d *corpus.Document, f *corpus.Fact) SourceRef {
	s := SourceRef{Document: docTitle(d), DocID: d.PartOf(f.Source.File), File: f.Source.File, Line: f.Source.Line, Page: f.Source.Page}
	if b := f.Source.Box; b != nil {
		s.Box = &[4]float64{b.X0, b.Y0, b.X1, b.Y1}
	}
	if f.Source.FromTable() {
		s.Table, s.Row, s.Column = f.Source.Table, f.Source.Row, f.Source.Column
	} else {
		s.Quote = f.Source.Sentence
	}
	return s
}

// lineSource cites a line of d's file: the text part's for a document of
// several files, unless file names another.
func lineSource(d *corpus.Document, file string, line, page int) SourceRef {
	if file == "" {
		file = d.File
	}
	return SourceRef{Document: docTitle(d), DocID: d.PartOf(file), File: file, Line: line, Page: page}
}

// paraSource cites a paragraph of d, quoting q.
func paraSource(d *corpus.Document, p corpus.Paragraph, q string) SourceRef {
	s := lineSource(d, p.File, p.Line, p.Page)
	s.Quote = q
	return s
}

func docTitle(d *corpus.Document) string {
	return fmt.Sprintf("%d年%s%s", d.Year, d.Department, d.Kind)
}

// ambiguousName reports whether a row's name is used by rows of another
// code in the document (行政运行 under several 款).
func ambiguousName(d *corpus.Document, f *corpus.Fact) bool {
	for i := range d.Facts {
		g := &d.Facts[i]
		if g.Subject == f.Subject && g.Code != "" && g.Code != f.Code {
			return true
		}
	}
	return false
}
