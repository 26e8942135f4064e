package corpus

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/budgetqa/budgetqa/pdf"
)

// Patterns compiled once, used by the functions below.
var (
	contentRE = regexp.MustCompile(`主要包括[:：](.+)`)
)

// readFacts reads the facts of the text and the tables, the 名词解释 terms,
// the projects and the performance targets.
func (p *parser) readFacts() {
	d := p.doc
	r := newTextReader(d)
	for _, para := range d.Paragraphs {
		if isGlossary(para.Section) {
			if t, ok := readTerm(para); ok {
				d.Terms = append(d.Terms, t)
				continue
			}
		}
		r.readParagraph(para, paragraphTopic(para))
	}
	for ti, t := range d.Tables {
		p.tableFacts(ti, t)
	}
	p.readProjects()
	for _, b := range p.blocks {
		p.readTargets(b)
	}
	p.placeText()
}

// cellBox returns the page and box of the cell at position pos (1-based)
// of line num, or of the whole line when pos is 0; nothing for text input.
func (p *parser) cellBox(num, pos int) (int, *pdf.Box) {
	if num < 1 || num > len(p.lines) || p.lines[num-1].Page == 0 {
		return 0, nil
	}
	l := p.lines[num-1]
	b := l.Box
	if pos > 0 && pos <= len(l.Cells) && l.Cells[pos-1] != (pdf.Box{}) {
		b = l.Cells[pos-1]
	}
	b = b.Round()
	return l.Page, &b
}

// placeText gives the text facts, paragraphs and tables of a PDF their
// page, and the text facts the box of the line they start on; paragraphs
// and tables their file.
func (p *parser) placeText() {
	d := p.doc
	for i := range d.Facts {
		s := &d.Facts[i].Source
		if s.Page == 0 {
			s.Page, s.Box = p.cellBox(s.Line, 0)
		}
	}
	for i := range d.Paragraphs {
		d.Paragraphs[i].Page, _ = p.cellBox(d.Paragraphs[i].Line, 0)
		d.Paragraphs[i].File = d.File
	}
	for _, t := range d.Tables {
		t.Page, _ = p.cellBox(t.Line, 0)
		t.File = d.File
	}
}

func isGlossary(section string) bool {
	c := compact(section)
	return strings.Contains(c, "名词解释") || strings.Contains(c, "名称解释") || strings.Contains(c, "名词说明")
}

var termRE = regexp.MustCompile(`^([^：:。，]{2,30})[：:](.+)$`)

// readTerm reads a 名词解释 entry: "一、X：definition".
func readTerm(p Paragraph) (Term, bool) {
	text := compact(p.Text)
	text = trimEnum(text)
	m := termRE.FindStringSubmatch(text)
	if m == nil {
		return Term{}, false
	}
	return Term{Name: m[1], Definition: m[2], Line: p.Line}, true
}

// paragraphTopic is what a paragraph is about when its sentences do not
// say: its heading, or the heading above when its own only names a field
// ("人民调解项目经费情况说明" / "六、年度预算安排" / "795万元").
func paragraphTopic(p Paragraph) string {
	t := sectionTopic(p.Section)
	field := t
	for _, w := range []string{"年度", "预算", "安排", "资金", "金额", "经费", "总额"} {
		field = strings.ReplaceAll(field, w, "")
	}
	if field == "" && p.Parent != "" {
		return sectionTopic(p.Parent)
	}
	return t
}

// sectionTopic turns a heading into the item it is about: "（一）机关运行经费
// 支出情况" → 机关运行经费支出.
func sectionTopic(h string) string {
	c := trimEnum(compact(strings.TrimLeft(h, "# ")))
	for _, w := range []string{"情况说明", "经费情况说明", "情况", "说明", "的"} {
		c = strings.TrimSuffix(c, w)
	}
	if utf8.RuneCountInString(c) > 20 {
		return ""
	}
	return c
}

