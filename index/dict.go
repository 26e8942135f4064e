package index

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/budgetqa/budgetqa/corpus"
)

// Bounds on the length of a dictionary term, in characters. Longer names are
// sentences or 项目 descriptions that make poor words: jieba keeps a term
// whole and search mode adds only its two- and three-character words, so a
// long term hides the longer words inside it from the index.
const (
	minTermLen = 2
	maxTermLen = 16
)

// builtinTerms are budget words every document may use: the standard
// classification names (功能分类 类/款, 经济分类), the names of the standard
// tables' columns, and the words the documents explain (名词解释).
var builtinTerms = []string{
	// Sources of funds and the standard column meanings.
	"财政拨款", "财政拨款收入", "一般公共预算", "一般公共预算拨款", "一般公共预算财政拨款",
	"政府性基金预算", "政府性基金预算拨款", "政府性基金预算财政拨款", "国有资本经营预算",
	"国有资本经营预算拨款", "社会保险基金预算", "财政专户管理资金", "单位资金",
	"事业收入", "事业单位经营收入", "经营收入", "上级补助收入", "附属单位上缴收入",
	"其他收入", "上年结转", "上年结余", "年初结转和结余", "年末结转和结余",
	"用事业基金弥补收支差额", "收入总计", "支出总计", "本年收入合计", "本年支出合计",
	"预算数", "决算数", "执行数", "调整预算数", "年初预算数",
	"基本支出", "项目支出", "人员经费", "公用经费", "上缴上级支出", "经营支出",
	"对附属单位补助支出", "结余分配",
	// Words the documents explain.
	"机关运行经费", "三公经费", "“三公”经费", "因公出国（境）费", "因公出国(境)费",
	"因公出国境费", "公务用车购置及运行维护费", "公务用车购置费", "公务用车运行维护费",
	"公务用车运行费", "公务接待费", "政府采购", "政府采购预算", "政府购买服务",
	"国有资产占用情况", "绩效目标", "预算绩效", "绩效评价", "部门预算", "部门决算",
	"单位预算", "单位决算", "单位预留机动经费", "信访稳定备用金", "维稳", "维稳经费",
	"住房公积金", "提租补贴", "购房补贴", "机关事业单位基本养老保险缴费",
	"职业年金缴费", "职工基本医疗保险缴费", "公务员医疗补助缴费", "其他社会保障缴费",
	// 功能分类 类.
	"一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出",
	"科学技术支出", "文化旅游体育与传媒支出", "社会保障和就业支出", "卫生健康支出",
	"节能环保支出", "城乡社区支出", "农林水支出", "交通运输支出",
	"资源勘探工业信息等支出", "商业服务业等支出", "金融支出", "援助其他地区支出",
	"自然资源海洋气象等支出", "住房保障支出", "粮油物资储备支出",
	"灾害防治及应急管理支出", "债务还本支出", "债务付息支出", "债务发行费用支出",
	"其他支出",
	// 功能分类 款 and 项 that recur.
	"行政运行", "一般行政管理事务", "机关服务", "事业运行", "信访事务",
	"人大事务", "人大会议", "人大立法", "人大监督", "人大代表履职能力提升",
	"代表工作", "人大信访工作", "财政事务", "司法", "普法宣传", "律师管理",
	"公共法律服务", "社区矫正", "行政事业单位养老支出", "行政单位离退休",
	"事业单位离退休", "机关事业单位基本养老保险缴费支出",
	"机关事业单位职业年金缴费支出", "行政事业单位医疗", "行政单位医疗",
	"事业单位医疗", "公务员医疗补助", "住房改革支出", "购房补贴",
	// 经济分类.
	"工资福利支出", "商品和服务支出", "对个人和家庭的补助", "资本性支出",
	"对企业补助", "基本工资", "津贴补贴", "奖金", "伙食补助费", "绩效工资",
	"其他工资福利支出", "办公费", "印刷费", "咨询费", "手续费", "水费", "电费",
	"邮电费", "取暖费", "物业管理费", "差旅费", "因公出国（境）费用", "维修（护）费",
	"维修(护)费", "租赁费", "会议费", "培训费", "专用材料费", "被装购置费",
	"专用燃料费", "劳务费", "委托业务费", "工会经费", "福利费", "其他交通费用",
	"税金及附加费用", "其他商品和服务支出", "离休费", "退休费", "退职（役）费",
	"抚恤金", "生活补助", "救济费", "医疗费补助", "助学金", "奖励金",
	"其他对个人和家庭的补助", "办公设备购置", "专用设备购置",
	"信息网络及软件购置更新", "公务用车购置", "其他资本性支出",
}

