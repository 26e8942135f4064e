package nlq

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/budgetqa/budgetqa/corpus"
)

// This file reads the words that scope a question to a set of departments
// ("普陀区2025年哪个部门…", "这几个部门…加起来", "占全区这几个部门…的比例"),
// questions about which documents the library holds ("2025年有几个部门公开了
// 预算", "万里街道公开了哪几年的部门预算"), and a department the question
// names that the library does not hold.

var (
	// acrossRE names a set of departments.
	acrossRE = regexp.MustCompile(`哪个部门|哪些部门|哪一个部门|哪家单位|哪个单位|哪家|哪[两三四五六七八九十几]个部门|各部门|各个部门|各单位|每个部门|所有部门|全部部门|这几个部门|这些部门|这[两三四五六七八九十几]个部门|[两三四五六七八九十几]个部门|几个部门里|部门之间|部门排名|谁家`)
	// rankedDeptRE names departments by their rank: 最少的部门, 前两名的部门;
	// the rank words stay for rank to read.
	rankedDeptRE = regexp.MustCompile(`(最多|最少|最高|最低|最大|最小|前[0-9一二三四五六七八九十两]+名?)的(?:是)?(?:哪个|哪一个|哪几个|哪些)?(?:部门|单位)`)
	// wholeRegionRE names a whole region, whose total no department's
	// document gives: 全区, 全市, 全省.
	wholeRegionRE = regexp.MustCompile(`全区|全市|全省|全县|区级|市级`)
	// docsRE asks which documents the library holds.
	docsRE = regexp.MustCompile(`公开了?|发布了?|有(?:(?:19|20)\d\d年)?的?(?:部门)?(?:预算|决算)的部门|哪些部门有|哪几年|哪些年份?|几年的`)
	// docsCountRE counts departments; docsYearsRE lists years.
	docsCountRE = regexp.MustCompile(`几个部门|多少个部门|几家`)
	docsYearsRE = regexp.MustCompile(`哪几年|哪些年份?|几年的`)
	// organBoundaryRE ends the name a question starts with: the words
	// that follow a department's name.
	organBoundaryRE = regexp.MustCompile(`的|部门|预算|决算|三公|经费|支出|收入|多少|下设|下属|设有|共有|几个|哪些|什么|(?:19|20)\d\d|年|，|,|？|\?| `)
)

// takeRegion takes out a region the question names alone ("普陀区2025年哪
// 个部门…", "普陀这几个部门…"): the scope of a question about several
// departments.
// A region that qualifies a department the question names ("普陀的万里街道",
// "深圳龙岗区信访局") is taken out without scoping anything.
func (p *qparser) takeRegion(t string) string {
	named := map[string]bool{}
	for _, d := range append(slices.Clone(p.q.Depts), p.q.Dept) {
		for _, r := range corpus.DepartmentRegions(d) {
			named[r] = true
		}
	}
	for _, w := range p.scope.Regions {
		for {
			i := strings.Index(t, w)
			if i < 0 {
				break
			}
			// "普陀区教育局": a department the library does not hold, not a
			// region; "江苏议事园": an item's name.
			if rest := strings.TrimLeft(t[i+len(w):], "的 "); corpus.IsOrganName(leadingName(rest)) || !p.regionStandsAlone(t[i+len(w):]) {
				break
			}
			if !named[w] && p.q.Region == "" {
				p.q.Region = w
			}
			t = t[:i] + " " + t[i+len(w):]
		}
	}
	return t
}

// regionStandsAlone reports whether a region word followed by rest is a
// word of its own: at the end, before a figure, punctuation or space (a
// department taken out), before another region, or before a word that
// cannot continue a name (的, 这, 哪, 各, 全, 部门…).
func (p *qparser) regionStandsAlone(rest string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	if rest == "" || !unicode.Is(unicode.Han, r) || strings.ContainsRune("的这那各哪所全每共有里中内", r) || strings.HasPrefix(rest, "部门") {
		return true
	}
	for _, w := range p.scope.Regions {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	return false
}

// leadingName returns the words a text starts with, up to what follows a
// department's name.
func leadingName(t string) string {
	t = strings.TrimSpace(t)
	if loc := organBoundaryRE.FindStringIndex(t); loc != nil {
		return t[:loc[0]]
	}
	return t
}

// takeUnknownDept notes a department the question starts with that the
// library does not hold ("教育局2025年部门预算多少", "卫健委的三公经费"):
// nothing is answered about another one instead.
func (p *qparser) takeUnknownDept(t string) {
	name := leadingName(t)
	if utf8.RuneCountInString(name) < 3 || !corpus.IsOrganName(name) {
		return
	}
	if p.scope.Known != nil && p.scope.Known(name) {
		return // an item: 工会经费 is not a 工会
	}
	// Part of a department's name the library holds ("办公厅", "省人大常委会")
	// is that department, said short.
	for _, d := range p.scope.Depts {
		if corpus.DepartmentMatches(d, name) {
			return
		}
	}
	p.q.Unknown = name
}

// takeAcross reads the words that make the scope a set of departments.
func (p *qparser) takeAcross(t string) string {
	q := &p.q
	named := false
	if rankedDeptRE.MatchString(t) {
		named = true
		t = rankedDeptRE.ReplaceAllString(t, "$1 ")
	}
	if acrossRE.MatchString(t) {
		named = true
		t = acrossRE.ReplaceAllString(t, " ")
	}
	whole := false
	if loc := wholeRegionRE.FindStringIndex(t); loc != nil {
		whole = true
		t = t[:loc[0]] + " " + t[loc[1]:]
	}
	if len(q.Depts) >= 2 {
		named = true // compare reads 谁多, 谁少
	}
	q.Across = named || whole
	// "全区一般公共预算支出总额": the region's own total, which the
	// departments' documents do not give; "全区这几个部门" is those.
	q.WholeRegion = whole && !named
	return t
}

// docsQuestion reads a question about the documents the library holds:
// how many departments published a kind of document, which did, which
// years one did.
func (p *qparser) docsQuestion(t string) bool {
	if !docsRE.MatchString(t) || !strings.Contains(t, "预算") && !strings.Contains(t, "决算") {
		return false
	}
	q := &p.q
	q.AboutDocs = true
	switch {
	case docsYearsRE.MatchString(t):
		q.Intent, q.Among = IntentList, AmongYears
	case docsCountRE.MatchString(t):
		q.Intent, q.Unit = IntentCount, "个"
	default:
		q.Intent = IntentList
	}
	if q.FigureYear > 0 && q.Year == 0 {
		q.Year = q.FigureYear
	}
	return true
}
