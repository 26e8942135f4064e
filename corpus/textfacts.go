package corpus

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// This file reads the figures stated in the text: levels ("项目支出 1,273
// 万元"), changes on last year ("比 2022 年增加 256 万元，增长 11%"), shares
// ("占56.17%"), counts ("行政编制总数 15 人"), the stated reasons, lists
// ("分别为办公室、接访科…") and the 名词解释 entries.

var (
	mentionRE = regexp.MustCompile(`(\d+(?:,\d{3})*(?:\.\d+)?)(万元|亿元|千元|元|%|人|名|辆|个|家|项|件|台（套）|台|套|天|次|期|篇|分|处)`)
	yearInRE  = regexp.MustCompile(`((?:19|20)\d\d)年(?:度)?`)
	changeRE  = regexp.MustCompile(`(增加|减少|增长|下降|降低|降幅|增幅|减幅|上升|上涨|增|减|多|少)(了|约|为|达)?$`)
	pathRE    = regexp.MustCompile(`（(\d*)(类|款|项)）|\((\d*)(类|款|项)\)`)
	reasonRE  = regexp.MustCompile(`(?:主要原因[一二三]?(?:是|为|在于|[:：])|原因[一二三]?(?:是|为|在于|[:：])|主要是)(.*)$`)
	detailRE  = regexp.MustCompile(`主要包括|具体包括|原因`)
	verbAltRE = regexp.MustCompile(`(增加|减少|增长|下降)[（(](?:增加|减少|增长|下降|减)[）)]`)
	pairRE    = regexp.MustCompile(`([收支])、([收支])`)
	listRE    = regexp.MustCompile(`(?:分别为|分别是|具体包括|包括)[:：]?(.+)$`)
)

// What verbAltRE and pairRE cannot match without: most paragraphs have
// neither, and the patterns are slow to fail.
var (
	verbAltHints = []string{"加（", "少（", "长（", "降（", "加(", "少(", "长(", "降("}
	pairHints    = []string{"收、", "支、"}
)

// containsAny reports whether s contains any of the substrings.
func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

var countUnits = map[string]bool{"人": true, "名": true, "辆": true, "个": true, "家": true, "项": true, "件": true, "台（套）": true, "台": true, "套": true, "次": true, "期": true, "篇": true, "处": true, "天": true, "分": true}

// Fillers that open a subject phrase without naming anything.
var leadFillers = []string{"其中：", "其中:", "其中", "此外", "另外", "另", "包括", "主要包括", "具体包括", "分别为", "全年", "本年", "全部为", "共有", "共设", "共计", "合计为", "现有", "拟", "截至", "截止"}

// Verbs and measures that close a subject phrase before its figure.
var (
	tailVerbs = []string{"为", "是", "共计", "共", "约", "达", "总额", "总计为", "合计为", "安排", "预算安排", "纳入"}
	measures  = []struct{ suffix, measure string }{
		{"当年预算执行数", "执行数"}, {"预算执行数", "执行数"}, {"执行数", "执行数"},
		{"年初预算数", "年初预算数"}, {"年初预算", "年初预算数"},
		{"支出决算数", "决算数"}, {"支出决算", "决算数"}, {"决算数", "决算数"}, {"决算", "决算数"},
		{"预算数", "预算数"}, {"预算支出", "预算数"}, {"预算", "预算数"},
	}
	vagueSubjects = map[string]bool{"": true, "支出": true, "收入": true, "预算": true, "决算": true, "金额": true, "资金": true, "经费": true, "其中": true, "合计": true}
)

// Patterns compiled once, used by the functions below.
var (
	comparedYearRE = regexp.MustCompile(`(?:比|较|与|同)((?:19|20)\d\d)年`)
	zeroTailRE     = regexp.MustCompile(`为?0(?:\.0+)?$`)
	itemSepRE      = regexp.MustCompile(`[、，,；;]`)
	sentenceEndRE  = regexp.MustCompile(`[。；;！？]`)
)

// textReader holds what one document's text facts need.
type textReader struct {
	doc   *Document
	names []string // the department's name and the short forms it uses for itself
}

