package report

import (
	"testing"

	"github.com/budgetqa/budgetqa/pdf"
)

// page lays out lines of text, 10 points a character and 20 a line.
func page(lines ...string) pdf.Page {
	var p pdf.Page
	for i, l := range lines {
		y := float64(100 + 20*i)
		for j, r := range []rune(l) {
			x := float64(50 + 10*j)
			p.Chars = append(p.Chars, pdf.Char{Rune: r, Box: pdf.Box{X0: x, Y0: y, X1: x + 10, Y1: y + 12}, Base: y + 10})
		}
	}
	return p
}

func TestFindText(t *testing.T) {
	pg := page("一、收入预算９６２８．２２万元，其中：财政拨款", "收入9628.22万元，比2026年预算增加。下一句")
	tests := []struct {
		name  string
		text  string
		boxes int
		first pdf.Box
	}{
		{"over two lines, full-width digits folded", "收入预算9628.22万元，其中：财政拨款收入9628.22万元，比2026年预算增加。", 2, pdf.Box{X0: 70, Y0: 100, X1: 280, Y1: 112}},
		{"within a line", "比2026年预算增加", 1, pdf.Box{X0: 170, Y0: 120, X1: 270, Y1: 132}},
		{"clipped with …", "其中：财政拨款收入…", 2, pdf.Box{X0: 210, Y0: 100, X1: 280, Y1: 112}},
		{"absent", "这句话不在页面上", 0, pdf.Box{}},
		{"too short to place", "收入", 0, pdf.Box{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := findText(pg, tt.text)
			if len(got) != tt.boxes {
				t.Fatalf("%d boxes %v, want %d", len(got), got, tt.boxes)
			}
			if tt.boxes > 0 && got[0] != tt.first {
				t.Errorf("first box %v, want %v", got[0], tt.first)
			}
		})
	}
}
