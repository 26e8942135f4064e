// Package store keeps a library of budget documents on disk: the text of
// each document as it came, its parsed form, and the search index over
// them, in one folder that outlives the process.
//
// The folder holds
//
//	MANIFEST.json       the documents of the library: id, file, SHA-256, origin
//	text/<sha256>.txt   each document's source file, by content: its text,
//	text/<sha256>.pdf   or the PDF as published
//	parsed/<sha256>.gob each document's parsed form, by content
//	search/             the search index (index.OpenDir)
//	quarantine/         source files of documents dropped at Open, each
//	                    with a <name>.reason.json saying why (below)
//	LOCK                held by the process that has the store open
//
// The manifest is the truth and changes only by an atomic rename: a change
// writes the new text and parsed files first, then the new manifest, then
// updates the index. A crash (kill -9, power cut) at any moment leaves
// either the old manifest or the new one, each naming only files already on
// disk; Open removes the files no manifest names and brings the index up to
// date with the manifest. Opening a store reads the parsed forms instead of
// parsing again; a parsed form written by another parser version, or
// unreadable, is parsed again from the text. A document whose text then no
// longer matches its SHA-256 (a damaged disk, a hand edit), or no longer
// parses, leaves the manifest, and its text is moved into quarantine/ for
// inspection, never deleted.
package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unicode"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/index"
	"github.com/budgetqa/budgetqa/internal/atomicfile"
)

// The names in a store folder.
const (
	manifestFile = "MANIFEST.json"
	lockFile     = "LOCK"
	textDir      = "text"
	parsedDir    = "parsed"
	searchDir    = "search"
	// QuarantineDir is the folder, in a store's, of the source files of
	// documents dropped at Open.
	QuarantineDir = "quarantine"
)

// manifestFormat is the version of MANIFEST.json's layout.
const manifestFormat = 1

// Origins of a document.
const (
	OriginCorpus = "corpus" // read from a corpus folder by Sync
	OriginUpload = "upload" // added by Add
)

// MaxIDLength bounds a document id (its file name without .txt or .pdf).
const MaxIDLength = 200

// Errors of the store's operations.
// ErrNotFound wraps fs.ErrNotExist and ErrBadName fs.ErrInvalid, so that a
// caller above (the HTTP layer) can tell them apart without this package.
var (
	ErrNotFound = fmt.Errorf("store: no such document: %w", fs.ErrNotExist)
	ErrBadName  = fmt.Errorf("store: bad document name: %w", fs.ErrInvalid)
	ErrLocked   = errors.New("store: the folder is in use by another process")
	ErrClosed   = errors.New("store: closed")
	ErrReadOnly = errors.New("store: opened read-only")
)

// Entry is one document of the library, as the manifest records it.
type Entry struct {
	ID     string    `json:"id"`
	File   string    `json:"file"`   // ends in .txt or .pdf: the source's format
	SHA256 string    `json:"sha256"` // of the source file, hex
	Size   int       `json:"size"`
	Origin string    `json:"origin"` // OriginCorpus or OriginUpload
	Added  time.Time `json:"added"`
}

// manifest is the content of MANIFEST.json.
type manifest struct {
	Format    int     `json:"format"`
	Documents []Entry `json:"documents"`
}

// Progress is how far a long step has come.
type Progress struct {
	Step  string // "load", "parse" or "index"
	Done  int
	Total int
}

// Options configure Open.
type Options struct {
	Index    index.Options  // jieba's dictionary
	Progress func(Progress) // nil: no progress reports
	// RebuildIndex makes the search index anew, with the dictionary of the
	// documents now in the store, instead of reopening it.
	RebuildIndex bool
	// ReadOnly opens the store without writing to its folder (a read-only
	// volume, or one image layer, shared by replicas): any number of
	// read-only processes may have it open, but no writer; nothing left by
	// an interrupted change is mended, the index must be up to date, and
	// Add, Remove and Sync fail with ErrReadOnly.
	ReadOnly bool
	// PDF reads PDF documents (package pdf/pdfium); without it a PDF is
	// refused. Documents whose parsed form is stored are not read again.
	PDF corpus.PDFReader
}

// Store is an open store folder. Its methods are safe for concurrent use;
// changes are serialised, and Documents and Index answer for the last
// change made while the next is under way.
type Store struct {
	dir  string
	opts Options
	lock *os.File

	mu      sync.Mutex       // serialises changes
	entries map[string]Entry // by id: the manifest
	docs    atomic.Pointer[[]*corpus.Document]
	idx     atomic.Pointer[index.Index] // nil while the store is empty
	closed  bool
}