func newTextReader(d *Document) *textReader {
	r := &textReader{doc: d}
	dept := d.Department
	r.names = append(r.names, dept)
	if d.Region != "" && strings.HasPrefix(dept, d.Region) {
		short := strings.TrimPrefix(dept, d.Region)
		r.names = append(r.names, short)
		// "龙岗区信访局", "区信访局": the last level of the region kept.
		reg := []rune(d.Region)
		for i := len(reg) - 1; i > 0; i-- {
			if strings.ContainsRune("省市区县", reg[i-1]) {
				r.names = append(r.names, string(reg[i:])+short)
				break
			}
		}
		if last, _ := utf8.DecodeLastRuneInString(d.Region); last != utf8.RuneError {
			r.names = append(r.names, string(last)+short)
		}
	}
	r.names = append(r.names, "本部门", "我部门", "本单位", "我单位", "我局", "本局", "本级", "我厅", "本厅", "我委", "本委")
	// Longest first, so the full name goes before its parts.
	sortByLenDesc(r.names)
	return r
}

// readParagraph reads the facts of one paragraph.
func (r *textReader) readParagraph(p Paragraph, topic string) {
	text := compact(p.Text)
	// "增加（减少）0万元": a form left unfilled; "收、支总计": one word.
	if containsAny(text, verbAltHints) {
		text = verbAltRE.ReplaceAllString(text, "$1")
	}
	if containsAny(text, pairHints) {
		text = pairRE.ReplaceAllString(text, "$1$2")
	}
	sentences := splitSentences(text)
	lastIdx := -1 // the last level stated, which a following change belongs to
	// last returns it: an index, since appending moves the facts.
	last := func() *Fact {
		if lastIdx < 0 {
			return nil
		}
		return &r.doc.Facts[lastIdx]
	}
	for si, s := range sentences {
		ms := mentionRE.FindAllStringSubmatchIndex(s, -1)
		if len(ms) == 0 {
			// A first sentence without a figure names the paragraph's
			// item: a short one, or one that names its 类/款/项
			// ("2、一般公共服务支出（类）财政事务（款）一般行政管理事务（项）").
			if si == 0 && (utf8.RuneCountInString(s) <= 30 && !strings.Contains(s, "：") || pathRE.MatchString(s)) {
				if subj, _, _ := r.cleanSubject(s); subj != "" {
					topic = subj
				}
			}
			if m := reasonRE.FindStringSubmatch(s); m != nil && last() != nil {
				r.attachReason(last(), reasonText(m[1], sentences, si))
			}
			r.readList(s, p.Line, subjectOf(last()))
			r.unchanged(s, p.Line, firstNonEmpty(subjectOf(last()), topic), nil)
			continue
		}
		sentSubj := ""
		prevEnd := 0
		var stated []int // indexes of facts made from this sentence
		// Where the sentence turns to a reason or a description of content,
		// and how deep in brackets each figure is, found in one pass.
		reasonAt := strings.Index(s, "原因")
		detailAt := -1
		if loc := detailRE.FindStringIndex(s); loc != nil {
			detailAt = loc[0]
		}
		depth, scanned := 0, 0
		for _, m := range ms {
			for _, r := range s[scanned:m[0]] {
				switch r {
				case '（', '(':
					depth++
				case '）', ')':
					depth--
				}
			}
			scanned = m[0]
			raw := s[m[2]:m[3]]
			unit := s[m[4]:m[5]]
			left := s[prevEnd:m[0]]
			// A code in brackets ("（99项）") is not a figure.
			if strings.HasSuffix(left, "(") || strings.HasSuffix(left, "（") {
				continue
			}
			prevEnd = m[1]
			val, ok := ParseNumber(raw)
			if !ok {
				continue
			}
			clause := lastClause(left)
			// Figures inside a description of content or of a reason
			// ("主要包括：…28 万元", "主要原因是…89 万元") are details,
			// not levels of the item.
			if reasonAt >= 0 && reasonAt < m[0] || detailAt >= 0 && detailAt < m[0] && !changeRE.MatchString(trimTail(clause)) {
				continue
			}
			// A figure in brackets ("15 名（其中 1 名…）") qualifies the one
			// before it.
			if depth > 0 {
				continue
			}
			f := Fact{Value: val, Unit: unit, Places: Places(raw), Year: r.doc.Year,
				Source: Source{File: r.doc.File, Line: p.Line, TableIdx: -1, Sentence: s}}
			switch {
			case changeRE.MatchString(trimTail(clause)):
				verb := changeRE.FindStringSubmatch(trimTail(clause))[1]
				if strings.ContainsAny(verb, "减降少") {
					f.Value = f.Value.Neg()
				}
				f.Kind = FactChange
				if unit == "%" {
					f.Kind = FactChangePct
				}
				f.Subject = firstNonEmpty(sentSubj, subjectOf(last()), topic)
				if y := yearInRE.FindStringSubmatch(clause); y != nil {
					f.Measure = "比" + y[1] + "年"
				} else if strings.Contains(clause, "上年") || strings.Contains(clause, "去年") {
					f.Measure = "比上年"
				}
				if last() != nil {
					f.Code = last().Code
				}
			case strings.HasSuffix(trimTail(clause), "占") || strings.Contains(clause, "占") && unit == "%":
				f.Kind = FactShare
				f.Subject = firstNonEmpty(sentSubj, subjectOf(last()), topic)
				f.Measure = strings.TrimPrefix(clause[strings.Index(clause, "占"):], "占")
			case strings.Contains(clause, "完成") && unit == "%":
				f.Kind = FactShare
				f.Subject = firstNonEmpty(sentSubj, subjectOf(last()), topic)
				f.Measure = "完成率"
			default:
				subj, measure, year := r.cleanSubject(clause)
				code := pathCode(clause)
				if countUnits[unit] {
					f.Kind = FactCount
					if noun := followingNoun(s[m[1]:]); noun != "" && (subj == "" || len([]rune(subj)) <= 4 || unit == "个" || unit == "家" || unit == "件") {
						if subj != "" && !vagueSubjects[subj] {
							f.Measure = subj
						}
						subj = noun
					}
				}
				if vagueSubjects[subj] {
					subj = firstNonEmpty(sentSubj, subjectOf(last()), topic)
				} else if sentSubj != "" && strings.HasPrefix(subj, "实有") && strings.Contains(sentSubj, "编制") {
					// "事业编制总数 8 人，实有在编人数 5 人"
					subj = sentSubj[:strings.Index(sentSubj, "编制")] + "编制" + subj
				}
				f.Subject, f.Measure, f.Code = subj, firstNonEmpty(measure, f.Measure), code
				if year > 0 {
					f.Year = year
					if year < r.doc.Year {
						f.Kind = FactPrior
					}
				}
				if measure == "执行数" && f.Year < r.doc.Year {
					f.Kind = FactPrior
				}
				if f.Kind == FactAmount || f.Kind == FactCount {
					if subj != "" && subj != subjectOf(last()) || f.Kind == FactCount {
						sentSubj = subj
					}
				}
			}
			if f.Subject == "" || !IsMoney(unit) && f.Kind == FactAmount && unit != "%" {
				if f.Subject == "" {
					continue
				}
			}
			r.doc.Facts = append(r.doc.Facts, f)
			idx := len(r.doc.Facts) - 1
			stated = append(stated, idx)
			if f.Kind == FactAmount || f.Kind == FactCount && !countUnits[unit] {
				lastIdx = idx
			} else if f.Kind == FactAmount {
				lastIdx = idx
			}
			if f.Kind == FactAmount || f.Kind == FactPrior {
				lastIdx = idx
			}
		}
		if m := reasonRE.FindStringSubmatch(s); m != nil {
			reason := reasonText(m[1], sentences, si)
			for _, i := range stated {
				if r.doc.Facts[i].Kind == FactChange || r.doc.Facts[i].Kind == FactChangePct || r.doc.Facts[i].Kind == FactAmount {
					r.doc.Facts[i].Reason = reason
				}
			}
			if last() != nil && last().Reason == "" {
				last().Reason = reason
			}
		}
		r.readList(s, p.Line, sentSubj)
		r.unchanged(s, p.Line, firstNonEmpty(sentSubj, subjectOf(last()), topic), stated)
	}
}

