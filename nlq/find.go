package nlq

import (
	"sort"
	"strings"

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
	if item == "" {
		return nil
	}
	want := map[corpus.FactKind]bool{}
	for _, k := range kinds {
		want[k] = true
	}
	var out []hit
	for i := range d.Facts {
		f := &d.Facts[i]
		if len(want) > 0 && !want[f.Kind] {
			continue
		}
		sc := e.syn.score(item, f.Subject)
		if f.Code != "" && f.Code == item {
			sc = 100
		}
		// A column of the total row: "基本支出" is 本级's 基本支出.
		if f.Source.FromTable() && isTotalRow(d, f.Subject) {
			if s2 := e.syn.score(item, f.Measure) - 3; s2 > sc {
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
		out = kept
	}
	sort.SliceStable(out, func(i, j int) bool { return better(out[i], out[j]) })
	return out
}

// sameMeasure reports whether a fact's measure is the one asked for.
func sameMeasure(have, want string) bool {
	if have == want {
		return true
	}
	switch want {
	case "年初预算数":
		return have == "年初预算" || strings.Contains(have, "年初预算")
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
	if a.score != b.score {
		return a.score > b.score
	}
	ma, mb := measureRank(a.f), measureRank(b.f)
	if ma != mb {
		return ma < mb
	}
	if a.f.Source.FromTable() != b.f.Source.FromTable() {
		return a.f.Source.FromTable()
	}
	if a.f.Doubt == "" != (b.f.Doubt == "") {
		return a.f.Doubt == ""
	}
	return a.f.Source.Line < b.f.Source.Line
}

func measureRank(f *corpus.Fact) int {
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
