package report

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"sync"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/pdf"
)

// DefaultDPI is the resolution pages are shown at: a page of A4 is about
// 600 × 840 pixels, enough to read a figure and small enough to embed
// dozens.
const DefaultDPI = 72

// maxCachedPages bounds the pages kept rendered while a report is written
// (an A4 page at 72 dpi is about 2 MB in memory).
const maxCachedPages = 8

// Pages shows the printed pages findings are on: it renders a PDF's page
// with Renderer and outlines the cells cited on it.
type Pages struct {
	Renderer Renderer
	// Sources holds the PDFs as published, by the file name a finding's
	// place cites (corpus.Source.File).
	Sources map[string][]byte
	DPI     int // 0 means DefaultDPI
	// Reader, optional, reads the PDFs' characters, to outline a quoted
	// sentence where it is printed; pdfium's Reader is one.
	Reader corpus.PDFReader

	mu    sync.Mutex
	cache map[pageKey]*image.RGBA
	order []pageKey
	files map[string]*pdf.File // nil: could not be read
}

type pageKey struct {
	file string
	page int
}

// Image is one rendered page, as a PNG data: URL.
type Image struct {
	File          string
	Page          int
	URL           string // data:image/png;base64,…
	Width, Height int    // in pixels
	Boxes         int    // how many boxes are outlined
}

// Image renders page of file with boxes outlined in red.
func (p *Pages) Image(ctx context.Context, file string, page int, boxes []pdf.Box) (Image, error) {
	if p == nil || p.Renderer == nil {
		return Image{}, fmt.Errorf("report: no page renderer")
	}
	data, ok := p.Sources[file]
	if !ok {
		return Image{}, fmt.Errorf("report: no PDF for %q", file)
	}
	dpi := p.DPI
	if dpi <= 0 {
		dpi = DefaultDPI
	}
	base, err := p.page(ctx, file, page, data, dpi)
	if err != nil {
		return Image{}, err
	}
	img := image.NewRGBA(base.Bounds())
	copy(img.Pix, base.Pix)
	pdf.Mark(img, dpi, boxes)
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, reduce(img)); err != nil {
		return Image{}, fmt.Errorf("report: encoding page %d: %w", page, err)
	}
	b := img.Bounds()
	return Image{File: file, Page: page, URL: "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()),
		Width: b.Dx(), Height: b.Dy(), Boxes: len(boxes)}, nil
}

// page returns the page rendered, from the cache when it is there.
func (p *Pages) page(ctx context.Context, file string, page int, data []byte, dpi int) (*image.RGBA, error) {
	k := pageKey{file, page}
	p.mu.Lock()
	img, ok := p.cache[k]
	p.mu.Unlock()
	if ok {
		return img, nil
	}
	img, err := p.Renderer.Render(ctx, data, page, dpi)
	if err != nil {
		return nil, fmt.Errorf("report: rendering page %d of %s: %w", page, file, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cache == nil {
		p.cache = map[pageKey]*image.RGBA{}
	}
	if len(p.order) >= maxCachedPages {
		delete(p.cache, p.order[0])
		p.order = p.order[1:]
	}
	p.cache[k] = img
	p.order = append(p.order, k)
	return img, nil
}

// The palette of a reduced page: 32 greys for the print, the 216 web-safe
// colours for anything coloured, and the red of pdf.Mark's outlines.
var (
	markRed = color.RGBA{R: 220, G: 20, B: 20, A: 255}
	palette = func() color.Palette {
		var p color.Palette
		for i := 0; i < 32; i++ {
			v := uint8(i * 255 / 31)
			p = append(p, color.RGBA{v, v, v, 255})
		}
		for r := 0; r < 6; r++ {
			for g := 0; g < 6; g++ {
				for b := 0; b < 6; b++ {
					p = append(p, color.RGBA{uint8(r * 51), uint8(g * 51), uint8(b * 51), 255})
				}
			}
		}
		return append(p, markRed)
	}()
)

// reduce maps a page to the palette, which makes its PNG a few times
// smaller: a printed page is mostly black on white.
func reduce(img *image.RGBA) *image.Paletted {
	b := img.Bounds()
	out := image.NewPaletted(b, palette)
	red := uint8(len(palette) - 1)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := img.RGBAAt(x, y)
			var i uint8
			switch {
			case c == markRed:
				i = red
			case spread(c) < 40:
				i = uint8((int(c.R)*299 + int(c.G)*587 + int(c.B)*114) / 1000 * 31 / 255)
			default:
				i = uint8(32 + (int(c.R)+25)/51*36 + (int(c.G)+25)/51*6 + (int(c.B)+25)/51)
			}
			out.SetColorIndex(x, y, i)
		}
	}
	return out
}

// spread is how far a colour is from grey.
func spread(c color.RGBA) int {
	hi := max(c.R, c.G, c.B)
	lo := min(c.R, c.G, c.B)
	return int(hi) - int(lo)
}
