package corpus

import (
	"strings"

	"github.com/shopspring/decimal"
)

// This file holds the rules about the columns of one table: the standard
// identities of budget tables (合计 = 基本支出 + 项目支出, 合计 = 人员经费 +
// 公用经费, the sources of income, the three kinds of 财政拨款, the parts of
// “三公”经费), checked on every row, and the other sums the parser found
// that a table's own figures confirm.

// colRelation is one standard identity between the columns of a table: the
// column whose item is agg is the sum of the columns whose items are parts.
type colRelation struct {
	agg      []string // items the aggregate column may have
	parts    []string // items of the parts
	required []string // parts that must all be printed for the identity to apply
	minParts int      // parts that must be printed, at least
	// skipWith lists items whose presence means the aggregate sums
	// something else (a 合计 beside 会议费 and 培训费 is not the “三公”).
	skipWith []string
}

// The standard identities.
var (
	basicProject = colRelation{
		agg:      []string{MeaningTotal},
		parts:    []string{MeaningBasic, MeaningProject, MeaningToUpper, MeaningOperExpense, MeaningToAffil, MeaningReserve, MeaningCarryOut},
		required: []string{MeaningBasic, MeaningProject},
	}
	personnelPublic = colRelation{
		agg:      []string{MeaningTotal, MeaningBasic},
		parts:    []string{MeaningPersonnel, MeaningPublic},
		required: []string{MeaningPersonnel, MeaningPublic},
		skipWith: []string{MeaningProject},
	}
	incomeSources = colRelation{
		agg:      []string{MeaningTotal},
		parts:    []string{MeaningAppropr, MeaningBusiness, MeaningOperating, MeaningUpper, MeaningAffiliated, MeaningOtherIncome, MeaningOtherFunds},
		required: []string{MeaningAppropr},
		minParts: 2,
	}
	fundSources = colRelation{
		agg:      []string{MeaningTotal, MeaningAppropr},
		parts:    []string{MeaningGeneral, MeaningFund, MeaningStateCap},
		minParts: 2,
	}
	sanGongParts = colRelation{
		agg:      []string{MeaningSanGong, MeaningTotal},
		parts:    []string{MeaningAbroad, MeaningReception, MeaningCar},
		required: []string{MeaningAbroad, MeaningReception},
		minParts: 3,
		skipWith: []string{MeaningMeeting, MeaningTraining},
	}
	sanGongMeetings = colRelation{
		agg:      []string{MeaningTotal},
		parts:    []string{MeaningSanGong, MeaningMeeting, MeaningTraining},
		required: []string{MeaningSanGong, MeaningMeeting, MeaningTraining},
	}
	carParts = colRelation{
		agg:      []string{MeaningCar},
		parts:    []string{MeaningCarBuy, MeaningCarRun},
		required: []string{MeaningCarBuy, MeaningCarRun},
	}
)

// columnItem returns what a column holds and with which measure: a column
// under a spanning item (因公出国（境）费 / 预算数) holds the item of its
// group; any other its meaning.
func columnItemMeasure(c Column) (item, measure string) {
	if isMeasure(c.Meaning) && c.Group != "" {
		if m, ok := exactMeaning(c.Group); ok && !isMeasure(m) {
			return m, c.Meaning
		}
		if !isMeasure(c.Group) {
			return c.Group, c.Meaning
		}
	}
	return c.Meaning, ""
}

// columnGroups returns the value columns of a table by side and measure:
// the columns that may sum to one another.
func columnGroups(t *Table) [][]int {
	idx := map[string]int{}
	var out [][]int
	for ci, c := range t.Columns {
		_, m := columnItemMeasure(c)
		k := itoa(c.Side) + "\x00" + m
		if _, ok := idx[k]; !ok {
			idx[k] = len(out)
			out = append(out, nil)
		}
		out[idx[k]] = append(out[idx[k]], ci)
	}
	return out
}

// columnRule returns the rule that checks the identity rel on every row of
// every table that prints its columns.
func columnRule(rel colRelation) func(*checker) {
	return func(c *checker) {
		for ti, t := range c.doc.Tables {
			if !checkable(t) {
				continue
			}
			for _, g := range columnGroups(t) {
				agg, parts, ok := rel.columns(t, g)
				if !ok || c.coveredCol(ti, agg) {
					continue
				}
				var checks []sumCheck
				for ri, r := range t.Rows {
					if _, _, has := cellFigure(r, agg); !has || len(r.Cells) < 2 {
						continue
					}
					checks = append(checks, columnSumCheck(t, ti, ri, agg, parts))
				}
				if len(checks) > 0 && c.colReads(checks) {
					c.cover(ti, agg)
				}
				c.reportSums(checks, false)
			}
		}
	}
}