// attachReason gives a reason stated in a sentence of its own to the facts
// of the same subject stated just before it.
func (r *textReader) attachReason(last *Fact, reason string) {
	if reason == "" {
		return
	}
	for i := len(r.doc.Facts) - 1; i >= 0 && i >= len(r.doc.Facts)-6; i-- {
		f := &r.doc.Facts[i]
		if f.Subject == last.Subject && f.Reason == "" {
			f.Reason = reason
		}
	}
}

// reasonText returns the stated reason; "主要原因：" at the end of a
// sentence introduces the next one.
func reasonText(s string, sentences []string, i int) string {
	s = strings.Trim(s, "：:，,")
	if s == "" && i+1 < len(sentences) {
		i++
		s = sentences[i]
	}
	// "一是…；二是…；三是…": the enumerated reasons go on.
	for j := i + 1; j < len(sentences) && moreReasonRE.MatchString(sentences[j]); j++ {
		s += "；" + sentences[j]
	}
	return s
}

var moreReasonRE = regexp.MustCompile(`^(?:[二三四五六七八九]是|其次|再次|此外|同时|另外|增减相抵)`)

// readList records "共设 4 个科室，分别为办公室、接访科、办理科、督查科".
func (r *textReader) readList(s string, ln int, subject string) {
	m := listRE.FindStringSubmatchIndex(s)
	if m == nil {
		return
	}
	body := s[m[2]:m[3]]
	items := splitItems(body)
	if len(items) < 2 {
		return
	}
	head := s[:m[0]]
	name := ""
	if mm := mentionRE.FindAllStringSubmatchIndex(head, -1); len(mm) > 0 {
		name = followingNoun(head[mm[len(mm)-1][1]:])
	}
	if name == "" {
		name, _, _ = r.cleanSubject(lastClause(head))
	}
	if name == "" || name == "主要" || name == "具体" {
		name = subject
	}
	if name == "" {
		return
	}
	r.doc.Lists = append(r.doc.Lists, List{Name: name, Items: items, Line: ln, Sentence: s})
}

