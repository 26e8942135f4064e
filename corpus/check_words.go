package corpus

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// This file holds the rules about words rather than figures: the year and
// the department a heading names, the year a 预算 compares itself with,
// the date assets are counted at, placeholders left in, doubled or broken
// punctuation, and tables the contents list but the document lacks.

// listed reports tables named in the contents but absent from the document.
func (c *checker) listed() {
	for _, l := range c.doc.Listed {
		if !l.Found && !c.hasTableLike(l.Title) {
			c.flag(fmt.Sprintf("目录列出的表%d「%s」在文档中缺失", l.Number, l.Title),
				Source{File: c.doc.File, Line: l.Line, Page: c.linePage(l.Line), TableIdx: -1})
		}
	}
}

// hasTableLike reports whether the document has a table whose title is
// the listed one but for the year and the words 支出, 预算, 决算 and 表
// ("2019年政府采购预算表" for "政府采购支出预算表").
func (c *checker) hasTableLike(title string) bool {
	core := func(s string) string {
		s = yearInRE.ReplaceAllString(CompactName(s), "")
		s = bracketedRE.ReplaceAllString(s, "")
		for _, w := range []string{"支出", "预算", "决算", "表", "部门", "单位"} {
			s = strings.ReplaceAll(s, w, "")
		}
		return s
	}
	want := core(title)
	if want == "" {
		return false
	}
	for _, t := range c.doc.Tables {
		if core(t.Title) == want {
			return true
		}
	}
	return false
}

// linePage returns the page a line of the document is on, as far as the
// paragraphs and tables tell (0 for text input).
func (c *checker) linePage(line int) int {
	page := 0
	for _, p := range c.doc.Paragraphs {
		if p.Page > 0 && p.Line <= line {
			page = p.Page
		}
	}
	for _, t := range c.doc.Tables {
		if t.Page > 0 && t.Line <= line && t.Page > page {
			page = t.Page
		}
	}
	return page
}

// headingYears checks that the title, the headings and the tables' titles
// name the document's year when they name the budget or final accounts.
func (c *checker) headingYears() {
	d := c.doc
	if d.Year == 0 {
		return
	}
	// A heading speaks of the document's year when it names its kind: a
	// 预算 may report last year's 决算, a 决算 next year's 预算.
	kindWord := "预算"
	if d.Kind.IsFinal() {
		kindWord = "决算"
	}
	check := func(text string, src Source) {
		c2 := CompactName(text)
		if !strings.Contains(c2, kindWord) || otherYearWords(c2) {
			return
		}
		for _, m := range docYearRE.FindAllStringSubmatch(c2, -1) {
			if y := atoi(m[1]); y != d.Year {
				c.flag(fmt.Sprintf("「%s」写的是%d年，但这是%d年的%s", clip(strings.TrimSpace(text), 40), y, d.Year, d.Kind), src)
				return
			}
		}
	}
	for _, e := range d.Identity.evidence() {
		if e.Signal == SignalTitle || e.Signal == SignalHeading {
			check(e.Text, Source{File: d.File, Line: e.Line, Page: e.Page, Sentence: e.Text, TableIdx: -1})
		}
	}
	for _, s := range d.Sections {
		check(s.Heading, Source{File: d.File, Line: s.Line, Page: c.linePage(s.Line), Sentence: s.Heading, TableIdx: -1})
	}
	for ti, t := range d.Tables {
		check(t.Title, tablePlace(d, t, ti))
		// A column of a year after the document's (2026年预算数 in the
		// 2025 预算): a year before it is last year's, on purpose.
		for ci, col := range t.Columns {
			if col.Year > d.Year {
				src := tablePlace(d, t, ti)
				src.Column = colLabel(t, ci)
				c.flag(fmt.Sprintf("%s 的列「%s」写的是%d年，但这是%d年的%s", t.Ref(), colLabel(t, ci), col.Year, d.Year, d.Kind), src)
			}
		}
	}
}

