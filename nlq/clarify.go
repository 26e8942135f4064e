package nlq

import (
	"fmt"
	"slices"
	"strings"
)

// maxClarifyOptions bounds the departments a clarification offers.
const maxClarifyOptions = 8

// clarifies lists the intents that ask back when several departments'
// documents hold the item and none was named: one department's figure
// would be a guess. Rankings, lists and sums across documents do not ask.
var clarifies = map[Intent]bool{IntentAmount: true, IntentChange: true, IntentPrior: true, IntentShare: true, IntentCount: true, IntentTarget: true, IntentReason: true}

// deptsWithItem returns the departments (entity names, in the engine's
// order) with a document of the query's year and kind holding a fact that
// names the item as well as the best one can (85 or more).
func (ev *eval) deptsWithItem() []string {
	e, q := ev.e, ev.q
	m := ev.matcher(q.Item())
	if m.item == "" {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	note := func(ps []posting) {
		for _, p := range ps {
			di := p.doc()
			d := e.docs[di]
			if q.Year > 0 && d.Year != q.Year {
				continue
			}
			if name := e.entityOf(d); !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
	}
	for _, id := range m.cands {
		if m.score(id) >= sameThing {
			note(e.items.post[roleSubject][id])
			note(e.items.post[roleCount][id])
		}
	}
	slices.SortFunc(out, func(a, b string) int { return slices.Index(e.depts, a) - slices.Index(e.depts, b) })
	return out
}

// clarify declines a question several departments answer, asking which
// is meant, with a ready question for each.
func (ev *eval) clarify(depts []string) {
	ev.askBack(depts, fmt.Sprintf("有%d个部门的文件有“%s”，您问的是哪个部门？", len(depts), displayItem(ev.q.Item())))
}

// askBack declines with a Clarify offering depts, lead saying why.
func (ev *eval) askBack(depts []string, lead string) {
	if len(depts) > maxClarifyOptions {
		depts = depts[:maxClarifyOptions]
	}
	c := &Clarify{Missing: "department", Question: "您问的是哪个部门？", Options: []Option{}}
	question := strings.TrimSpace(ev.r.Question)
	var names []string
	for i, d := range depts {
		c.Options = append(c.Options, Option{Label: d, Department: d, Question: d + question})
		names = append(names, fmt.Sprintf("%d. %s", i+1, d))
	}
	ev.r.Answered = false
	ev.r.Clarify = c
	ev.r.Answer = AnswerBody{Text: fmt.Sprintf("%s%s（回复序号或部门名称即可）", lead, strings.Join(names, "；"))}
}
