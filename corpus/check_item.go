package corpus

import (
	"fmt"
	"regexp"
)

// This file holds the rule about the items a 预算's text explains one by
// one ("1、公共安全支出（204类）司法（06款）行政运行（01项）1672.67万元。…
// 2026年预算安排1672.67万元，比2025年…"): the figure in the item's heading
// and the year's figure in its explanation are one figure.

var (
	// itemHeadRE is an item's heading up to its first figure.
	itemHeadRE = regexp.MustCompile(`^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})[、.．]\s*[^。；]*?` + numPat + `(万元|元)`)
	// itemYearRE is the year's figure in the explanation.
	itemYearRE = regexp.MustCompile(`((?:19|20)\d\d)年(?:预算安排|预算数为|预算为|预算)` + numPat + `(万元|元)`)
)

// itemAmounts checks that an item's heading and its explanation give the
// year the same figure.
func (c *checker) itemAmounts() {
	d := c.doc
	for _, p := range d.Paragraphs {
		h := itemHeadRE.FindStringSubmatch(p.Text)
		if h == nil {
			continue
		}
		hv, _ := ParseNumber(h[1])
		for _, m := range itemYearRE.FindAllStringSubmatch(p.Text, -1) {
			if atoi(m[1]) != d.Year || m[3] != h[2] {
				continue
			}
			v, _ := ParseNumber(m[2])
			band := HalfUnit(Places(h[1])).Add(HalfUnit(Places(m[2])))
			c.compare(Figures{Stated: v, Expected: hv, Unit: h[2], Band: band}, fmt.Sprintf("%s ≠ %s", FormatNumber(v), FormatNumber(hv)),
				fmt.Sprintf("同一项目的标题金额为 %s，说明中却写“%s年预算安排%s”", fmtAmount(hv, h[2]), m[1], fmtAmount(v, m[3])),
				c.textPlace(p.Line, p.Page, clip(p.Text, 80)))
			break
		}
	}
}