// otherYearWords reports a heading that speaks of another year on purpose.
func otherYearWords(s string) bool {
	for _, w := range []string{"执行", "上年", "上一年", "比较", "对比", "相比", "以前年度", "结转"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// evidence returns the identity's evidence, none for a document without.
func (id *Identity) evidence() []Evidence {
	if id == nil {
		return nil
	}
	return id.Evidence
}

// comparedRE is a comparison with a year: 比2025年, 与2023年度相比, 较2022年.
var comparedRE = regexp.MustCompile(`(?:比|较|与|同|对比)((?:19|20)\d\d)年(度)?(年初|预算)?`)

// selfCompare finds a document comparing its year with itself or a later
// one ("比2026年预算增加" in the 2026 预算): the comparison is with last year.
// A 决算 may compare its year's spending with that year's 预算.
func (c *checker) selfCompare() {
	d := c.doc
	if d.Year == 0 {
		return
	}
	for _, s := range c.sentences() {
		for _, m := range comparedRE.FindAllStringSubmatch(s.text, -1) {
			y := atoi(m[1])
			if y < d.Year || y == d.Year && d.Kind.IsFinal() && m[3] != "" {
				continue
			}
			c.flag(fmt.Sprintf("「%s」与%d年比较，但这是%d年的%s，应与上年（%d年）比较", clip(s.text, 50), y, d.Year, d.Kind, d.Year-1), c.place(s))
			break
		}
	}
}

// asOfRE is the date assets are counted at: 截至2024年12月31日.
var asOfRE = regexp.MustCompile(`截[至止]((?:19|20)\d\d)年(\d{1,2})月(?:(\d{1,2})日)?`)

// asOfDates checks the year of "截至…年…月…日": a 决算 counts at the end of
// its own year, a 预算 at a date of the year before.
func (c *checker) asOfDates() {
	d := c.doc
	if d.Year == 0 || d.Kind == KindUnknown {
		return
	}
	for _, s := range c.sentences() {
		m := asOfRE.FindStringSubmatch(s.text)
		if m == nil {
			continue
		}
		y, month := atoi(m[1]), atoi(m[2])
		want := d.Year - 1
		if d.Kind.IsFinal() {
			want = d.Year
			if month < 12 && y == d.Year+1 {
				continue // a date after the year's end, as of publication
			}
		}
		if y == want {
			continue
		}
		c.flag(fmt.Sprintf("“%s”写的是%d年，但%d年%s的数据应截至%d年", m[0], y, d.Year, d.Kind, want), c.place(s))
	}
}

// placeholderRE is a template's placeholder left in: XX局, ××单位, ○○.
var placeholderRE = regexp.MustCompile(`[XＸxｘ×]{2,}|○{2,}|〇{2,}|某某`)

// placeholders finds placeholders in the text, the headings, the tables'
// titles and row names, and the department's name.
func (c *checker) placeholders() {
	d := c.doc
	found := func(text string) bool {
		for _, loc := range placeholderRE.FindAllStringIndex(text, -1) {
			// Latin words (XXL, Xbox) are not placeholders: want Chinese or
			// nothing around it.
			before, after := text[:loc[0]], text[loc[1]:]
			if endsLatin(before) || startsLatin(after) {
				continue
			}
			return true
		}
		return false
	}
	if found(d.Department) || found(d.Title) {
		c.flag(fmt.Sprintf("文件标题或部门名称「%s」含有未替换的占位符", clip(firstNonEmpty(d.Title, d.Department), 40)),
			Source{File: d.File, Line: 1, Page: c.linePage(1), Sentence: d.Title, TableIdx: -1})
	}
	for _, s := range d.Sections {
		if found(s.Heading) {
			c.flag(fmt.Sprintf("标题「%s」含有未替换的占位符", clip(s.Heading, 40)), Source{File: d.File, Line: s.Line, Page: c.linePage(s.Line), Sentence: s.Heading, TableIdx: -1})
		}
	}
	for _, s := range c.sentences() {
		if found(s.text) {
			c.flag(fmt.Sprintf("「%s」含有未替换的占位符", clip(s.text, 50)), c.place(s))
		}
	}
	for ti, t := range d.Tables {
		if found(t.Title) {
			c.flag(fmt.Sprintf("%s 的表名含有未替换的占位符", t.Ref()), tablePlace(d, t, ti))
		}
		for ri, r := range t.Rows {
			if found(r.Name) {
				src := tablePlace(d, t, ti)
				src.Line, src.Row, src.RowIdx = r.Line, rowLabel(r), ri
				if len(r.Cells) > 0 {
					src = c.cellPlace(ti, ri, r.Cells[0].Column)
				}
				c.flag(fmt.Sprintf("%s 行「%s」含有未替换的占位符", t.Ref(), rowLabel(r)), src)
			}
		}
	}
}

func endsLatin(s string) bool {
	if s == "" {
		return false
	}
	b := s[len(s)-1]
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

func startsLatin(s string) bool {
	if s == "" {
		return false
	}
	b := s[0]
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// departments checks that the title, the part headings, the labels over the
// tables (部门：, 编制部门：) and headings that open with a region name the
// cover's department: the same department, in its long or short form.
func (c *checker) departments() {
	d := c.doc
	if d.Department == "" {
		return
	}
	var wants []string
	for _, a := range DepartmentAliases(d.Department) {
		wants = append(wants, CanonicalDepartment(a))
	}
	full := CompactName(d.Department)
	same := func(name string) bool {
		k := CanonicalDepartment(name)
		n := CompactName(name)
		if strings.Contains(n, full) || strings.Contains(full, n) || containsUnit(d.Units, name) {
			return true
		}
		for _, w := range wants {
			if k == w || strings.Contains(k, w) && len(w) > 6 {
				return true
			}
		}
		return false
	}
	for _, e := range d.Identity.evidence() {
		if e.Name == "" || e.Signal == SignalFile || e.Signal == SignalTable || e.Signal == SignalLabel && strings.Contains(e.Text, "单位") {
			continue
		}
		if !same(e.Name) {
			c.flag(fmt.Sprintf("「%s」中的部门名称「%s」与封面的「%s」不一致", clip(e.Text, 40), e.Name, d.Department),
				Source{File: d.File, Line: e.Line, Page: e.Page, Sentence: e.Text, TableIdx: -1})
		}
	}
	for _, s := range d.Sections {
		name := headingOrgan(s.Heading)
		if name == "" || same(name) {
			continue
		}
		if levels, _ := regionLevels(CompactName(name)); len(levels) == 0 {
			continue
		}
		c.flag(fmt.Sprintf("标题「%s」中的部门名称「%s」与封面的「%s」不一致", clip(s.Heading, 40), name, d.Department),
			Source{File: d.File, Line: s.Line, Page: c.linePage(s.Line), Sentence: s.Heading, TableIdx: -1})
	}
}

// headingOrgan returns the organ a heading names before what it says of it
// (上海市普陀区司法局机构设置 → 上海市普陀区司法局), or "".
func headingOrgan(h string) string {
	s := trimEnum(CompactName(h))
	for _, tail := range []string{"机构设置", "主要职能", "职能", "基本情况", "单位构成", "部门构成"} {
		s = strings.TrimSuffix(s, tail)
	}
	return CleanOrganName(s)
}

func containsUnit(units []string, name string) bool {
	for _, u := range units {
		if CompactName(u) == CompactName(name) {
			return true
		}
	}
	return false
}

// punctRE is a doubled or broken mark: 。。, ，。, 、、 (not …… or ——).
var punctRE = regexp.MustCompile(`[。，、；：][。，、；]|，：|、：`)

// punctuation finds doubled or broken punctuation in the text.
func (c *checker) punctuation() {
	for _, p := range c.doc.Paragraphs {
		for _, loc := range punctRE.FindAllStringIndex(p.Text, -1) {
			around := p.Text[max(0, loc[0]-60):loc[1]]
			for !utf8.RuneStart(around[0]) {
				around = around[1:]
			}
			c.flag(fmt.Sprintf("「…%s」中标点重复或残缺：“%s”", around, p.Text[loc[0]:loc[1]]), c.textPlace(p.Line, p.Page, p.Text))
		}
	}
}

// emptyReasonRE is a reason announced and not given: 主要原因是。
var emptyReasonRE = regexp.MustCompile(`(?:主要原因|原因)(?:是|为|在于)?[:：]?\s*[。；;]`)

// emptyReasons finds "主要原因是。" with nothing after it.
func (c *checker) emptyReasons() {
	for _, s := range c.sentences() {
		if emptyReasonRE.MatchString(s.text) {
			c.flag(fmt.Sprintf("「%s」写了“主要原因”却没有写明原因", clip(s.text, 50)), c.place(s))
		}
	}
}
