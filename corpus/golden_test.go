package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// summarize renders what the parser understood of a document in a stable,
// reviewable text form: metadata, contents, tables with their columns and
// rows, text facts, terms, lists, projects and targets.
func summarize(d *Document) string {
	var b strings.Builder
	fmt.Fprintf(&b, "document %s\ndepartment %s\nregion %s\nyear %d\nkind %s\ntext unit %s\n", d.File, d.Department, d.Region, d.Year, d.Kind, d.TextUnit)
	for _, l := range d.Listed {
		fmt.Fprintf(&b, "listed %d %s found=%v (line %d)\n", l.Number, l.Title, l.Found, l.Line)
	}
	for _, s := range d.Sections {
		fmt.Fprintf(&b, "section L%d line %d %s\n", s.Level, s.Line, s.Heading)
	}
	for _, t := range d.Tables {
		fmt.Fprintf(&b, "table %s unit=%s lines %d-%d empty=%v\n", t.Ref(), t.Unit, t.Line, t.EndLine, t.Empty)
		var cols []string
		for _, c := range t.Columns {
			cols = append(cols, c.Meaning)
		}
		fmt.Fprintf(&b, "  columns %s\n", strings.Join(cols, " | "))
		for _, c := range t.Confirmed {
			fmt.Fprintf(&b, "  confirmed %s\n", c)
		}
		for _, db := range t.Doubts {
			fmt.Fprintf(&b, "  doubt line %d %s\n", db.Line, db.Message)
		}
		for _, r := range t.Rows {
			var cells []string
			for _, c := range r.Cells {
				if c.Column < len(t.Columns) {
					cells = append(cells, t.Columns[c.Column].Meaning+"="+c.Value.String())
				}
			}
			fmt.Fprintf(&b, "  row %d side=%d code=%s %s: %s\n", r.Line, r.Side, r.Code, r.Name, strings.Join(cells, " "))
		}
	}
	for _, f := range d.Facts {
		if f.Source.FromTable() {
			continue
		}
		fmt.Fprintf(&b, "fact line %d %s %q measure=%q year=%d %s%s", f.Source.Line, f.Kind, f.Subject, f.Measure, f.Year, f.Value, f.Unit)
		if f.Code != "" {
			fmt.Fprintf(&b, " code=%s", f.Code)
		}
		if f.Reason != "" {
			fmt.Fprintf(&b, " reason=%q", f.Reason)
		}
		b.WriteByte('\n')
	}
	for _, t := range d.Terms {
		fmt.Fprintf(&b, "term line %d %s：%s\n", t.Line, t.Name, t.Definition)
	}
	for _, l := range d.Lists {
		fmt.Fprintf(&b, "list line %d %s: %s\n", l.Line, l.Name, strings.Join(l.Items, "、"))
	}
	for _, p := range d.Projects {
		fmt.Fprintf(&b, "project line %d %s amount=%v change=%v pct=%v reason=%q\n", p.Line, p.Name, p.Amount, p.Change, p.Pct, p.Reason)
	}
	for _, t := range d.Targets {
		fmt.Fprintf(&b, "target line %d %s/%s %s = %s\n", t.Line, t.Level1, t.Level2, t.Name, t.Value)
	}
	for _, w := range d.Warnings {
		fmt.Fprintf(&b, "warning %s\n", w)
	}
	return b.String()
}

// TestBundledGolden parses each bundled document and compares what was
// understood with testdata/golden/<id>.golden, which was checked by hand
// against the text. Regenerate with go test ./corpus -run Golden -update.
func TestBundledGolden(t *testing.T) {
	docs, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 6 {
		t.Fatalf("bundled documents: got %d, want 6", len(docs))
	}
	for _, d := range docs {
		t.Run(d.ID, func(t *testing.T) {
			got := summarize(d)
			path := filepath.Join("testdata", "golden", d.ID+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
			}
		})
	}
}
