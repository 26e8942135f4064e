package nlq

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/index"
)

// looseFind looks an item worded loosely up in the full-text index: the
// best fact whose subject shares most of the item's words (jieba tokens,
// aliases included in the index) is taken; anything weaker is not.
func (ev *eval) looseFind(d *corpus.Document, item string, kinds ...corpus.FactKind) (hit, bool) {
	s := ev.e.searcher()
	if s == nil || utf8.RuneCountInString(item) < 2 {
		return hit{}, false
	}
	hits, err := s.Search(item, index.Filter{DocIDs: d.IndexIDs(), Type: index.TypeFact}, 10)
	if err != nil {
		return hit{}, false
	}
	words := contentWords(s.Segment(item))
	if len(words) == 0 {
		return hit{}, false
	}
	want := map[corpus.FactKind]bool{}
	for _, k := range kinds {
		want[k] = true
	}
	for _, h := range hits {
		i, ok := d.Locate(h.DocID, h.DocHash, false, h.Index)
		if !ok || i < 0 || i >= len(d.Facts) {
			continue
		}
		f := &d.Facts[i]
		if len(want) > 0 && !want[f.Kind] {
			continue
		}
		subject := matchKey(f.Subject)
		found := 0
		for _, w := range words {
			if strings.Contains(subject, matchKey(ev.e.syn.canonical(w))) || strings.Contains(subject, w) {
				found++
			}
		}
		if found*3 >= len(words)*2 {
			return hit{f: f, doc: d, score: minScore}, true
		}
	}
	return hit{}, false
}

// contentWords drops the tokens that carry no item meaning.
func contentWords(tokens []string) []string {
	var out []string
	for _, t := range tokens {
		t = strings.TrimSpace(t)
		if utf8.RuneCountInString(t) < 2 && !strings.ContainsAny(t, "费税") {
			continue
		}
		switch t {
		case "多少", "是多少", "什么", "哪些", "预算", "决算", "支出", "经费", "金额":
			continue
		}
		out = append(out, t)
	}
	return out
}

// passageAnswer answers a question that asks for no figure with the
// paragraph that best matches it, when that paragraph holds the words of
// the item asked about; it reports false otherwise.
func (ev *eval) passageAnswer(query, item string) bool {
	s := ev.e.searcher()
	if s == nil {
		return false
	}
	hits, err := s.Search(query, index.Filter{DocIDs: ev.doc.IndexIDs(), Type: index.TypeParagraph}, 3)
	if err != nil || len(hits) == 0 {
		return false
	}
	key := matchKey(item)
	for _, h := range hits {
		i, ok := ev.doc.Locate(h.DocID, h.DocHash, true, h.Index)
		if !ok || i < 0 || i >= len(ev.doc.Paragraphs) {
			continue
		}
		p := ev.doc.Paragraphs[i]
		if key == "" || coverage(key, matchKey(p.Section+p.Parent+p.Text)) < 0.75 {
			continue
		}
		// A question that names the section ("机构设置", "主要职能") gets the
		// section from its start; a paragraph that introduces what follows
		// ("主要职能包括：") gets what follows too.
		whole := p.Section != "" && coverage(key, matchKey(p.Section)) >= 0.75
		if whole {
			for i > 0 && ev.doc.Paragraphs[i-1].Section == p.Section && ev.doc.Paragraphs[i-1].File == p.File {
				i--
			}
			p = ev.doc.Paragraphs[i]
		}
		text := p.Text
		for j := i + 1; (whole || strings.HasSuffix(strings.TrimSpace(text), "：")) && j < len(ev.doc.Paragraphs) && utf8.RuneCountInString(text) < 300; j++ {
			next := ev.doc.Paragraphs[j]
			if next.Section != p.Section || next.File != p.File {
				break
			}
			text += next.Text
		}
		ev.r.Answered = true
		ev.r.Intent = IntentSearch.String()
		ev.r.Answer = AnswerBody{Text: fmt.Sprintf("据%s：%s", docTitle(ev.doc), clipRunes(text, 300))}
		ev.r.Interpretation = interp(ev.doc.Year, ev.doc.Department, item, "相关段落")
		ev.r.Sources = append(ev.r.Sources, paraSource(ev.doc, p, clipRunes(p.Text, 120)))
		return true
	}
	return false
}

// related lists the paragraphs closest to a question the engine declined,
// so the reader can look for themselves.
func (ev *eval) related(query string) {
	s := ev.e.searcher()
	if s == nil || ev.doc == nil {
		return
	}
	hits, err := s.Search(query, index.Filter{DocIDs: ev.doc.IndexIDs(), Type: index.TypeParagraph}, 2)
	if err != nil {
		return
	}
	for _, h := range hits {
		i, ok := ev.doc.Locate(h.DocID, h.DocHash, true, h.Index)
		if !ok || i < 0 || i >= len(ev.doc.Paragraphs) {
			continue
		}
		p := ev.doc.Paragraphs[i]
		ev.r.Related = append(ev.r.Related, paraSource(ev.doc, p, clipRunes(p.Text, 120)))
	}
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
