package corpus

import (
	"io/fs"
	"reflect"
	"testing"
	"unsafe"
)

// TestTidyKeepsValues checks that tidy changes no value of a parsed
// document, and that it leaves the facts of a table sharing their
// provenance strings and no spare capacity in Facts.
func TestTidyKeepsValues(t *testing.T) {
	fsys := BundledFS()
	names, err := fs.Glob(fsys, "*.txt")
	if err != nil || len(names) == 0 {
		t.Fatalf("bundled documents: %v", err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		want, err := parse(name, data, false)
		if err != nil {
			t.Fatal(err)
		}
		got, err := parse(name, data, false)
		if err != nil {
			t.Fatal(err)
		}
		tidy(got)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: tidy changed the document", name)
		}
		if cap(got.Facts) != len(got.Facts) {
			t.Errorf("%s: Facts has %d spare capacity", name, cap(got.Facts)-len(got.Facts))
		}
		tables := map[int]*byte{}
		for _, f := range got.Facts {
			if !f.Source.FromTable() {
				continue
			}
			p := unsafe.StringData(f.Source.Table)
			if q, ok := tables[f.Source.TableIdx]; ok && q != p {
				t.Errorf("%s: facts of table %d hold separate copies of %q", name, f.Source.TableIdx, f.Source.Table)
				break
			}
			tables[f.Source.TableIdx] = p
		}
	}
}
