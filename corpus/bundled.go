package corpus

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// bundled holds the default corpus: the documents in docs/, as extracted
// from the published PDFs (docs/SOURCES.md says where each came from).
//
//go:embed docs/*.txt docs/SOURCES.md
var bundled embed.FS

// Bundled parses the bundled documents.
func Bundled() ([]*Document, error) { return LoadFS(BundledFS()) }

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

// LoadDir parses every .txt document in dir. A file that cannot be read is
// reported in the returned error (joined), and the others are still loaded.
func LoadDir(dir string) ([]*Document, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("corpus: %s is not a directory", dir)
	}
	return LoadFS(os.DirFS(dir))
}

// LoadFS parses every .txt document at the top of fsys, in name order.
func LoadFS(fsys fs.FS) ([]*Document, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".txt") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	var docs []*Document
	var errs []error
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			errs = append(errs, fmt.Errorf("corpus: %s: %w", n, err))
			continue
		}
		d, err := Parse(n, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		docs = append(docs, d)
	}
	return docs, errors.Join(errs...)
}

// ParseFile parses one document from a file.
func ParseFile(path string) (*Document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	return Parse(filepath.Base(path), data)
}
