package index

import (
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/budgetqa/budgetqa/corpus"
)

// versioned returns testDocs with hashes, as parsed documents have them.
func versioned() []*corpus.Document {
	docs := testDocs()
	for _, d := range docs {
		d.Hash = "v1"
	}
	return docs
}

// newVersion returns a copy of d as version hash, with its facts cut to n.
func newVersion(d *corpus.Document, hash string, n int) *corpus.Document {
	c := *d
	c.Hash = hash
	c.Facts = slices.Clone(d.Facts[:n])
	return &c
}

// subjects returns the subjects of the facts a search for q finds.
func subjects(t *testing.T, x *Index, q string) []string {
	t.Helper()
	hits, err := x.Search(q, Filter{Type: TypeFact}, 50)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range hits {
		d := x.Document(h.DocID)
		if d == nil || d.Hash != h.DocHash {
			t.Fatalf("hit %+v on a document the index does not list in that version", h)
		}
		out = append(out, d.Facts[h.Index].Subject)
	}
	slices.Sort(out)
	return out
}

func TestOpenDir(t *testing.T) {
	dir := t.TempDir()
	docs := versioned()
	calls := 0
	x, err := OpenDir(dir, docs, Options{}, func(done, total int) { calls++ })
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 {
		t.Errorf("building a new index reported no progress")
	}
	if got := subjects(t, x, "信访稳定备用金"); !slices.Contains(got, "信访稳定备用金") {
		t.Errorf("new index: found %q, want 信访稳定备用金", got)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}

	t.Run("reopened unchanged indexes nothing", func(t *testing.T) {
		calls = 0
		x, err := OpenDir(dir, docs, Options{}, func(done, total int) { calls++ })
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		if calls != 0 {
			t.Errorf("reopening indexed again (%d progress calls), want nothing to do", calls)
		}
		if got := subjects(t, x, "社区矫正"); len(got) != 1 {
			t.Errorf("reopened: found %q, want the 司法局 fact", got)
		}
	})

	t.Run("reopened with a changed and a removed document", func(t *testing.T) {
		changed := newVersion(docs[0], "v2", 1) // only 信访工作 left
		x, err := OpenDir(dir, []*corpus.Document{changed}, Options{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		if got := subjects(t, x, "信访稳定备用金 社区矫正 信访工作"); !slices.Equal(got, []string{"信访工作"}) {
			t.Errorf("found %q, want only the fact of the new version", got)
		}
		if held, err := x.Held(); err != nil || !slices.Equal(held, []string{"longgang-2023"}) {
			t.Errorf("Held = %q, %v; want the one document", held, err)
		}
	})

	t.Run("unreadable index is rebuilt", func(t *testing.T) {
		bad := t.TempDir()
		x, err := OpenDir(bad, docs, Options{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		x.Close()
		if err := os.RemoveAll(filepath.Join(bad, bleveDir)); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(bad, bleveDir), []byte("not an index"), 0o644); err != nil {
			t.Fatal(err)
		}
		x, err = OpenDir(bad, docs, Options{}, nil)
		if err != nil {
			t.Fatalf("OpenDir over a broken index = %v, want it rebuilt", err)
		}
		defer x.Close()
		if got := subjects(t, x, "社区矫正"); len(got) != 1 {
			t.Errorf("rebuilt: found %q, want the 司法局 fact", got)
		}
	})
}

func TestUpdate(t *testing.T) {
	docs := versioned()
	x, err := OpenDir(t.TempDir(), docs[:1], Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()

	// Add the second document.
	if err := x.Update(docs[1:], nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := subjects(t, x, "社区矫正"); len(got) != 1 || x.Document("putuo-sifaju-2026") == nil {
		t.Errorf("after adding: found %q, want the 司法局 fact", got)
	}
	// Replace the first with a shorter version, and remove the second.
	if err := x.Update([]*corpus.Document{newVersion(docs[0], "v2", 1)}, []string{"putuo-sifaju-2026"}, nil); err != nil {
		t.Fatal(err)
	}
	if got := subjects(t, x, "信访稳定备用金 社区矫正 信访工作"); !slices.Equal(got, []string{"信访工作"}) {
		t.Errorf("after replacing and removing: found %q, want only 信访工作", got)
	}
	if x.Document("putuo-sifaju-2026") != nil || len(x.Documents()) != 1 {
		t.Errorf("Documents = %d after removing, want 1", len(x.Documents()))
	}
	if err := x.Update([]*corpus.Document{docs[1], docs[1]}, nil, nil); err == nil {
		t.Errorf("Update with a document twice succeeded, want an error")
	}
}

// TestUpdateConcurrent searches while documents are replaced over and
// over: every hit must name a document the index lists, in the version hit.
func TestUpdateConcurrent(t *testing.T) {
	docs := versioned()
	x, err := OpenDir(t.TempDir(), docs, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	var stop atomic.Bool
	var wg sync.WaitGroup
	var searches, skipped atomic.Int64
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				hits, err := x.Search("信访 行政运行 备用金", Filter{}, 20)
				if err != nil {
					t.Error(err)
					return
				}
				searches.Add(1)
				for _, h := range hits {
					if d := x.Document(h.DocID); d == nil {
						t.Errorf("hit %+v on a document the index does not list", h)
						return
					} else if d.Hash != h.DocHash {
						skipped.Add(1) // a version being replaced: readers skip it
					}
				}
			}
		}()
	}
	for i := range 20 {
		v := newVersion(docs[0], "v"+string(rune('a'+i)), 1+i%len(docs[0].Facts))
		if err := x.Update([]*corpus.Document{v}, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	stop.Store(true)
	wg.Wait()
	t.Logf("%d searches during 20 updates, %d hits on a version being replaced", searches.Load(), skipped.Load())
}

func TestOpenDirReadOnly(t *testing.T) {
	dir := t.TempDir()
	docs := versioned()
	x, err := OpenDir(dir, docs, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	x.Close()
	ro := Options{ReadOnly: true}
	x, err = OpenDir(dir, docs, ro, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := subjects(t, x, "社区矫正"); len(got) != 1 {
		t.Errorf("read-only: found %q, want the 司法局 fact", got)
	}
	if err := x.Update(docs[:1], nil, nil); err == nil {
		t.Errorf("Update of a read-only index succeeded")
	}
	x.Close()
	for name, other := range map[string][]*corpus.Document{
		"changed":  {newVersion(docs[0], "v2", 1), docs[1]},
		"fewer":    docs[:1],
		"more":     append(versioned(), &corpus.Document{ID: "new", Hash: "v1"}),
		"no index": nil,
	} {
		d := dir
		if name == "no index" {
			d = t.TempDir()
		}
		if x, err := OpenDir(d, other, ro, nil); err == nil {
			x.Close()
			t.Errorf("%s: read-only OpenDir of an index not up to date succeeded", name)
		}
	}
}
