package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/index"
)

// bundledText returns the text of the bundled documents by file name.
func bundledText(t testing.TB) map[string][]byte {
	t.Helper()
	out := corpus.BundledText()
	if len(out) == 0 {
		t.Fatal("no bundled documents")
	}
	return out
}

// corpusFS returns a corpus folder of the given files.
func corpusFS(files map[string][]byte) fstest.MapFS {
	m := fstest.MapFS{}
	for n, data := range files {
		m[n] = &fstest.MapFile{Data: data}
	}
	return m
}

// open opens the store in dir, failing the test on an error.
func open(t testing.TB, dir string) (*Store, OpenReport) {
	t.Helper()
	s, rep, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s, rep
}

// ids returns the ids of the store's documents.
func ids(s *Store) []string {
	var out []string
	for _, d := range s.Documents() {
		out = append(out, d.ID)
	}
	return out
}

// checkConsistent checks that the manifest, the documents and the index of
// s agree.
func checkConsistent(t testing.TB, s *Store) {
	t.Helper()
	var want []string
	for _, e := range s.Entries() {
		want = append(want, e.ID)
	}
	if got := ids(s); !slices.Equal(got, want) {
		t.Errorf("documents %q, manifest %q", got, want)
	}
	held, err := s.Index().Held()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(held, want) {
		t.Errorf("index holds %q, manifest %q", held, want)
	}
}

// jsonOf returns d as JSON, to compare documents read back with parsed ones.
func jsonOf(t testing.TB, d *corpus.Document) string {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSyncAndReopen(t *testing.T) {
	dir := t.TempDir()
	files := bundledText(t)
	s, _ := open(t, dir)
	rep, err := s.Sync(corpusFS(files))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Added) != len(files) || len(rep.Failed) > 0 {
		t.Fatalf("Sync = %+v, want %d added", rep, len(files))
	}
	checkConsistent(t, s)
	first := map[string]string{}
	for _, d := range s.Documents() {
		first[d.ID] = jsonOf(t, d)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, orep := open(t, dir)
	defer s.Close()
	if orep.Documents != len(files) || len(orep.Reparsed) > 0 || len(orep.Lost) > 0 {
		t.Errorf("reopen = %+v, want %d documents read back without parsing", orep, len(files))
	}
	for _, d := range s.Documents() {
		if jsonOf(t, d) != first[d.ID] {
			t.Errorf("%s read back differs from the parsed document", d.ID)
		}
	}
	checkConsistent(t, s)
	hits, err := s.Index().Search("信访稳定备用金", index.Filter{}, 3)
	if err != nil || len(hits) == 0 {
		t.Errorf("search after reopening = %v, %v; want hits", hits, err)
	}

	t.Run("incremental", func(t *testing.T) {
		changed := map[string][]byte{}
		var victim, gone string
		for n, data := range files {
			changed[n] = data
		}
		names := slices.Sorted(func(yield func(string) bool) {
			for n := range files {
				if !yield(n) {
					return
				}
			}
		})
		victim, gone = names[0], names[1]
		changed[victim] = append(slices.Clone(files[victim]), []byte("\n（本行为测试追加）\n")...)
		delete(changed, gone)
		rep, err := s.Sync(corpusFS(changed))
		if err != nil {
			t.Fatal(err)
		}
		wantReplaced := []string{strings.TrimSuffix(victim, ".txt")}
		wantRemoved := []string{strings.TrimSuffix(gone, ".txt")}
		if !slices.Equal(rep.Replaced, wantReplaced) || !slices.Equal(rep.Removed, wantRemoved) || len(rep.Added) > 0 || len(rep.Unchanged) != len(files)-2 {
			t.Errorf("Sync = %+v, want %q replaced, %q removed, the rest unchanged", rep, wantReplaced, wantRemoved)
		}
		checkConsistent(t, s)
	})
}

func TestAddRemove(t *testing.T) {
	files := bundledText(t)
	var name string
	var text []byte
	for n, data := range files {
		if strings.Contains(n, "longgang") {
			name, text = n, data
		}
	}
	dir := t.TempDir()
	s, _ := open(t, dir)

	d, replaced, err := s.Add("upload-1.txt", text)
	if err != nil || replaced || d.ID != "upload-1" {
		t.Fatalf("Add = %v, %v, %v; want a new document upload-1", d, replaced, err)
	}
	if _, replaced, err = s.Add("upload-1", text); err != nil || !replaced {
		t.Errorf("Add again = %v, %v; want it replaced", replaced, err)
	}
	checkConsistent(t, s)
	manifestBefore, _ := os.ReadFile(filepath.Join(dir, manifestFile))

	bad := []struct {
		name, file string
		text       []byte
		want       error
	}{
		{"empty", "e.txt", nil, corpus.ErrEmpty},
		{"binary", "b.txt", []byte("\x00\x01\x02budget"), corpus.ErrBinary},
		{"not a budget", "n.txt", []byte("今天天气很好。\n我们去公园散步。\n"), corpus.ErrNotBudget},
		{"path in name", "../x.txt", text, ErrBadName},
		{"empty name", ".txt", text, ErrBadName},
		{"hash in name", "a#b.txt", text, ErrBadName},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := s.Add(tt.file, tt.text)
			if !errors.Is(err, tt.want) {
				t.Errorf("Add(%q) = %v, want %v", tt.file, err, tt.want)
			}
		})
	}
	if after, _ := os.ReadFile(filepath.Join(dir, manifestFile)); string(after) != string(manifestBefore) {
		t.Errorf("a failed Add changed the manifest")
	}
	checkConsistent(t, s)

	if err := s.Remove("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Remove(nope) = %v, want ErrNotFound", err)
	}
	if err := s.Remove("upload-1"); err != nil {
		t.Fatal(err)
	}
	checkConsistent(t, s)
	if n := countFiles(t, filepath.Join(dir, textDir)); n != 0 {
		t.Errorf("%d text files left after removing the only document", n)
	}

	// Uploads survive a Sync of a corpus folder, even one with their id.
	if _, _, err := s.Add(name, text); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Sync(corpusFS(map[string][]byte{name: append(slices.Clone(text), '\n')}))
	if err != nil || !slices.Equal(rep.Kept, []string{strings.TrimSuffix(name, ".txt")}) || rep.Changed() {
		t.Errorf("Sync over an upload = %+v, %v; want the upload kept", rep, err)
	}
	s.Close()
	s, _ = open(t, dir)
	defer s.Close()
	if got := ids(s); !slices.Equal(got, []string{strings.TrimSuffix(name, ".txt")}) {
		t.Errorf("after reopening: %q, want the upload", got)
	}
}

