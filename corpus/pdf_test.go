package corpus

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/budgetqa/budgetqa/pdf"
	"github.com/budgetqa/budgetqa/pdf/pdfium"
)

// The PDFs of testdata/pdf (../testdata/pdf from here): the sources of
// five bundled documents, and six documents with no text version.
const pdfDir = "../testdata/pdf"

var (
	testPDF     = pdfium.New(pdfium.Config{CacheDir: filepath.Join(os.TempDir(), "budgetqa-test-wazero")})
	pdfDocsOnce sync.Once
	pdfDocs     map[string]*Document
	pdfDocsErr  error
)

// readPDFs reads every PDF of pdfDir once, by file name.
func readPDFs(t *testing.T) map[string]*Document {
	t.Helper()
	if testing.Short() {
		t.Skip("reads twelve PDFs")
	}
	pdfDocsOnce.Do(func() {
		docs, err := LoadDir(pdfDir, testPDF)
		pdfDocs, pdfDocsErr = map[string]*Document{}, err
		for _, d := range docs {
			pdfDocs[d.File] = d
		}
	})
	if pdfDocsErr != nil {
		t.Fatal(pdfDocsErr)
	}
	return pdfDocs
}

// factKey is what must agree between a fact read from the PDF and from
// the text: not where it was printed, nor the column's label as joined.
func factKey(f Fact) string {
	return fmt.Sprintf("%s|%s|%s|%s|%d|%s|%s", f.Kind, f.Subject, f.Code, f.Measure, f.Year, f.Value, f.Unit)
}

// factDiff lists the facts one side has more of: "text: key" and "pdf: key".
func factDiff(text, pdf []Fact) []string {
	count := func(fs []Fact) map[string]int {
		m := map[string]int{}
		for _, f := range fs {
			m[factKey(f)]++
		}
		return m
	}
	a, b := count(text), count(pdf)
	var out []string
	for k, n := range a {
		for i := b[k]; i < n; i++ {
			out = append(out, "text: "+k)
		}
	}
	for k, n := range b {
		for i := a[k]; i < n; i++ {
			out = append(out, "pdf:  "+k)
		}
	}
	slices.Sort(out)
	return out
}

