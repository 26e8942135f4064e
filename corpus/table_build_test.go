package corpus

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the .golden files of testdata")

// parseBlock reads a table block from testdata text: header lines
// "title: …", "unit: …", "number: N", "line: N" (the number of the first
// raw line, 1 by default), then the raw lines. Blank lines keep their
// numbers but are dropped, as the structure parser drops them.
func parseBlock(text string) tableBlock {
	var b tableBlock
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	first := 1
	i := 0
	for ; i < len(lines); i++ {
		key, val, ok := strings.Cut(lines[i], ":")
		if !ok {
			break
		}
		val = strings.TrimSpace(val)
		switch key {
		case "title":
			b.Title = val
		case "unit":
			b.Unit = val
		case "number":
			b.Number, _ = strconv.Atoi(val)
		case "line":
			first, _ = strconv.Atoi(val)
		default:
			goto raw
		}
	}
raw:
	b.Line = first - 1
	for j, l := range lines[i:] {
		if strings.TrimSpace(l) == "" {
			continue
		}
		b.Lines = append(b.Lines, line{Num: first + j, Text: l})
	}
	return b
}

// testBlock reads a testdata file into a tableBlock.
func testBlock(t *testing.T, path string) tableBlock {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return parseBlock(string(data))
}

// dumpTable prints a table in the golden format: one line per column and
// per row, figures as column=value.
func dumpTable(t *Table, warns []Warning) string {
	var b strings.Builder
	fmt.Fprintf(&b, "table %q number=%d unit=%s lines=%d-%d", t.Title, t.Number, t.Unit, t.Line, t.EndLine)
	if t.Empty {
		b.WriteString(" empty")
	}
	b.WriteString("\ncolumns:\n")
	for i, c := range t.Columns {
		fmt.Fprintf(&b, "  c%d side=%d %q meaning=%q", i, c.Side, c.Label, c.Meaning)
		if c.Group != "" {
			fmt.Fprintf(&b, " group=%q", c.Group)
		}
		if c.Year != 0 {
			fmt.Fprintf(&b, " year=%d", c.Year)
		}
		b.WriteByte('\n')
	}
	b.WriteString("rows:\n")
	for i, r := range t.Rows {
		fmt.Fprintf(&b, "  r%d L%d", i, r.Line)
		if r.Side != 0 {
			fmt.Fprintf(&b, " side=%d", r.Side)
		}
		if r.Code != "" {
			fmt.Fprintf(&b, " %s", r.Code)
		}
		fmt.Fprintf(&b, " %q", r.Name)
		if r.Level != 0 {
			fmt.Fprintf(&b, " level=%d", r.Level)
		}
		if r.Parent >= 0 {
			fmt.Fprintf(&b, " parent=r%d", r.Parent)
		}
		b.WriteString(" |")
		for _, c := range r.Cells {
			name := "?"
			if c.Column >= 0 && c.Column < len(t.Columns) {
				name = t.Columns[c.Column].Meaning
				if name == "" {
					name = t.Columns[c.Column].Label
				}
			}
			fmt.Fprintf(&b, " c%d:%s=", c.Column, name)
			switch {
			case c.Blank && c.Raw == "":
				b.WriteString("_")
			case c.Blank:
				fmt.Fprintf(&b, "_(%s)", c.Raw)
			default:
				b.WriteString(c.Raw)
			}
		}
		b.WriteByte('\n')
		if r.Doubt != "" {
			fmt.Fprintf(&b, "    doubt: %s\n", r.Doubt)
		}
	}
	for _, s := range t.Confirmed {
		fmt.Fprintf(&b, "confirmed: %s\n", s)
	}
	for _, d := range t.Doubts {
		fmt.Fprintf(&b, "doubt L%d: %s\n", d.Line, d.Message)
	}
	for _, n := range t.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	for _, w := range warns {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	return b.String()
}

func TestBuildTable(t *testing.T) {
	files, err := filepath.Glob("testdata/tables/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/tables/*.txt")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			tab, warns := buildTable(filepath.Base(f), testBlock(t, f))
			got := dumpTable(tab, warns)
			golden := strings.TrimSuffix(f, ".txt") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("buildTable(%s) mismatch (-want +got):\n%s", f, diff)
			}
		})
	}
}

