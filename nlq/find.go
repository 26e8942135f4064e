package nlq

import (
	"slices"
	"strings"
	"sync"

	"github.com/budgetqa/budgetqa/corpus"
)

// hit is a fact found for an item, with how well it matched.
type hit struct {
	f     *corpus.Fact
	doc   *corpus.Document
	score int
	rank  uint8 // 1 + factRank(doc, f), or 0 when not worked out yet
}

// order is the hit's factRank.
func (h hit) order() uint8 {
	if h.rank > 0 {
		return h.rank - 1
	}
	return factRank(h.doc, h.f)
}

// minScore is the weakest match accepted as naming the item; below it the
// engine says it does not know rather than guess.
const minScore = 60

// isTotalRow reports whether a row's name is a table's total line: a
// total word, or the department itself (its 本级 row).
func isTotalRow(d *corpus.Document, name string) bool {
	if corpus.IsTotalName(name) && !strings.HasSuffix(name, "小计") {
		return true
	}
	return name == d.Department || strings.HasPrefix(name, d.Department) || strings.HasSuffix(name, "本级")
}

// totalMeasures rank the columns that give an item's whole figure.
var totalMeasures = map[string]int{"支出总计": 0, "合计": 0, "总计": 0, "本年支出合计": 0, "金额": 0, "预算数": 0, "决算数": 0, "小计": 1, "机关运行经费支出": 1, "": 1}

// find returns the facts of d that name item, best first. measure, when
// set, keeps the facts of that column (or stated measure).
func (ev *eval) find(d *corpus.Document, item, measure string, kinds ...corpus.FactKind) []hit {
	return ev.e.findCode(d, "", ev.matcher(item), measure, kinds...)
}

// findCode is find with a 科目编码 that, when given, names the row outright.
// d must be one of the engine's documents.
func (e *Engine) findCode(d *corpus.Document, code string, m *matcher, measure string, kinds ...corpus.FactKind) []hit {
	return e.findAtLeast(d, code, m, measure, minScore, kinds...)
}

// findAtLeast is findCode keeping only the hits that score atLeast or
// more, in the same order. With a measure, which may raise a hit's score,
// it keeps those that score minScore or more.
func (e *Engine) findAtLeast(d *corpus.Document, code string, m *matcher, measure string, atLeast int, kinds ...corpus.FactKind) []hit {
	if measure != "" {
		atLeast = minScore
	}
	item := m.item
	if item == "" && code == "" {
		return nil
	}
	var want uint64 // bit k set for kind k; none: any kind
	for _, k := range kinds {
		want |= 1 << uint(k)
	}
	var out []hit
	keys := e.keysOf(d)
	totals, counts := keys.totals, keys.counts
	for i := range d.Facts {
		f := &d.Facts[i]
		// The total-row and count facts are listed in order.
		for len(totals) > 0 && int(totals[0].fact) < i {
			totals = totals[1:]
		}
		for len(counts) > 0 && int(counts[0].fact) < i {
			counts = counts[1:]
		}
		if want != 0 && want&(1<<uint(f.Kind)) == 0 {
			continue
		}
		sc := m.score(keys.subject[i])
		if f.Code != "" && (f.Code == item || f.Code == code) {
			sc = 100
		}
		if len(counts) > 0 && int(counts[0].fact) == i {
			// "拟制定和修改 12 件法规": the count's qualifier is part of its name.
			sc = max(sc, m.score(counts[0].name))
		}
		if sc < 88 {
			sc = max(sc, m.contextScore(keys.subject[i], d, f))
		}
		// A column of the total row: "基本支出" is 本级's 基本支出.
		if len(totals) > 0 && int(totals[0].fact) == i {
			if s2 := m.score(totals[0].name) - 3; s2 > sc {
				sc = s2
			}
		}
		if sc < atLeast {
			continue
		}
		out = append(out, hit{f: f, doc: d, score: sc, rank: factRank(d, f) + 1})
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
			// sentence speaks of it come first, and those of the other
			// part (a 基本支出 table for 项目支出) are not it.
			other := otherPart[measure]
			for i := range out {
				ctx := matchKey(factContext(d, out[i].f))
				if other != "" && strings.Contains(ctx, other) && !strings.Contains(ctx, measure) {
					continue
				}
				if coverage(matchKey(measure), ctx) >= 0.75 {
					out[i].score = min(100, out[i].score+6)
				}
				kept = append(kept, out[i])
			}
		}
		out = kept
	}
	slices.SortStableFunc(out, compareHits)
	return out
}

// otherPart names the part of spending that is not the one asked.
var otherPart = map[string]string{"基本支出": "项目支出", "项目支出": "基本支出"}

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

	// measureRank, tableAffinity, table before text, no doubt first.
	if ra, rb := a.order(), b.order(); ra != rb {
		return ra < rb
	}
	if a.score != b.score {
		return a.score > b.score
	}
	return a.f.Source.Line < b.f.Source.Line
}

// compareHits orders hits as better does.
func compareHits(a, b hit) int {
	switch {
	case better(a, b):
		return -1
	case better(b, a):
		return 1
	}
	return 0
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
func (ev *eval) best(d *corpus.Document, item, measure string, kinds ...corpus.FactKind) (hit, []hit, bool) {
	hs := ev.find(d, item, measure, kinds...)
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
	// The “三公” are given whole in their own table; the row of an
	// economic classification of 基本支出 (30217 公务接待费) is the basic
	// part only.
	if isSanGongItem(h.f.Subject) {
		if strings.Contains(t, "三公") {
			return 0
		}
		return 9 // after any measure of the “三公” table (factRank)
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

// isSanGongItem reports whether a subject is the “三公” or one of them.
func isSanGongItem(s string) bool {
	for _, w := range []string{"三公", "公务接待", "因公出国", "公务用车"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// docKeys holds a document's fact names prepared for matching, computed
// once per document: the ids in Engine.names of each fact's subject, of the
// measures of the total row's facts, and of the qualified names of counts.
type docKeys struct {
	doc     int32      // index in Engine.docs
	subject []int32    // by fact
	totals  []factName // facts of the total row, in order, with their measure
	counts  []factName // counts with a qualifier, in order, with Measure+Subject

	totalOnce sync.Once // the document's grand total, found once
	total     hit
	totalOK   bool
}

// factName is a fact's index with the id of one of its names.
type factName struct{ fact, name int32 }

// keysOf returns the prepared names of d's facts. d must be one of the
// engine's documents.
func (e *Engine) keysOf(d *corpus.Document) *docKeys {
	return e.keys[d]
}

// prepare computes a document's docKeys, adding its names to e.names.
func (e *Engine) prepare(d *corpus.Document) *docKeys {
	k := &docKeys{subject: make([]int32, len(d.Facts))}
	for i := range d.Facts {
		f := &d.Facts[i]
		k.subject[i] = e.names.add(f.Subject)
		if f.Source.FromTable() && isTotalRow(d, f.Subject) {
			k.totals = append(k.totals, factName{int32(i), e.names.add(f.Measure)})
		}
		if f.Kind == corpus.FactCount && f.Measure != "" {
			k.counts = append(k.counts, factName{int32(i), e.names.add(f.Measure + f.Subject)})
		}
	}
	k.totals, k.counts = tight(k.totals), tight(k.counts)
	return k
}
