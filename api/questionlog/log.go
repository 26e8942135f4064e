package questionlog

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"sync"
	"time"
)

// The kinds of entry.
const (
	KindQuestion = "question"
	KindFeedback = "feedback"
)

// The ratings of feedback.
const (
	RatingUp   = "up"
	RatingDown = "down"
)

// Entry is one line of the log.
type Entry struct {
	Time       time.Time `json:"time"`
	Kind       string    `json:"kind"`              // KindQuestion or KindFeedback
	Channel    string    `json:"channel,omitempty"` // api, wechat, web
	Question   string    `json:"question"`
	Answered   bool      `json:"answered"`
	Intent     string    `json:"intent,omitempty"`
	Department string    `json:"department,omitempty"`
	Session    string    `json:"session,omitempty"` // HashSession's
	Rating     string    `json:"rating,omitempty"`  // feedback: RatingUp or RatingDown
	Answer     string    `json:"answer,omitempty"`  // feedback: the answer judged
}

// Log records entries and reads them back. Implementations are safe for
// concurrent use.
type Log interface {
	// Record adds e; an error means it was not kept.
	Record(e Entry) error
	// Entries returns the entries kept, oldest first.
	Entries() ([]Entry, error)
}

// sessionKey keys the session hash: random per process, so that a hash
// links one conversation's entries but cannot be computed from a session
// id by anyone reading the log.
var sessionKey = func() []byte {
	k := make([]byte, 32)
	_, _ = rand.Read(k) // never fails (crypto/rand)
	return k
}()

// HashSession returns the log's form of a session id: 16 hex digits of an
// HMAC-SHA-256 under the process's key; "" for none.
func HashSession(id string) string {
	if id == "" {
		return ""
	}
	m := hmac.New(sha256.New, sessionKey)
	m.Write([]byte(id))
	return hex.EncodeToString(m.Sum(nil)[:8])
}

// Memory keeps the latest entries in memory.
type Memory struct {
	mu      sync.Mutex
	max     int
	entries []Entry // a ring once full
	next    int
}

// NewMemory returns a log of at most n entries, forgetting the oldest.
func NewMemory(n int) *Memory { return &Memory{max: max(1, n)} }

// Record adds e, forgetting the oldest entry when full.
func (m *Memory) Record(e Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.entries) < m.max {
		m.entries = append(m.entries, e)
		return nil
	}
	m.entries[m.next] = e
	m.next = (m.next + 1) % m.max
	return nil
}

// Entries returns the entries, oldest first.
func (m *Memory) Entries() ([]Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Entry, 0, len(m.entries))
	out = append(out, m.entries[m.next:]...)
	return append(out, m.entries[:m.next]...), nil
}

// Defaults of a File log.
const (
	DefaultMaxBytes = 8 << 20 // a file's size before it is rotated
	DefaultKeep     = 3       // rotated files kept: path.1 … path.3
)

// File appends entries as JSON lines to a file, rotating it past MaxBytes
// into path.1 (path.1 into path.2, and so on, Keep of them).
type File struct {
	path     string
	maxBytes int64
	keep     int

	mu   sync.Mutex
	f    *os.File
	size int64
}

// OpenFile opens (or creates) the log at path, appending to it.
func OpenFile(path string, maxBytes int64, keep int) (*File, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if keep < 0 {
		keep = DefaultKeep
	}
	l := &File{path: path, maxBytes: maxBytes, keep: keep}
	if err := l.open(); err != nil {
		return nil, err
	}
	return l, nil
}

// open opens the current file. The caller holds l.mu, or is OpenFile.
func (l *File) open() error {
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o640)
	if err != nil {
		return fmt.Errorf("questionlog: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("questionlog: %w", err)
	}
	l.f, l.size = f, fi.Size()
	// A line cut by a crash gets its end, so that the next one stands alone.
	if l.size > 0 {
		last := make([]byte, 1)
		if r, err := os.Open(l.path); err == nil {
			_, err = r.ReadAt(last, l.size-1)
			r.Close()
			if err == nil && last[0] != '\n' {
				n, _ := f.Write([]byte{'\n'})
				l.size += int64(n)
			}
		}
	}
	return nil
}

// Record appends e as one line, in one write, rotating the file first when
// the line would take it past the bound.
func (l *File) Record(e Entry) error {
	line, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("questionlog: %w", err)
	}
	line = append(line, '\n')
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return errors.New("questionlog: closed")
	}
	if l.size > 0 && l.size+int64(len(line)) > l.maxBytes {
		if err := l.rotate(); err != nil {
			return err
		}
	}
	n, err := l.f.Write(line)
	l.size += int64(n)
	if err != nil {
		return fmt.Errorf("questionlog: %w", err)
	}
	return nil
}

// rotate moves path to path.1, path.1 to path.2, …, dropping the last,
// and starts a new file. The caller holds l.mu.
func (l *File) rotate() error {
	l.f.Close()
	l.f = nil
	if l.keep == 0 {
		os.Remove(l.path)
	}
	for i := l.keep; i >= 1; i-- {
		from := l.path
		if i > 1 {
			from = l.path + "." + strconv.Itoa(i-1)
		}
		if err := os.Rename(from, l.path+"."+strconv.Itoa(i)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("questionlog: rotating: %w", err)
		}
	}
	return l.open()
}

// Entries reads the rotated files and the current one, oldest first. A
// line that does not parse (cut by a crash) is skipped.
func (l *File) Entries() ([]Entry, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []Entry
	for i := l.keep; i >= 0; i-- {
		p := l.path
		if i > 0 {
			p += "." + strconv.Itoa(i)
		}
		data, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return out, fmt.Errorf("questionlog: %w", err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			var e Entry
			if json.Unmarshal(sc.Bytes(), &e) == nil {
				out = append(out, e)
			}
		}
	}
	return out, nil
}

// Close closes the file.
func (l *File) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}
