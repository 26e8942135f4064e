package corpus

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// bundled holds the default corpus: the documents in docs/, as extracted
// from the published PDFs (docs/SOURCES.md says where each came from).
//
//go:embed docs/*.txt docs/SOURCES.md
var bundled embed.FS

// Bundled parses the bundled documents.
func Bundled() ([]*Document, error) { return LoadFS(BundledFS(), nil) }

// BundledFS returns the bundled documents' text: the .txt files and
// SOURCES.md at its top.
func BundledFS() fs.FS {
	sub, err := fs.Sub(bundled, "docs")
	if err != nil {
		panic("corpus: bundled documents: " + err.Error()) // a fixed, valid path
	}
	return sub
}

// BundledText returns the text of the bundled documents by file name.
func BundledText() map[string][]byte {
	out := map[string][]byte{}
	names, _ := fs.Glob(BundledFS(), "*.txt") // a fixed, valid pattern
	for _, n := range names {
		data, err := fs.ReadFile(BundledFS(), n)
		if err != nil {
			panic("corpus: bundled document " + n + ": " + err.Error()) // embedded: cannot fail
		}
		out[n] = data
	}
	return out
}

// LoadDir reads every document (.txt or .pdf) in dir, PDFs with pr. A
// file that cannot be read is reported in the returned error (joined), and
// the others are still loaded.
func LoadDir(dir string, pr PDFReader) ([]*Document, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("corpus: %s is not a directory", dir)
	}
	return LoadFS(os.DirFS(dir), pr)
}

// IsDocumentName reports whether a file name is a document's: .txt or
// .pdf, in any case.
func IsDocumentName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".pdf":
		return true
	}
	return false
}

// LoadFS reads every document at the top of fsys, in name order, as many
// at a time as there are processors.
func LoadFS(fsys fs.FS, pr PDFReader) ([]*Document, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && IsDocumentName(e.Name()) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	docs := make([]*Document, len(names))
	errs := make([]error, len(names))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(names)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(names) {
					return
				}
				data, err := fs.ReadFile(fsys, names[i])
				if err != nil {
					errs[i] = fmt.Errorf("corpus: %s: %w", names[i], err)
					continue
				}
				docs[i], errs[i] = Read(context.Background(), names[i], data, pr)
			}
		})
	}
	wg.Wait()
	out := docs[:0]
	for _, d := range docs {
		if d != nil {
			out = append(out, d)
		}
	}
	return out, errors.Join(errs...)
}

// ParseFile reads one document from a file, a PDF with pr.
func ParseFile(path string, pr PDFReader) (*Document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	return Read(context.Background(), filepath.Base(path), data, pr)
}
