package pdfium

import (
	"math"

	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/structs"

	"github.com/budgetqa/budgetqa/pdf"
)

// maxFormDepth bounds the nesting of form XObjects followed.
const maxFormDepth = 8

// maxSegments bounds the path segments read on one page: a page of drawn
// art is not a table, and reading it would only cost time.
const maxSegments = 200000

// matrix is an affine transform [a b c d e f], as PDF writes it.
type matrix struct{ a, b, c, d, e, f float64 }

var identity = matrix{1, 0, 0, 1, 0, 0}

// then returns m followed by n.
func (m matrix) then(n matrix) matrix {
	return matrix{
		m.a*n.a + m.b*n.c, m.a*n.b + m.b*n.d,
		m.c*n.a + m.d*n.c, m.c*n.b + m.d*n.d,
		m.e*n.a + m.f*n.c + n.e, m.e*n.b + m.f*n.d + n.f,
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return m.a*x + m.c*y + m.e, m.b*x + m.d*y + m.f
}

func fromFS(m structs.FPDF_FS_MATRIX) matrix {
	return matrix{float64(m.A), float64(m.B), float64(m.C), float64(m.D), float64(m.E), float64(m.F)}
}

// walker collects the drawing of one page.
type walker struct {
	s         *session
	fr        frame
	out       *pdf.Page
	segments  int
	invisible []references.FPDF_PAGEOBJECT // text objects drawn invisibly
}

// objects reads the page's paths and images, and returns the text objects
// drawn in an invisible mode.
func (s *session) objects(pg requests.Page, fr frame, out *pdf.Page) ([]references.FPDF_PAGEOBJECT, error) {
	n, err := s.inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: pg})
	if err != nil {
		return nil, err
	}
	w := &walker{s: s, fr: fr, out: out}
	for i := range n.Count {
		o, err := s.inst.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: pg, Index: i})
		if err != nil {
			return nil, err
		}
		w.object(o.PageObject, identity, 0)
		if w.segments > maxSegments {
			break
		}
		if i%256 == 255 && s.expired() {
			return nil, ErrTimeout
		}
	}
	return w.invisible, nil
}

// object reads one page object drawn through the transform outer.
func (w *walker) object(o references.FPDF_PAGEOBJECT, outer matrix, depth int) {
	t, err := w.s.inst.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: o})
	if err != nil {
		return
	}
	switch t.Type {
	case enums.FPDF_PAGEOBJ_TEXT:
		mode, err := w.s.inst.FPDFTextObj_GetTextRenderMode(&requests.FPDFTextObj_GetTextRenderMode{PageObject: o})
		if err == nil && (mode.TextRenderMode == enums.FPDF_TEXTRENDERMODE_INVISIBLE || mode.TextRenderMode == enums.FPDF_TEXTRENDERMODE_CLIP) {
			w.invisible = append(w.invisible, o)
		}
	case enums.FPDF_PAGEOBJ_IMAGE:
		w.out.Images++
	case enums.FPDF_PAGEOBJ_PATH:
		w.path(o, outer)
	case enums.FPDF_PAGEOBJ_FORM:
		if depth >= maxFormDepth {
			return
		}
		m, err := w.s.inst.FPDFPageObj_GetMatrix(&requests.FPDFPageObj_GetMatrix{PageObject: o})
		if err != nil {
			return
		}
		inner := fromFS(m.Matrix).then(outer)
		n, err := w.s.inst.FPDFFormObj_CountObjects(&requests.FPDFFormObj_CountObjects{PageObject: o})
		if err != nil {
			return
		}
		for i := range n.Count {
			c, err := w.s.inst.FPDFFormObj_GetObject(&requests.FPDFFormObj_GetObject{PageObject: o, Index: uint64(i)})
			if err != nil {
				continue
			}
			w.object(c.PageObject, inner, depth+1)
		}
	}
}

// point is a path point in display space.
type point struct{ x, y float64 }

