package nlq

import (
	"fmt"
	"strings"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/shopspring/decimal"
)

// This file answers from the text: counts, definitions (名词解释), the
// stated reasons of changes and performance targets; and the suggestions
// offered when nothing is answered.

// count answers how many: a stated count, else the length of a list.
func (ev *eval) count() {
	q, d := ev.q, ev.doc
	hs := ev.find(d, q.Item(), "", corpus.FactCount)
	var ok []hit
	for _, h := range hs {
		if sameCountUnit(h.f.Unit, q.Unit) {
			ok = append(ok, h)
		}
	}
	if len(ok) > 0 {
		ev.answerFact(d, ok[0], "")
		ev.r.Answer.Text = fmt.Sprintf("%d年%s%s为%s。", d.Year, d.Department, countName(ok[0].f), fmtAmount(ok[0].f.Value, ok[0].f.Unit))
		return
	}
	if l, found := ev.textList(d, q.Item()); found && ev.matcher(q.Item()).scoreName(l.Name) >= 85 {
		n := len(l.Items)
		ev.r.Answered = true
		ev.r.Answer = AnswerBody{Text: fmt.Sprintf("%s共%d个：%s。", l.Name, n, strings.Join(l.Items, "、")), Value: NewFigure(decimal.NewFromInt(int64(n))), Unit: "个"}
		ev.r.Interpretation = interp(d.Year, d.Department, l.Name, "个数")
		ev.r.Sources = append(ev.r.Sources, withQuote(lineSource(d, "", l.Line, 0), l.Sentence))
		return
	}
	ev.notFound()
}

func countName(f *corpus.Fact) string { return f.Subject }

// sameCountUnit reports whether a stated unit answers the unit asked for.
func sameCountUnit(have, want string) bool {
	norm := map[string]string{"名": "人", "位": "人", "项": "个", "家": "个", "台（套）": "台", "套": "台"}
	n := func(s string) string {
		if v, ok := norm[s]; ok {
			return v
		}
		return s
	}
	return want == "" || n(have) == n(want)
}

// definition answers a 名词解释 entry.
func (ev *eval) definition() {
	q := ev.q
	docs := ev.docs
	if q.Dept == "" && len(docs) > 1 {
		// Every document is in scope: look the item up among their terms.
		docs = nil
		if d := ev.e.firstWithTerm(ev.matcher(q.Item()), ev.e.order(q.Kind), q.Year, 80); d != nil {
			docs = []*corpus.Document{d}
		}
	}
	for _, d := range docs {
		best, bestScore := corpus.Term{}, 0
		for _, t := range d.Terms {
			if sc := ev.matcher(q.Item()).scoreName(t.Name); sc > bestScore {
				best, bestScore = t, sc
			}
		}
		if bestScore >= 80 {
			ev.r.Answered = true
			ev.r.Answer = AnswerBody{Text: fmt.Sprintf("%s：%s", best.Name, best.Definition)}
			ev.r.Interpretation = interp(d.Year, d.Department, best.Name, "名词解释")
			ev.r.Sources = append(ev.r.Sources, withQuote(lineSource(d, "", best.Line, 0), best.Name+"："+best.Definition))
			return
		}
	}
	if ev.doc != nil && ev.passageAnswer(ev.r.Question, q.Item()) {
		return
	}
	ev.decline(fmt.Sprintf("抱歉，文件的名词解释中没有“%s”。", q.Item()))
}