// columns finds the identity's columns among the group's.
func (rel colRelation) columns(t *Table, group []int) (agg int, parts []int, ok bool) {
	agg = -1
	present := map[string]bool{}
	for _, ci := range group {
		item, _ := columnItemMeasure(t.Columns[ci])
		present[item] = true
		if agg < 0 && hasItem(rel.agg, item) {
			agg = ci
		}
	}
	if agg < 0 {
		return -1, nil, false
	}
	for _, s := range rel.skipWith {
		if present[s] {
			return -1, nil, false
		}
	}
	for _, s := range rel.required {
		if !present[s] {
			return -1, nil, false
		}
	}
	seen := map[string]bool{}
	for _, ci := range group {
		item, _ := columnItemMeasure(t.Columns[ci])
		if ci != agg && hasItem(rel.parts, item) && !seen[item] && !strings.HasPrefix(t.Columns[ci].Label, "其中") {
			seen[item] = true
			parts = append(parts, ci)
		}
	}
	if len(parts) < max(2, rel.minParts) {
		return -1, nil, false
	}
	return agg, parts, true
}

func hasItem(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// columnSumCheck compares row ri's figure in column agg with the sum of its
// figures in the columns parts.
func columnSumCheck(t *Table, ti, ri, agg int, parts []int) sumCheck {
	r := t.Rows[ri]
	v, band, _ := cellFigure(r, agg)
	sum := decimal.Zero
	var names []string
	for _, p := range parts {
		pv, pt, _ := cellFigure(r, p)
		sum = sum.Add(pv)
		band = band.Add(pt)
		names = append(names, colLabel(t, p))
	}
	return sumCheck{ti: ti, row: ri, col: agg, val: v, sum: sum, band: band, parts: parts,
		what: strings.Join(names, "、") + "之和"}
}

// colReads reports whether an identity holds on at least as many rows as
// it fails on, so that the columns were read right.
func (c *checker) colReads(checks []sumCheck) bool {
	holds := 0
	for _, s := range checks {
		if s.ok() {
			holds++
		}
	}
	return holds*2 >= len(checks)
}

func (c *checker) coveredCol(ti, col int) bool { return c.covered[[2]int{ti, col}] }

func (c *checker) cover(ti, col int) {
	if c.covered == nil {
		c.covered = map[[2]int]bool{}
	}
	c.covered[[2]int{ti, col}] = true
}

// confirmedColumns checks the column sums the parser confirmed from a
// table's own figures ("合计 = “三公”经费 + 会议费 + 培训费") whose
// aggregate no standard identity covers, on every row.
func (c *checker) confirmedColumns() {
	for ti, t := range c.doc.Tables {
		if !checkable(t) {
			continue
		}
		for _, rel := range t.Confirmed {
			lhs, rhs, ok := strings.Cut(rel, " = ")
			if !ok || strings.Contains(rhs, "sum of") {
				continue
			}
			agg, parts := confirmedColumnsOf(t, lhs, strings.Split(rhs, " + "))
			if agg < 0 || c.coveredCol(ti, agg) {
				continue
			}
			c.cover(ti, agg)
			var checks []sumCheck
			for ri, r := range t.Rows {
				if _, _, has := cellFigure(r, agg); has && len(r.Cells) > 1 {
					checks = append(checks, columnSumCheck(t, ti, ri, agg, parts))
				}
			}
			c.reportSums(checks, false)
		}
	}
}

// confirmedColumnsOf finds the columns a confirmed relation names: the
// aggregate, and each part to its right on its side.
func confirmedColumnsOf(t *Table, lhs string, rhs []string) (int, []int) {
	for agg := range t.Columns {
		if colDisplay(t, agg) != lhs {
			continue
		}
		var parts []int
		used := map[int]bool{agg: true}
		for _, name := range rhs {
			found := -1
			for ci := range t.Columns {
				if !used[ci] && t.Columns[ci].Side == t.Columns[agg].Side && colDisplay(t, ci) == name {
					found = ci
					break
				}
			}
			if found < 0 {
				parts = nil
				break
			}
			used[found] = true
			parts = append(parts, found)
		}
		if len(parts) >= 2 {
			return agg, parts
		}
	}
	return -1, nil
}

// colDisplay names a column as the parser's confirmed relations do.
func colDisplay(t *Table, ci int) string {
	c := t.Columns[ci]
	if _, m := columnItemMeasure(c); m != "" {
		return c.Group + m
	}
	if c.Meaning != "" {
		return c.Meaning
	}
	return colLabel(t, ci)
}