// OpenReport says what Open found.
type OpenReport struct {
	Documents int
	Reparsed  []string // ids whose parsed form was missing or stale
	Lost      []error  // documents the manifest names that could not be loaded
	// Quarantined are the files of Lost documents moved into quarantine/
	// (their text damaged, or no longer parsing), relative to the folder.
	Quarantined []string
	Removed     int // files no manifest named, left by an interrupted change
	// IndexErr is why the search index could not be opened (jieba's
	// dictionary missing, say): the store serves its documents without
	// one, and the next change tries again.
	IndexErr error
}

// Open opens the store in dir, making it when absent, and takes its lock:
// one process at a time may have a store open, or any number read-only
// (Options.ReadOnly).
func Open(dir string, opts Options) (*Store, OpenReport, error) {
	var rep OpenReport
	if opts.ReadOnly {
		opts.RebuildIndex = false
		opts.Index.ReadOnly = true
	} else {
		for _, d := range []string{dir, filepath.Join(dir, textDir), filepath.Join(dir, parsedDir)} {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return nil, rep, fmt.Errorf("store: %w", err)
			}
		}
	}
	lock, err := acquireLock(filepath.Join(dir, lockFile), opts.ReadOnly)
	if err != nil {
		return nil, rep, err
	}
	s := &Store{dir: dir, opts: opts, lock: lock, entries: map[string]Entry{}}
	ok := false
	defer func() {
		if !ok {
			s.lock.Close()
		}
	}()
	m, err := readManifest(filepath.Join(dir, manifestFile))
	if err != nil {
		return nil, rep, err
	}
	docs, damaged := s.loadAll(m.Documents, &rep)
	if len(rep.Lost) > 0 && !opts.ReadOnly {
		// Keep what is left of the dropped documents, then record the
		// loss, so that the manifest names only what is there.
		for _, d := range damaged {
			if name, err := s.quarantine(d); err != nil {
				rep.Lost = append(rep.Lost, err)
			} else {
				rep.Quarantined = append(rep.Quarantined, name)
			}
		}
		if err := s.writeManifest(); err != nil {
			return nil, rep, err
		}
	}
	if !opts.ReadOnly {
		rep.Removed = s.removeUnnamed()
	}
	s.setDocs(docs)
	rep.Documents = len(docs)
	if opts.RebuildIndex {
		if err := os.RemoveAll(filepath.Join(dir, searchDir)); err != nil {
			return nil, rep, fmt.Errorf("store: %w", err)
		}
	}
	// The index of an empty store waits for its first documents, whose
	// dictionary it is made with.
	if len(docs) > 0 {
		rep.IndexErr = s.openIndex(docs)
	}
	ok = true
	return s, rep, nil
}

// acquireLock opens and locks path, exclusively or (shared) shared with
// other readers, failing at once when another process holds it in the way
// that excludes. The lock goes with the process, however it ends.
func acquireLock(path string, shared bool) (*os.File, error) {
	flag, how := os.O_RDWR|os.O_CREATE, syscall.LOCK_EX
	if shared {
		flag, how = os.O_RDONLY, syscall.LOCK_SH
	}
	f, err := os.OpenFile(path, flag, 0o644)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w: %s", ErrLocked, filepath.Dir(path))
		}
		return nil, fmt.Errorf("store: locking %s: %w", path, err)
	}
	return f, nil
}

// progress returns the reporter of step, or nil.
func (s *Store) progress(step string) func(done, total int) {
	if s.opts.Progress == nil {
		return nil
	}
	return func(done, total int) { s.opts.Progress(Progress{Step: step, Done: done, Total: total}) }
}

// Close closes the index and releases the folder.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	var err error
	if x := s.idx.Load(); x != nil {
		err = x.Close()
	}
	if lerr := s.lock.Close(); err == nil && lerr != nil {
		err = fmt.Errorf("store: %w", lerr)
	}
	return err
}

// Dir returns the store's folder.
func (s *Store) Dir() string { return s.dir }

// Documents returns the documents of the library, ordered by id. The slice
// and the documents must not be changed.
func (s *Store) Documents() []*corpus.Document { return *s.docs.Load() }

// Index returns the search index over the documents; nil while the store
// holds none, or when it could not be opened (see OpenReport.IndexErr).
func (s *Store) Index() *index.Index { return s.idx.Load() }

// openIndex opens the index of docs.
func (s *Store) openIndex(docs []*corpus.Document) error {
	x, err := index.OpenDir(filepath.Join(s.dir, searchDir), docs, s.opts.Index, s.progress("index"))
	if err != nil {
		return err
	}
	s.idx.Store(x)
	return nil
}

// Entries returns the manifest's entries, ordered by id.
func (s *Store) Entries() []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sortedEntries()
}

