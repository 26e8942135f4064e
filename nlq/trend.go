package nlq

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// eachYear answers an item's figure in each of several years ("17年到19年
// 每年各是多少", "三公经费的变化趋势"): each year's own document, the change
// from year to year in the unit and in %, the year of the largest
// increase, and every figure's source.
func (ev *eval) eachYear() {
	q := ev.q
	docs := ev.yearsOf(q.Years)
	if len(docs) == 0 {
		ev.decline("抱歉，现有文件不包含所问的年份。")
		return
	}
	var items []Item
	var parts, missing []string
	var prev *deptFigure
	unit := ""
	var best *deptFigure // the year of the largest increase
	var bestChange decimal.Decimal
	for _, d := range docs {
		f, ok := ev.deptFigureOf(d, q.Item(), q.Measure)
		if !ok {
			missing = append(missing, fmt.Sprintf("%d年", d.Year))
			continue
		}
		if unit == "" {
			unit = f.unit
		}
		f.value, f.unit = inUnit(f.value, f.unit, unit), unit
		part := fmt.Sprintf("%d年%s", d.Year, fmtAmount(f.value, unit))
		if prev != nil && prev.d.Year == d.Year-1 {
			ch := f.value.Sub(prev.value)
			switch {
			case ch.IsZero():
				part += "（与上年持平）"
			case prev.value.IsZero():
				part += fmt.Sprintf("（比上年%s%s）", changeVerb(ch, unit), fmtAmount(ch.Abs(), unit))
			default:
				part += fmt.Sprintf("（比上年%s%s，%s%s%%）", changeVerb(ch, unit), fmtAmount(ch.Abs(), unit), pctVerb(ch), ch.Mul(hundred).DivRound(prev.value, 2).Abs())
			}
			if ch.IsPositive() && (best == nil || ch.GreaterThan(bestChange)) {
				fc := f
				best, bestChange = &fc, ch
			}
		}
		parts = append(parts, part)
		src := f.srcs[0]
		items = append(items, Item{Name: fmt.Sprintf("%d年", d.Year), Value: NewFigure(f.value), Unit: unit, Department: d.Department, Year: d.Year, Source: &src})
		ev.r.Sources = append(ev.r.Sources, f.srcs...)
		ev.r.figures = append(ev.r.figures, figure{value: f.value, unit: unit, year: d.Year, dept: ev.e.entityOf(d), item: f.name, src: src})
		fc := f
		prev = &fc
	}
	if len(items) == 0 {
		ev.decline(fmt.Sprintf("抱歉，所问年份的文件中没有找到“%s”。", displayItem(q.Item())))
		return
	}
	text := fmt.Sprintf("%s%s：%s。", docs[0].Department, displayItem(q.Item()), strings.Join(parts, "；"))
	if best != nil && len(items) > 2 {
		text += fmt.Sprintf("增加最多的是%d年，比上年增加%s。", best.d.Year, fmtAmount(bestChange, unit))
	}
	if len(missing) > 0 {
		text += strings.Join(missing, "、") + "的文件中没有这一项。"
	}
	ev.r.Answered = true
	ev.r.Intent = "trend"
	ev.r.Answer = AnswerBody{Text: text, Items: items}
	ev.r.Interpretation = interp(0, docs[0].Department, displayItem(q.Item()), "各年")
}
