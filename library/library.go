// Package library serves the documents of a store: it builds the question
// engine over them and publishes engine, index and documents as one
// Snapshot, anew after every change (an upload, a removal, a reload, a
// synonym added), so that each request sees one consistent set of
// documents, before the change or after it.
//
// It knows nothing of HTTP: cmd/budgetqa hands each Snapshot to the server
// (package api, which sits on top and declares the interfaces it needs),
// with the Library itself as the server's admin and source of PDFs.
package library

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/index"
	"github.com/budgetqa/budgetqa/nlq"
	"github.com/budgetqa/budgetqa/store"
)

// Config configures a Library.
type Config struct {
	Store *store.Store // required
	// Corpus, when set, is the folder Reload mirrors into the store.
	Corpus fs.FS
	// SynonymsFile, when set, names a synonyms file (nlq.ParseSynonyms
	// format) whose groups are added to the bundled ones; Reload reads it
	// again.
	SynonymsFile string
	// Publish hands each new snapshot to the server.
	Publish func(Snapshot) error // required
	Logger  *slog.Logger         // nil: discard
}

// Snapshot is one consistent set of documents, ready to serve.
type Snapshot struct {
	Engine *nlq.Engine  // answers questions
	Index  *index.Index // the search index; nil while the store is empty or its index failed
	Files  Files        // the documents file by file, as the store holds them
	// Library is the library that published it: the admin of its
	// documents and the source of their PDFs.
	Library *Library
}

// Library keeps the served snapshot in step with the store. Its
// AddDocument, RemoveDocument and Source serve package api's Admin and
// Sources. Changes are serialised; questions go on during them, answered
// from the set before the change until the new snapshot is in.
type Library struct {
	cfg Config
	log *slog.Logger
	mu  sync.Mutex // serialises changes and publishing
	syn nlq.Synonyms
	// sessions outlive the engines: a conversation goes on across an
	// upload, a removal or a reload.
	sessions *nlq.Sessions
}

// New returns a Library over cfg.Store, reads the synonyms file and
// publishes the first backend.
func New(cfg Config) (*Library, error) {
	if cfg.Store == nil || cfg.Publish == nil {
		return nil, errors.New("library: a store and a publish function are required")
	}
	l := &Library{cfg: cfg, log: cfg.Logger, sessions: nlq.NewSessions(0, 0)}
	if l.log == nil {
		l.log = slog.New(slog.DiscardHandler)
	}
	syn, err := loadSynonyms(cfg.SynonymsFile)
	if err != nil {
		return nil, err
	}
	l.syn = syn
	l.mu.Lock()
	defer l.mu.Unlock()
	return l, l.publish()
}

// loadSynonyms returns the bundled synonyms with the groups of file added.
func loadSynonyms(file string) (nlq.Synonyms, error) {
	if file == "" {
		return nlq.DefaultSynonyms, nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("library: synonyms: %w", err)
	}
	syn := maps.Clone(nlq.DefaultSynonyms)
	maps.Copy(syn, nlq.ParseSynonyms(string(data)))
	return syn, nil
}

// publish builds the engine over the store's documents and hands it to the
// server. The caller holds l.mu.
func (l *Library) publish() error {
	start := time.Now()
	st := l.cfg.Store
	// nlq.New orders the slice it is given; the store's is shared.
	docs := slices.Clone(st.Documents())
	opts := nlq.Options{Synonyms: l.syn, Sessions: l.sessions}
	snap := Snapshot{Library: l, Files: Files(st.Documents()), Index: st.Index()}
	if idx := snap.Index; idx != nil { // nil while the store is empty
		opts.Index = func() (nlq.Searcher, error) { return idx, nil }
	}
	snap.Engine = nlq.New(docs, opts)
	if err := l.cfg.Publish(snap); err != nil {
		return fmt.Errorf("library: %w", err)
	}
	l.log.Info("serving", "documents", len(docs), "took", time.Since(start).Round(time.Millisecond).String())
	return nil
}

