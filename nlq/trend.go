package nlq

import (
	"fmt"
	"strings"

	"github.com/budgetqa/budgetqa/corpus"
)

// eachYear answers an item's figure in each of several years ("17年到19年
// 每年各是多少"): each year's own document, the change from year to year,
// and every figure's source.
func (ev *eval) eachYear() {
	q := ev.q
	docs := ev.yearsOf(q.Years)
	if len(docs) == 0 {
		ev.decline("抱歉，现有文件不包含所问的年份。")
		return
	}
	var items []Item
	var parts []string
	var prev *corpus.Fact
	var missing []string
	unit := ""
	for _, d := range docs {
		h, ok := ev.level(d, q.Item(), q.Measure)
		if !ok {
			missing = append(missing, fmt.Sprintf("%d年", d.Year))
			continue
		}
		f := h.f
		if unit == "" {
			unit = f.Unit
		}
		v, ok := corpus.Convert(f.Value, f.Unit, unit)
		if !ok {
			v, unit = f.Value, f.Unit
		}
		part := fmt.Sprintf("%d年%s", d.Year, fmtAmount(v, unit))
		if prev != nil {
			pv, _ := corpus.Convert(prev.Value, prev.Unit, unit)
			if ch := v.Sub(pv); !pv.IsZero() {
				part += fmt.Sprintf("（比上年%s%s）", changeVerb(ch, unit), fmtAmount(ch.Abs(), unit))
			}
		}
		parts = append(parts, part)
		items = append(items, Item{Name: fmt.Sprintf("%d年", d.Year), Value: NewFigure(v), Unit: unit})
		src := ev.source(d, f)
		ev.r.Sources = append(ev.r.Sources, src)
		ev.r.figures = append(ev.r.figures, figure{value: v, unit: unit, year: d.Year, dept: ev.e.entityOf(d), item: f.Subject, measure: f.Measure, src: src})
		prev = f
	}
	if len(items) == 0 {
		ev.decline(fmt.Sprintf("抱歉，所问年份的文件中没有找到“%s”。", displayItem(q.Item())))
		return
	}
	text := fmt.Sprintf("%s%s：%s。", docs[0].Department, displayItem(q.Item()), strings.Join(parts, "；"))
	if len(missing) > 0 {
		text += strings.Join(missing, "、") + "的文件中没有这一项。"
	}
	ev.r.Answered = true
	ev.r.Intent = "trend"
	ev.r.Answer = AnswerBody{Text: text, Items: items}
	ev.r.Interpretation = interp(0, docs[0].Department, displayItem(q.Item()), "各年")
}
