package corpus

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/budgetqa/budgetqa/pdf/pdfium"
)

// findingsGolden holds every finding of Check on the bundled documents and on
// the PDFs of ../testdata/pdf, rounding included; each error in it was
// confirmed against the printed page (CHECK_NOTES.md lists them).
// Regenerate with go test ./corpus -run CheckGolden -update.
const findingsGolden = "testdata/check/findings.golden"

func TestCheckGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("reads twelve PDFs")
	}
	bundled, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	pdfs, err := readTestPDFs()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	counts := map[Severity]int{}
	for _, set := range [][]*Document{bundled, Assemble(pdfs)} {
		for _, d := range set {
			fs := Check(d)
			fmt.Fprintf(&b, "== %s (%d %s, %s)\n", d.File, d.Year, d.Department, d.Kind)
			for _, f := range fs {
				b.WriteString(goldenFinding(f))
				counts[f.Severity]++
			}
		}
	}
	fmt.Fprintf(&b, "== total: %d error, %d warning, %d rounding\n", counts[SevError], counts[SevWarning], counts[SevRounding])
	got := b.String()
	if *update {
		if err := os.MkdirAll(filepath.Dir(findingsGolden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(findingsGolden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(findingsGolden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", findingsGolden, diff)
	}
}

// readTestPDFs reads the PDFs of ../testdata/pdf in name order.
func readTestPDFs() ([]*Document, error) {
	paths, err := filepath.Glob(filepath.Join("..", "testdata", "pdf", "*.pdf"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	r := pdfium.New(pdfium.Config{CacheDir: filepath.Join(os.TempDir(), "budgetqa-test-wazero")})
	defer r.Close()
	var docs []*Document
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		d, err := Read(context.Background(), filepath.Base(p), data, r)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// goldenFinding writes a finding with everything it carries: rule,
// severity, message, figures, arithmetic and places with their boxes.
func goldenFinding(f Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] %s %s\n", f.Severity.Code(), f.Rule, f.Message)
	if g := f.Figures; g != nil {
		fmt.Fprintf(&b, "    figures: stated %s, expected %s %s, band %s\n", g.Stated, g.Expected, g.Unit, g.Band)
	}
	if f.Arithmetic != "" {
		fmt.Fprintf(&b, "    arithmetic: %s\n", f.Arithmetic)
	}
	for _, p := range f.Places {
		fmt.Fprintf(&b, "    at %s", PlaceString(p))
		if p.Box != nil {
			fmt.Fprintf(&b, " box %g,%g,%g,%g", p.Box.X0, p.Box.Y0, p.Box.X1, p.Box.Y1)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestCheckPlantedPDF plants an error in the parsed form of each PDF: in
// every table, the first figure of its first row that is neither a total
// nor a parent grows by 100. Some rule must find each.
func TestCheckPlantedPDF(t *testing.T) {
	if testing.Short() {
		t.Skip("reads twelve PDFs")
	}
	pdfs, err := readTestPDFs()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range Assemble(pdfs) {
		before := map[string]bool{}
		for _, f := range Check(d) {
			before[f.Message] = true
		}
		for _, tb := range d.Tables {
			if !checkable(tb) || strings.Contains(tb.Title, "绩效") {
				continue
			}
			kids := children(tb)
			for ri, r := range tb.Rows {
				if len(kids[ri]) > 0 || isTotalRow(tb, ri) || len(r.Cells) == 0 || r.Cells[0].Value.IsZero() {
					continue
				}
				t.Run(d.ID+"/"+tb.Ref(), func(t *testing.T) {
					old := r.Cells[0]
					r.Cells[0].Value = old.Value.Add(hundred)
					defer func() { r.Cells[0] = old }()
					for _, f := range Check(d) {
						if f.Severity == SevError && !before[f.Message] {
							return
						}
					}
					t.Errorf("no error for %s row %q column %s + 100", tb.Ref(), rowLabel(r), colLabel(tb, old.Column))
				})
				break
			}
		}
	}
}

// TestCheckConfirmedColumns plants an error where only a relation the
// parser confirmed from the table's own figures applies: the 单位预算's
// 收支总表 prints 基本支出 as 人员经费 and 公用经费 (合计 = 基本支出 + 公用经费
// + 项目支出), which no standard identity reads.
func TestCheckConfirmedColumns(t *testing.T) {
	if testing.Short() {
		t.Skip("reads twelve PDFs")
	}
	pdfs, err := readTestPDFs()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range pdfs {
		if d.ID != "shanghai-putuo-zhengfubangongshi-2025-danwei-yusuan" {
			continue
		}
		if n := rulesFound(d, "table.column_sum"); n != 0 {
			t.Fatalf("untouched: %d table.column_sum findings", n)
		}
		tb := d.Tables[0]
		for _, r := range tb.Rows {
			if len(r.Cells) > 2 && !r.Cells[1].Value.IsZero() {
				r.Cells[1].Value = r.Cells[1].Value.Add(hundred)
				break
			}
		}
		if n := rulesFound(d, "table.column_sum"); n == 0 {
			t.Errorf("planted: no table.column_sum finding in %s", tb.Ref())
		}
		return
	}
	t.Fatal("no 单位预算 among the PDFs")
}

// rulesFound counts a rule's findings that are not rounding.
func rulesFound(d *Document, rule string) int {
	n := 0
	for _, f := range Check(d) {
		if f.Rule == rule && f.Severity != SevRounding {
			n++
		}
	}
	return n
}