// Files lists the documents file by file, as the store holds them (the
// engine joins the parts of a document published as several files).
type Files []*corpus.Document

// Documents returns the files.
func (f Files) Documents() []*corpus.Document { return f }

// Source returns the source file of the document id (a PDF as published,
// or text); an error wrapping fs.ErrNotExist when there is none.
func (l *Library) Source(id string) ([]byte, error) {
	data, _, err := l.cfg.Store.Source(id)
	return data, err
}

// AddDocument reads data (a document named file) and adds it, replacing
// the document with the same id, and publishes the result. It fails with
// the parser's *corpus.ParseError, or an error wrapping fs.ErrInvalid for
// a file name the store refuses.
func (l *Library) AddDocument(file string, data []byte) (*corpus.Document, bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	d, replaced, err := l.cfg.Store.Add(file, data)
	if d == nil {
		return nil, false, err
	}
	// The store has it (an index error is logged: the next start mends it).
	if err != nil {
		l.log.Error("document saved, index not updated", "id", d.ID, "error", err.Error())
	}
	return d, replaced, l.publish()
}

// RemoveDocument removes the document id and publishes the result; an
// error wrapping fs.ErrNotExist when there is none.
func (l *Library) RemoveDocument(id string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	err := l.cfg.Store.Remove(id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return err
	case err != nil && !l.removed(id):
		return err
	case err != nil:
		l.log.Error("document removed, index not updated", "id", id, "error", err.Error())
	}
	return l.publish()
}

// removed reports whether the store no longer holds id.
func (l *Library) removed(id string) bool {
	return !slices.ContainsFunc(l.cfg.Store.Documents(), func(d *corpus.Document) bool { return d.ID == id })
}

// ErrNoSynonymsFile is AddSynonyms's error when the library has no
// synonyms file to add to; it wraps fs.ErrNotExist.
var ErrNoSynonymsFile = fmt.Errorf("library: no synonyms file: %w", fs.ErrNotExist)

// AddSynonyms appends a group of names (the documents' name first, then
// the words people use for it) as a line of the synonyms file, reads the
// file again and publishes the result.
func (l *Library) AddSynonyms(names []string) error {
	if l.cfg.SynonymsFile == "" {
		return ErrNoSynonymsFile
	}
	for _, n := range names {
		if n == "" || strings.ContainsAny(n, "# \t\r\n") {
			return fmt.Errorf("library: synonym %q is empty or holds a space or #", n)
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := appendLine(l.cfg.SynonymsFile, strings.Join(names, " ")); err != nil {
		return err
	}
	syn, err := loadSynonyms(l.cfg.SynonymsFile)
	if err != nil {
		return err
	}
	l.syn = syn
	return l.publish()
}

// appendLine adds line to the end of file, after a newline if the file
// does not end with one.
func appendLine(file, line string) error {
	data, err := os.ReadFile(file)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("library: synonyms: %w", err)
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		line = "\n" + line
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("library: synonyms: %w", err)
	}
	if _, err := f.WriteString(line + "\n"); err != nil {
		f.Close()
		return fmt.Errorf("library: synonyms: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("library: synonyms: %w", err)
	}
	return nil
}

// Reload reads the synonyms file again, mirrors the corpus folder into the
// store (when there is one) and publishes the result: what SIGHUP does. A
// synonyms file that cannot be read keeps the synonyms in use.
func (l *Library) Reload() (store.SyncReport, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var errs []error
	if syn, err := loadSynonyms(l.cfg.SynonymsFile); err != nil {
		errs = append(errs, err)
	} else {
		l.syn = syn
	}
	var rep store.SyncReport
	if l.cfg.Corpus != nil {
		var err error
		rep, err = l.cfg.Store.Sync(l.cfg.Corpus)
		if err != nil {
			errs = append(errs, err)
		}
	}
	if err := l.publish(); err != nil {
		errs = append(errs, err)
	}
	return rep, errors.Join(errs...)
}