// reason answers the stated reason of a change.
func (ev *eval) reason() {
	q, d := ev.q, ev.doc
	kinds := []corpus.FactKind{corpus.FactChange, corpus.FactChangePct, corpus.FactAmount, corpus.FactPrior}
	if q.Item() == "决算数小于预算数" {
		kinds = nil // a sentence says why; no item's figure does
	}
	for _, kind := range kinds {
		for _, h := range ev.find(d, q.Item(), "", kind) {
			if h.f.Reason == "" || h.f.Source.FromTable() {
				continue
			}
			ev.r.Answered = true
			ev.r.Answer = AnswerBody{Text: fmt.Sprintf("据%d年%s%s，%s变化的主要原因是：%s。", d.Year, d.Department, d.Kind, h.f.Subject, h.f.Reason)}
			ev.r.Interpretation = interp(d.Year, d.Department, h.f.Subject, "原因")
			ev.r.Sources = append(ev.r.Sources, ev.source(d, h.f))
			return
		}
	}
	// The sentences that give a reason and name the item.
	if p, s, ok := ev.reasonSentence(d, q.Item()); ok {
		ev.r.Answered = true
		ev.r.Answer = AnswerBody{Text: fmt.Sprintf("据%d年%s%s：%s。", d.Year, d.Department, d.Kind, s)}
		ev.r.Interpretation = interp(d.Year, d.Department, q.Item(), "原因")
		ev.r.Sources = append(ev.r.Sources, paraSource(d, p, s))
		return
	}
	ev.decline(fmt.Sprintf("抱歉，%d年%s%s没有说明“%s”的原因。", d.Year, d.Department, d.Kind, displayItem(q.Item())))
}

// reasonSentence finds a sentence that states a reason (原因) and shares the
// most characters with the item.
func (ev *eval) reasonSentence(d *corpus.Document, item string) (corpus.Paragraph, string, bool) {
	key := matchKey(item)
	var best corpus.Paragraph
	var bestS string
	bestScore := 0.0
	for _, p := range d.Paragraphs {
		if !strings.Contains(p.Text, "原") || !strings.Contains(p.Text, "因") {
			continue // no sentence says 原因
		}
		sents := strings.FieldsFunc(strings.ReplaceAll(p.Text, " ", ""), func(r rune) bool { return r == '。' })
		for i, s := range sents {
			if !strings.Contains(s, "原因") {
				continue
			}
			ctx := s
			if i > 0 {
				ctx = sents[i-1] + s
			}
			ck := matchKey(ctx)
			sc := coverage(key, ck)
			if strings.Contains(ck, key) && key != "" {
				sc += 1
			}
			if sc > bestScore {
				best, bestS, bestScore = p, s, sc
				if strings.HasSuffix(s, "：") || strings.HasSuffix(s, "原因") {
					if i+1 < len(sents) {
						bestS = s + sents[i+1]
					}
				}
			}
		}
	}
	return best, bestS, bestScore >= 0.75
}

// target answers a performance target (目标值).
func (ev *eval) target() {
	q, d := ev.q, ev.doc
	best, bestScore := corpus.Target{}, 0
	for _, t := range d.Targets {
		if sc := ev.matcher(q.Item()).scoreName(t.Name); sc > bestScore {
			best, bestScore = t, sc
		}
	}
	if bestScore < minScore {
		ev.amount()
		return
	}
	unit := best.Unit
	ev.r.Answered = true
	ev.r.Answer = AnswerBody{Text: fmt.Sprintf("%d年%s绩效指标“%s”的目标值为%s。", d.Year, d.Department, best.Name, best.Value), Value: NewFigure(best.Number), Unit: unit}
	ev.r.Interpretation = interp(d.Year, d.Department, best.Name, "绩效目标值")
	ev.r.Sources = append(ev.r.Sources, targetSource(d, best))
}

// suggestions offers questions the document can answer.
func (ev *eval) suggestions() []string {
	d := ev.doc
	if d == nil && len(ev.e.docs) > 0 {
		d = ev.e.docs[0]
	}
	if d == nil {
		return nil
	}
	out := []string{"部门预算总额是多少", "“三公”经费是多少", "项目支出占总支出的比例"}
	for _, p := range d.Projects {
		out = append(out, p.Name+"项目预算是多少")
		if len(out) >= 5 {
			break
		}
	}
	return out
}
