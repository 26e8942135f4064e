package index

import (
	"html"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
)

// fragmentSize is the most characters of text a Hit's Fragment shows.
const fragmentSize = 160

// Marks put around the matched words of a fragment.
const (
	markStart = "<mark>"
	markEnd   = "</mark>"
	ellipsis  = "…"
)

// span is a byte range [start, end) of a field's text.
type span struct{ start, end int }

// matchSpans returns the byte ranges of the matched words of one field,
// sorted and merged: jieba's search mode indexes 公务用车运行维护费 together
// with 公务, 用车 and 维护费 inside it, and a match on several of them is
// marked as one run of text. (Bleve's own highlighter marks the first of
// such overlapping words and drops the rest.)
func matchSpans(tlm search.TermLocationMap, textLen int) []span {
	var spans []span
	for _, locs := range tlm {
		for _, l := range locs {
			s, e := int(l.Start), int(l.End)
			if s < e && e <= textLen {
				spans = append(spans, span{s, e})
			}
		}
	}
	if len(spans) == 0 {
		return nil
	}
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].start != spans[j].start {
			return spans[i].start < spans[j].start
		}
		return spans[i].end > spans[j].end
	})
	out := spans[:1]
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s.start <= last.end {
			last.end = max(last.end, s.end)
			continue
		}
		out = append(out, s)
	}
	return out
}

// fragment returns up to fragmentSize characters of text around the spans,
// HTML-escaped, with each span marked and "…" where text was cut. It picks the
// window that holds the most spans, starting a little before its first.
func fragment(text string, spans []span) string {
	if len(spans) == 0 {
		return ""
	}
	from, to := 0, len(text)
	if utf8.RuneCountInString(text) > fragmentSize {
		best := -1
		for i, s := range spans {
			start := backRunes(text, s.start, fragmentSize/8)
			end := forwardRunes(text, start, fragmentSize)
			n := 0
			for _, t := range spans[i:] {
				if t.end > end {
					break
				}
				n++
			}
			if n > best {
				best, from, to = n, start, end
			}
		}
	}
	var b strings.Builder
	b.Grow(to - from + 64)
	if from > 0 {
		b.WriteString(ellipsis)
	}
	at := from
	for _, s := range spans {
		if s.end <= from || s.start >= to {
			continue
		}
		s.start, s.end = max(s.start, from), min(s.end, to)
		b.WriteString(html.EscapeString(text[at:s.start]))
		b.WriteString(markStart)
		b.WriteString(html.EscapeString(text[s.start:s.end]))
		b.WriteString(markEnd)
		at = s.end
	}
	b.WriteString(html.EscapeString(text[at:to]))
	if to < len(text) {
		b.WriteString(ellipsis)
	}
	return b.String()
}

// backRunes returns the byte offset n characters before offset i of text, or 0.
func backRunes(text string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(text[:i])
		i -= size
	}
	return i
}

// forwardRunes returns the byte offset n characters after offset i of text, or
// len(text).
func forwardRunes(text string, i, n int) int {
	for ; n > 0 && i < len(text); n-- {
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return i
}
