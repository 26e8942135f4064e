package report

import (
	"context"
	"strings"
	"unicode"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/pdf"
)

// This file finds a quoted sentence on its printed page, so that the
// report outlines the sentence itself rather than the line its paragraph
// starts on: the document model keeps the box of that line only.

// minAnchor is the fewest characters of a sentence's start that must be
// found on the page to place it.
const minAnchor = 6

// locate returns the page and the boxes (one per printed line) of text
// on page of file, or of the page after it, where a sentence that starts
// at a page's foot goes on.
func (p *Pages) locate(ctx context.Context, file string, page int, text string) (int, []pdf.Box, bool) {
	f, ok := p.file(ctx, file)
	if !ok {
		return 0, nil, false
	}
	for _, n := range []int{page, page + 1} {
		if n < 1 || n > len(f.Pages) {
			continue
		}
		if boxes := findText(f.Pages[n-1], text); len(boxes) > 0 {
			return n, boxes, true
		}
	}
	return 0, nil, false
}

// file returns the PDF's geometry, read once.
func (p *Pages) file(ctx context.Context, name string) (*pdf.File, bool) {
	if p.Reader == nil || p.Sources[name] == nil {
		return nil, false
	}
	p.mu.Lock()
	f, ok := p.files[name]
	p.mu.Unlock()
	if ok {
		return f, f != nil
	}
	f, err := p.Reader.Read(ctx, p.Sources[name])
	if err != nil {
		f = nil
	}
	p.mu.Lock()
	if p.files == nil {
		p.files = map[string]*pdf.File{}
	}
	p.files[name] = f
	p.mu.Unlock()
	return f, f != nil
}

// findText finds text among a page's characters, ignoring spaces and the
// width of ASCII forms: the longest start of it found, up to the longest
// end of it found after that start. It returns a box per printed line.
func findText(pg pdf.Page, text string) []pdf.Box {
	var runes []rune
	var chars []int
	for i, c := range pg.Chars {
		if r := fold(c.Rune); r != 0 {
			runes = append(runes, r)
			chars = append(chars, i)
		}
	}
	var want []rune
	for _, r := range strings.TrimSuffix(text, "…") {
		if r = fold(r); r != 0 {
			want = append(want, r)
		}
	}
	if len(want) < minAnchor {
		return nil
	}
	hay := string(runes)
	start, n := -1, 0
	for k := min(len(want), 40); k >= minAnchor; k-- {
		if i := strings.Index(hay, string(want[:k])); i >= 0 {
			start, n = len([]rune(hay[:i])), k
			break
		}
	}
	if start < 0 {
		return nil
	}
	end := start + n
	if n < len(want) {
		// The end of the sentence, within the length it can have.
		limit := min(len(runes), start+len(want)*3/2+4)
		rest := string(runes[end:limit])
		for k := min(len(want)-n, 30); k >= 4; k-- {
			if i := strings.Index(rest, string(want[len(want)-k:])); i >= 0 {
				end += len([]rune(rest[:i])) + k
				break
			}
		}
	}
	return lineBoxes(pg, chars[start:end])
}

// lineBoxes unites the boxes of the characters printed on one line.
func lineBoxes(pg pdf.Page, idx []int) []pdf.Box {
	var out []pdf.Box
	var base float64
	for _, i := range idx {
		c := pg.Chars[i]
		h := c.Box.H()
		if len(out) == 0 || c.Base-base > h/2 || base-c.Base > h/2 {
			out = append(out, c.Box)
			base = c.Base
			continue
		}
		out[len(out)-1] = out[len(out)-1].Union(c.Box)
	}
	for i := range out {
		out[i] = out[i].Round()
	}
	return out
}

// fold maps a character to the form compared: full-width ASCII to ASCII,
// spaces and controls to 0 (dropped).
func fold(r rune) rune {
	switch {
	case unicode.IsSpace(r) || unicode.IsControl(r):
		return 0
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	}
	return r
}

// sentencePlace reports whether a place quotes a sentence of the text
// rather than a table cell.
func sentencePlace(s corpus.Source) bool { return s.Sentence != "" && s.Table == "" }
