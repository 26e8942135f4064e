package nlq

import (
	"sort"
	"strings"
	"sync"

	"github.com/budgetqa/budgetqa/corpus"
)

// hit is a fact found for an item, with how well it matched.
type hit struct {
	f     *corpus.Fact
	doc   *corpus.Document
	score int
}

// minScore is the weakest match accepted as naming the item; below it the
// engine says it does not know rather than guess.
const minScore = 60

// totalRows are the row names of a table's total line.
func isTotalRow(d *corpus.Document, name string) bool {
	switch name {
	case "合计", "总计", "金额合计", "本年支出合计", "支出合计", "本年收入合计", "收入合计":
		return true
	}
	return name == d.Department || strings.HasPrefix(name, d.Department) || strings.HasSuffix(name, "本级")
}

// totalMeasures rank the columns that give an item's whole figure.
var totalMeasures = map[string]int{"支出总计": 0, "合计": 0, "总计": 0, "本年支出合计": 0, "金额": 0, "预算数": 0, "决算数": 0, "小计": 1, "机关运行经费支出": 1, "": 1}

// find returns the facts of d that name item, best first. measure, when
// set, keeps the facts of that column (or stated measure).
func (e *Engine) find(d *corpus.Document, item, measure string, kinds ...corpus.FactKind) []hit {
	return e.findCode(d, "", item, measure, kinds...)
}

// findCode is find with a 科目编码 that, when given, names the row outright.
func (e *Engine) findCode(d *corpus.Document, code, item, measure string, kinds ...corpus.FactKind) []hit {
	if item == "" && code == "" {
		return nil
	}
	want := map[corpus.FactKind]bool{}
	for _, k := range kinds {
		want[k] = true
	}
	var out []hit
	ik := e.syn.nameKey(item)
	keys := e.keysOf(d)
	for i := range d.Facts {
		f := &d.Facts[i]
		if len(want) > 0 && !want[f.Kind] {
			continue
		}
		sc := e.syn.scoreKeys(ik, keys.subject[i])
		if f.Code != "" && (f.Code == item || f.Code == code) {
			sc = 100
		}
		if f.Kind == corpus.FactCount && f.Measure != "" {
			// "拟制定和修改 12 件法规": the count's qualifier is part of its name.
			sc = max(sc, e.syn.score(item, f.Measure+f.Subject))
		}
		if sc < 88 {
			sc = max(sc, e.syn.contextScore(ik, keys.subject[i], func() string { return factContext(d, f) }))
		}
		// A column of the total row: "基本支出" is 本级's 基本支出.
		if keys.totalRow[i] {
			if s2 := e.syn.scoreKeys(ik, keys.measure[i]) - 3; s2 > sc {
				sc = s2
			}
		}
		if sc < minScore {
			continue
		}
		out = append(out, hit{f: f, doc: d, score: sc})
	}
	if measure != "" {
		var kept []hit
		for _, h := range out {
			if sameMeasure(h.f.Measure, measure) {
				kept = append(kept, h)
			}
		}
		if len(kept) == 0 && !isMeasureMeaningWord(measure) {
			// "基本支出里的人员经费": no column of that name; the measure
			// narrows by context instead: the facts whose table or
			// sentence speaks of it come first.
			for i := range out {
				if coverage(matchKey(measure), matchKey(factContext(d, out[i].f))) >= 0.75 {
					out[i].score = min(100, out[i].score+6)
				}
			}
			kept = out
		}
		out = kept
	}
	sort.SliceStable(out, func(i, j int) bool { return better(out[i], out[j]) })
	return out
}

// isMeasureMeaningWord reports whether a measure names a kind of figure
// (预算数, 决算数) rather than a part of the budget (基本支出).
func isMeasureMeaningWord(m string) bool {
	switch m {
	case "预算数", "决算数", "年初预算数", "调整预算数", "完成率":
		return true
	}
	return false
}

// factContext is what surrounds a fact: for a table figure the table's
// title and the names of the rows above it, for a text figure its
// qualifier and sentence.
func factContext(d *corpus.Document, f *corpus.Fact) string {
	if !f.Source.FromTable() {
		return f.Measure + f.Source.Sentence
	}
	ctx := f.Source.Table
	if ti := f.Source.TableIdx; ti >= 0 && ti < len(d.Tables) {
		t := d.Tables[ti]
		for ri, n := f.Source.RowIdx, 0; ri >= 0 && ri < len(t.Rows) && n < 4; n++ {
			ri = t.Rows[ri].Parent
			if ri >= 0 && ri < len(t.Rows) {
				ctx += t.Rows[ri].Name
			}
		}
	}
	return ctx
}

