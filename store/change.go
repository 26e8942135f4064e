package store

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/budgetqa/budgetqa/corpus"
)

// writable returns why s cannot change, or nil. The caller holds s.mu.
func (s *Store) writable() error {
	switch {
	case s.closed:
		return ErrClosed
	case s.opts.ReadOnly:
		return ErrReadOnly
	}
	return nil
}

// pending is a parsed document about to enter the store.
type pending struct {
	entry Entry
	text  []byte
	doc   *corpus.Document
}

// Add parses the document text (named file, as uploaded) and, when it
// parses, adds it to the store, replacing the document with the same id;
// replaced says whether there was one. A document that does not parse
// changes nothing: the error is the parser's (*corpus.ParseError, with the
// line when it has one) or wraps ErrBadName. When the document is saved but
// the index could not take it, Add returns the document and that error: the
// next Open indexes it.
func (s *Store) Add(file string, text []byte) (doc *corpus.Document, replaced bool, err error) {
	if s.opts.ReadOnly { // before parsing
		return nil, false, ErrReadOnly
	}
	id, err := IDOf(file)
	if err != nil {
		return nil, false, err
	}
	// The stored name's extension says the format: what the content is.
	if corpus.IsDocumentName(file) {
		file = strings.TrimSuffix(file, filepath.Ext(file))
	}
	if corpus.IsPDF(text) {
		file += ".pdf"
	} else {
		file += ".txt"
	}
	p := pending{entry: Entry{ID: id, File: file, SHA256: sum(text), Size: len(text), Origin: OriginUpload, Added: time.Now().UTC()}, text: text}
	if p.doc, err = s.parse(p.entry, text); err != nil {
		return nil, false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writable(); err != nil {
		return nil, false, err
	}
	_, replaced = s.entries[id]
	committed, err := s.commit([]pending{p}, nil)
	if !committed {
		return nil, false, err
	}
	return p.doc, replaced, err
}

// Remove removes the document with id from the store.
func (s *Store) Remove(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writable(); err != nil {
		return err
	}
	if _, ok := s.entries[id]; !ok {
		return fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	_, err := s.commit(nil, []string{id})
	return err
}

// SyncReport says what Sync did.
type SyncReport struct {
	Added, Replaced, Removed, Unchanged []string // document ids
	Kept                                []string // uploaded documents a corpus file of the same id did not replace
	Failed                              []error  // files that did not parse: the store keeps what it had
}

// Changed reports whether Sync changed the store.
func (r SyncReport) Changed() bool { return len(r.Added)+len(r.Replaced)+len(r.Removed) > 0 }

// Sync makes the store's corpus documents those of the .txt and .pdf files at the
// top of fsys: new and changed files (by SHA-256) are parsed, in parallel,
// and the documents of files that are gone are removed. Documents added by
// Add are left alone, even when a file has the same id. A file that does
// not parse is reported and changes nothing: the version the store had, if
// any, stays.
func (s *Store) Sync(fsys fs.FS) (SyncReport, error) {
	var rep SyncReport
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return rep, fmt.Errorf("store: %w", err)
	}
	var names []string
	for _, de := range entries {
		if !de.IsDir() && corpus.IsDocumentName(de.Name()) {
			names = append(names, de.Name())
		}
	}
	sort.Strings(names)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writable(); err != nil {
		return rep, err
	}
	seen := map[string]bool{}
	var todo []pending
	for _, name := range names {
		id, err := IDOf(name)
		if err != nil {
			rep.Failed = append(rep.Failed, err)
			continue
		}
		seen[id] = true
		text, err := fs.ReadFile(fsys, name)
		if err != nil {
			rep.Failed = append(rep.Failed, fmt.Errorf("store: %s: %w", name, err))
			continue
		}
		old, had := s.entries[id]
		switch sha := sum(text); {
		case had && old.Origin == OriginUpload:
			rep.Kept = append(rep.Kept, id)
		case had && old.SHA256 == sha:
			rep.Unchanged = append(rep.Unchanged, id)
		default:
			todo = append(todo, pending{entry: Entry{ID: id, File: name, SHA256: sha, Size: len(text), Origin: OriginCorpus, Added: time.Now().UTC()}, text: text})
		}
	}
	var remove []string
	for id, e := range s.entries {
		if e.Origin == OriginCorpus && !seen[id] {
			remove = append(remove, id)
		}
	}
	sort.Strings(remove)
	parsed := s.parseAll(todo, &rep)
	for _, p := range parsed {
		if _, had := s.entries[p.entry.ID]; had {
			rep.Replaced = append(rep.Replaced, p.entry.ID)
		} else {
			rep.Added = append(rep.Added, p.entry.ID)
		}
	}
	rep.Removed = remove
	if len(parsed) == 0 && len(remove) == 0 {
		return rep, nil
	}
	_, err = s.commit(parsed, remove)
	return rep, err
}

// parseAll parses the documents of todo in parallel, reporting progress;
// those that fail go into rep.Failed and are left out.
func (s *Store) parseAll(todo []pending, rep *SyncReport) []pending {
	errs := make([]error, len(todo))
	s.parallel(len(todo), "parse", func(i int) {
		p := &todo[i]
		p.doc, errs[i] = s.parse(p.entry, p.text)
	})
	out := todo[:0]
	for i, p := range todo {
		if errs[i] != nil {
			rep.Failed = append(rep.Failed, errs[i])
			continue
		}
		out = append(out, p)
	}
	return out
}

// commit makes adds and removes one change of the store: the files of the
// added documents first, then the manifest (the moment the change happens),
// then the documents served and the index, then the files no longer named.
// It reports whether the change was made: an error after that is the
// index's, which the next Open mends. The caller holds s.mu.
func (s *Store) commit(adds []pending, removes []string) (bool, error) {
	for _, p := range adds {
		if err := s.writeFiles(p); err != nil {
			return false, err
		}
	}
	old := s.entries
	next := maps.Clone(old)
	for _, id := range removes {
		delete(next, id)
	}
	for _, p := range adds {
		next[p.entry.ID] = p.entry
	}
	s.entries = next
	if err := s.writeManifest(); err != nil {
		s.entries = old
		return false, err
	}

	// Committed. Serve the new set, then tell the index.
	byID := map[string]*corpus.Document{}
	for _, d := range s.Documents() {
		byID[d.ID] = d
	}
	for _, id := range removes {
		delete(byID, id)
	}
	docs := make([]*corpus.Document, 0, len(adds))
	for _, p := range adds {
		byID[p.entry.ID] = p.doc
		docs = append(docs, p.doc)
	}
	all := slices.Collect(maps.Values(byID))
	s.setDocs(all)
	var err error
	if x := s.idx.Load(); x != nil {
		err = x.Update(docs, removes, s.progress("index"))
	} else if len(all) > 0 {
		err = s.openIndex(all)
	}
	if err != nil {
		// The documents are in; the next Open brings the index up to date.
		err = fmt.Errorf("store: the change is saved, but updating the search index failed (it is rebuilt at the next start): %w", err)
	}
	// Files of replaced and removed documents, unless still named.
	named := map[string]bool{}
	for _, e := range next {
		named[e.SHA256] = true
	}
	for _, e := range old {
		if !named[e.SHA256] {
			os.Remove(s.sourcePath(e))
			os.Remove(s.parsedPath(e.SHA256))
		}
	}
	return true, err
}

// writeFiles writes the text and parsed form of p, each atomically.
func (s *Store) writeFiles(p pending) error {
	if _, err := os.Stat(s.sourcePath(p.entry)); err != nil {
		if err := writeFile(s.sourcePath(p.entry), p.text); err != nil {
			return err
		}
	}
	form, err := encodeParsed(p.doc)
	if err != nil {
		return err
	}
	return writeFile(s.parsedPath(p.entry.SHA256), form)
}