// tableFacts turns every figure of a table into a fact. A row that names
// no item (the single data row of a “三公” table, a year row such as
// "2022年", 增减变化) carries its items in the columns: each column's
// meaning, or its group when the meaning is a measure (预算数, 决算数),
// names the item.
func (p *parser) tableFacts(ti int, t *Table) {
	d := p.doc
	ref := t.Ref()
	sides := sideWords(t)
	for ri, row := range t.Rows {
		name := CompactName(row.Name)
		year := d.Year
		y := yearInRE.FindStringSubmatch(name)
		if y != nil && len(name) == len(y[0]) {
			year = atoi(y[1])
		}
		changeRow := strings.Contains(name, "增减") || strings.Contains(name, "变化")
		itemsInColumns := name == "" || y != nil && len(name) == len(y[0]) || changeRow
		rowRef := name
		if row.Code != "" {
			rowRef = row.Code + " " + name
		}
		for _, c := range row.Cells {
			if c.Column >= len(t.Columns) {
				continue
			}
			col := t.Columns[c.Column]
			fy := year
			if col.Year > 0 {
				fy = col.Year
			}
			subject, measure := name, col.Meaning
			if w := sides[row.Side]; w != "" && IsGenericTotal(name) {
				subject = w + name // "总计" of the 收入 side is 收入总计
			}
			if itemsInColumns {
				subject, measure = columnItem(t, col), ""
				if isMeasureMeaning(col.Meaning) {
					measure = col.Meaning
				}
				if subject == "" {
					continue
				}
			}
			f := Fact{
				Kind: FactAmount, Subject: subject, Code: row.Code, Measure: measure, Year: fy,
				Value: c.Value, Unit: t.Unit, Places: Places(c.Raw), Doubt: row.Doubt, Blank: c.Blank,
				Source: Source{File: d.File, Line: row.Line, Table: ref, TableIdx: ti, Row: firstNonEmpty(rowRef, "（各列）"), RowIdx: ri, Column: firstNonEmpty(col.Label, col.Meaning)},
			}
			f.Source.Page, f.Source.Box = p.cellBox(row.Line, c.Pos)
			switch {
			case changeRow:
				f.Kind = FactChange
			case fy < d.Year && fy > 0:
				f.Kind = FactPrior
			}
			d.Facts = append(d.Facts, f)
		}
	}
}

// sideWords names the sides of a table printed as two side by side (a
// 收支总表: 收入 on the left, 支出 on the right) by what the rows of each
// side are: the side whose rows name more 收入 than 支出 is 收入. A table of
// one side gets none.
func sideWords(t *Table) map[int]string {
	count := map[int][2]int{}
	for _, r := range t.Rows {
		c := count[r.Side]
		if strings.Contains(r.Name, "收入") {
			c[0]++
		}
		if strings.Contains(r.Name, "支出") {
			c[1]++
		}
		count[r.Side] = c
	}
	if len(count) < 2 {
		return nil
	}
	out := map[int]string{}
	for side, c := range count {
		switch {
		case c[0] > c[1]:
			out[side] = "收入"
		case c[1] > c[0]:
			out[side] = "支出"
		}
	}
	return out
}

// isMeasureMeaning reports whether a column meaning is a measure of an
// item rather than an item.
func isMeasureMeaning(m string) bool {
	switch m {
	case "预算数", "决算数", "年初预算数", "调整预算数", "金额", "执行数":
		return true
	}
	return false
}

// columnItem names the item a column holds in a table whose items are its
// columns: the meaning, or the group for a measure column; a total column
// is the item its confirmed parts share ("合计 = 因公出国（境）费 + 公务接待费
// + 公务用车购置及运行维护费" is “三公”经费).
func columnItem(t *Table, col Column) string {
	item := col.Meaning
	if isMeasureMeaning(item) {
		item = col.Group
	}
	if item == "合计" || item == "总计" || item == "" {
		if g := confirmedGroup(t); g != "" {
			return g
		}
		return tableCore(t.Title) + "合计"
	}
	return item
}

// confirmedGroup returns the group shared by the parts of the table's
// confirmed "合计 = …" relation.
func confirmedGroup(t *Table) string {
	for _, rel := range t.Confirmed {
		lhs, rhs, ok := strings.Cut(rel, " = ")
		if !ok || !strings.HasPrefix(lhs, "合计") {
			continue
		}
		group := ""
		for _, part := range strings.Split(rhs, " + ") {
			g := ""
			for _, c := range t.Columns {
				if c.Meaning == part || c.Group == part || c.Label == part {
					g = c.Group
					break
				}
			}
			if g == "" || group != "" && g != group {
				group = ""
				break
			}
			group = g
		}
		if group != "" {
			return group
		}
	}
	return ""
}