// sameMeasure reports whether a fact's measure is the one asked for.
func sameMeasure(have, want string) bool {
	if have == want {
		return true
	}
	switch want {
	case "年初预算数":
		return have == "年初预算" || strings.Contains(have, "年初预算") || have == "预算数"
	case "决算数":
		return have == "决算" || strings.Contains(have, "决算") || have == "本年支出合计"
	case "预算数":
		return have == "预算" || have == "" || have == "金额"
	case "政府采购":
		return strings.Contains(have, "政府采购") || have == "小计" && false
	}
	return strings.Contains(have, want)
}

// better orders two hits: higher score; then the item's whole figure
// (total columns) before a part; a table before the text; earlier tables
// first.
func better(a, b hit) bool {
	// Two strong matches name the same thing: the table's figure is
	// answered (and a differing text figure cited), so they rank equal here.
	if a.score != b.score && (a.score < sameThing || b.score < sameThing) {
		return a.score > b.score
	}

	ma, mb := measureRank(a), measureRank(b)
	if ma != mb {
		return ma < mb
	}
	if ta, tb := tableAffinity(a), tableAffinity(b); ta != tb {
		return ta < tb
	}
	if a.f.Source.FromTable() != b.f.Source.FromTable() {
		return a.f.Source.FromTable()
	}
	if a.f.Doubt == "" != (b.f.Doubt == "") {
		return a.f.Doubt == ""
	}
	if a.score != b.score {
		return a.score > b.score
	}
	return a.f.Source.Line < b.f.Source.Line
}

// sameThing is the score from which two matches are taken to name the
// same item.
const sameThing = 85

func measureRank(h hit) int {
	f := h.f
	if h.doc != nil && h.doc.Kind.IsFinal() {
		// In a 决算, the actual figure before the budgeted one.
		switch f.Measure {
		case "决算数":
			return 0
		case "预算数", "年初预算数":
			return 1
		}
	}
	if r, ok := totalMeasures[f.Measure]; ok {
		return r
	}
	if f.Source.FromTable() {
		return 2
	}
	return 1
}

// best returns the best hit of a kind set, or false.
func (e *Engine) best(d *corpus.Document, item, measure string, kinds ...corpus.FactKind) (hit, []hit, bool) {
	hs := e.find(d, item, measure, kinds...)
	if len(hs) == 0 {
		return hit{}, nil, false
	}
	return hs[0], hs, true
}

// tableAffinity prefers an expenditure table for an expenditure item and an
// income table for an income item: the same function code is printed in
// both, with different columns.
func tableAffinity(h hit) int {
	t := h.f.Source.Table
	if t == "" {
		return 0
	}
	income := strings.Contains(h.f.Subject, "收入")
	hasIn, hasOut := strings.Contains(t, "收入"), strings.Contains(t, "支出")
	switch {
	case income && hasIn, !income && hasOut:
		return 0
	case income && hasOut && !hasIn, !income && hasIn && !hasOut:
		return 2
	}
	return 1
}

// docKeys holds a document's fact names prepared for matching, computed
// once per document.
type docKeys struct {
	subject, measure []nameKey
	totalRow         []bool
	bySubject        map[string][]int // fact indexes by exact subject

	totalOnce sync.Once // the document's grand total, found once
	total     hit
	totalOK   bool
}

// keysOf returns the prepared names of d's facts.
func (e *Engine) keysOf(d *corpus.Document) *docKeys {
	if k, ok := e.keys[d]; ok {
		return k
	}
	return e.prepare(d)
}

// prepare computes a document's docKeys.
func (e *Engine) prepare(d *corpus.Document) *docKeys {
	k := &docKeys{
		subject:   make([]nameKey, len(d.Facts)),
		measure:   make([]nameKey, len(d.Facts)),
		totalRow:  make([]bool, len(d.Facts)),
		bySubject: map[string][]int{},
	}
	for i := range d.Facts {
		f := &d.Facts[i]
		k.bySubject[f.Subject] = append(k.bySubject[f.Subject], i)
		k.subject[i] = e.syn.nameKey(f.Subject)
		if f.Source.FromTable() && isTotalRow(d, f.Subject) {
			k.totalRow[i] = true
			k.measure[i] = e.syn.nameKey(f.Measure)
		}
	}
	return k
}
