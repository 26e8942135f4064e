package corpus

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/budgetqa/budgetqa/pdf"
)

// Errors of reading a PDF that is not a readable budget document.
var (
	ErrScanned = errors.New("corpus: the PDF has no text layer (a scan): reading scans is not supported")
	ErrNoPDF   = errors.New("corpus: PDF documents need a PDF reader")
)

// PDFReader reads the page geometry of a PDF file; package pdf/pdfium's
// Reader is one.
type PDFReader interface {
	Read(ctx context.Context, data []byte) (*pdf.File, error)
}

// IsPDF reports whether data is a PDF file (%PDF- within its first
// kilobyte, as PDF readers allow).
func IsPDF(data []byte) bool {
	return strings.Contains(string(data[:min(len(data), 1024)]), "%PDF-")
}

// Read parses one document of any supported format: a PDF, read with pr,
// or text (UTF-8, UTF-16 or GB18030) with tables as tab-separated rows.
// name is the file name used in provenance.
func Read(ctx context.Context, name string, data []byte, pr PDFReader) (*Document, error) {
	if !IsPDF(data) {
		return Parse(name, data)
	}
	if pr == nil {
		return nil, &ParseError{File: name, Err: ErrNoPDF}
	}
	if len(data) > MaxPDFSize {
		return nil, &ParseError{File: name, Err: ErrTooLarge}
	}
	f, err := pr.Read(ctx, data)
	if err != nil {
		return nil, &ParseError{File: name, Err: err}
	}
	return ParsePDF(name, data, f)
}

// ParsePDF reads a budget document from the pages of the PDF file data.
// Each line of the document is a line of text or a row of a table as
// package pdf lays it out (a table row's cells separated by tabs), and
// keeps its page and box for provenance.
func ParsePDF(name string, data []byte, f *pdf.File) (*Document, error) {
	if len(f.Pages) == 0 {
		return nil, &ParseError{File: name, Err: ErrEmpty}
	}
	chars := 0
	for _, p := range f.Pages {
		chars += len(p.Chars)
	}
	if chars < 20*len(f.Pages) && chars < 200 {
		return nil, &ParseError{File: name, Err: ErrScanned}
	}
	laid := f.Lines()
	lines := make([]line, len(laid))
	for i, l := range laid {
		texts := make([]string, len(l.Cells))
		boxes := make([]pdf.Box, len(l.Cells))
		for j, c := range l.Cells {
			texts[j] = strings.ReplaceAll(c.Text, "\t", " ")
			boxes[j] = c.Box
		}
		text := strings.Join(texts, "\t")
		if l.Table > 0 && len(l.Cells) > 1 && !strings.Contains(strings.Trim(text, "\t"), "\t") {
			// A row with one filled cell keeps a tab, so that it is still
			// read as a row of its table.
			text += "\t"
		}
		lines[i] = line{Num: i + 1, Text: normalizeLine(text), Page: l.Page, Box: l.Box, Cells: boxes}
	}
	d, err := parseLines(filepath.Base(name), data, lines, false)
	if err != nil {
		return nil, err
	}
	d.Format = FormatPDF
	d.Pages = len(f.Pages)
	d.Producer = f.Producer
	notePDF(d, f, laid)
	tidy(d)
	return d, nil
}

// notePDF warns of what the PDF reader could not read well.
func notePDF(d *Document, f *pdf.File, laid []pdf.Line) {
	gapped := map[int]bool{}
	for _, l := range laid {
		if l.Gapped {
			gapped[l.Page] = true
		}
	}
	for _, p := range f.Pages {
		if gapped[p.Number] {
			d.Warnings = append(d.Warnings, Warning{File: d.File, Page: p.Number,
				Message: "a table without rules: its columns were read from the gaps between words; check them"})
		}
		if p.Hidden > 0 {
			d.Warnings = append(d.Warnings, Warning{File: d.File, Page: p.Number,
				Message: fmt.Sprintf("%d characters invisible or outside the page were left out", p.Hidden)})
		}
		if len(p.Chars) == 0 && p.Images > 0 {
			d.Warnings = append(d.Warnings, Warning{File: d.File, Page: p.Number,
				Message: "the page is an image without text: not read"})
		}
	}
}
