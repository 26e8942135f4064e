package pdfium

import (
	"context"
	"fmt"
	"image"
	"image/draw"

	"github.com/klippa-app/go-pdfium/requests"
)

// MaxDPI bounds the resolution of a rendered page: an A3 page at 300 dpi
// is about 5000 × 3500 pixels.
const MaxDPI = 300

// Render renders page (1-based) of the PDF file data at dpi, as displayed
// (/Rotate applied): a point at (x, y) in package pdf's display space is
// the pixel (x·dpi/72, y·dpi/72).
func (r *Reader) Render(ctx context.Context, data []byte, page, dpi int) (*image.RGBA, error) {
	if dpi <= 0 || dpi > MaxDPI {
		return nil, fmt.Errorf("pdfium: dpi %d, want 1–%d", dpi, MaxDPI)
	}
	var out *image.RGBA
	err := r.withFile(ctx, data, func(s *session) error {
		n, err := s.inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: s.doc})
		if err != nil {
			return fmt.Errorf("%w (%v)", ErrDamaged, err)
		}
		if page < 1 || page > n.PageCount {
			return fmt.Errorf("%w: page %d of %d", ErrNoPage, page, n.PageCount)
		}
		res, err := s.inst.RenderPageInDPI(&requests.RenderPageInDPI{
			Page: requests.Page{ByIndex: &requests.PageByIndex{Document: s.doc, Index: page - 1}},
			DPI:  dpi,
		})
		if err != nil {
			return fmt.Errorf("%w (page %d: %v)", ErrDamaged, page, err)
		}
		defer res.Cleanup()
		src := res.Result.RenderedImage
		// The pixels live in the sandbox's memory until Cleanup: copy.
		out = image.NewRGBA(src.Bounds())
		draw.Draw(out, out.Bounds(), src, src.Bounds().Min, draw.Src)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
