// Package pdf is the geometry of a PDF file's pages as a reader of printed
// tables needs it: the characters with their boxes, the ruling lines and
// shaded areas drawn on each page, in the page's display orientation
// (points, origin at the top left, y growing downwards, /Rotate applied).
//
// It knows nothing of budgets. Package pdf/pdfium fills these types from a
// PDF file; package corpus reads a budget document from them. The layout
// helpers here (Lines, Grid) group characters into lines and ruling lines
// into table cells, the two steps every reader of a printed table needs.
package pdf

import (
	"image"
	"image/color"
	"math"
)

// File is what was read of one PDF file.
type File struct {
	Pages    []Page `json:"pages"`
	Producer string `json:"producer,omitempty"` // the Info dictionary's Producer ("WPS Office", …)
	Creator  string `json:"creator,omitempty"`
}

// Page is one page, in display coordinates.
type Page struct {
	Number   int     `json:"number"` // 1-based
	Width    float64 `json:"width"`  // as displayed, after /Rotate
	Height   float64 `json:"height"`
	Rotation int     `json:"rotation,omitempty"` // /Rotate in degrees, clockwise
	Chars    []Char  `json:"chars"`
	// Rules are the horizontal and vertical lines drawn on the page:
	// stroked segments, the edges of stroked rectangles and filled
	// rectangles thinner than MaxRuleWidth.
	Rules []Rule `json:"rules,omitempty"`
	// Fills are filled rectangles wider than a rule (cell shading).
	Fills []Box `json:"fills,omitempty"`
	// Images counts the image objects drawn (a cover title or a chart
	// printed as a picture carries no text).
	Images int `json:"images,omitempty"`
	// Hidden counts characters left out: placed outside the page, drawn in
	// the invisible text mode, or clipped away.
	Hidden int `json:"hidden,omitempty"`
}

// Box is an axis-aligned rectangle; X0 ≤ X1 and Y0 ≤ Y1.
type Box struct {
	X0 float64 `json:"x0"`
	Y0 float64 `json:"y0"`
	X1 float64 `json:"x1"`
	Y1 float64 `json:"y1"`
}

// Char is one character with the box of its glyph.
type Char struct {
	Rune rune    `json:"r"`
	Box  Box     `json:"box"`
	Base float64 `json:"base"`           // the y of its baseline
	Size float64 `json:"size,omitempty"` // font size in points
}

// Rule is a horizontal or vertical line segment. For a horizontal rule
// Y0 == Y1; for a vertical one X0 == X1.
type Rule struct {
	X0 float64 `json:"x0"`
	Y0 float64 `json:"y0"`
	X1 float64 `json:"x1"`
	Y1 float64 `json:"y1"`
}

// MaxRuleWidth is the thickest filled rectangle read as a line rather than
// as shading, in points.
const MaxRuleWidth = 2.5

// Horizontal reports whether r runs left to right.
func (r Rule) Horizontal() bool { return r.Y0 == r.Y1 }

// Len returns the rule's length.
func (r Rule) Len() float64 { return (r.X1 - r.X0) + (r.Y1 - r.Y0) }

// W returns the box's width.
func (b Box) W() float64 { return b.X1 - b.X0 }

// H returns the box's height.
func (b Box) H() float64 { return b.Y1 - b.Y0 }

// CX returns the box's horizontal centre.
func (b Box) CX() float64 { return (b.X0 + b.X1) / 2 }

// CY returns the box's vertical centre.
func (b Box) CY() float64 { return (b.Y0 + b.Y1) / 2 }

// Union returns the smallest box holding b and c; the zero box is empty.
func (b Box) Union(c Box) Box {
	if b == (Box{}) {
		return c
	}
	if c == (Box{}) {
		return b
	}
	return Box{math.Min(b.X0, c.X0), math.Min(b.Y0, c.Y0), math.Max(b.X1, c.X1), math.Max(b.Y1, c.Y1)}
}

// Contains reports whether the point (x, y) lies in b, within slack.
func (b Box) Contains(x, y, slack float64) bool {
	return x >= b.X0-slack && x <= b.X1+slack && y >= b.Y0-slack && y <= b.Y1+slack
}

// Round returns b with its coordinates rounded to 0.1 point, the precision
// worth keeping in provenance.
func (b Box) Round() Box {
	r := func(v float64) float64 { return math.Round(v*10) / 10 }
	return Box{r(b.X0), r(b.Y0), r(b.X1), r(b.Y1)}
}

// Mark outlines boxes (display space) on img, a page rendered at dpi, in
// red, three pixels wide, a little outside each box so the printed figure
// stays readable.
func Mark(img *image.RGBA, dpi int, boxes []Box) {
	scale := float64(dpi) / 72
	red := color.RGBA{R: 220, G: 20, B: 20, A: 255}
	b := img.Bounds()
	set := func(x, y int) {
		if image.Pt(x, y).In(b) {
			img.SetRGBA(x, y, red)
		}
	}
	for _, box := range boxes {
		x0, y0 := int(box.X0*scale)-3, int(box.Y0*scale)-3
		x1, y1 := int(math.Ceil(box.X1*scale))+3, int(math.Ceil(box.Y1*scale))+3
		for w := 0; w < 3; w++ {
			for x := x0; x <= x1; x++ {
				set(x, y0+w)
				set(x, y1-w)
			}
			for y := y0; y <= y1; y++ {
				set(x0+w, y)
				set(x1-w, y)
			}
		}
	}
}