// The figures the brief names, checked one by one.
func TestBuildTableValues(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		row     string // code or name
		meaning string
		group   string // for two-level headers
		want    string // raw as printed, "_" for blank
	}{
		{"longgang 信访事务 total", "longgang-3-zhichu", "2010308", MeaningTotal, "", "1,268"},
		{"longgang 信访事务 basic", "longgang-3-zhichu", "2010308", MeaningBasic, "", "0"},
		{"longgang 信访事务 project", "longgang-3-zhichu", "2010308", MeaningProject, "", "1,268"},
		{"longgang 信访事务 procurement", "longgang-3-zhichu", "2010308", MeaningProcure, "", "479"},
		{"putuo 一般行政管理事务 total", "putuo-caizhengju-zhichu", "2010602", MeaningTotal, "", "10.00"},
		{"putuo 一般行政管理事务 basic", "putuo-caizhengju-zhichu", "2010602", MeaningBasic, "", "_"},
		{"putuo 一般行政管理事务 project", "putuo-caizhengju-zhichu", "2010602", MeaningProject, "", "10.00"},
		{"jiangsu 2017 合计", "jiangsu-2017-sangong", "", MeaningTotal, "", "2,542.60"},
		{"jiangsu 2017 三公", "jiangsu-2017-sangong", "", MeaningSanGong, "", "833.60"},
		{"jiangsu 2017 出国", "jiangsu-2017-sangong", "", MeaningAbroad, "", "222.50"},
		{"jiangsu 2017 公务用车", "jiangsu-2017-sangong", "", MeaningCar, "", "183.60"},
		{"jiangsu 2017 购置", "jiangsu-2017-sangong", "", MeaningCarBuy, "", "0"},
		{"jiangsu 2017 运行", "jiangsu-2017-sangong", "", MeaningCarRun, "", "183.60"},
		{"jiangsu 2017 接待", "jiangsu-2017-sangong", "", MeaningReception, "", "427.50"},
		{"jiangsu 2017 会议", "jiangsu-2017-sangong", "", MeaningMeeting, "", "1,305.25"},
		{"jiangsu 2017 培训", "jiangsu-2017-sangong", "", MeaningTraining, "", "403.75"},
		{"sifaju 合计", "putuo-sifaju-jiben", "合计", MeaningTotal, "", "25741666.44"},
		{"sifaju 人员经费", "putuo-sifaju-jiben", "合计", MeaningPersonnel, "", "23563342.00"},
		{"sifaju 公用经费", "putuo-sifaju-jiben", "合计", MeaningPublic, "", "2178324.44"},
		{"longgang 三公 2023", "longgang-9-sangong", "2023年", MeaningCar, "", "8"},
		{"putuo 三公 接待 预算", "putuo-caizhengju-sangong", "", MeaningBudget, MeaningReception, "0.95"},
		{"putuo 三公 接待 决算", "putuo-caizhengju-sangong", "", MeaningFinal, MeaningReception, "_"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, _ := buildTable(tt.file, testBlock(t, "testdata/tables/"+tt.file+".txt"))
			var row *Row
			for _, r := range tab.Rows {
				if r.Code == tt.row || r.Name == tt.row {
					row = r
					break
				}
			}
			if row == nil {
				t.Fatalf("no row %q", tt.row)
			}
			got := "missing"
			for _, c := range row.Cells {
				col := tab.Columns[c.Column]
				if col.Meaning == tt.meaning && (tt.group == "" || col.Group == tt.group) {
					got = c.Raw
					if c.Blank && c.Raw == "" {
						got = "_"
					}
					break
				}
			}
			if got != tt.want {
				t.Errorf("row %q %s%s = %s, want %s", tt.row, tt.group, tt.meaning, got, tt.want)
			}
		})
	}
}

func FuzzBuildTable(f *testing.F) {
	files, _ := filepath.Glob("testdata/tables/*.txt")
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(string(data))
		}
	}
	f.Add("\t\t\t")
	f.Add(strings.Repeat("\t", 1000) + "1")
	f.Add("合计\n一、\t1\t二、\t2\n\t\t\t\t小计")
	f.Fuzz(func(t *testing.T, s string) {
		tab, _ := buildTable("fuzz", parseBlock(s))
		for _, r := range tab.Rows {
			for _, c := range r.Cells {
				if c.Column < 0 || c.Column >= len(tab.Columns) {
					t.Fatalf("cell column %d of %d columns", c.Column, len(tab.Columns))
				}
			}
			if r.Parent >= len(tab.Rows) {
				t.Fatalf("parent %d of %d rows", r.Parent, len(tab.Rows))
			}
		}
	})
}
