package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/internal/atomicfile"
)

// The files of an index folder made by OpenDir.
const (
	bleveDir  = "bleve"     // the Bleve index
	termsFile = "terms.txt" // the budget dictionary it was built with, one term a line
)

// The keys OpenDir's index keeps in Bleve's internal storage.
const (
	// formatKey holds formatVersion: an index of another format is rebuilt.
	formatKey = "budgetqa/format"
	// heldPrefix+id holds the heldDoc of document id.
	heldPrefix = "budgetqa/held/"
)

// formatVersion is the version of what the index holds and how (fields,
// ids, internal keys); bump it when they change.
const formatVersion = "2"

// heldDoc is what the index holds of one document: its version, and how
// many facts and paragraphs, whose ids (hitID) a later version must delete.
// It goes into the same batch as the parts, so it never disagrees with them.
type heldDoc struct {
	Hash       string `json:"hash"`
	Facts      int    `json:"facts"`
	Paragraphs int    `json:"paragraphs"`
}

// delete adds the deletion of every part of document id to b.
func (h heldDoc) delete(b *bleve.Batch, id string) {
	for i := range h.Facts {
		b.Delete(hitID(id, h.Hash, TypeFact, i))
	}
	for i := range h.Paragraphs {
		b.Delete(hitID(id, h.Hash, TypeParagraph, i))
	}
	b.DeleteInternal([]byte(heldPrefix + id))
}

// holds reports whether h is what indexing d would make.
func (h heldDoc) holds(d *corpus.Document) bool {
	return h.Hash == d.Hash && h.Facts == len(d.Facts) && h.Paragraphs == len(d.Paragraphs)
}

