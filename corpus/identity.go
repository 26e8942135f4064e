package corpus

import (
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// This file reads who published a document, for which year and of what
// kind, from every place a budget says so: the title (its lines joined,
// since long names wrap), the part headings ("第二部分 X2019年部门预算表"),
// the labels over the tables (部门：, 编制单位：), and, as a last hint, the
// file name. The signals vote; when they disagree the document's warnings
// say so.

// Identity records the evidence the department, year and kind were read
// from.
type Identity struct {
	Evidence []Evidence `json:"evidence"`
}

// Evidence is one place that names the department, year or kind.
type Evidence struct {
	Signal string `json:"signal"` // title, heading, label, file
	Text   string `json:"text"`   // as printed
	Name   string `json:"name,omitempty"`
	Year   int    `json:"year,omitempty"`
	Kind   Kind   `json:"kind,omitempty"`
	Line   int    `json:"line,omitempty"`
	Page   int    `json:"page,omitempty"`
}

// The signals, and the weight of each one's vote.
const (
	SignalTitle   = "title"
	SignalHeading = "heading"
	SignalLabel   = "label"
	SignalTable   = "table" // a table title naming the year or kind
	SignalFile    = "file"
)

var signalWeight = map[string]float64{SignalTitle: 3, SignalHeading: 2, SignalLabel: 1, SignalTable: 0.5, SignalFile: 0.3}

// maxLabelVotes bounds the votes of table labels: fifty tables saying the
// same thing are not fifty times as sure.
const maxLabelVotes = 5

var fileYearRE = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)\d\d)(?:[^0-9]|$)`)

// kindOf returns the kind a title or heading names.
func kindOf(s string) Kind {
	switch {
	case strings.Contains(s, "单位决算"):
		return KindUnitFinal
	case strings.Contains(s, "决算"):
		return KindFinal
	case strings.Contains(s, "单位预算"):
		return KindUnitBudget
	case strings.Contains(s, "预算"):
		return KindBudget
	}
	return KindUnknown
}

// kindOfFile reads a kind from a file name, in Chinese or pinyin.
func kindOfFile(name string) Kind {
	n := strings.ToLower(name)
	unit := strings.Contains(n, "单位") || strings.Contains(n, "danwei")
	switch {
	case strings.Contains(n, "决算") || strings.Contains(n, "juesuan"):
		if unit {
			return KindUnitFinal
		}
		return KindFinal
	case strings.Contains(n, "预算") || strings.Contains(n, "yusuan"):
		if unit {
			return KindUnitBudget
		}
		return KindBudget
	}
	return KindUnknown
}

// readIdentity reads the title, department, year, kind and region.
func (p *parser) readIdentity() {
	d := p.doc
	var ev []Evidence
	head, headLines := p.titleLines()
	d.Title = strings.Join(head, " ")
	if len(head) > 0 {
		e := Evidence{Signal: SignalTitle, Text: d.Title, Line: headLines[0], Page: p.lines[headLines[0]-1].Page}
		e.Name = titleName(head)
		e.Kind = kindOf(compact(d.Title))
		if m := docYearRE.FindStringSubmatch(compact(d.Title)); m != nil {
			e.Year = atoi(m[1])
		}
		ev = append(ev, e)
	}
	labels := 0
	for _, l := range p.lines {
		c := compact(l.Text)
		if c == "" {
			continue
		}
		if partRE.MatchString(c) && utf8.RuneCountInString(c) <= 60 {
			e := Evidence{Signal: SignalHeading, Text: strings.TrimSpace(l.Text), Line: l.Num, Page: l.Page, Name: CleanOrganName(c), Kind: kindOf(c)}
			if m := docYearRE.FindStringSubmatch(c); m != nil {
				e.Year = atoi(m[1])
			}
			if e.Name != "" || e.Year > 0 {
				ev = append(ev, e)
			}
		}
		if labels < 40 {
			if m := deptLabelRE.FindStringSubmatch(l.Text); m != nil {
				if name := CleanOrganName(stripKnownTail(compact(m[1]))); name != "" {
					ev = append(ev, Evidence{Signal: SignalLabel, Text: strings.TrimSpace(m[0]), Line: l.Num, Page: l.Page, Name: name})
					labels++
				}
			}
		}
		if t, _, ok := p.tableTitle(l.Text); ok && (kindOf(t) != KindUnknown || docYearRE.MatchString(t)) {
			e := Evidence{Signal: SignalTable, Text: t, Line: l.Num, Page: l.Page, Kind: kindOf(t)}
			if m := docYearRE.FindStringSubmatch(t); m != nil {
				e.Year = atoi(m[1])
			}
			ev = append(ev, e)
		}
	}
	base := strings.TrimSuffix(d.File, filepath.Ext(d.File))
	fe := Evidence{Signal: SignalFile, Text: d.File, Name: CleanOrganName(base), Kind: kindOfFile(base)}
	if m := fileYearRE.FindStringSubmatch(base); m != nil {
		fe.Year = atoi(m[1])
	}
	ev = append(ev, fe)
	d.Identity = &Identity{Evidence: ev}
	d.Department = p.pickDepartment(ev)
	d.Year = p.pickYear(ev)
	d.Kind = p.pickKind(ev)
	if levels, _ := regionLevels(d.Department); len(levels) > 0 {
		d.Region = strings.Join(levels, "")
	}
}

// titleLines returns the title: the first lines of the document up to the
// contents, a part heading, body text or a table, and their numbers. It
// also sets p.headEnd.
func (p *parser) titleLines() ([]string, []int) {
	var head []string
	var nums []int
	for i, l := range p.lines {
		if i > 40 {
			break
		}
		t := strings.TrimSpace(strings.Trim(l.Text, "# \t"))
		if t == "" || pageNumRE.MatchString(t) {
			continue
		}
		c := compact(t)
		if isTOCHeading(t) || len(head) >= 4 || strings.Contains(l.Text, "\t") ||
			strings.ContainsAny(t, "，。；") || utf8.RuneCountInString(t) > 40 || partRE.MatchString(c) {
			break
		}
		if _, _, ok := tableNumber(c); ok {
			break
		}
		if len(head) > 0 && (isTableTitle(c) || unitRE.MatchString(c)) {
			break // a table starts right after the title
		}
		head = append(head, t)
		nums = append(nums, l.Num)
		p.headEnd = i + 1
	}
	return head, nums
}

// titleName finds the department in the title lines: all of them joined
// (a long name wraps), else two consecutive, else one.
func titleName(head []string) string {
	if n := CleanOrganName(strings.Join(head, "")); n != "" {
		return n
	}
	for i := 0; i+1 < len(head); i++ {
		if n := CleanOrganName(head[i] + head[i+1]); n != "" {
			return n
		}
	}
	for _, h := range head {
		if n := CleanOrganName(h); n != "" {
			return n
		}
	}
	return ""
}

// pickDepartment chooses the department the evidence names most, by key
// (its long and short names meet), and names it by the fullest form
// printed. A label cut short by wrapping ("江苏省人大" of "江苏省人大常委会
// 办公厅") is no organ's name and has no vote.
func (p *parser) pickDepartment(ev []Evidence) string {
	votes := map[string]float64{}
	forms := map[string]map[string]float64{}
	labels := map[string]int{}
	for _, e := range ev {
		if e.Name == "" {
			continue
		}
		k := CanonicalDepartment(e.Name)
		w := signalWeight[e.Signal]
		if e.Signal == SignalLabel {
			if labels[k] >= maxLabelVotes {
				w = 0
			}
			labels[k]++
		}
		votes[k] += w
		if forms[k] == nil {
			forms[k] = map[string]float64{}
		}
		forms[k][e.Name] += w + 0.01
	}
	if len(votes) == 0 {
		return ""
	}
	keys := make([]string, 0, len(votes))
	for k := range votes {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if votes[keys[i]] != votes[keys[j]] {
			return votes[keys[i]] > votes[keys[j]]
		}
		return keys[i] < keys[j]
	})
	best := keys[0]
	// The form printed with most weight; the fuller of two as strong.
	name, weight := "", 0.0
	for f, w := range forms[best] {
		switch n, m := utf8.RuneCountInString(f), utf8.RuneCountInString(name); {
		case w > weight+0.5, w >= weight-0.5 && (n > m || n == m && f < name):
			name, weight = f, w
		}
	}
	for _, k := range keys[1:] {
		if votes[k] >= 2 && votes[k]*2 >= votes[best] {
			p.warn(0, "department: %s read as %q; %s say %q", describe(ev, best), name, describe(ev, k), longest(forms[k]))
		}
	}
	return name
}

// describe says which signals named the department with key k.
func describe(ev []Evidence, k string) string {
	count := map[string]int{}
	for _, e := range ev {
		if e.Name != "" && CanonicalDepartment(e.Name) == k {
			count[e.Signal]++
		}
	}
	var parts []string
	for _, s := range []string{SignalTitle, SignalHeading, SignalLabel, SignalFile} {
		if n := count[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s×%d", s, n))
		}
	}
	return strings.Join(parts, ", ")
}

func longest(forms map[string]float64) string {
	out := ""
	for f := range forms {
		if len(f) > len(out) || len(f) == len(out) && f < out {
			out = f
		}
	}
	return out
}

// pickYear chooses the year the evidence names most; a year from the file
// name alone is a warning.
func (p *parser) pickYear(ev []Evidence) int {
	votes := map[int]float64{}
	for _, e := range ev {
		if e.Year >= 1990 && e.Year <= 2100 {
			votes[e.Year] += signalWeight[e.Signal]
		}
	}
	best, bestV := 0, 0.0
	for y, v := range votes {
		if v > bestV || v == bestV && y > best {
			best, bestV = y, v
		}
	}
	if best == 0 {
		// No title, heading or table names it: the first year printed
		// near the top.
		for _, l := range p.lines[:min(len(p.lines), 60)] {
			if m := docYearRE.FindStringSubmatch(compact(l.Text)); m != nil {
				return atoi(m[1])
			}
		}
		return 0
	}
	if bestV == signalWeight[SignalFile] {
		p.warn(0, "year: no title, heading or table names it; %d is read from the file name", best)
	}
	for y, v := range votes {
		if y != best && v >= 2 {
			p.warn(0, "year: read as %d, but %d is named too", best, y)
		}
	}
	return best
}

// pickKind chooses the kind the evidence names most: 预算 or 决算 by every
// signal's vote, 部门 or 单位 by the title, headings and file name only
// (table titles say 预算单位 of a 部门预算's units too).
func (p *parser) pickKind(ev []Evidence) Kind {
	var final, budget, unit, dept float64
	for _, e := range ev {
		if e.Kind == KindUnknown {
			continue
		}
		w := signalWeight[e.Signal]
		if e.Kind.IsFinal() {
			final += w
		} else {
			budget += w
		}
		if e.Signal != SignalTable {
			if e.Kind == KindUnitBudget || e.Kind == KindUnitFinal {
				unit += w
			} else {
				dept += w
			}
		}
	}
	switch {
	case final == 0 && budget == 0:
		return KindUnknown
	case final > budget && unit > dept:
		return KindUnitFinal
	case final > budget:
		return KindFinal
	case unit > dept:
		return KindUnitBudget
	}
	return KindBudget
}

// stripKnownTail removes what PDF extraction glues after a department name.
func stripKnownTail(name string) string {
	for _, w := range []string{"单位：", "单位:"} {
		if i := strings.Index(name, w); i > 0 {
			name = name[:i]
		}
	}
	return name
}
