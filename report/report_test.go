package report

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"flag"
	htmlpkg "html"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/pdf"
)

var update = flag.Bool("update", false, "rewrite the .golden files of testdata")

// bundled returns the checked bundled document with the id.
func bundled(t *testing.T, id string) Checked {
	t.Helper()
	docs, err := corpus.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if d.ID == id {
			return Check([]*corpus.Document{d})[0]
		}
	}
	t.Fatalf("no bundled document %s", id)
	return Checked{}
}

// TestGolden writes the text and JSON reports of a bundled document with
// known errors and compares them with testdata/*.golden.
func TestGolden(t *testing.T) {
	c := []Checked{bundled(t, "shanghai-putuo-sifaju-2026-yusuan")}
	tests := []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"sifaju.txt", func(b *bytes.Buffer) error { return WriteText(b, c, Options{}) }},
		{"sifaju-rounding.txt", func(b *bytes.Buffer) error { return WriteText(b, c, Options{Rounding: true}) }},
		{"sifaju.json", func(b *bytes.Buffer) error { return WriteJSON(b, c, Options{}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), b.String()); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	c := bundled(t, "shanghai-putuo-sifaju-2026-yusuan")
	n := CountOf(c)
	if n.Error == 0 || n.Rounding == 0 {
		t.Fatalf("counts %+v, want errors and rounding", n)
	}
	tests := []struct {
		name string
		cs   []Checked
		o    Options
		want string
	}{
		{"findings", []Checked{c}, Options{}, "共检查 1 份文件：错误 " + itoa(n.Error) + " 处，警告 0 处，尾数差异 " + itoa(n.Rounding) + " 处（未列出，加 --rounding 列出）。"},
		{"rounding listed", []Checked{c}, Options{Rounding: true}, "共检查 1 份文件：错误 " + itoa(n.Error) + " 处，警告 0 处，尾数差异 " + itoa(n.Rounding) + " 处。"},
		{"nothing", []Checked{{Doc: c.Doc}}, Options{}, "共检查 1 份文件：错误 0 处，警告 0 处，尾数差异 0 处；未发现需要更正的问题。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Summary(tt.cs, tt.o); got != tt.want {
				t.Errorf("Summary = %q, want %q", got, tt.want)
			}
		})
	}
}

// blankPages renders every page as a blank A4 page and counts the calls.
type blankPages struct{ calls int }

func (b *blankPages) Render(_ context.Context, data []byte, page, dpi int) (*image.RGBA, error) {
	b.calls++
	if string(data) != "%PDF-1.7 test" {
		return nil, errors.New("unexpected data")
	}
	if page > 2 {
		return nil, errors.New("no such page")
	}
	img := image.NewRGBA(image.Rect(0, 0, 595*dpi/72, 842*dpi/72))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	return img, nil
}

// TestWriteHTML writes the HTML report of a PDF's findings with a fake
// renderer: the summary comes first, each finding has its page with the
// cited box outlined in red, and the document's words are escaped.
func TestWriteHTML(t *testing.T) {
	d := &corpus.Document{ID: "t", File: "t.pdf", Format: corpus.FormatPDF, Department: "测试局", Year: 2025, Kind: corpus.KindBudget, Pages: 2}
	box := &pdf.Box{X0: 100, Y0: 200, X1: 300, Y1: 220}
	c := Checked{Doc: d, Findings: []corpus.Finding{
		{Rule: "table.parent_sum", Severity: corpus.SevError, Message: "表1：<script>alert(1)</script> 不符",
			Figures:    &corpus.Figures{Stated: decimal.RequireFromString("10.5"), Expected: decimal.RequireFromString("10.7"), Unit: "万元", Band: decimal.RequireFromString("0.015")},
			Arithmetic: "5.2 + 5.5 = 10.7",
			Places:     []corpus.Source{{File: "t.pdf", Page: 1, Line: 3, Table: "表1", Box: box}, {File: "t.pdf", Page: 2, Line: 9, Sentence: "一句话"}}},
		{Rule: "table.parent_sum", Severity: corpus.SevRounding, Message: "尾数", Places: []corpus.Source{{File: "t.pdf", Page: 3, Line: 4}}},
	}}
	pages := &blankPages{}
	var b bytes.Buffer
	err := WriteHTML(context.Background(), &b, []Checked{c}, Options{Rounding: true, Pages: &Pages{Renderer: pages, Sources: map[string][]byte{"t.pdf": []byte("%PDF-1.7 test")}}})
	if err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{"<html lang=\"zh-CN\">", "错误 1", "尾数差异 1", "什么是尾数差异", "&lt;script&gt;", "尾数容差", "= 10.7", "第1页，红框标出所涉位置", "以下页面未能显示"} {
		if !strings.Contains(html, want) {
			t.Errorf("no %q in the report", want)
		}
	}
	if strings.Contains(html, "<script>") {
		t.Error("the report holds a script")
	}
	if i, j := strings.Index(html, "共检查 1 份文件"), strings.Index(html, "<article"); i < 0 || i > j {
		t.Error("the summary is not at the top")
	}
	imgs := regexp.MustCompile(`src="data:image/png;base64,([^"]+)"`).FindAllStringSubmatch(html, -1)
	if len(imgs) != 2 {
		t.Fatalf("%d page images, want 2 (pages 1 and 2; page 3 fails)", len(imgs))
	}
	if pages.calls != 3 {
		t.Errorf("%d renders, want one per page", pages.calls)
	}
	data, err := base64.StdEncoding.DecodeString(htmlpkg.UnescapeString(imgs[0][1]))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	// The box's top edge at 72 dpi, outlined a few pixels outside it.
	if r, g, _, _ := img.At(150, 197).RGBA(); r>>8 < 200 || g>>8 > 40 {
		t.Errorf("no red outline above the box: %v", img.At(150, 197))
	}
	if got := color.GrayModel.Convert(img.At(10, 10)).(color.Gray).Y; got != 255 {
		t.Errorf("page background %d, want white", got)
	}
}