// simplePath is the most segments a path may have to be read from its
// bounds alone: a line (move, line) or a rectangle (move, three lines,
// close). Reading each segment costs several calls into the sandbox.
const simplePath = 5

// path reads one path object: a line or rectangle from its bounds, a
// longer path segment by segment. Straight stroked pieces become rules;
// filled rectangles rules when thin, fills otherwise.
func (w *walker) path(o references.FPDF_PAGEOBJECT, outer matrix) {
	mode, err := w.s.inst.FPDFPath_GetDrawMode(&requests.FPDFPath_GetDrawMode{PageObject: o})
	if err != nil {
		return
	}
	filled := mode.FillMode != enums.FPDF_FILLMODE_NONE
	if !filled && !mode.Stroke {
		return // a clipping path or an invisible one
	}
	n, err := w.s.inst.FPDFPath_CountSegments(&requests.FPDFPath_CountSegments{PageObject: o})
	if err != nil || n.Count <= 0 {
		return
	}
	w.segments += n.Count
	if w.segments > maxSegments {
		return
	}
	if n.Count <= simplePath {
		w.simple(o, outer, n.Count, filled, mode.Stroke)
		return
	}
	m, err := w.s.inst.FPDFPageObj_GetMatrix(&requests.FPDFPageObj_GetMatrix{PageObject: o})
	if err != nil {
		return
	}
	tr := fromFS(m.Matrix).then(outer)
	// Subpaths, in display space; curves end a subpath's straightness.
	var subs [][]point
	var cur []point
	curved := false
	flush := func() {
		if len(cur) > 1 && !curved {
			subs = append(subs, cur)
		}
		cur, curved = nil, false
	}
	for i := range n.Count {
		seg, err := w.s.inst.FPDFPath_GetPathSegment(&requests.FPDFPath_GetPathSegment{PageObject: o, Index: i})
		if err != nil {
			return
		}
		pt, err := w.s.inst.FPDFPathSegment_GetPoint(&requests.FPDFPathSegment_GetPoint{PathSegment: seg.PathSegment})
		if err != nil {
			return
		}
		typ, err := w.s.inst.FPDFPathSegment_GetType(&requests.FPDFPathSegment_GetType{PathSegment: seg.PathSegment})
		if err != nil {
			return
		}
		x, y := tr.apply(float64(pt.X), float64(pt.Y))
		x, y = w.fr.point(x, y)
		switch typ.Type {
		case enums.FPDF_SEGMENT_MOVETO:
			flush()
			cur = []point{{x, y}}
		case enums.FPDF_SEGMENT_LINETO:
			cur = append(cur, point{x, y})
		case enums.FPDF_SEGMENT_BEZIERTO:
			cur = append(cur, point{x, y})
			curved = true
		}
		if cl, err := w.s.inst.FPDFPathSegment_GetClose(&requests.FPDFPathSegment_GetClose{PathSegment: seg.PathSegment}); err == nil && cl.IsClose && len(cur) > 0 {
			cur = append(cur, cur[0])
		}
	}
	flush()
	for _, sub := range subs {
		if box, ok := rectangle(sub); ok && filled {
			w.fill(box)
			if mode.Stroke {
				w.edges(box)
			}
			continue
		}
		for i := 1; i < len(sub); i++ {
			w.segment(sub[i-1], sub[i])
		}
	}
}

// simple reads a path of at most simplePath segments from its bounds: a
// thin box is a line, a wider one a rectangle (a diagonal line's box is
// neither thin nor, having two segments, a rectangle).
func (w *walker) simple(o references.FPDF_PAGEOBJECT, outer matrix, segments int, filled, stroked bool) {
	b, err := w.s.inst.FPDFPageObj_GetBounds(&requests.FPDFPageObj_GetBounds{PageObject: o})
	if err != nil {
		return
	}
	x0, y0 := outer.apply(float64(b.Left), float64(b.Bottom))
	x1, y1 := outer.apply(float64(b.Right), float64(b.Top))
	box := w.fr.box(math.Min(x0, x1), math.Min(y0, y1), math.Max(x0, x1), math.Max(y0, y1))
	thin := box.W() <= pdf.MaxRuleWidth || box.H() <= pdf.MaxRuleWidth
	switch {
	case thin:
		w.fill(box)
	case segments < 4:
		// a diagonal line or a curve: not a rule
	case filled:
		w.fill(box)
		if stroked {
			w.edges(box)
		}
	default:
		w.edges(box)
	}
}

