package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestDebugStructure(t *testing.T) {
	if os.Getenv("DEBUGDOC") == "" {
		t.Skip("set DEBUGDOC=1 to print the parsed structure")
	}
	files, _ := filepath.Glob("/work/shared/corpus/*.txt")
	for _, f := range files {
		if os.Getenv("DOC") != "" && !contains(f, os.Getenv("DOC")) {
			continue
		}
		data, _ := os.ReadFile(f)
		d, err := Parse(f, data)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		fmt.Printf("== %s | dept=%q region=%q year=%d kind=%s title=%q\n", d.File, d.Department, d.Region, d.Year, d.Kind, d.Title)
		for _, l := range d.Listed {
			fmt.Printf("  listed %d %s (line %d) found=%v\n", l.Number, l.Title, l.Line, l.Found)
		}
		if os.Getenv("SHOW") == "" {
			for _, tb := range d.Tables {
				fmt.Printf("  table %d %q unit=%s line=%d rows=%d\n", tb.Number, tb.Title, tb.Unit, tb.Line, len(tb.Rows))
			}
			for _, s := range d.Sections {
				fmt.Printf("  section L%d %d %s\n", s.Level, s.Line, s.Heading)
			}
		}
		if os.Getenv("SHOW") == "facts" {
			for _, f := range d.Facts {
				fmt.Printf("  fact L%d %s subj=%q code=%s measure=%q year=%d %s%s reason=%.30q\n", f.Source.Line, f.Kind, f.Subject, f.Code, f.Measure, f.Year, f.Value, f.Unit, f.Reason)
			}
			for _, l := range d.Lists {
				fmt.Printf("  list L%d %s %v\n", l.Line, l.Name, l.Items)
			}
			for _, t := range d.Terms {
				fmt.Printf("  term L%d %s: %.40s\n", t.Line, t.Name, t.Definition)
			}
			for _, t := range d.Targets {
				fmt.Printf("  target L%d %s/%s %s = %s\n", t.Line, t.Level1, t.Level2, t.Name, t.Value)
			}
			for _, p := range d.Projects {
				fmt.Printf("  project L%d %s %v %v %v %.30q\n", p.Line, p.Name, p.Amount, p.Change, p.Pct, p.Reason)
			}
		}
		if os.Getenv("SHOW") == "para" {
			for _, p := range d.Paragraphs {
				fmt.Printf("  para %d-%d [%s] %s\n", p.Line, p.EndLine, p.Section, p.Text)
			}
		}
	}
}

func contains(a, b string) bool {
	return len(b) == 0 || (len(a) >= len(b) && (filepath.Base(a)[:len(b)] == b))
}

func TestDebugCheck(t *testing.T) {
	if os.Getenv("DEBUGDOC") == "" {
		t.Skip("set DEBUGDOC=1 to print the findings")
	}
	files, _ := filepath.Glob("/work/shared/corpus/*.txt")
	for _, f := range files {
		data, _ := os.ReadFile(f)
		d, err := Parse(f, data)
		if err != nil {
			continue
		}
		fmt.Printf("== %s\n", d.File)
		for _, fd := range Check(d) {
			fmt.Println(fd.String())
		}
	}
}
