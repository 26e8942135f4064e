package nlq

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/budgetqa/budgetqa/corpus"
)

// Metamorphic tests: the bundled documents changed in ways that must not
// change the answers (another department's name, other years, the title
// wrapped, page numbers, the department and year in every table title, the
// text and the tables as two files, tables in 元 instead of 万元), asked
// the development questions; every answer must stay what it was on the
// documents as they are. New documents are scarce: these stand in for
// documents nobody tuned for.

// mfile is one document file of a corpus under test.
type mfile struct {
	name string
	text string
}

// morph changes a corpus, and the questions with it.
type morph struct {
	name     string
	files    func([]mfile) []mfile
	question func(Request) Request
}

func readMorphQuestions(t *testing.T) []Request {
	t.Helper()
	f, err := os.Open("testdata/metamorphic/questions.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []Request
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r Request
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func bundledFiles() []mfile {
	var out []mfile
	for name, data := range corpus.BundledText() {
		out = append(out, mfile{name, string(data)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// engineOf parses files into an engine.
func engineOf(t *testing.T, files []mfile) *Engine {
	t.Helper()
	var docs []*corpus.Document
	for _, f := range files {
		d, err := corpus.Parse(f.name, []byte(f.text))
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		docs = append(docs, d)
	}
	return New(docs, Options{})
}

// outcome is what must not change: answered or not, and the figure in
// 元 (money) or as stated (counts, %), or the names listed.
func outcome(r Response) string {
	if !r.Answered {
		return "not answered"
	}
	if r.Answer.Value.Valid {
		d := r.Answer.Value.Decimal
		if m, ok := moneyFactor[r.Answer.Unit]; ok {
			return d.Mul(m).Round(0).String() + " 元"
		}
		return d.String() + " " + r.Answer.Unit
	}
	var names []string
	for _, it := range r.Answer.Items {
		if it.Value.Valid {
			d := it.Value.Decimal
			if m, ok := moneyFactor[it.Unit]; ok {
				names = append(names, d.Mul(m).Round(0).String()+"元")
				continue
			}
		}
		names = append(names, it.Value.String()+it.Unit)
	}
	return r.Intent + " " + strings.Join(names, ",")
}

var moneyFactor = map[string]decimal.Decimal{"元": decimal.NewFromInt(1), "万元": decimal.NewFromInt(10000), "亿元": decimal.NewFromInt(100000000)}

// replacer changes names in files and questions alike.
func replacer(pairs ...string) morph {
	r := strings.NewReplacer(pairs...)
	return morph{
		files: func(fs []mfile) []mfile {
			out := make([]mfile, len(fs))
			for i, f := range fs {
				out[i] = mfile{f.name, r.Replace(f.text)}
			}
			return out
		},
		question: func(q Request) Request {
			q.Question, q.Department = r.Replace(q.Question), r.Replace(q.Department)
			return q
		},
	}
}

// yearRE matches a year in text: four digits before 年.
var yearRE = regexp.MustCompile(`((?:19|20)\d\d)(\s*年)`)

// questionYearRE matches the years of a question: four digits, or two
// before 年 ("17年到19年").
var questionYearRE = regexp.MustCompile(`(((?:19|20)\d\d))|(^|[^\d])(1\d|2\d)年`)

// shiftYears moves every year by n, in the files and the questions.
func shiftYears(n int) morph {
	shift := func(s string) string {
		return yearRE.ReplaceAllStringFunc(s, func(m string) string {
			sub := yearRE.FindStringSubmatch(m)
			y, _ := strconv.Atoi(sub[1])
			return strconv.Itoa(y+n) + sub[2]
		})
	}
	return morph{
		files: func(fs []mfile) []mfile {
			out := make([]mfile, len(fs))
			for i, f := range fs {
				out[i] = mfile{f.name, shift(f.text)}
			}
			return out
		},
		question: func(q Request) Request {
			// Every year a question names: 2017, "2017、2018", "17年".
			q.Question = questionYearRE.ReplaceAllStringFunc(q.Question, func(m string) string {
				sub := questionYearRE.FindStringSubmatch(m)
				if sub[2] != "" {
					y, _ := strconv.Atoi(sub[2])
					return strconv.Itoa(y + n)
				}
				y, _ := strconv.Atoi(sub[4])
				return sub[3] + strconv.Itoa(y+n) + "年"
			})
			if q.Year > 0 {
				q.Year += n
			}
			return q
		},
	}
}

// eachDoc applies change to the lines of each document and its parse.
func eachDoc(change func(lines []string, d *corpus.Document) []string) func([]mfile) []mfile {
	return func(fs []mfile) []mfile {
		out := make([]mfile, len(fs))
		for i, f := range fs {
			d, err := corpus.Parse(f.name, []byte(f.text))
			if err != nil {
				panic(err)
			}
			out[i] = mfile{f.name, strings.Join(change(strings.Split(f.text, "\n"), d), "\n")}
		}
		return out
	}
}

// firstTextLine returns the index of the first non-blank line.
func firstTextLine(lines []string) int {
	for i, l := range lines {
		if strings.TrimSpace(strings.Trim(l, "#")) != "" {
			return i
		}
	}
	return 0
}

func wrapTitle(lines []string, _ *corpus.Document) []string {
	i := firstTextLine(lines)
	r := []rune(strings.TrimSpace(lines[i]))
	if len(r) < 6 {
		return lines
	}
	cut := len(r) / 2
	return slices.Concat(lines[:i], []string{string(r[:cut]), string(r[cut:])}, lines[i+1:])
}

func pageNumbers(lines []string, _ *corpus.Document) []string {
	var out []string
	for i, l := range lines {
		out = append(out, l)
		if i > 0 && i%37 == 0 {
			out = append(out, fmt.Sprintf("- %d -", i/37))
		}
	}
	return out
}

// titledTables puts the year and the department before every table's
// title, the way many departments print them.
func titledTables(lines []string, d *corpus.Document) []string {
	out := slices.Clone(lines)
	for _, t := range d.Tables {
		i := t.Line - 1
		if i < 0 || i >= len(out) || t.Title == "" || !strings.Contains(out[i], t.Title) {
			continue
		}
		out[i] = strings.Replace(out[i], t.Title, fmt.Sprintf("%d年度%s%s", d.Year, d.Department, t.Title), 1)
	}
	return out
}

// numberedTitles prints every table's title as a numbered heading with the
// year and the department: "三、2023年度深圳市龙岗区信访局部门支出总表".
func numberedTitles(lines []string, d *corpus.Document) []string {
	out := slices.Clone(lines)
	nums := []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"}
	n := 0
	for _, t := range d.Tables {
		i := t.Line - 1
		if t.Number == 0 || i < 0 || i >= len(out) || t.Title == "" || !strings.Contains(out[i], t.Title) || n >= len(nums) {
			continue
		}
		out[i] = strings.Replace(out[i], t.Title, fmt.Sprintf("%s、%d年度%s部门%s", nums[n], d.Year, d.Department, t.Title), 1)
		n++
	}
	return out
}

// coverTitle prints the cover as "- 1 -" and "2023年度<部门>部门预算公开"
// (决算公开 for a 决算).
func coverTitle(lines []string, d *corpus.Document) []string {
	i := firstTextLine(lines)
	kind := "预算"
	if d.Kind.IsFinal() {
		kind = "决算"
	}
	j := i + 1
	for j < len(lines) && strings.TrimSpace(lines[j]) == "" {
		j++
	}
	// The title's lines, up to the contents, give way to the new cover.
	for j < len(lines) && !strings.Contains(lines[j], "目") && utf8Len(lines[j]) < 30 && !strings.Contains(lines[j], "\t") && j-i < 3 {
		j++
	}
	return slices.Concat(lines[:i], []string{"- 1 -", fmt.Sprintf("%d年度%s部门%s公开", d.Year, d.Department, kind)}, lines[j:])
}

func utf8Len(s string) int { return len([]rune(strings.TrimSpace(s))) }

// twoFiles splits each document into a text part and a tables part (the
// lines from the first table's title to the last table's end), as some
// departments publish them; the tables part starts with the title.
func twoFiles(fs []mfile) []mfile {
	var out []mfile
	for _, f := range fs {
		d, err := corpus.Parse(f.name, []byte(f.text))
		if err != nil {
			panic(err)
		}
		first, last := 0, 0
		for _, t := range d.Tables {
			if t.Number == 0 {
				continue // a table the explanations hold
			}
			if first == 0 || t.Line < first {
				first = t.Line
			}
			last = max(last, t.EndLine)
		}
		lines := strings.Split(f.text, "\n")
		if first < 2 || last > len(lines) {
			out = append(out, f)
			continue
		}
		head := lines[:firstTextLine(lines)+1]
		base := strings.TrimSuffix(f.name, ".txt")
		out = append(out,
			mfile{base + "-text.txt", strings.Join(slices.Concat(lines[:first-1], lines[last:]), "\n")},
			mfile{base + "-tables.txt", strings.Join(slices.Concat(head, lines[first-1:last]), "\n")})
	}
	return out
}

// yuanTables prints the figures of tables in 万元 in 元 instead.
func yuanTables(lines []string, d *corpus.Document) []string {
	out := slices.Clone(lines)
	unitLine := regexp.MustCompile(`单\s*位\s*[:：]\s*万元`)
	for _, t := range d.Tables {
		if t.Unit != corpus.WanYuan {
			continue
		}
		for i := t.Line - 1; i < t.EndLine && i < len(out); i++ {
			if unitLine.MatchString(out[i]) {
				out[i] = unitLine.ReplaceAllString(out[i], "单位：元")
				continue
			}
			if !strings.Contains(out[i], "\t") {
				continue
			}
			cells := strings.Split(out[i], "\t")
			codes := codeCells(cells)
			for j, c := range cells {
				if v, ok := corpus.ParseNumber(strings.TrimSpace(c)); ok && !codes[j] && !yearCell(c) {
					cells[j] = v.Mul(decimal.NewFromInt(10000)).StringFixed(0)
				}
			}
			out[i] = strings.Join(cells, "\t")
		}
	}
	return out
}

var codeCellRE = regexp.MustCompile(`^\s*(\d{2}|\d{3}|\d{5}|\d{7})\s*$`)

// codeCells marks the cells of a row that are its 科目编码: the run of
// code-shaped numbers (201 | 01 | 02, or 2010308) right before its name.
func codeCells(cells []string) map[int]bool {
	out := map[int]bool{}
	var run []int
	for j, c := range cells {
		switch {
		case strings.TrimSpace(c) == "":
		case codeCellRE.MatchString(c):
			run = append(run, j)
		default:
			if _, ok := corpus.ParseNumber(strings.TrimSpace(c)); !ok {
				for _, k := range run {
					out[k] = true
				}
			}
			run = nil
		}
	}
	return out
}

func yearCell(c string) bool {
	v, err := strconv.Atoi(strings.TrimSpace(c))
	return err == nil && v >= 1990 && v <= 2100
}

func TestMetamorphic(t *testing.T) {
	if testing.Short() {
		t.Skip("parses the bundled corpus eight times")
	}
	questions := readMorphQuestions(t)
	base := engineOf(t, bundledFiles())
	want := make([]string, len(questions))
	for i, q := range questions {
		want[i] = outcome(base.Ask(q))
	}
	same := func(q Request) Request { return q }
	renamed := replacer("深圳市龙岗区", "杭州市西湖区", "龙岗区", "西湖区", "龙岗", "西湖", "深圳", "杭州",
		"上海市普陀区", "天津市河西区", "普陀区", "河西区", "普陀", "河西", "上海", "天津",
		"江苏省", "浙江省", "江苏", "浙江")
	renamed.name = "another region's department"
	morphs := []morph{
		renamed,
		func() morph { m := shiftYears(6); m.name = "six years later"; return m }(),
		{name: "the title wrapped over two lines", files: eachDoc(wrapTitle), question: same},
		{name: "page numbers between the lines", files: eachDoc(pageNumbers), question: same},
		{name: "year and department in every table title", files: eachDoc(titledTables), question: same},
		{name: "numbered table titles with year and department", files: eachDoc(numberedTitles), question: same},
		{name: "a cover of page number and 年度…公开", files: eachDoc(coverTitle), question: same},
		{name: "one year's document names the department short", files: func(fs []mfile) []mfile {
			out := slices.Clone(fs)
			for i, f := range out {
				if strings.Contains(f.name, "2018") {
					out[i].text = strings.ReplaceAll(f.text, "江苏省人大常委会办公厅", "江苏省人大办公厅")
				}
			}
			return out
		}, question: same},
		{name: "the text and the tables as two files", files: twoFiles, question: same},
		{name: "tables in 元 instead of 万元", files: eachDoc(yuanTables), question: same},
	}
	for _, m := range morphs {
		t.Run(m.name, func(t *testing.T) {
			e := engineOf(t, m.files(bundledFiles()))
			failed := 0
			for i, q := range questions {
				q2 := m.question(q)
				got := outcome(e.Ask(q2))
				if got != want[i] {
					failed++
					t.Errorf("%q (%s %d): %s, want %s", q2.Question, q2.Department, q2.Year, got, want[i])
				}
			}
			t.Logf("%d of %d answers kept", len(questions)-failed, len(questions))
		})
	}
}