var itemEnumRE = regexp.MustCompile(`\d+[.、．]`)

func splitItems(body string) []string {
	body = itemEnumRE.ReplaceAllString(body, "、")
	var out []string
	for _, it := range itemSepRE.Split(body, -1) {
		it = strings.Trim(it, "。：: ")
		it = strings.TrimPrefix(it, "和")
		if it == "" || utf8.RuneCountInString(it) > 30 || mentionRE.MatchString(it) {
			continue
		}
		out = append(out, it)
	}
	return out
}

// cleanSubject turns the words before a figure into the item's name, the
// measure it names (预算数, 决算数, 执行数) and the year it names.
func (r *textReader) cleanSubject(s string) (subj, measure string, year int) {
	s = strings.Trim(s, "，,：:、。 ")
	if y := yearInRE.FindAllStringSubmatch(s, -1); y != nil {
		year = atoi(y[len(y)-1][1])
		s = yearInRE.ReplaceAllString(s, "")
	}
	s = strings.TrimPrefix(s, "当年")
	for _, n := range r.names {
		if n != "" {
			s = strings.ReplaceAll(s, n, "")
		}
	}
	// "公共安全支出（204类）司法（06款）行政运行（01项）": the last level names it.
	if loc := pathRE.FindAllStringIndex(s, -1); len(loc) > 0 {
		parts := pathRE.Split(s, -1)
		for i := len(parts) - 1; i >= 0; i-- {
			if p := strings.TrimSpace(parts[i]); p != "" && !isMeasureOnly(p) && !vagueSubjects[p] {
				s = p
				// "一般公共服务（类）支出": the class is 一般公共服务支出.
				if i == len(parts)-2 && strings.TrimSpace(parts[i+1]) == "支出" && !strings.HasSuffix(p, "支出") {
					s += "支出"
				}
				break
			}
			if i < len(parts)-1 && strings.TrimSpace(parts[i]) == "" {
				continue
			}
		}
	}
	for changed := true; changed; {
		changed = false
		s = trimTail(s)
		if t, ok := cutEnum(s); ok {
			s, changed = t, true
		}
		for _, f := range leadFillers {
			if strings.HasPrefix(s, f) && len(s) > len(f) {
				s, changed = strings.TrimPrefix(s, f), true
			}
		}
		for _, m := range measures {
			if strings.HasSuffix(s, m.suffix) && measure == "" {
				rest := strings.TrimSuffix(s, m.suffix)
				if rest == "部门" || rest == "单位" {
					break // "部门预算支出" names the item itself
				}
				s, measure, changed = rest, m.measure, true
				break
			}
		}
		s = strings.Trim(s, "，,：:、的 ")
	}
	return s, measure, year
}

