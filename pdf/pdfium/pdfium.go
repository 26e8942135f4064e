// Package pdfium reads PDF files into package pdf's page geometry, and
// renders pages to images, with PDFium compiled to WebAssembly
// (github.com/klippa-app/go-pdfium over wazero).
//
// PDFium runs inside the WebAssembly sandbox: it sees no file system (the
// file is handed over as bytes), its memory is its own and capped
// (Config.MaxMemory), and each file gets a fresh module instance, so what
// one hostile file does to PDFium's state never reaches the next, and the
// memory an instance grew to is returned when it closes.
//
// Time is bounded per file (Config.Timeout): the reader checks the
// deadline between pages and every few hundred characters and drawing
// objects, and stops there. wazero can also interrupt a call in flight,
// but only by compiling checks into every loop and starting a goroutine
// for every call, which makes reading four to five times slower
// (BENCHMARKS.md); the reader does without them. A single call that runs
// past the deadline (one page that takes PDFium longer than the limit)
// is abandoned: Read returns ErrTimeout at once and the instance is
// closed when the call ends, never reused.
//
// Compiling PDFium's module takes seconds; with Config.CacheDir the
// compiled code is kept on disk and later starts take a fraction of a
// second. The runtime starts on first use, so a process that never reads
// a PDF never pays for it.
package pdfium

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"sync"
	"time"
	"unicode"

	gopdfium "github.com/klippa-app/go-pdfium"
	pdferrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	"github.com/budgetqa/budgetqa/pdf"
)

// Errors of reading a file. Each is wrapped with detail; test with errors.Is.
var (
	ErrNotPDF      = errors.New("pdfium: not a PDF file")
	ErrEncrypted   = errors.New("pdfium: the PDF is encrypted (password protected)")
	ErrDamaged     = errors.New("pdfium: the PDF is damaged and cannot be opened")
	ErrTooManyPage = errors.New("pdfium: the PDF has too many pages")
	ErrTimeout     = errors.New("pdfium: reading the PDF took too long")
	ErrTooLarge    = errors.New("pdfium: the PDF file is too large")
	ErrNoPage      = errors.New("pdfium: no such page")
)

// Config sets a Reader's limits. Zero fields take the defaults.
type Config struct {
	// CacheDir keeps WebAssembly's compiled code between runs ("" for
	// none: every start compiles PDFium again, about five seconds).
	CacheDir string
	// Instances is how many files are read at once (default 2).
	Instances int
	// MaxPages refuses files with more pages (default 500).
	MaxPages int
	// MaxBytes refuses larger files (default 64 MiB).
	MaxBytes int
	// Timeout bounds the reading of one file (default 60 s).
	Timeout time.Duration
	// MaxMemory caps one instance's memory (default 1 GiB): a file that
	// needs more fails as damaged.
	MaxMemory int
}

// Reader reads PDF files. It is safe for concurrent use; Close releases it.
type Reader struct {
	cfg Config

	mu     sync.Mutex
	pool   gopdfium.Pool
	closed bool
}

// New returns a Reader; PDFium starts when the first file is read.
func New(cfg Config) *Reader {
	if cfg.Instances <= 0 {
		cfg.Instances = 2
	}
	if cfg.MaxPages <= 0 {
		cfg.MaxPages = 500
	}
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = 64 << 20
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 60 * time.Second
	}
	if cfg.MaxMemory <= 0 {
		cfg.MaxMemory = 1 << 30
	}
	return &Reader{cfg: cfg}
}

// Start starts PDFium now instead of at the first file, and reports how
// long that took.
func (r *Reader) Start() (time.Duration, error) {
	start := time.Now()
	_, err := r.getPool()
	return time.Since(start), err
}

