package pdf

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// text places s on the 10-point line whose top is y, from x, in
// characters size points wide and tall standing on the line's baseline; a
// space advances without a char.
func text(s string, x, y, size float64) []Char {
	var out []Char
	for _, r := range s {
		if r != ' ' {
			out = append(out, Char{Rune: r, Box: Box{x, y + 10 - size, x + size, y + 10}, Base: y + 10, Size: size})
		}
		x += size
	}
	return out
}

// grid draws a ruled table with column boundaries xs and row boundaries
// ys, every boundary drawn across the whole table.
func grid(xs, ys []float64) []Rule {
	var rs []Rule
	for _, y := range ys {
		rs = append(rs, Rule{xs[0], y, xs[len(xs)-1], y})
	}
	for _, x := range xs {
		rs = append(rs, Rule{x, ys[0], x, ys[len(ys)-1]})
	}
	return rs
}

func join(parts ...[]Char) []Char {
	var out []Char
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// lines renders lines as "T|a\tb" (T the table number, or space).
func lines(ls []Line) string {
	var b strings.Builder
	for _, l := range ls {
		mark := " "
		switch {
		case l.Table > 0:
			mark = string(rune('0' + l.Table))
		case l.Gapped:
			mark = "g"
		}
		b.WriteString(mark + "|" + l.Text("\t") + "\n")
	}
	return b.String()
}

func TestLayout(t *testing.T) {
	xs := []float64{50, 150, 250}
	ys := []float64{100, 120, 140, 160}
	tests := []struct {
		name  string
		chars []Char
		rules []Rule
		want  string
	}{
		{
			name:  "text lines top to bottom",
			chars: join(text("第二行", 50, 80, 10), text("第一行", 50, 60, 10)),
			want:  " |第一行\n |第二行\n",
		},
		{
			name:  "wide gap splits cells; Latin words keep a space; digits do not",
			chars: join(text("部门：", 50, 60, 10), text("某某局", 200, 60, 10), text("ab cd", 300, 60, 10)),
			want:  " |部门：\t某某局\tab cd\n",
		},
		{
			name: "a raised quotation mark stays on its line",
			chars: join(text("一般公共预算", 50, 60, 10),
				[]Char{{Rune: '“', Box: Box{110, 58, 115, 63}, Base: 70, Size: 10}},
				text("三公", 115, 60, 10),
				[]Char{{Rune: '”', Box: Box{135, 58, 140, 63}, Base: 70, Size: 10}},
				text("经费", 140, 60, 10)),
			want: " |一般公共预算“三公”经费\n",
		},
		{
			name:  "ruled table: one cell per column, empty cells kept",
			chars: join(text("项目", 55, 105, 10), text("金额", 155, 105, 10), text("合计", 55, 125, 10), text("1,234.50", 160, 125, 5), text("小计", 55, 145, 10)),
			rules: grid(xs, ys),
			want:  "1|项目\t金额\n1|合计\t1,234.50\n1|小计\t\n",
		},
		{
			name: "a name wrapped inside its cell is one cell",
			chars: join(text("三、单位预留机", 55, 102, 6), text("动经费", 55, 110, 6), text("128.43", 160, 105, 5),
				text("合计", 55, 125, 10), text("128.43", 160, 125, 5)),
			rules: grid(xs, ys[:3]),
			want:  "1|三、单位预留机动经费\t128.43\n1|合计\t128.43\n",
		},
		{
			name: "a header cell spanning two columns sits in its first",
			chars: join(text("支出", 160, 105, 10), text("项目", 55, 125, 10), text("金额", 155, 125, 10), text("小计", 205, 125, 5),
				text("合计", 55, 145, 10), text("9", 160, 145, 5), text("9", 210, 145, 5)),
			rules: []Rule{
				{50, 100, 250, 100}, {50, 120, 250, 120}, {50, 140, 250, 140}, {50, 160, 250, 160},
				{50, 100, 50, 160}, {150, 100, 150, 160}, {200, 120, 200, 160}, {250, 100, 250, 160},
			},
			want: "1|\t支出\t\n1|项目\t金额\t小计\n1|合计\t9\t9\n",
		},
		{
			name:  "rules in pieces and double rules are one line",
			chars: join(text("甲", 55, 105, 10), text("乙", 155, 105, 10), text("丙", 55, 125, 10), text("丁", 155, 125, 10)),
			rules: []Rule{
				{50, 100, 120, 100}, {121, 100, 250, 100}, {50, 102, 250, 102},
				{50, 120, 250, 120}, {50, 140, 250, 140},
				{50, 100, 50, 140}, {150, 100, 150, 125}, {150, 125, 150, 140}, {250, 100, 250, 140}, {252.5, 100, 252.5, 140},
			},
			want: "1|甲\t乙\n1|丙\t丁\n",
		},
		{
			name:  "a continuation without a top rule still has its first row",
			chars: join(text("续行", 55, 85, 10), text("5", 160, 85, 5), text("末行", 55, 105, 10), text("6", 160, 105, 5)),
			rules: []Rule{{50, 100, 250, 100}, {50, 120, 250, 120}, {50, 80, 50, 120}, {150, 80, 150, 120}, {250, 80, 250, 120}},
			want:  "1|续行\t5\n1|末行\t6\n",
		},
		{
			name:  "one ruled row is a table row",
			chars: join(text("合计", 55, 105, 10), text("156,211,123", 152, 105, 4), text("156,211,123", 200, 105, 4)),
			rules: grid([]float64{50, 150, 198, 250}, []float64{100, 120}),
			want:  "1|合计\t156,211,123\t156,211,123\n",
		},
		{
			name:  "figures apart are separate cells without rules too",
			chars: join(text("合计", 55, 105, 10), text("156,211,123", 152, 105, 4), text("156,211,123", 200, 105, 4)),
			want:  " |合计\t156,211,123\t156,211,123\n",
		},
		{
			name:  "a frame around a paragraph is not a table",
			chars: join(text("第一行文字", 55, 105, 10), text("第二行文字", 55, 125, 10)),
			rules: grid([]float64{50, 300}, []float64{100, 150}),
			want:  " |第一行文字\n |第二行文字\n",
		},
		{
			name: "two tables side by side are read row by row",
			chars: join(text("工资", 55, 105, 10), text("1", 160, 105, 5), text("办公费", 305, 105, 10), text("2", 410, 105, 5),
				text("津贴", 55, 125, 10), text("3", 160, 125, 5), text("印刷费", 305, 125, 10), text("4", 410, 125, 5)),
			rules: append(grid(xs, ys[:3]), grid([]float64{300, 400, 500}, ys[:3])...),
			want:  "1|工资\t1\t办公费\t2\n1|津贴\t3\t印刷费\t4\n",
		},
		{
			name: "a table without rules is split into columns at its gaps",
			chars: join(text("科目", 50, 60, 10), text("金额", 200, 60, 10),
				text("办公费", 50, 80, 10), text("12", 200, 80, 5),
				text("印刷费", 50, 100, 10), text("3", 205, 100, 5)),
			want: "g|科目\t金额\ng|办公费\t12\ng|印刷费\t3\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Page{Number: 1, Width: 600, Height: 800, Chars: tt.chars, Rules: tt.rules}
			if diff := cmp.Diff(tt.want, lines(p.Layout())); diff != "" {
				t.Errorf("layout (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLinesContinueColumnsAcrossPages(t *testing.T) {
	// Page 1 draws four columns; page 2 continues the table with the
	// boundary at x=200 not drawn. Its figures keep their columns.
	xs := []float64{50, 100, 150, 200, 250}
	p1 := Page{Number: 1, Chars: join(text("甲", 55, 105, 10), text("1", 110, 105, 5), text("乙", 155, 105, 10), text("2", 210, 105, 5),
		text("丙", 55, 125, 10), text("5", 110, 125, 5)),
		Rules: grid(xs, []float64{100, 120, 140})}
	p2 := Page{Number: 2, Chars: join(text("丁", 55, 105, 10), text("6", 110, 105, 5), text("合计", 55, 125, 10), text("3", 110, 125, 5), text("4", 210, 125, 5)),
		Rules: grid([]float64{50, 100, 150, 250}, []float64{100, 120, 140})}
	f := File{Pages: []Page{p1, p2}}
	want := "1|甲\t1\t乙\t2\n1|丙\t5\t\t\n1|丁\t6\t\t\n1|合计\t3\t\t4\n"
	if diff := cmp.Diff(want, lines(f.Lines())); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
}
