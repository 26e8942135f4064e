package pdfium

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/budgetqa/budgetqa/pdf"
)

// testReader is shared by the tests: starting PDFium is the slow part.
var testReader = New(Config{CacheDir: filepath.Join(os.TempDir(), "budgetqa-test-wazero")})

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func pageText(p pdf.Page) string {
	var b strings.Builder
	for _, c := range p.Chars {
		b.WriteRune(c.Rune)
	}
	return b.String()
}

func TestReadRotated(t *testing.T) {
	f, err := testReader.Read(context.Background(), readFile(t, "../../testdata/pdf/jiangsu-renda-2019-yusuan-tables.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Pages) != 13 {
		t.Fatalf("pages = %d, want 13", len(f.Pages))
	}
	p := f.Pages[0]
	if p.Rotation != 90 || p.Width <= p.Height {
		t.Errorf("page 1: rotation %d, %gx%g; want 90 and landscape as displayed", p.Rotation, p.Width, p.Height)
	}
	if !strings.Contains(pageText(p), "收支预算总表") {
		t.Errorf("page 1 text lacks the title: %.80q", pageText(p))
	}
	if len(p.Rules) < 20 {
		t.Errorf("page 1: %d rules, want the table's", len(p.Rules))
	}
	for _, c := range p.Chars {
		if c.Box.X0 < 0 || c.Box.X1 > p.Width || c.Box.Y0 < 0 || c.Box.Y1 > p.Height {
			t.Fatalf("char %q at %v lies outside the displayed page %gx%g", c.Rune, c.Box, p.Width, p.Height)
		}
	}
	// The title is printed above the table: in display space it is near
	// the top, left to right.
	var title []pdf.Char
	for _, c := range p.Chars {
		if strings.ContainsRune("收支预算总表", c.Rune) && c.Box.Y1 < 50 {
			title = append(title, c)
		}
	}
	if len(title) < 6 {
		t.Fatalf("title characters near the top: %d, want 6", len(title))
	}
	for i := 1; i < len(title); i++ {
		if title[i].Box.X0 < title[i-1].Box.X0 {
			t.Errorf("title not left to right in display space: %v", title)
		}
	}
}

func TestReadHiddenCharacters(t *testing.T) {
	// Page 11 of the 2017 document places a copy of its table below the
	// page's edge; it is never printed and must not be read.
	f, err := testReader.Read(context.Background(), readFile(t, "../../testdata/pdf/jiangsu-renda-2017-yusuan.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if f.Pages[10].Hidden == 0 {
		t.Errorf("page 11: no hidden characters counted")
	}
	for _, p := range f.Pages {
		for _, c := range p.Chars {
			if c.Box.CY() > p.Height {
				t.Fatalf("page %d: char %q below the page", p.Number, c.Rune)
			}
		}
	}
}

func TestReadErrors(t *testing.T) {
	good := readFile(t, "../../testdata/pdf/jiangsu-renda-2019-yusuan-tables.pdf")
	tests := []struct {
		name string
		cfg  Config
		data []byte
		want error
	}{
		{"not a PDF", Config{}, []byte("hello, budget"), ErrNotPDF},
		{"empty", Config{}, nil, ErrNotPDF},
		{"garbage after the header", Config{}, readFile(t, "testdata/garbage.pdf"), ErrDamaged},
		{"encrypted", Config{}, readFile(t, "testdata/encrypted.pdf"), ErrEncrypted},
		{"too many pages", Config{MaxPages: 5}, good, ErrTooManyPage},
		{"too large", Config{MaxBytes: 1000}, good, ErrTooLarge},
		{"time limit", Config{Timeout: time.Nanosecond}, good, ErrTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testReader
			if tt.cfg != (Config{}) {
				tt.cfg.CacheDir = testReader.cfg.CacheDir
				r = New(tt.cfg)
				defer r.Close()
			}
			_, err := r.Read(context.Background(), tt.data)
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestReadTruncated(t *testing.T) {
	// PDFium repairs what it can of a cut file; either way, no panic and
	// no pages invented.
	f, err := testReader.Read(context.Background(), readFile(t, "testdata/truncated.pdf"))
	if err == nil && len(f.Pages) > 13 {
		t.Errorf("%d pages from a cut 13-page file", len(f.Pages))
	}
}

func TestReadScan(t *testing.T) {
	f, err := testReader.Read(context.Background(), readFile(t, "testdata/scanned.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Pages) != 1 || len(f.Pages[0].Chars) != 0 || f.Pages[0].Images != 1 {
		t.Errorf("scan: %d pages, %d chars, %d images; want 1, 0, 1", len(f.Pages), len(f.Pages[0].Chars), f.Pages[0].Images)
	}
}

func TestReadConcurrent(t *testing.T) {
	data := readFile(t, "../../testdata/pdf/jiangsu-renda-2019-yusuan-tables.pdf")
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for range 6 {
		wg.Go(func() {
			f, err := testReader.Read(context.Background(), data)
			if err == nil && len(f.Pages) != 13 {
				err = errors.New("wrong page count")
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestRender(t *testing.T) {
	data := readFile(t, "../../testdata/pdf/jiangsu-renda-2019-yusuan-tables.pdf")
	img, err := testReader.Render(context.Background(), data, 1, 72)
	if err != nil {
		t.Fatal(err)
	}
	f, err := testReader.Read(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	p := f.Pages[0]
	// At 72 dpi a pixel is a point: the image is the displayed page.
	if w, h := img.Bounds().Dx(), img.Bounds().Dy(); abs(float64(w)-p.Width) > 1 || abs(float64(h)-p.Height) > 1 {
		t.Errorf("image %dx%d, page %gx%g", w, h, p.Width, p.Height)
	}
	// A character read at a box is drawn there: its box holds dark pixels.
	c := p.Chars[0]
	dark := false
	for y := int(c.Box.Y0); y <= int(c.Box.Y1); y++ {
		for x := int(c.Box.X0); x <= int(c.Box.X1); x++ {
			if r, g, b, _ := img.At(x, y).RGBA(); r+g+b < 3*0x8000 {
				dark = true
			}
		}
	}
	if !dark {
		t.Errorf("no ink where %q was read (%v)", c.Rune, c.Box)
	}
	if _, err := testReader.Render(context.Background(), data, 14, 72); !errors.Is(err, ErrNoPage) {
		t.Errorf("page 14 of 13: err = %v, want ErrNoPage", err)
	}
	if _, err := testReader.Render(context.Background(), data, 1, 1000); err == nil {
		t.Errorf("dpi 1000 accepted")
	}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

func TestStartWithUnwritableCache(t *testing.T) {
	if os.Getuid() == 0 {
		t.Skip("root writes anywhere")
	}
	dir := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	r := New(Config{CacheDir: dir})
	defer r.Close()
	if _, err := r.Start(); err != nil {
		t.Fatalf("start with a read-only cache folder: %v", err)
	}
}

func TestWritable(t *testing.T) {
	if !writable(filepath.Join(t.TempDir(), "a", "b")) {
		t.Error("a new folder is not writable")
	}
	if writable("/proc/no-such-dir") {
		t.Error("/proc/no-such-dir is writable")
	}
}