// getPool starts the WebAssembly runtime once.
func (r *Reader) getPool() (gopdfium.Pool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, errors.New("pdfium: reader closed")
	}
	if r.pool != nil {
		return r.pool, nil
	}
	pool, err := r.startPool(r.cfg.CacheDir != "" && writable(r.cfg.CacheDir))
	if err != nil && r.cfg.CacheDir != "" {
		// A damaged or foreign cache: compile afresh, without it.
		pool, err = r.startPool(false)
	}
	if err != nil {
		return nil, fmt.Errorf("pdfium: starting: %w", err)
	}
	r.pool = pool
	return pool, nil
}

// startPool compiles (or loads from the cache folder) and starts PDFium.
func (r *Reader) startPool(cached bool) (gopdfium.Pool, error) {
	rc := wazero.NewRuntimeConfig().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithMemoryLimitPages(uint32(r.cfg.MaxMemory / 65536))
	if cached {
		cache, err := wazero.NewCompilationCacheWithDir(r.cfg.CacheDir)
		if err != nil {
			return nil, err
		}
		rc = rc.WithCompilationCache(cache)
	}
	return webassembly.Init(webassembly.Config{
		MinIdle:       0,
		MaxIdle:       0,
		MaxTotal:      r.cfg.Instances,
		FSConfig:      wazero.NewFSConfig(), // no file system: files come as bytes
		RuntimeConfig: rc,
		Stdout:        io.Discard,
		Stderr:        io.Discard,
	})
}

// writable reports whether dir exists or can be made, and takes files:
// wazero fails to compile when it cannot write its cache.
func writable(dir string) bool {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false
	}
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return false
	}
	f.Close()
	os.Remove(f.Name())
	return true
}

// Close releases PDFium.
func (r *Reader) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	if r.pool == nil {
		return nil
	}
	err := r.pool.Close()
	r.pool = nil
	return err
}

// IsPDF reports whether data starts like a PDF file (%PDF- within its
// first kilobyte, as readers allow).
func IsPDF(data []byte) bool {
	head := data[:min(len(data), 1024)]
	return strings.Contains(string(head), "%PDF-")
}

// session is one file open in one PDFium instance.
type session struct {
	ctx  context.Context // its deadline is the file's
	inst gopdfium.Pdfium
	doc  references.FPDF_DOCUMENT
}

// expired reports whether the file's time is up.
func (s *session) expired() bool { return s.ctx.Err() != nil }

// abandonGrace is how long past the deadline Read waits for a call in
// flight before it gives up on it.
const abandonGrace = 2 * time.Second

// withFile opens data in a fresh instance and calls fn with it, within
// the Reader's time limit.
func (r *Reader) withFile(ctx context.Context, data []byte, fn func(s *session) error) error {
	if !IsPDF(data) {
		return ErrNotPDF
	}
	if len(data) > r.cfg.MaxBytes {
		return fmt.Errorf("%w (%d bytes, limit %d)", ErrTooLarge, len(data), r.cfg.MaxBytes)
	}
	pool, err := r.getPool()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()
	inst, err := pool.GetInstanceWithContext(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%w (waiting for a reader)", ErrTimeout)
		}
		return fmt.Errorf("pdfium: %w", err)
	}
	done := make(chan error, 1)
	go func() {
		err := func() (err error) {
			defer func() {
				if p := recover(); p != nil {
					err = fmt.Errorf("%w: %v", ErrDamaged, p)
				}
			}()
			copied := data
			doc, err := inst.OpenDocument(&requests.OpenDocument{File: &copied})
			if err != nil {
				return openError(err)
			}
			defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
			return fn(&session{ctx: ctx, inst: inst, doc: doc.Document})
		}()
		_ = inst.Close() // a fresh instance for every file
		done <- err
	}()
	select {
	case err := <-done:
		if ctx.Err() != nil && err != nil {
			return fmt.Errorf("%w (limit %s)", ErrTimeout, r.cfg.Timeout)
		}
		return err
	case <-time.After(r.cfg.Timeout + abandonGrace):
		// A call has run far past the deadline: leave it; its goroutine
		// closes the instance when the call returns.
		return fmt.Errorf("%w (limit %s)", ErrTimeout, r.cfg.Timeout)
	}
}

