package nlq

import (
	"fmt"

	"github.com/budgetqa/budgetqa/corpus"
)

// combine answers a follow-up on the figures answered before in the
// session (Query.Previous): their sum ("两个加起来") or their difference
// ("差额是多少", "降了多少"), with the arithmetic and both sources.
//
// The session's focus stays where it was: prev is the query before.
func (e *Engine) combine(q Query, prev Query, figs []figure, resp Response) Response {
	resp.Intent = q.Intent.String()
	resp.resolved = prev
	if len(figs) < q.Previous {
		resp.Answer = AnswerBody{Text: "抱歉，前面还没有可以计算的两个数字。请先问具体的数字。"}
		return resp
	}
	a, b := figs[len(figs)-2], figs[len(figs)-1]
	bv, ok := corpus.Convert(b.value, b.unit, a.unit)
	if !ok {
		resp.Answer = AnswerBody{Text: fmt.Sprintf("抱歉，%s（%s）与%s（%s）单位不同，不能相加减。", a.item, a.unit, b.item, b.unit)}
		return resp
	}
	label := func(f figure) string {
		if a.dept != b.dept {
			return fmt.Sprintf("%d年%s%s", f.year, f.dept, f.item)
		}
		if a.year != b.year {
			return fmt.Sprintf("%d年%s", f.year, f.item)
		}
		return f.item + f.measure
	}
	resp.Answered = true
	resp.Sources = append(resp.Sources, a.src, b.src)
	switch q.Intent {
	case IntentSum:
		v := a.value.Add(bv)
		resp.Answer = AnswerBody{Text: fmt.Sprintf("%s与%s合计%s。", label(a), label(b), fmtAmount(v, a.unit)), Value: NewFigure(v), Unit: a.unit}
		resp.Arithmetic = fmt.Sprintf("%s + %s = %s", corpus.FormatNumber(a.value), corpus.FormatNumber(bv), corpus.FormatNumber(v))
		resp.Interpretation = "前两个数字之和"
	default:
		d := bv.Sub(a.value)
		verb := "增加"
		if d.IsNegative() {
			verb = "减少"
		}
		v := d
		if q.Down {
			v = d.Neg() // "降了多少": the size of the fall
		}
		if !q.Down && d.IsNegative() {
			v = d.Abs() // "差额": the gap
		}
		change := verb + fmtAmount(d.Abs(), a.unit)
		if d.IsZero() {
			change = "两者相同（持平）"
		}
		resp.Answer = AnswerBody{Text: fmt.Sprintf("%s为%s，%s为%s，%s。", label(b), fmtAmount(bv, a.unit), label(a), fmtAmount(a.value, a.unit), change), Value: NewFigure(v), Unit: a.unit}
		resp.Arithmetic = fmt.Sprintf("%s − %s = %s", corpus.FormatNumber(bv), corpus.FormatNumber(a.value), corpus.FormatNumber(d))
		resp.Interpretation = "前两个数字之差"
	}
	return resp
}