// OpenDir opens the persistent index in dir, making it when dir holds none,
// and brings it up to date with docs: documents it lacks or holds in
// another version (Document.Hash) are indexed, documents not in docs are
// deleted, and the rest are left alone, so reopening an index of the same
// documents indexes nothing. progress, when not nil, is called after each
// document indexed with the count done and the count to do.
//
// The budget dictionary is fixed when the index is made (dir/terms.txt),
// from docs (an index holding no document is made anew):
// documents indexed later are cut with it too, so that a question cuts the
// same way as every document it may match. Remove the folder to rebuild the
// index with the dictionary of the current documents.
//
// An index that cannot be opened, or holds another format, is rebuilt
// from docs. Batches wait for the disk, and each records what the index
// holds with the parts it indexes, so a crash at any moment leaves an index
// that the next OpenDir completes.
func OpenDir(dir string, docs []*corpus.Document, opts Options, progress func(done, total int)) (*Index, error) {
	byID, err := docsByID(docs)
	if err != nil {
		return nil, err
	}
	if opts.ReadOnly {
		return openReadOnly(dir, byID, opts)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	x, err := openDir(dir, docs, opts)
	if err != nil {
		return nil, err
	}
	x.setDocs(byID)
	if err := x.reconcile(docs, progress); err != nil {
		x.Close()
		return nil, err
	}
	return x, nil
}

// openDir opens or makes the Bleve index in dir, making it anew when the one
// there cannot be opened or holds another format.
func openDir(dir string, docs []*corpus.Document, opts Options) (*Index, error) {
	path := filepath.Join(dir, bleveDir)
	terms, err := readTerms(filepath.Join(dir, termsFile))
	if err == nil {
		x, err := newIndex(terms, opts, func(*Index) (bleve.Index, error) { return bleve.Open(path) })
		if err == nil {
			v, gerr := x.bleve.GetInternal([]byte(formatKey))
			parts, cerr := x.bleve.DocCount()
			// An index holding nothing is made anew for docs, with their
			// dictionary.
			if gerr == nil && string(v) == formatVersion && cerr == nil && (parts > 0 || len(docs) == 0) {
				return x, nil
			}
			x.Close()
		}
		if errors.Is(err, errNoJieba) {
			return nil, err
		}
	}
	// Nothing usable there: start again, dictionary first.
	if err := os.RemoveAll(path); err != nil {
		return nil, fmt.Errorf("index: removing the old index: %w", err)
	}
	terms = Terms(docs)
	if err := writeFile(filepath.Join(dir, termsFile), []byte(strings.Join(terms, "\n")+"\n")); err != nil {
		return nil, err
	}
	x, err := newIndex(terms, opts, func(x *Index) (bleve.Index, error) {
		return bleve.NewUsing(path, x.mapping, scorch.Name, bleve.Config.DefaultKVStore, nil)
	})
	if err != nil {
		return nil, err
	}
	if err := x.bleve.SetInternal([]byte(formatKey), []byte(formatVersion)); err != nil {
		x.Close()
		return nil, fmt.Errorf("index: %w", err)
	}
	return x, nil
}

// openReadOnly opens the index in dir without writing anything, for a
// folder on a read-only volume: it must hold exactly the documents of
// byID, in their versions.
func openReadOnly(dir string, byID map[string]*corpus.Document, opts Options) (*Index, error) {
	terms, err := readTerms(filepath.Join(dir, termsFile))
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	path := filepath.Join(dir, bleveDir)
	x, err := newIndex(terms, opts, func(*Index) (bleve.Index, error) {
		return bleve.OpenUsing(path, map[string]interface{}{"read_only": true})
	})
	if err != nil {
		return nil, err
	}
	x.readOnly = true
	if v, err := x.bleve.GetInternal([]byte(formatKey)); err != nil || string(v) != formatVersion {
		x.Close()
		return nil, fmt.Errorf("index: %s holds another format (%q, want %q): rebuild it with budgetqa index", dir, v, formatVersion)
	}
	stale, gone, err := x.changes(slices.Collect(maps.Values(byID)))
	if err == nil && len(stale)+len(gone) > 0 {
		err = fmt.Errorf("index: %s is not up to date with its documents, and read-only: update it with budgetqa index", dir)
	}
	if err != nil {
		x.Close()
		return nil, err
	}
	x.setDocs(byID)
	return x, nil
}

// reconcile indexes the documents of docs that x does not hold in the same
// version and deletes the documents it holds that docs lacks.
func (x *Index) reconcile(docs []*corpus.Document, progress func(done, total int)) error {
	stale, gone, err := x.changes(docs)
	if err != nil {
		return err
	}
	if err := x.remove(gone); err != nil {
		return err
	}
	return x.index(stale, progress)
}

// changes returns the documents of docs that x does not hold in their
// version, and the ids of the documents x holds that docs lacks.
func (x *Index) changes(docs []*corpus.Document) (stale []*corpus.Document, gone []string, err error) {
	held, err := x.heldIDs()
	if err != nil {
		return nil, nil, err
	}
	want := make(map[string]bool, len(docs))
	for _, d := range docs {
		if d == nil {
			continue
		}
		want[d.ID] = true
		if h, ok, err := x.heldOf(d.ID); err != nil {
			return nil, nil, err
		} else if !ok || !h.holds(d) {
			stale = append(stale, d)
		}
	}
	for _, id := range held {
		if !want[id] {
			gone = append(gone, id)
		}
	}
	return stale, gone, nil
}

// Update indexes docs (replacing the versions held of them) and deletes the
// documents with the ids in remove, then makes Document and Documents answer
// for the new set. A search run meanwhile sees each document either whole,
// in its old version or its new one, or not at all; a hit on the old version
// of a replaced document is told by its DocHash. Update calls are
// serialised; searches go on during them.
func (x *Index) Update(docs []*corpus.Document, remove []string, progress func(done, total int)) error {
	if x.bleve == nil {
		return errors.New("index: update of a closed index")
	}
	if x.readOnly {
		return errors.New("index: update of a read-only index")
	}
	if _, err := docsByID(docs); err != nil {
		return err
	}
	x.updateMu.Lock()
	defer x.updateMu.Unlock()
	// New documents are findable by id before their parts are, removed ones
	// after theirs are gone: a hit always finds its document.
	next := maps.Clone(*x.docs.Load())
	for _, d := range docs {
		next[d.ID] = d
	}
	x.setDocs(next)
	if err := x.index(docs, progress); err != nil {
		return err
	}
	if err := x.remove(remove); err != nil {
		return err
	}
	next = maps.Clone(next)
	for _, id := range remove {
		if !slices.ContainsFunc(docs, func(d *corpus.Document) bool { return d.ID == id }) {
			delete(next, id)
		}
	}
	x.setDocs(next)
	return nil
}

// remove deletes every part of the documents with the given ids, in one
// batch.
func (x *Index) remove(ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	b := x.bleve.NewBatch()
	for _, id := range ids {
		h, ok, err := x.heldOf(id)
		if err != nil {
			return err
		}
		if ok {
			h.delete(b, id)
		}
	}
	if err := x.bleve.Batch(b); err != nil {
		return fmt.Errorf("index: deleting documents: %w", err)
	}
	return nil
}

// heldOf returns what x holds of document id.
func (x *Index) heldOf(id string) (heldDoc, bool, error) {
	v, err := x.bleve.GetInternal([]byte(heldPrefix + id))
	if err != nil {
		return heldDoc{}, false, fmt.Errorf("index: reading what the index holds of %s: %w", id, err)
	}
	if v == nil {
		return heldDoc{}, false, nil
	}
	var h heldDoc
	if err := json.Unmarshal(v, &h); err != nil {
		return heldDoc{}, false, fmt.Errorf("index: reading what the index holds of %s: %w", id, err)
	}
	return h, true, nil
}

// heldIDs returns the ids of the documents x holds: those in the doc
// field's dictionary (which keeps the terms of deleted parts until their
// segments merge) whose record is there.
func (x *Index) heldIDs() ([]string, error) {
	fd, err := x.bleve.FieldDict(fieldDoc)
	if err != nil {
		return nil, fmt.Errorf("index: listing documents: %w", err)
	}
	defer fd.Close()
	var ids []string
	for {
		e, err := fd.Next()
		if err != nil {
			return nil, fmt.Errorf("index: listing documents: %w", err)
		}
		if e == nil {
			return ids, nil
		}
		if _, ok, err := x.heldOf(e.Term); err != nil {
			return nil, err
		} else if ok {
			ids = append(ids, e.Term)
		}
	}
}

// Held returns the ids of the documents the index holds, sorted: for tests
// and checks of a persistent index against its documents.
func (x *Index) Held() ([]string, error) {
	ids, err := x.heldIDs()
	slices.Sort(ids)
	return ids, err
}

// readTerms reads a dictionary written by openDir.
func readTerms(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var terms []string
	for _, t := range strings.Split(string(data), "\n") {
		if t != "" {
			terms = append(terms, t)
		}
	}
	return terms, nil
}

// writeFile writes data to path atomically (see package atomicfile).
func writeFile(path string, data []byte) error {
	if err := atomicfile.Write(path, data); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	return nil
}