// checkGolden compares lines with the golden file's, whose lines starting
// with # are the hand-written reasons, kept when -update rewrites the rest.
func checkGolden(t *testing.T, path string, lines []string) {
	t.Helper()
	old, err := os.ReadFile(path)
	if err != nil && !*update {
		t.Fatalf("%v (run go test -update)", err)
	}
	var comments, want []string
	for _, l := range strings.Split(strings.TrimRight(string(old), "\n"), "\n") {
		switch {
		case strings.HasPrefix(l, "#"):
			comments = append(comments, l)
		case l != "":
			want = append(want, l)
		}
	}
	if *update {
		out := strings.Join(append(comments, lines...), "\n") + "\n"
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

// TestPDFMatchesText reads the five documents whose text is bundled from
// their PDFs and lists every fact that differs; the golden files say why.
func TestPDFMatchesText(t *testing.T) {
	docs := readPDFs(t)
	texts := BundledText()
	for _, tt := range []struct {
		text string
		pdfs []string
	}{
		{"jiangsu-renda-2017-yusuan.txt", []string{"jiangsu-renda-2017-yusuan.pdf"}},
		{"jiangsu-renda-2018-yusuan.txt", []string{"jiangsu-renda-2018-yusuan.pdf"}},
		{"jiangsu-renda-2019-yusuan.txt", []string{"jiangsu-renda-2019-yusuan-text.pdf", "jiangsu-renda-2019-yusuan-tables.pdf"}},
		{"shanghai-putuo-caizhengju-2024-juesuan.txt", []string{"shanghai-putuo-caizhengju-2024-juesuan.pdf"}},
		{"shanghai-putuo-sifaju-2026-yusuan.txt", []string{"shanghai-putuo-sifaju-2026-yusuan.pdf"}},
	} {
		t.Run(tt.text, func(t *testing.T) {
			td, err := Parse(tt.text, texts[tt.text])
			if err != nil {
				t.Fatal(err)
			}
			var parts []*Document
			for _, p := range tt.pdfs {
				parts = append(parts, docs[p])
			}
			joined := Assemble(parts)
			if len(joined) != 1 {
				t.Fatalf("%d documents from %v, want one", len(joined), tt.pdfs)
			}
			pd := joined[0]
			if pd.Department != td.Department || pd.Year != td.Year || pd.Kind != td.Kind {
				t.Errorf("PDF read as %d %s %s, text as %d %s %s", pd.Year, pd.Department, pd.Kind, td.Year, td.Department, td.Kind)
			}
			checkGolden(t, filepath.Join("testdata", "pdf", strings.TrimSuffix(tt.text, ".txt")+".factdiff"), factDiff(td.Facts, pd.Facts))
		})
	}
}

// TestPDFReading keeps what was read of every PDF: identity, tables
// against the contents, rows, sums and totals, checked by hand against
// the rendered pages.
func TestPDFReading(t *testing.T) {
	docs := readPDFs(t)
	names := make([]string, 0, len(docs))
	for n := range docs {
		names = append(names, n)
	}
	slices.Sort(names)
	all := make([]*Document, 0, len(docs))
	for _, n := range names {
		all = append(all, docs[n])
	}
	// Read as the engine joins them (a text part and its tables part are
	// one document), none is read badly.
	for _, d := range Assemble(all) {
		if r := d.Reading(); r.Verdict == "bad" {
			t.Errorf("%s read badly: %v", d.ID, r.Problems)
		}
	}
	for _, n := range names {
		t.Run(n, func(t *testing.T) {
			r := docs[n].Reading()
			checkGolden(t, filepath.Join("testdata", "pdf", strings.TrimSuffix(n, ".pdf")+".reading"), strings.Split(strings.TrimRight(r.String(), "\n"), "\n"))
		})
	}
}

// TestReadPDFContext is the reader's time limit seen from corpus: a PDF
// that cannot be read in time is an error, never a half document.
func TestReadPDFContext(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a PDF")
	}
	data, err := os.ReadFile(filepath.Join(pdfDir, "jiangsu-renda-2019-yusuan-tables.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if d, err := Read(ctx, "x.pdf", data, testPDF); err == nil {
		t.Errorf("read with a cancelled context: %d tables, want an error", len(d.Tables))
	}
}

// layOut prints text as a PDF reader would see it: a line per text line,
// 20 points apart, its tab-separated cells 120 points apart, and ruled as
// a table when it starts with "|".
func layOut(text string) *pdf.File {
	p := pdf.Page{Number: 1, Width: 1200, Height: 20*float64(strings.Count(text, "\n")+1) + 40}
	for i, l := range strings.Split(text, "\n") {
		y := 20 + 20*float64(i)
		ruled := strings.HasPrefix(l, "|")
		cells := strings.Split(strings.TrimPrefix(l, "|"), "\t")
		for j, c := range cells {
			x := 10 + 120*float64(j)
			for k, r := range []rune(c) {
				if r == ' ' {
					continue
				}
				cx := x + 10*float64(k)
				p.Chars = append(p.Chars, pdf.Char{Rune: r, Box: pdf.Box{X0: cx, Y0: y + 4, X1: cx + 10, Y1: y + 14}, Base: y + 14, Size: 10})
			}
		}
		if ruled {
			right := 10 + 120*float64(len(cells))
			p.Rules = append(p.Rules, pdf.Rule{X0: 5, Y0: y, X1: right, Y1: y}, pdf.Rule{X0: 5, Y0: y + 20, X1: right, Y1: y + 20})
			for j := 0; j <= len(cells); j++ {
				x := 5 + 120*float64(j)
				p.Rules = append(p.Rules, pdf.Rule{X0: x, Y0: y, X1: x, Y1: y + 20})
			}
		}
	}
	return &pdf.File{Pages: []pdf.Page{p}}
}

// FuzzParsePDF reads arbitrary laid-out pages: an error or a document
// whose every fact is placed on a page, never a panic.
func FuzzParsePDF(f *testing.F) {
	f.Add("2023年测试局部门预算\n收支总表\n单位：万元\n|项目\t金额\n|合计\t1,234.5\n|201\t一般公共服务支出\t100")
	f.Add("江苏省某某厅\n2019年度部门预算公开\n一、2019年度江苏省某某厅部门收支预算总表\n部门：江苏省某某厅\t单位：万元\n|收入\t\t支出\n|一、财政拨款\t10\t一、一般公共服务支出\t10")
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 20000 || !utf8.ValidString(text) {
			return
		}
		d, err := ParsePDF("fuzz.pdf", []byte(text), layOut(text))
		if err != nil {
			return
		}
		for _, fact := range d.Facts {
			if fact.Source.Page != 1 || fact.Source.Box == nil {
				t.Fatalf("fact not placed on the page: %+v", fact.Source)
			}
		}
		_ = d.Reading().String()
	})
}

// BenchmarkReadPDF reads a 31-page budget PDF into a document: PDFium
// warm, then layout and parsing. Run with -cpu 1 for one core.
func BenchmarkReadPDF(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(pdfDir, "jiangsu-renda-2017-yusuan.pdf"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := testPDF.Start(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Read(context.Background(), "x.pdf", data, testPDF); err != nil {
			b.Fatal(err)
		}
	}
}