// openError maps PDFium's open error to ours.
func openError(err error) error {
	switch {
	case errors.Is(err, pdferrors.ErrPassword), errors.Is(err, pdferrors.ErrSecurity):
		return ErrEncrypted
	case errors.Is(err, pdferrors.ErrFormat), errors.Is(err, pdferrors.ErrFile), errors.Is(err, pdferrors.ErrUnknown):
		return fmt.Errorf("%w (%v)", ErrDamaged, err)
	}
	return fmt.Errorf("%w (%v)", ErrDamaged, err)
}

// Read reads every page of the PDF file data.
func (r *Reader) Read(ctx context.Context, data []byte) (*pdf.File, error) {
	var f pdf.File
	err := r.withFile(ctx, data, func(s *session) error {
		n, err := s.inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: s.doc})
		if err != nil {
			return fmt.Errorf("%w (%v)", ErrDamaged, err)
		}
		if n.PageCount > r.cfg.MaxPages {
			return fmt.Errorf("%w (%d pages, limit %d)", ErrTooManyPage, n.PageCount, r.cfg.MaxPages)
		}
		f.Producer = s.meta("Producer")
		f.Creator = s.meta("Creator")
		f.Pages = make([]pdf.Page, 0, n.PageCount)
		for i := range n.PageCount {
			if s.expired() {
				return ErrTimeout
			}
			p, err := s.page(i)
			if err != nil {
				return fmt.Errorf("%w (page %d: %v)", ErrDamaged, i+1, err)
			}
			f.Pages = append(f.Pages, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// meta returns an Info dictionary entry.
func (s *session) meta(tag string) string {
	m, err := s.inst.FPDF_GetMetaText(&requests.FPDF_GetMetaText{Document: s.doc, Tag: tag})
	if err != nil {
		return ""
	}
	return strings.TrimSpace(m.Value)
}

// frame maps PDF user space to the page's display space.
type frame struct {
	x0, y0, x1, y1 float64 // the page box in user space
	rot            int
}

// point maps (x, y) in user space to display space.
func (f frame) point(x, y float64) (float64, float64) {
	switch f.rot {
	case 90:
		return y - f.y0, x - f.x0
	case 180:
		return f.x1 - x, y - f.y0
	case 270:
		return f.y1 - y, f.x1 - x
	}
	return x - f.x0, f.y1 - y
}

// box maps a user-space rectangle to display space.
func (f frame) box(l, b, r, t float64) pdf.Box {
	ax, ay := f.point(l, b)
	bx, by := f.point(r, t)
	return pdf.Box{X0: math.Min(ax, bx), Y0: math.Min(ay, by), X1: math.Max(ax, bx), Y1: math.Max(ay, by)}
}

// size returns the display width and height.
func (f frame) size() (float64, float64) {
	w, h := f.x1-f.x0, f.y1-f.y0
	if f.rot == 90 || f.rot == 270 {
		return h, w
	}
	return w, h
}

// page reads page i (0-based).
func (s *session) page(i int) (pdf.Page, error) {
	pg := requests.Page{ByIndex: &requests.PageByIndex{Document: s.doc, Index: i}}
	loaded, err := s.inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: s.doc, Index: i})
	if err != nil {
		return pdf.Page{}, err
	}
	defer s.inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: loaded.Page})
	pg = requests.Page{ByReference: &loaded.Page}
	fr, err := s.frame(pg)
	if err != nil {
		return pdf.Page{}, err
	}
	w, h := fr.size()
	out := pdf.Page{Number: i + 1, Width: w, Height: h, Rotation: fr.rot}
	invisible, err := s.objects(pg, fr, &out)
	if err != nil {
		return pdf.Page{}, err
	}
	if err := s.chars(pg, fr, invisible, &out); err != nil {
		return pdf.Page{}, err
	}
	return out, nil
}

