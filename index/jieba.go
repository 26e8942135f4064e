package index

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/yanyiwu/gojieba"
)

// DictEnv is the environment variable that names a folder holding jieba's
// dictionary files, for a binary that no longer sits where gojieba was built.
// Options.DictDir takes precedence over it.
const DictEnv = "BUDGETQA_JIEBA_DICT"

// The files of a jieba dictionary folder, in the order gojieba.NewJieba takes
// them.
const (
	dictMain      = "jieba.dict.utf8"
	dictHMM       = "hmm_model.utf8"
	dictUser      = "user.dict.utf8"
	dictIDF       = "idf.utf8"
	dictStopWords = "stop_words.utf8"
)

// userWordFreq is the frequency written for every budget term in the user
// dictionary. jieba's main dictionary sums to about 6e7, so a term at 1000
// outweighs any split of itself into two or more words (信访 68 + 稳定 8439 +
// 备用金 4) without overriding common two-character words elsewhere.
const userWordFreq = 1000

// userWordTag is the part-of-speech tag written for budget terms.
const userWordTag = "n"

// segmenter is a loaded jieba instance and the budget words of its user
// dictionary. Cut and Tokenize are safe for concurrent use; the instance is
// never changed after loading (AddWord is not goroutine-safe), so a larger
// dictionary means a new segmenter.
type segmenter struct {
	jieba *gojieba.Jieba
	dir   string          // dictionary folder it was loaded from
	words map[string]bool // budget words written to its user dictionary
}

var (
	// loadMu serialises loading the shared segmenter and binding an index's
	// analyzer to it (see Open).
	loadMu sync.Mutex
	// shared is the segmenter the tokenizer constructor hands out.
	shared atomic.Pointer[segmenter]
)

// loadSegmenter returns the shared segmenter, loading it from the dictionary
// folder dictDir (see resolveDictDir) with words in its user dictionary. A
// loaded segmenter is reused when it came from the same folder and already
// knows every word; otherwise a new one is loaded with the union of its words
// and these, and becomes the shared one. Indexes opened before keep the one
// they were built with. The caller holds loadMu.
func loadSegmenter(dictDir string, words []string) (*segmenter, error) {
	dir, err := resolveDictDir(dictDir)
	if err != nil {
		return nil, err
	}
	all := make(map[string]bool, len(words))
	if s := shared.Load(); s != nil && s.dir == dir {
		missing := false
		for _, w := range words {
			if !s.words[w] {
				missing = true
				break
			}
		}
		if !missing {
			return s, nil
		}
		for w := range s.words {
			all[w] = true
		}
	}
	for _, w := range words {
		all[w] = true
	}
	j, err := newJieba(dir, all)
	if err != nil {
		return nil, err
	}
	s := &segmenter{jieba: j, dir: dir, words: all}
	shared.Store(s)
	return s, nil
}

// resolveDictDir returns the dictionary folder to load jieba from: dir when
// set, else $BUDGETQA_JIEBA_DICT, else the folder gojieba was built with. It
// checks that the folder holds the files jieba needs, because gojieba panics
// on a missing file and cppjieba aborts the process on one it cannot open.
func resolveDictDir(dir string) (string, error) {
	from := "Options.DictDir"
	if dir == "" {
		dir, from = os.Getenv(DictEnv), "$"+DictEnv
	}
	if dir == "" {
		// A dict folder shipped beside the binary (the Docker image, a
		// copied release) before gojieba's build-time path, which only
		// exists on the machine that built it.
		if exe, err := os.Executable(); err == nil {
			if beside := filepath.Join(filepath.Dir(exe), "dict"); fileExists(filepath.Join(beside, dictMain)) {
				dir, from = beside, "the dict folder beside the binary"
			}
		}
	}
	if dir == "" {
		dir, from = gojieba.DICT_DIR, "gojieba's build-time path"
	}
	for _, name := range []string{dictMain, dictHMM, dictIDF, dictStopWords} {
		p := filepath.Join(dir, name)
		fi, err := os.Stat(p)
		if err != nil {
			return "", fmt.Errorf("index: jieba dictionary %s (from %s): %w; want a folder with %s, %s, %s, %s and optionally %s, named by Options.DictDir or $%s",
				p, from, err, dictMain, dictHMM, dictIDF, dictStopWords, dictUser, DictEnv)
		}
		if fi.IsDir() {
			return "", fmt.Errorf("index: jieba dictionary %s is a directory, want a file", p)
		}
	}
	return dir, nil
}

// newJieba loads jieba from dir with one user dictionary holding words and
// the lines of dir's own user.dict.utf8. gojieba reads a single user
// dictionary file, so both go into a temporary file, removed once jieba has
// read it.
func newJieba(dir string, words map[string]bool) (*gojieba.Jieba, error) {
	f, err := os.CreateTemp("", "budgetqa-user-dict-*.utf8")
	if err != nil {
		return nil, fmt.Errorf("index: writing jieba user dictionary: %w", err)
	}
	defer os.Remove(f.Name())
	if err := writeUserDict(f, dir, words); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("index: writing jieba user dictionary: %w", err)
	}
	return gojieba.NewJieba(
		filepath.Join(dir, dictMain),
		filepath.Join(dir, dictHMM),
		f.Name(),
		filepath.Join(dir, dictIDF),
		filepath.Join(dir, dictStopWords),
	), nil
}

// writeUserDict writes words, sorted, as "word freq tag" lines (three fields:
// jieba reads the second of two fields as a tag, not a frequency), then the
// non-empty lines of dir's user.dict.utf8 when there is one.
func writeUserDict(f *os.File, dir string, words map[string]bool) error {
	w := bufio.NewWriter(f)
	sorted := make([]string, 0, len(words))
	for word := range words {
		if dictWord(word) {
			sorted = append(sorted, word)
		}
	}
	sort.Strings(sorted)
	for _, word := range sorted {
		fmt.Fprintf(w, "%s %d %s\n", word, userWordFreq, userWordTag)
	}
	own, err := os.ReadFile(filepath.Join(dir, dictUser))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fmt.Errorf("index: reading jieba user dictionary: %w", err)
	default:
		for _, line := range strings.Split(string(own), "\n") {
			if line = strings.TrimRight(line, "\r"); strings.TrimSpace(line) != "" {
				w.WriteString(line)
				w.WriteByte('\n')
			}
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("index: writing jieba user dictionary: %w", err)
	}
	return nil
}

// dictWord reports whether word can be written as one user dictionary line:
// jieba splits lines on spaces, so a word must hold no space or control
// character.
func dictWord(word string) bool {
	if word == "" {
		return false
	}
	for _, r := range word {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// cut segments text with jieba's default (accurate) mode and its HMM for
// unknown words, dropping whitespace.
func (s *segmenter) cut(text string) []string {
	words := s.jieba.Cut(jiebaText(text), true)
	out := words[:0]
	for _, w := range words {
		if strings.TrimSpace(w) != "" {
			out = append(out, w)
		}
	}
	return out
}

func fileExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}