// aliasRules give other names for part of a subject: a fact whose subject
// holds From is also indexed under the subject with From replaced by To, so
// that a question's shorthand finds it.
var aliasRules = []struct{ From, To string }{
	{"信访稳定", "维稳"},
	{"“三公”经费", "三公经费"},
	{"\"三公\"经费", "三公经费"},
	{"因公出国（境）费", "出国费"},
	{"公务用车运行维护费", "公车运维费"},
	{"公务用车购置及运行维护费", "公车经费"},
	{"一般公共预算", "公共预算"},
	{"机关事业单位基本养老保险缴费", "养老保险缴费"},
	{"职工基本医疗保险缴费", "医疗保险缴费"},
}

// Terms returns the budget dictionary for docs, sorted and without
// duplicates: every table row name (科目名称), column meaning, project name,
// fact subject and measure, 名词解释 term, department and unit name, cleaned
// of enumerations and spaces, plus the built-in classification names and
// budget words and the aliases of aliasRules. A term written with full-width
// ASCII (因公出国（境）费) is added in half-width too.
func Terms(docs []*corpus.Document) []string {
	set := make(map[string]bool)
	add := func(name string) {
		if t := cleanTerm(name); t != "" {
			set[t] = true
			// A question typed with ASCII brackets must cut the same way.
			if f := foldWidth(t); f != t {
				set[f] = true
			}
		}
	}
	for _, t := range builtinTerms {
		add(t)
	}
	for _, r := range aliasRules {
		add(r.To)
	}
	for _, d := range docs {
		if d == nil {
			continue
		}
		add(d.Department)
		for _, u := range d.Units {
			add(u)
		}
		for _, t := range d.Tables {
			if t == nil {
				continue
			}
			for _, c := range t.Columns {
				add(c.Meaning)
			}
			for _, r := range t.Rows {
				if r != nil {
					add(r.Name)
				}
			}
		}
		for _, p := range d.Projects {
			add(p.Name)
		}
		for _, f := range d.Facts {
			add(f.Subject)
			add(f.Measure)
		}
		for _, t := range d.Terms {
			add(t.Name)
		}
	}
	out := make([]string, 0, len(set))
	for t := range set {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// enumPrefix matches the numbering in front of a name: 科目编码 ("2010308 "),
// 第一部分, 一、, 1. 1、 1) (1) （一） ①, and 其中：.
var enumPrefix = regexp.MustCompile(`^(?:` +
	`\d{3,}\s+` +
	`|第[一二三四五六七八九十百零〇\d]+(?:部分|章|节|条|项)` +
	`|[一二三四五六七八九十百零〇]+\s*[、.．]` +
	`|\d{1,2}\s*[、.．)）](?:\d{1,2}[、.．)）])*` +
	`|[（(]\s*[一二三四五六七八九十百零〇\d]+\s*[)）]` +
	`|[①-⑳⑴-⒇]` +
	`|其中\s*[:：]?` +
	`|[-—·•*#]+` +
	`)\s*`)

// cleanTerm returns name as a dictionary term: without its leading numbering
// (enumPrefix), Markdown emphasis, spaces and trailing colon, or "" when what
// is left is not a word worth adding (shorter than minTermLen or longer than
// maxTermLen characters, without a Han character, or holding sentence
// punctuation or a comparison, as performance targets do: 办件质量>98%).
func cleanTerm(name string) string {
	s := strings.TrimSpace(name)
	for {
		loc := enumPrefix.FindStringIndex(s)
		if loc == nil || loc[1] == 0 {
			break
		}
		s = s[loc[1]:]
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '*' {
			return -1
		}
		return r
	}, s)
	s = strings.TrimRight(s, ":：")
	n := utf8.RuneCountInString(s)
	if n < minTermLen || n > maxTermLen {
		return ""
	}
	han := false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			han = true
		case strings.ContainsRune("，。；;！？!?,、|<>=%≤≥＜＞＝％", r):
			return ""
		}
	}
	if !han {
		return ""
	}
	return s
}

// aliases returns the other names of a fact subject: the subject cleaned of
// its numbering, and each aliasRules rewrite of it, without duplicates or the
// subject itself.
func aliases(subject string) []string {
	var out []string
	seen := map[string]bool{subject: true}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	clean := cleanTerm(subject)
	add(clean)
	if clean == "" {
		clean = subject
	}
	for _, r := range aliasRules {
		if strings.Contains(clean, r.From) {
			add(strings.ReplaceAll(clean, r.From, r.To))
		}
	}
	return out
}