// frame reads the page's box and rotation.
func (s *session) frame(pg requests.Page) (frame, error) {
	var fr frame
	if cb, err := s.inst.FPDFPage_GetCropBox(&requests.FPDFPage_GetCropBox{Page: pg}); err == nil && cb.Right > cb.Left && cb.Top > cb.Bottom {
		fr = frame{x0: float64(cb.Left), y0: float64(cb.Bottom), x1: float64(cb.Right), y1: float64(cb.Top)}
	} else if mb, err := s.inst.FPDFPage_GetMediaBox(&requests.FPDFPage_GetMediaBox{Page: pg}); err == nil && mb.Right > mb.Left && mb.Top > mb.Bottom {
		fr = frame{x0: float64(mb.Left), y0: float64(mb.Bottom), x1: float64(mb.Right), y1: float64(mb.Top)}
	} else {
		w, err1 := s.inst.FPDF_GetPageWidthF(&requests.FPDF_GetPageWidthF{Page: pg})
		h, err2 := s.inst.FPDF_GetPageHeightF(&requests.FPDF_GetPageHeightF{Page: pg})
		if err1 != nil || err2 != nil {
			return fr, errors.Join(err1, err2)
		}
		fr = frame{x1: float64(w.PageWidth), y1: float64(h.PageHeight)}
	}
	if rot, err := s.inst.FPDFPage_GetRotation(&requests.FPDFPage_GetRotation{Page: pg}); err == nil {
		fr.rot = int(rot.PageRotation) * 90
	}
	return fr, nil
}

// chars reads the page's characters. The text of the whole page comes
// in one call and each character's box in one more: every call into the
// sandbox has a fixed cost, which dominates reading a page. Characters of
// text objects drawn invisibly are left out, when the page has any.
func (s *session) chars(pg requests.Page, fr frame, invisible []references.FPDF_PAGEOBJECT, out *pdf.Page) error {
	tp, err := s.inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: pg})
	if err != nil {
		return err
	}
	defer s.inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	n, err := s.inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil {
		return err
	}
	if n.Count <= 0 {
		return nil
	}
	var runes []rune
	if t, err := s.inst.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: tp.TextPage, StartIndex: 0, Count: n.Count}); err == nil {
		runes = []rune(t.Text)
	}
	if len(runes) != n.Count {
		// A character outside the Basic Multilingual Plane takes two
		// UTF-16 units: read the characters one by one.
		runes = make([]rune, n.Count)
		for i := range runes {
			if u, err := s.inst.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp.TextPage, Index: i}); err == nil {
				runes[i] = rune(u.Unicode)
			}
		}
	}
	hidden := map[references.FPDF_PAGEOBJECT]bool{}
	for _, o := range invisible {
		hidden[o] = true
	}
	w, h := fr.size()
	page := pdf.Box{X1: w, Y1: h}
	out.Chars = make([]pdf.Char, 0, n.Count)
	for i, ru := range runes {
		if i%256 == 255 && s.expired() {
			return ErrTimeout
		}
		if ru == 0 || unicode.IsSpace(ru) || unicode.IsControl(ru) || ru == 0xFFFE || ru == 0xFFFF {
			continue // generated spaces and line breaks: the layout decides those
		}
		b, err := s.inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp.TextPage, Index: i})
		if err != nil {
			continue
		}
		// The loose box spans the font's ascent to descent and the
		// glyph's advance: the same height for every character of a line.
		box := fr.box(float64(b.Rect.Left), float64(b.Rect.Bottom), float64(b.Rect.Right), float64(b.Rect.Top))
		if !page.Contains(box.CX(), box.CY(), 0) {
			out.Hidden++ // outside the page: never printed
			continue
		}
		if len(hidden) > 0 {
			if obj, err := s.inst.FPDFText_GetTextObject(&requests.FPDFText_GetTextObject{TextPage: tp.TextPage, Index: i}); err == nil && hidden[obj.TextObject] {
				out.Hidden++
				continue
			}
		}
		out.Chars = append(out.Chars, pdf.Char{Rune: ru, Box: box, Base: box.Y1, Size: box.H()})
	}
	return nil
}