func isMeasureOnly(s string) bool {
	for _, m := range measures {
		if s == m.suffix {
			return true
		}
	}
	return false
}

func trimTail(s string) string {
	for changed := true; changed; {
		changed = false
		for _, v := range tailVerbs {
			if strings.HasSuffix(s, v) && len(s) > len(v) {
				s, changed = strings.TrimSuffix(s, v), true
			}
		}
	}
	return s
}

// lastClause returns the words after the last clause boundary.
func lastClause(s string) string {
	cut := -1
	for _, sep := range []string{"，", ",", "；", "：", ":", "、", "。"} {
		if i := strings.LastIndex(s, sep); i >= 0 && i+len(sep) > cut {
			cut = i + len(sep)
		}
	}
	if cut >= 0 {
		s = s[cut:]
	}
	return s
}

// pathCode reads the code of "公共安全支出（204类）司法（06款）行政运行（01项）".
func pathCode(s string) string {
	var code string
	for _, m := range pathRE.FindAllStringSubmatch(s, -1) {
		code += m[1] + m[3]
	}
	if n := len(code); n == 3 || n == 5 || n == 7 {
		return code
	}
	return ""
}

// followingNoun returns the noun right after a count ("4 个科室" → 科室).
func followingNoun(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if r < 0x4e00 || r > 0x9fff || strings.ContainsRune("的和及与为，。、", r) || n >= 10 {
			break
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

func splitSentences(text string) []string {
	var out []string
	for _, s := range sentenceEndRE.Split(text, -1) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func subjectOf(f *Fact) string {
	if f == nil {
		return ""
	}
	return f.Subject
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func sortByLenDesc(ss []string) {
	for i := 1; i < len(ss); i++ {
		for j := i; j > 0 && len(ss[j]) > len(ss[j-1]); j-- {
			ss[j], ss[j-1] = ss[j-1], ss[j]
		}
	}
}

var _ = decimal.Zero

// unchanged reads "与2025年预算持平": a change of 0 on the year named, for
// the sentence's item, when the sentence states no change of its own.
func (r *textReader) unchanged(s string, ln int, subject string, stated []int) {
	at := strings.Index(s, "持平")
	if at < 0 {
		return
	}
	// "公务用车购置为0，与上年持平": the item named before the comparison.
	if before := s[:at]; strings.Contains(before, "，") {
		head := before[:strings.LastIndex(before, "，")]
		head = zeroTailRE.ReplaceAllString(lastClause(head), "")
		if own, _, _ := r.cleanSubject(head); own != "" && !vagueSubjects[own] && !mentionRE.MatchString(head) {
			subject = own
		}
	}
	if subject == "" {
		return
	}
	for _, i := range stated {
		if k := r.doc.Facts[i].Kind; k == FactChange || k == FactChangePct {
			return
		}
	}
	measure := "比上年"
	if y := comparedYearRE.FindAllStringSubmatch(s[:at], -1); y != nil {
		measure = "比" + y[len(y)-1][1] + "年" // "与2025年预算持平"
	}
	unit := r.doc.TextUnit
	for _, i := range stated {
		if f := r.doc.Facts[i]; f.Subject == subject && IsMoney(f.Unit) {
			unit = f.Unit
		}
	}
	src := Source{File: r.doc.File, Line: ln, TableIdx: -1, Sentence: s}
	r.doc.Facts = append(r.doc.Facts,
		Fact{Kind: FactChange, Subject: subject, Measure: measure, Year: r.doc.Year, Unit: unit, Source: src},
		Fact{Kind: FactChangePct, Subject: subject, Measure: measure, Year: r.doc.Year, Unit: "%", Source: src})
}
