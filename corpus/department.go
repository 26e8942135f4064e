package corpus

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file is what the product knows of department names: which strings
// name an organ, the words a title or label glues to a name, the one key
// under which a department's long and short names meet, and the names
// people call it by. The rules hold for Chinese organs generally; there is
// no list of departments.

// organSuffixes are the words an organ's name ends in, longest first.
var organSuffixes = []string{
	"街道办事处", "人民检察院", "人民法院", "委员会", "常委会", "办公厅", "办公室", "办事处",
	"检察院", "法院", "政府", "中心", "街道", "联合会", "协会",
	"局", "厅", "委", "部", "院", "所", "站", "队", "馆", "会", "处", "署", "社", "台", "校", "镇", "乡", "团", "办",
}

// IsOrganName reports whether s reads as the name of an organ: three to
// forty characters, Chinese, without figures, ending in an organ's suffix.
func IsOrganName(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 3 || n > 40 || strings.ContainsAny(s, "0123456789：:，。；、（）()") {
		return false
	}
	han := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			han++
		}
	}
	if han*10 < n*9 {
		return false
	}
	for _, suf := range organSuffixes {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

// nameNoise is what titles, headings and labels glue to a department's
// name: years, the document's kind, 公开, page furniture.
var nameNoise = regexp.MustCompile(`(?:19|20)\d\d\s*年度?|(?:19|20)\d\d|年度|区级|部门预算表|部门决算表|单位预算表|单位决算表|部门预算|部门决算|单位预算|单位决算|预算公开|决算公开|预算表|决算表|预算情况说明|决算情况说明|情况说明|预算|决算|公开|目录|部门概况|概况|[-－—–─]\s*\d+\s*[-－—–─]|第\s*\d+\s*页|^\d+$`)

// bracketedRE matches a remark in brackets: （合成数据）, 【…】.
var bracketedRE = regexp.MustCompile(`（[^）]*）|【[^】]*】|〔[^〕]*〕`)

// partHeadRE matches the "第二部分" of a part heading.
var partHeadRE = regexp.MustCompile(`^第[一二三四五六七八九十]+部分`)

// CleanOrganName strips what a title, heading or label glues to a
// department's name ("2017年度X部门预算公开", "X2018年度部门", "第二部分 X
// 2019年部门预算表") and returns the name, or "" when no organ's name is
// left.
func CleanOrganName(s string) string {
	s = bracketFolder.Replace(compact(normalizeLine(s)))
	s = bracketedRE.ReplaceAllString(s, "")
	s = partHeadRE.ReplaceAllString(s, "")
	s = nameNoise.ReplaceAllString(s, "")
	// No organ's name holds 表: what precedes it is a table's title
	// printed on the label's line.
	if i := strings.LastIndex(s, "表"); i >= 0 {
		s = s[i+len("表"):]
	}
	s = trimEnum(s)
	s = strings.Trim(s, "“”\"《》:：·-—_ ")
	// "…办公厅部门": the 部门 of 部门预算, cut from its kind.
	for {
		t := strings.TrimSuffix(strings.TrimSuffix(s, "部门"), "本级")
		if t == s {
			break
		}
		s = t
	}
	if !IsOrganName(s) {
		return ""
	}
	return s
}

// The contractions of organ names that hold everywhere, applied in order
// to make a department's key: the long official form on the left.
var organContractions = [][2]string{
	{"中国共产党", "中共"},
	{"中国人民政治协商会议", "政协"},
	{"人民代表大会常务委员会", "人大常委会"},
	{"人民代表大会", "人大"},
	{"常务委员会", "常委会"},
	{"人大常委会办公厅", "人大办公厅"},
	{"人大常委会办公室", "人大办公室"},
	{"高级人民法院", "高院"},
	{"中级人民法院", "中院"},
	{"人民法院", "法院"},
	{"人民检察院", "检察院"},
	{"人民政府", "政府"},
	{"街道办事处", "街道"},
	{"委员会", "委"},
}

// cppccRE matches the 政协 of a region as its official name orders it:
// 政协上海市普陀区委(员会) is 上海市普陀区政协.
var cppccRE = regexp.MustCompile(`^政协(.{2,16}?(?:省|市|区|县|旗|州))委(?:员会)?`)

// subdistrictRE matches the government a 街道's office belongs to:
// 普陀区政府万里街道 is 普陀区万里街道.
var subdistrictRE = regexp.MustCompile(`政府(\p{Han}{2,8}街道)$`)

// contract applies the contractions to a compacted name.
func contract(s string) string {
	for _, c := range organContractions {
		s = strings.ReplaceAll(s, c[0], c[1])
	}
	s = subdistrictRE.ReplaceAllString(s, "$1")
	return cppccRE.ReplaceAllString(s, "${1}政协")
}

// regionLevelRE matches one level of an administrative region at the
// start of a name: a province, city, district, county.
var regionLevelRE = regexp.MustCompile(`^(?:[^省市区县旗盟]{2,7}?(?:省|自治区|特别行政区|市|自治州|地区|盟|区|县|旗)|北京|天津|上海|重庆)`)

// regionLevels splits the region levels off the start of name ("上海市",
// "普陀区") and returns them and the rest.
func regionLevels(name string) (levels []string, rest string) {
	rest = name
	for len(levels) < 3 {
		loc := regionLevelRE.FindString(rest)
		if loc == "" || loc == rest || !IsOrganName(strings.TrimPrefix(rest, loc)) && utf8.RuneCountInString(rest)-utf8.RuneCountInString(loc) < 2 {
			break
		}
		levels = append(levels, loc)
		rest = strings.TrimPrefix(rest, loc)
	}
	return levels, rest
}

// regionStem is a region level without its suffix: 江苏省 → 江苏, 普陀区 →
// 普陀; a two-character name keeps it (东区).
func regionStem(level string) string {
	for _, suf := range []string{"特别行政区", "自治区", "自治州", "地区", "省", "市", "区", "县", "旗", "盟"} {
		if s := strings.TrimSuffix(level, suf); s != level && utf8.RuneCountInString(s) >= 2 {
			return s
		}
	}
	return level
}

// CanonicalDepartment returns the key under which the names of one
// department meet, whichever form a document uses: the contractions
// above applied, 中共 dropped, and the region reduced to the stem of its
// innermost level. "中国共产党江苏省委员会宣传部", "中共江苏省委宣传部" and
// "江苏省委宣传部" share a key; so do "上海市普陀区财政局" and "普陀区财政局".
func CanonicalDepartment(name string) string {
	k := strings.TrimPrefix(contract(CompactName(name)), "中共")
	levels, rest := regionLevels(k)
	if len(levels) == 0 {
		return k
	}
	return regionStem(levels[len(levels)-1]) + rest
}

// DepartmentAliases returns the names people use for a department, the
// full name first: without the outer region levels (普陀区财政局), with the
// innermost level's stem (普陀财政局) or the province's (江苏人大), the
// contracted forms (高院, 检察院, 人大办公厅, 中共…委, 政协), and the body
// of an office named by its office (江苏人大 for 江苏省人大常委会办公厅).
func DepartmentAliases(name string) []string {
	name = CompactName(name)
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if utf8.RuneCountInString(s) >= 2 && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	add(name)
	forms := []string{name}
	contracted := contract(name)
	if contracted != name {
		forms = append(forms, contracted)
	}
	if t := strings.TrimPrefix(contracted, "中共"); t != contracted {
		forms = append(forms, t)
	}
	for _, f := range forms {
		add(f)
		levels, rest := regionLevels(f)
		bodies := []string{rest}
		// An office is called by the body it serves: 人大常委会办公厅 →
		// 人大常委会, 人大; 政府办公室 → 政府办.
		for _, tail := range []string{"常委会办公厅", "常委会办公室", "办公厅", "办公室"} {
			if b := strings.TrimSuffix(rest, tail); b != rest && utf8.RuneCountInString(b) >= 2 {
				bodies = append(bodies, b)
				if tail == "办公室" {
					bodies = append(bodies, b+"办")
				}
			}
		}
		for _, b := range bodies {
			if len(levels) == 0 {
				if b != rest {
					add(b)
				}
				continue
			}
			inner := levels[len(levels)-1]
			add(inner + b)
			add(regionStem(inner) + b)
			// 区信访局, 省人大, 区委办公室: the level's kind and the body.
			suffix, _ := utf8.DecodeLastRuneInString(inner)
			add(string(suffix) + b)
			if b == "政府办" {
				add(string(suffix) + "府办") // 区府办: the usual contraction
			}
			if len(levels) > 1 {
				outer := levels[0]
				add(regionStem(outer) + b)
				add(outer + b)
				stems := ""
				for _, l := range levels {
					stems += regionStem(l)
				}
				add(stems + b) // 上海普陀司法局
			}
			if b == rest {
				add(b) // the body alone: 财政局, 人大常委会办公厅
			}
		}
	}
	return out
}

// DepartmentRegions returns the regions a department belongs to, outermost
// first, each as written and by its stem, and all of them together:
// 上海市普陀区财政局 → 上海市, 上海, 普陀区, 普陀, 上海市普陀区, 上海普陀.
func DepartmentRegions(name string) []string {
	levels, _ := regionLevels(strings.TrimPrefix(contract(CompactName(name)), "中共"))
	var out []string
	for _, l := range levels {
		out = append(out, l)
		if s := regionStem(l); s != l {
			out = append(out, s)
		}
	}
	if len(levels) > 1 {
		whole, stems := "", ""
		for _, l := range levels {
			whole += l
			stems += regionStem(l)
		}
		out = append(out, whole, stems)
	}
	return out
}

// DepartmentMatches reports whether a department named name is the one a
// person means by query: part of its name ("龙岗区信访局"), one of its
// aliases or part of one ("江苏人大", "龙岗信访局"), or another form of the
// same name (CanonicalDepartment). An empty query matches every department.
func DepartmentMatches(name, query string) bool {
	query = CompactName(query)
	if query == "" || strings.Contains(name, query) {
		return true
	}
	for _, a := range DepartmentAliases(name) {
		if strings.Contains(a, query) {
			return true
		}
	}
	return CanonicalDepartment(query) == CanonicalDepartment(name)
}

// WeakAliases returns the short names of a department that are also
// words of budget items, so that a question must set them apart to mean
// the department: "人大" of 江苏省人大常委会办公厅 ("人大2019年会议费"), which
// "人大事务" does not mention. Whoever matches them checks what follows.
func WeakAliases(name string) []string {
	var out []string
	_, rest := regionLevels(contract(CompactName(name)))
	for _, tail := range []string{"常委会办公厅", "常委会办公室", "办公厅", "办公室"} {
		if b := strings.TrimSuffix(rest, tail); b != rest && utf8.RuneCountInString(b) >= 2 {
			out = append(out, b)
		}
	}
	return out
}
