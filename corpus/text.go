package corpus

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// textLine handles one line of text: a heading, or part of a paragraph.
// Lines broken mid-sentence by the PDF are joined back: a line continues
// the paragraph unless the paragraph ended a sentence or the line starts a
// heading or an enumerated item.
func (p *parser) textLine(l line) {
	t := strings.TrimSpace(l.Text)
	hashes := len(t) - len(strings.TrimLeft(t, "#"))
	t = strings.TrimSpace(strings.TrimLeft(t, "#"))
	c := compact(t)
	if level := headingLevel(c, hashes); level > 0 && (hashes > 0 || level == 1 || utf8.RuneCountInString(c)*100 < p.wrapWidth()*85) {
		p.flushPara()
		p.heading(t, level, l.Num)
		return
	}
	if len(p.para) > 0 {
		last := compact(p.para[len(p.para)-1].Text)
		_, enum := cutEnum(c)
		// "具体包括：1.普陀区司法局本部" / "2.普陀区法律援助中心": a short
		// enumerated item of a list the paragraph announced continues it.
		listItem := enum && utf8.RuneCountInString(c) <= 30 && !strings.ContainsAny(c, "。，") && p.paraList
		if enum && !listItem || !enum && endsSentence(last) && startsNew(c) {
			p.flushPara()
		}
	}
	p.para = append(p.para, line{Num: l.Num, Text: t})
	if !p.paraList && announcesList(c) {
		p.paraList = true
	}
}

// headingLevel returns the level of a heading line, or 0 for body text.
func headingLevel(c string, hashes int) int {
	n := utf8.RuneCountInString(c)
	if n == 0 || n > 40 || strings.ContainsAny(c, "。；，：:") {
		return 0
	}
	switch {
	case partRE.MatchString(c):
		return 1
	case hashes > 0:
		return hashes
	case strings.HasSuffix(c, "部分") || strings.HasPrefix(c, "名词解释") || strings.HasSuffix(c, "名词解释"):
		return 1
	}
	if rest, ok := cutEnum(c); ok && n <= 30 && !hasFigure(rest) {
		switch {
		case strings.HasPrefix(c, "（") || strings.HasPrefix(c, "("):
			return 3
		case strings.ContainsAny(c[:3], "一二三四五六七八九十"):
			return 2
		}
		return 0
	}
	// A short line naming a section: "上海市普陀区司法局主要职能".
	// A heading without a number names a part: the numbered ones below
	// belong to it.
	for _, w := range []string{"主要职能", "机构设置", "部门职责", "名词解释", "编制说明", "情况说明", "其他相关情况说明", "项目经费情况说明"} {
		if strings.HasSuffix(c, w) && n <= 30 {
			return 1
		}
	}
	return 0
}

func hasFigure(s string) bool {
	return strings.Contains(s, "万元") || strings.Contains(s, "%")
}

// endsSentence reports whether a line ends a sentence. A colon does not:
// what it introduces follows on the next line ("主要用于：" / "局财政业务指导
// 与宣传等基本支出。"), unless that line is an enumerated item.
func endsSentence(s string) bool {
	for _, end := range []string{"。", "；", "！", "？", ";"} {
		if strings.HasSuffix(s, end) {
			return true
		}
	}
	return false
}

// startsNew reports whether a line after a finished sentence starts a new
// paragraph rather than continuing the old one; PDFs rarely break a line
// right after a full stop unless the paragraph ends there.
func startsNew(c string) bool { return c != "" && !strings.HasPrefix(c, "。") }

// flushPara closes the paragraph being joined.
func (p *parser) flushPara() {
	if len(p.para) == 0 {
		return
	}
	var b strings.Builder
	for i, l := range p.para {
		t := strings.TrimSpace(l.Text)
		if i > 0 && needsSpace(b.String(), t) {
			b.WriteByte(' ')
		}
		b.WriteString(t)
	}
	text := b.String()
	// A short enumerated paragraph without a sentence is a heading that
	// was as long as a full line.
	if c := compact(text); len(p.para) <= 2 && headingLevel(c, 0) > 0 {
		p.heading(text, headingLevel(c, 0), p.para[0].Num)
		p.para = p.para[:0]
		p.paraList = false
		return
	}
	p.doc.Paragraphs = append(p.doc.Paragraphs, Paragraph{
		Text: text, Line: p.para[0].Num, EndLine: p.para[len(p.para)-1].Num, Section: p.section, Parent: p.parentHeading(),
	})
	p.para = p.para[:0]
	p.paraList = false
}

// needsSpace keeps a space between two Latin words joined across a line
// break; Chinese text is joined without one.
func needsSpace(prev, next string) bool {
	if prev == "" || next == "" {
		return false
	}
	a, _ := utf8.DecodeLastRuneInString(prev)
	b, _ := utf8.DecodeRuneInString(next)
	isLatin := func(r rune) bool { return r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') }
	return isLatin(a) && isLatin(b)
}

// wrapWidth estimates the width, in characters, at which the PDF wrapped
// body text: a short enumerated line is a heading, a full-width one is the
// start of a wrapped paragraph.
func (p *parser) wrapWidth() int {
	if p.wrap > 0 {
		return p.wrap
	}
	var lens []int
	for _, l := range p.lines {
		if strings.Contains(l.Text, "\t") {
			continue
		}
		if n := utf8.RuneCountInString(compact(l.Text)); n >= 10 {
			lens = append(lens, n)
		}
	}
	p.wrap = 1000
	if len(lens) >= 20 {
		sort.Ints(lens)
		// The most common long length is the wrap width; a document that
		// does not wrap has no mode among its lengths.
		counts := map[int]int{}
		best, bestN := 0, 0
		for _, n := range lens {
			counts[n]++
			if counts[n] > bestN || counts[n] == bestN && n > best {
				best, bestN = n, counts[n]
			}
		}
		if bestN*10 >= len(lens) && best >= 20 {
			p.wrap = best
		}
	}
	return p.wrap
}

// heading records a heading and keeps the stack of open headings.
func (p *parser) heading(text string, level, ln int) {
	p.doc.Sections = append(p.doc.Sections, Section{Heading: text, Level: level, Line: ln})
	for len(p.heads) > 0 && p.heads[len(p.heads)-1].Level >= level {
		p.heads = p.heads[:len(p.heads)-1]
	}
	p.heads = append(p.heads, Section{Heading: text, Level: level, Line: ln})
	p.section = text
}

// parentHeading returns the heading above the current one.
func (p *parser) parentHeading() string {
	if n := len(p.heads); n >= 2 {
		return p.heads[n-2].Heading
	}
	return ""
}

// announcesList reports whether a line announces an enumeration
// ("具体包括：1.…").
func announcesList(c string) bool {
	for _, w := range []string{"包括：", "包括:", "如下：", "分别为", "分别是"} {
		if strings.Contains(c, w) {
			return true
		}
	}
	return false
}
