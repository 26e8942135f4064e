package nlq

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/shopspring/decimal"
)

// This file answers what the library holds: how many departments published
// a kind of document in a year, which did, and which years one did.

// aboutDocs answers what the library holds: how many departments published
// a kind of document in a year, which did, which years one did.
func (ev *eval) aboutDocs() {
	q, e := ev.q, ev.e
	final := q.Kind.IsFinal()
	kind := "部门预算"
	if final {
		kind = "部门决算"
	}
	depts := ev.acrossDepts()
	if q.Dept != "" && len(q.Depts) == 0 {
		depts = []string{e.resolveDept(q.Dept)}
	}
	type held struct {
		dept  string
		years []int
		docs  []*corpus.Document
	}
	var found []held
	for _, dept := range depts {
		h := held{dept: dept}
		for _, d := range e.byDept[dept] {
			if d.Kind.IsFinal() != final || q.Year > 0 && d.Year != q.Year {
				continue
			}
			if !slices.Contains(h.years, d.Year) {
				h.years = append(h.years, d.Year)
				h.docs = append(h.docs, d)
			}
		}
		if len(h.years) > 0 {
			sort.Slice(h.docs, func(i, j int) bool { return h.docs[i].Year < h.docs[j].Year })
			sort.Ints(h.years)
			found = append(found, h)
		}
	}
	when := ""
	if q.Year > 0 {
		when = fmt.Sprintf("%d年", q.Year)
	}
	if len(found) == 0 {
		ev.decline(fmt.Sprintf("现有文件中没有%s的%s。", when, kind))
		return
	}
	var items []Item
	ev.r.Answered = true
	switch {
	case q.Among == AmongYears:
		var ys []string
		for _, h := range found {
			for i, y := range h.years {
				ys = append(ys, fmt.Sprintf("%d年", y))
				src := SourceRef{Document: docTitle(h.docs[i]), DocID: h.docs[i].ID}
				items = append(items, Item{Name: fmt.Sprintf("%d", y), Department: h.docs[i].Department, Year: y, Source: &src})
			}
		}
		ev.r.Answer = AnswerBody{Text: fmt.Sprintf("现有文件中有%s以下年份的%s：%s。", found[0].docs[0].Department, kind, strings.Join(ys, "、")), Items: items}
	default:
		var names []string
		for _, h := range found {
			names = append(names, h.docs[0].Department)
			src := SourceRef{Document: docTitle(h.docs[0]), DocID: h.docs[0].ID}
			items = append(items, Item{Name: h.docs[0].Department, Department: h.docs[0].Department, Year: h.years[len(h.years)-1], Source: &src})
		}
		ev.r.Answer = AnswerBody{Text: fmt.Sprintf("现有文件中，%s共有%d个部门的%s：%s。", when, len(found), kind, strings.Join(names, "、")), Items: items}
		if q.Intent == IntentCount {
			ev.r.Answer.Value, ev.r.Answer.Unit = NewFigure(decimal.NewFromInt(int64(len(found)))), "个"
		}
	}
	ev.r.Interpretation = interp(q.Year, q.Region, "现有文件", kind)
	ev.doc = found[0].docs[0]
}