func countFiles(t testing.TB, dir string) int {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

func TestSyncKeepsWhatFailsToParse(t *testing.T) {
	files := bundledText(t)
	s, _ := open(t, t.TempDir())
	defer s.Close()
	if _, err := s.Sync(corpusFS(files)); err != nil {
		t.Fatal(err)
	}
	broken := map[string][]byte{}
	for n, data := range files {
		broken[n] = data
	}
	var victim string
	for n := range files {
		victim = n
		break
	}
	broken[victim] = []byte("\x00 not text")
	rep, err := s.Sync(corpusFS(broken))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Failed) != 1 || rep.Changed() {
		t.Errorf("Sync with a broken file = %+v, want one failure and no change", rep)
	}
	if len(s.Documents()) != len(files) {
		t.Errorf("%d documents after a failed update, want all %d kept", len(s.Documents()), len(files))
	}
}

func TestLock(t *testing.T) {
	dir := t.TempDir()
	s, _ := open(t, dir)
	if _, _, err := Open(dir, Options{}); !errors.Is(err, ErrLocked) {
		t.Errorf("second Open = %v, want ErrLocked", err)
	}
	s.Close()
	s, _ = open(t, dir) // released by Close
	s.Close()
}

// TestOpenRepairs opens stores left in the states an interrupted change or
// an upgrade leaves: files no manifest names, a stale parsed form, a lost
// text.
func TestOpenRepairs(t *testing.T) {
	files := bundledText(t)
	dir := t.TempDir()
	s, _ := open(t, dir)
	if _, err := s.Sync(corpusFS(files)); err != nil {
		t.Fatal(err)
	}
	es := s.Entries()
	s.Close()

	// Left by a crash before the manifest: files of a document never named.
	for _, p := range []string{
		filepath.Join(dir, textDir, strings.Repeat("a", 64)+".txt"),
		filepath.Join(dir, parsedDir, strings.Repeat("a", 64)+".gob"),
		filepath.Join(dir, parsedDir, "."+strings.Repeat("b", 64)+".gob.tmp123"),
		filepath.Join(dir, ".MANIFEST.json.tmp456"),
	} {
		if err := os.WriteFile(p, []byte("half"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// An upgrade: a parsed form in an old format; a damaged one.
	if err := os.WriteFile(filepath.Join(dir, parsedDir, es[0].SHA256+".gob"), []byte("old format"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A lost text whose parsed form is gone too.
	os.Remove(filepath.Join(dir, textDir, es[1].SHA256+".txt"))
	os.Remove(filepath.Join(dir, parsedDir, es[1].SHA256+".gob"))

	s, rep := open(t, dir)
	defer s.Close()
	if rep.Removed != 4 || !slices.Equal(rep.Reparsed, []string{es[0].ID}) || len(rep.Lost) != 1 || rep.Documents != len(files)-1 {
		t.Errorf("Open = %+v, want 4 files removed, %s parsed again, %s lost", rep, es[0].ID, es[1].ID)
	}
	checkConsistent(t, s)
}

// TestOpenQuarantines: a document whose text no longer matches its hash
// (and whose parsed form is gone) leaves the library, and its text is kept
// in quarantine/ with the reason, not deleted.
func TestOpenQuarantines(t *testing.T) {
	files := bundledText(t)
	dir := t.TempDir()
	s, _ := open(t, dir)
	if _, err := s.Sync(corpusFS(files)); err != nil {
		t.Fatal(err)
	}
	e := s.Entries()[0]
	s.Close()
	damaged := []byte("一份被改过的文件")
	if err := os.WriteFile(filepath.Join(dir, textDir, e.SHA256+".txt"), damaged, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, parsedDir, e.SHA256+".gob"))

	s, rep := open(t, dir)
	defer s.Close()
	name := filepath.Join(QuarantineDir, e.ID+"-"+e.SHA256[:12]+".txt")
	if len(rep.Lost) != 1 || !slices.Equal(rep.Quarantined, []string{name}) || rep.Documents != len(files)-1 {
		t.Fatalf("Open = %+v, want %s lost and quarantined as %s", rep, e.ID, name)
	}
	if got, err := os.ReadFile(filepath.Join(dir, name)); err != nil || !bytes.Equal(got, damaged) {
		t.Errorf("quarantined text = %q, %v; want the damaged text", got, err)
	}
	var note map[string]any
	data, err := os.ReadFile(filepath.Join(dir, name+".reason.json"))
	if err == nil {
		err = json.Unmarshal(data, &note)
	}
	if err != nil || note["id"] != e.ID || !strings.Contains(fmt.Sprint(note["reason"]), "SHA-256") {
		t.Errorf("reason file: %s, %v; want the id and the hash mismatch", data, err)
	}
	if _, err := os.Stat(filepath.Join(dir, textDir, e.SHA256+".txt")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the damaged text is still among the texts: %v", err)
	}
	checkConsistent(t, s)
}

// snapshot lists the files under dir with their sizes and times.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		out[p] = fmt.Sprint(fi.Size(), fi.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReadOnly(t *testing.T) {
	dir := t.TempDir()
	s, _ := open(t, dir)
	if _, err := s.Sync(corpusFS(bundledText(t))); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before := snapshot(t, dir)

	ro := Options{ReadOnly: true}
	a, _, err := Open(dir, ro)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := Open(dir, ro) // readers share the folder
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Open(dir, Options{}); !errors.Is(err, ErrLocked) {
		t.Errorf("a writer while readers have it open = %v, want ErrLocked", err)
	}
	if hits, err := a.Index().Search("信访稳定备用金", index.Filter{}, 1); err != nil || len(hits) == 0 {
		t.Errorf("read-only search = %v, %v", hits, err)
	}
	if _, _, err := a.Add("x.txt", []byte("x")); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Add = %v, want ErrReadOnly", err)
	}
	if _, err := a.Sync(corpusFS(nil)); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Sync = %v, want ErrReadOnly", err)
	}
	if err := a.Remove(a.Entries()[0].ID); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Remove = %v, want ErrReadOnly", err)
	}
	a.Close()
	b.Close()
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Errorf("opening read-only changed the folder (-before +after):\n%s", diff)
	}
}