func (s *Store) sortedEntries() []Entry {
	out := slices.Collect(maps.Values(s.entries))
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func (s *Store) setDocs(docs []*corpus.Document) {
	sort.Slice(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID })
	s.docs.Store(&docs)
}

// IDOf returns the document id of a file name: the name without its folder
// and its .txt or .pdf, or an error wrapping ErrBadName when that is empty,
// too long, or holds a path separator, a control character or "#".
func IDOf(file string) (string, error) {
	if strings.ContainsAny(file, `/\`) {
		return "", fmt.Errorf("%w: %q holds a path separator", ErrBadName, file)
	}
	id := file
	if ext := filepath.Ext(file); corpus.IsDocumentName(file) {
		id = strings.TrimSuffix(file, ext)
	}
	switch {
	case id == "" || id == "." || id == "..":
		return "", fmt.Errorf("%w: %q is empty", ErrBadName, file)
	case len(id) > MaxIDLength:
		return "", fmt.Errorf("%w: longer than %d bytes", ErrBadName, MaxIDLength)
	case strings.ContainsFunc(id, func(r rune) bool { return unicode.IsControl(r) || r == '#' || r == unicode.ReplacementChar }):
		return "", fmt.Errorf("%w: %q holds a control character or #", ErrBadName, file)
	}
	return id, nil
}

// sourceExt returns the extension a document's source is stored under.
func sourceExt(file string) string {
	if strings.EqualFold(filepath.Ext(file), ".pdf") {
		return ".pdf"
	}
	return ".txt"
}

// sum returns the hex SHA-256 of data.
func sum(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// parsedForm is the content of a parsed/<sha256>.gob file.
type parsedForm struct {
	Parser string // corpus.ParserVersion that wrote it
	Doc    *corpus.Document
}

// encodeParsed returns the parsed form of d.
func encodeParsed(d *corpus.Document) ([]byte, error) {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(parsedForm{Parser: corpus.ParserVersion, Doc: d}); err != nil {
		return nil, fmt.Errorf("store: encoding %s: %w", d.ID, err)
	}
	return b.Bytes(), nil
}

// loadAll loads the documents of es, in parallel: from their parsed form,
// or by parsing their text again when that is missing or stale, and makes
// the entries of those loaded s's. Documents that cannot be loaded are
// reported in rep.Lost and left out; those whose text is there but damaged
// or no longer parses are returned, for quarantine.
func (s *Store) loadAll(es []Entry, rep *OpenReport) ([]*corpus.Document, []*damagedError) {
	docs := make([]*corpus.Document, len(es))
	errs := make([]error, len(es))
	reparsed := make([]bool, len(es))
	s.parallel(len(es), "load", func(i int) {
		docs[i], reparsed[i], errs[i] = s.load(es[i])
	})
	out := docs[:0]
	var damaged []*damagedError
	for i, d := range docs {
		var de *damagedError
		if errors.As(errs[i], &de) {
			damaged = append(damaged, de)
		}
		switch {
		case errs[i] != nil:
			rep.Lost = append(rep.Lost, errs[i])
		case d != nil:
			if reparsed[i] {
				rep.Reparsed = append(rep.Reparsed, d.ID)
			}
			s.entries[es[i].ID] = es[i]
			out = append(out, d)
		}
	}
	return out, damaged
}

// damagedError is a document whose text is there but cannot be served: it
// no longer matches its hash, or no longer parses.
type damagedError struct {
	entry  Entry
	reason string
}

func (e *damagedError) Error() string { return "store: document " + e.entry.ID + ": " + e.reason }

// quarantineNote is the content of a quarantine/<name>.reason.json.
type quarantineNote struct {
	Entry
	Reason      string    `json:"reason"`
	Quarantined time.Time `json:"quarantined"`
}

// quarantine moves the text of a damaged document into quarantine/, with a
// note of why beside it, and returns its name there.
func (s *Store) quarantine(d *damagedError) (string, error) {
	dir := filepath.Join(s.dir, QuarantineDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("store: %w", err)
	}
	name := d.entry.ID + "-" + d.entry.SHA256[:min(12, len(d.entry.SHA256))] + sourceExt(d.entry.File)
	note, err := json.MarshalIndent(quarantineNote{Entry: d.entry, Reason: d.reason, Quarantined: time.Now().UTC()}, "", "  ")
	if err != nil {
		return "", fmt.Errorf("store: %w", err)
	}
	if err := writeFile(filepath.Join(dir, name+".reason.json"), append(note, '\n')); err != nil {
		return "", err
	}
	if err := os.Rename(s.sourcePath(d.entry), filepath.Join(dir, name)); err != nil {
		return "", fmt.Errorf("store: quarantining %s: %w", d.entry.ID, err)
	}
	return filepath.Join(QuarantineDir, name), nil
}

// parallel runs work(i) for i in [0, n) on as many goroutines as there are
// processors, reporting the progress of step.
func (s *Store) parallel(n int, step string, work func(i int)) {
	var next, done atomic.Int64
	report := s.progress(step)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				work(i)
				if d := done.Add(1); report != nil {
					report(int(d), n)
				}
			}
		}()
	}
	wg.Wait()
}

// load loads the document of e from its parsed form, or parses its text
// (and writes the parsed form) when the parsed form cannot be used.
func (s *Store) load(e Entry) (*corpus.Document, bool, error) {
	if data, err := os.ReadFile(s.parsedPath(e.SHA256)); err == nil {
		var pf parsedForm
		if gob.NewDecoder(bytes.NewReader(data)).Decode(&pf) == nil && pf.Parser == corpus.ParserVersion && pf.Doc != nil && pf.Doc.ID == e.ID {
			corpus.Tidy(pf.Doc) // names shared with the other documents, as Parse leaves them
			return pf.Doc, false, nil
		}
	}
	text, err := os.ReadFile(s.sourcePath(e))
	if err != nil {
		return nil, false, fmt.Errorf("store: document %s: text lost: %w", e.ID, err)
	}
	if got := sum(text); got != e.SHA256 {
		return nil, false, &damagedError{entry: e, reason: fmt.Sprintf("text damaged: its SHA-256 is %s, the manifest says %s", got, e.SHA256)}
	}
	d, err := s.parse(e, text)
	if err != nil {
		return nil, false, &damagedError{entry: e, reason: "no longer parses: " + err.Error()}
	}
	if form, err := encodeParsed(d); err == nil && !s.opts.ReadOnly {
		_ = writeFile(s.parsedPath(e.SHA256), form) // a cache: the next Open tries again
	}
	return d, true, nil
}

// parse reads the source file data as the document of e, under e's id.
func (s *Store) parse(e Entry, data []byte) (*corpus.Document, error) {
	d, err := corpus.Read(context.Background(), e.File, data, s.opts.PDF)
	if err != nil {
		return nil, err
	}
	d.ID = e.ID
	return d, nil
}

// Source returns the source file of the document with id, as it came (a
// PDF as published, or text), and its entry.
func (s *Store) Source(id string) ([]byte, Entry, error) {
	s.mu.Lock()
	e, ok := s.entries[id]
	s.mu.Unlock()
	if !ok {
		return nil, Entry{}, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	data, err := os.ReadFile(s.sourcePath(e))
	if err != nil {
		return nil, e, fmt.Errorf("store: document %s: %w", id, err)
	}
	return data, e, nil
}

func (s *Store) sourcePath(e Entry) string {
	return filepath.Join(s.dir, textDir, e.SHA256+sourceExt(e.File))
}
func (s *Store) parsedPath(sha string) string { return filepath.Join(s.dir, parsedDir, sha+".gob") }

// removeUnnamed removes the text and parsed files that no entry names, and
// temporary files: what an interrupted change leaves. It returns how many.
func (s *Store) removeUnnamed() int {
	named := map[string]bool{}
	for _, e := range s.entries {
		named[e.SHA256+sourceExt(e.File)] = true
		named[e.SHA256+".gob"] = true
	}
	n := 0
	for _, sub := range []string{textDir, parsedDir, "."} {
		entries, err := os.ReadDir(filepath.Join(s.dir, sub))
		if err != nil {
			continue
		}
		for _, de := range entries {
			name := de.Name()
			temp := strings.HasPrefix(name, ".") && strings.Contains(name, ".tmp")
			if de.IsDir() || (sub == "." && !temp) || (sub != "." && named[name] && !temp) {
				continue
			}
			if os.Remove(filepath.Join(s.dir, sub, name)) == nil {
				n++
			}
		}
	}
	return n
}

// readManifest reads the manifest at path; a missing one is an empty store.
func readManifest(path string) (manifest, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return manifest{Format: manifestFormat}, nil
	}
	if err != nil {
		return manifest{}, fmt.Errorf("store: %w", err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return manifest{}, fmt.Errorf("store: %s is damaged: %w", path, err)
	}
	if m.Format != manifestFormat {
		return manifest{}, fmt.Errorf("store: %s has format %d, want %d", path, m.Format, manifestFormat)
	}
	return m, nil
}

// writeManifest writes s.entries as the manifest, atomically.
func (s *Store) writeManifest() error {
	data, err := json.MarshalIndent(manifest{Format: manifestFormat, Documents: s.sortedEntries()}, "", "  ")
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return writeFile(filepath.Join(s.dir, manifestFile), append(data, '\n'))
}

// writeFile writes data to path atomically (see package atomicfile).
func writeFile(path string, data []byte) error {
	if err := atomicfile.Write(path, data); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}