// rectangle reports whether the closed subpath is an axis-aligned rectangle.
func rectangle(sub []point) (pdf.Box, bool) {
	pts := sub
	if len(pts) == 5 && near(pts[0], pts[4]) {
		pts = pts[:4]
	}
	if len(pts) != 4 {
		return pdf.Box{}, false
	}
	b := pdf.Box{X0: math.Inf(1), Y0: math.Inf(1), X1: math.Inf(-1), Y1: math.Inf(-1)}
	for i, p := range pts {
		q := pts[(i+1)%4]
		if math.Abs(p.x-q.x) > 0.5 && math.Abs(p.y-q.y) > 0.5 {
			return pdf.Box{}, false // a diagonal side
		}
		b.X0, b.Y0 = math.Min(b.X0, p.x), math.Min(b.Y0, p.y)
		b.X1, b.Y1 = math.Max(b.X1, p.x), math.Max(b.Y1, p.y)
	}
	return b, true
}

func near(p, q point) bool { return math.Abs(p.x-q.x) < 0.5 && math.Abs(p.y-q.y) < 0.5 }

// fill records a filled rectangle: a thin one is a rule, a larger one
// shading.
func (w *walker) fill(b pdf.Box) {
	switch {
	case b.W() <= pdf.MaxRuleWidth && b.H() <= pdf.MaxRuleWidth:
		// a dot
	case b.H() <= pdf.MaxRuleWidth:
		w.add(pdf.Rule{X0: b.X0, Y0: b.CY(), X1: b.X1, Y1: b.CY()})
	case b.W() <= pdf.MaxRuleWidth:
		w.add(pdf.Rule{X0: b.CX(), Y0: b.Y0, X1: b.CX(), Y1: b.Y1})
	default:
		w.out.Fills = append(w.out.Fills, b)
	}
}

// edges records the four sides of a stroked rectangle.
func (w *walker) edges(b pdf.Box) {
	w.add(pdf.Rule{X0: b.X0, Y0: b.Y0, X1: b.X1, Y1: b.Y0})
	w.add(pdf.Rule{X0: b.X0, Y0: b.Y1, X1: b.X1, Y1: b.Y1})
	w.add(pdf.Rule{X0: b.X0, Y0: b.Y0, X1: b.X0, Y1: b.Y1})
	w.add(pdf.Rule{X0: b.X1, Y0: b.Y0, X1: b.X1, Y1: b.Y1})
}

// segment records a straight piece when it is horizontal or vertical.
func (w *walker) segment(p, q point) {
	switch {
	case math.Abs(p.y-q.y) < 0.5 && math.Abs(p.x-q.x) >= 0.5:
		y := (p.y + q.y) / 2
		w.add(pdf.Rule{X0: math.Min(p.x, q.x), Y0: y, X1: math.Max(p.x, q.x), Y1: y})
	case math.Abs(p.x-q.x) < 0.5 && math.Abs(p.y-q.y) >= 0.5:
		x := (p.x + q.x) / 2
		w.add(pdf.Rule{X0: x, Y0: math.Min(p.y, q.y), X1: x, Y1: math.Max(p.y, q.y)})
	}
}

// add records a rule that lies on the page.
func (w *walker) add(r pdf.Rule) {
	page := pdf.Box{X1: w.out.Width, Y1: w.out.Height}
	if !page.Contains(r.X0, r.Y0, 1) || !page.Contains(r.X1, r.Y1, 1) {
		return
	}
	w.out.Rules = append(w.out.Rules, r)
}