// readProjects collects the projects the text describes: a level whose
// subject ends in 项目, with its change, reason and content.
func (p *parser) readProjects() {
	d := p.doc
	seen := map[string]int{}
	for _, f := range d.Facts {
		if f.Source.FromTable() || !strings.HasSuffix(f.Subject, "项目") || utf8.RuneCountInString(f.Subject) < 4 {
			continue
		}
		name := strings.TrimSuffix(f.Subject, "项目")
		if !isProjectName(name) {
			continue
		}
		i, ok := seen[name]
		if !ok {
			d.Projects = append(d.Projects, Project{Name: name, Line: f.Source.Line})
			i = len(d.Projects) - 1
			seen[name] = i
		}
		pr := &d.Projects[i]
		a := f.Amount()
		switch f.Kind {
		case FactAmount:
			if pr.Amount == nil && IsMoney(f.Unit) {
				pr.Amount = &a
				if m := contentRE.FindStringSubmatch(f.Source.Sentence); m != nil {
					pr.Content = m[1]
				}
			}
		case FactChange:
			if pr.Change == nil {
				pr.Change = &a
			}
		case FactChangePct:
			if pr.Pct == nil {
				pr.Pct = &a
			}
		}
		if pr.Reason == "" && f.Reason != "" {
			pr.Reason = f.Reason
		}
	}
}

// isProjectName reports whether the words before 项目 name a project
// ("信访工作", "法律顾问服务") rather than describe a set of projects
// ("编报绩效目标的", "绩效评级为“良”的", "预留给小型和微型企业的政府采购"): a
// description is a clause ending in 的 or names the procurement the
// projects are reserved for.
func isProjectName(name string) bool {
	return name != "" && !strings.Contains(name, "的") && !strings.Contains(name, "政府采购")
}

var targetRE = regexp.MustCompile(`^(>=|<=|≥|≤|>|<|=|不低于|不少于|不高于|不超过|大于|小于)?\s*(\d+(?:\.\d+)?)\s*(%|天|人|篇|个|次|分|小时|件|项|家|万元|元)?$`)

// readTargets reads performance indicators (三级指标 with 目标值) from the
// rows of a table block: a text cell followed by a target value cell.
func (p *parser) readTargets(b *tableBlock) {
	var l1, l2 string
	for _, l := range b.Lines {
		var cells []string
		for _, c := range strings.Split(l.Text, "\t") {
			if c = strings.TrimSpace(c); c != "" {
				cells = append(cells, c)
			}
		}
		if len(cells) < 2 {
			continue
		}
		// The indicator levels named on this row hold for the rows below.
		for _, c := range cells[:len(cells)-1] {
			c = compact(c)
			if !strings.HasSuffix(c, "指标") || utf8.RuneCountInString(c) > 12 {
				continue
			}
			if isLevel1Indicator(c) {
				l1, l2 = c, ""
			} else {
				l2 = c
			}
		}
		last := compact(cells[len(cells)-1])
		m := targetRE.FindStringSubmatch(last)
		if m == nil || !strings.ContainsAny(last, "><≥≤%天人篇次分小时件不大于") {
			continue
		}
		name := compact(cells[len(cells)-2])
		if _, isNum := ParseNumber(name); isNum || utf8.RuneCountInString(name) < 2 {
			continue
		}
		num, _ := ParseNumber(m[2])
		op := m[1]
		switch op {
		case "不低于", "不少于", "大于":
			op = "≥"
		case "不高于", "不超过", "小于":
			op = "≤"
		}
		p.doc.Targets = append(p.doc.Targets, Target{Project: b.Title, Level1: l1, Level2: l2, Name: name, Value: last, Op: op, Number: num, Unit: m[3], Line: l.Num})
	}
}

// isLevel1Indicator reports whether a 指标 heading is a first-level one
// (产出指标, 效益指标, 满意度指标, 成本指标) rather than a second-level one.
func isLevel1Indicator(c string) bool {
	switch c {
	case "产出指标", "效益指标", "满意度指标", "成本指标", "效果指标", "管理指标":
		return true
	}
	return false
}
