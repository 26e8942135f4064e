package index

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// defaultHits is the number of hits Search returns when asked for n <= 0.
const defaultHits = 10

// Filter restricts a search.
type Filter struct {
	// DocIDs limits the search to these documents; empty means all.
	DocIDs []string
	// Type limits the search to TypeFact or TypeParagraph; "" means both.
	Type string
}

// Hit is one document part that matched a search.
type Hit struct {
	DocID string // corpus.Document.ID
	// DocHash is the corpus.Document.Hash of the version indexed: a reader
	// holding another version of the document (one being replaced) skips
	// the hit, whose Index means nothing there.
	DocHash string
	Type    string  // TypeFact or TypeParagraph
	Index   int     // index in the document's Facts or Paragraphs
	Line    int     // source line of the fact or paragraph
	Score   float64 // Bleve's BM25 score; higher is better
	// Fragment is the part of the paragraph's text, or of the fact's source
	// sentence, around the matched words (at most 160 characters, "…" where
	// cut), HTML-escaped with the matched words marked <mark>…</mark>; ""
	// when no word matched there, as for a fact read from a table.
	Fragment string
}

// fieldBoosts are the fields a question's words are matched in, with their
// weights: a word in a fact's subject counts most, in its department or year
// least (they are shared by every fact of a document).
var fieldBoosts = []fieldBoost{
	{fieldSubject, 4, TypeFact},
	{fieldAliases, 3, TypeFact},
	{fieldCode, 3, TypeFact},
	{fieldMeasure, 1.5, TypeFact},
	{fieldTable, 1, TypeFact},
	{fieldSentence, 1, TypeFact},
	{fieldDepartment, 0.5, TypeFact},
	{fieldYear, 0.5, TypeFact},
	{fieldText, 2, TypeParagraph},
	{fieldSection, 1, TypeParagraph},
}

// fieldBoost is a field searched, its weight, and the type of the parts
// that have it.
type fieldBoost struct {
	field string
	boost float64
	typ   string
}

// Search returns up to n hits (10 when n <= 0) for the words of q among the
// facts and paragraphs f allows, best first. Words are matched one by one
// (an OR over every field, never a phrase), so 三公经费 finds “三公”经费 and
// 备用金多少 finds 信访稳定备用金. A q of stop words only finds nothing.
func (x *Index) Search(q string, f Filter, n int) ([]Hit, error) {
	if x.bleve == nil {
		return nil, errors.New("index: search on a closed index")
	}
	if strings.TrimSpace(q) == "" {
		return nil, errors.New("index: empty query, want some words to search for")
	}
	qq, err := newQuery(x.words(q), f)
	if err != nil || qq == nil {
		return nil, err
	}
	if n <= 0 {
		n = defaultHits
	}
	req := bleve.NewSearchRequestOptions(qq, n, 0, false)
	req.SortBy([]string{"-_score", "_id"})
	req.IncludeLocations = true // for the fragments, cut from the documents in memory
	res, err := x.bleve.Search(req)
	if err != nil {
		return nil, fmt.Errorf("index: searching %q: %w", q, err)
	}
	hits := make([]Hit, 0, len(res.Hits))
	for _, m := range res.Hits {
		h, ok := parseHitID(m.ID)
		if !ok {
			return nil, fmt.Errorf("index: malformed hit id %q, want doc#hash#f<n> or doc#hash#p<n>", m.ID)
		}
		h.Score = m.Score
		x.describe(&h, m.Locations)
		hits = append(hits, h)
	}
	return hits, nil
}

// words returns the distinct terms the index's analyzer makes of q, in
// order: what a Bleve match query on any of the fields would look up.
func (x *Index) words(q string) []string {
	var out []string
	seen := make(map[string]bool)
	for _, tok := range x.analyzer.Analyze([]byte(q)) {
		if w := string(tok.Term); !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// newQuery translates a search for words into a Bleve query, or returns nil
// when there are no words. It is a match query (operator OR) per field of
// fieldBoosts, built from words analysed once rather than once per field,
// and restricted by type and document id:
//
//	must: ((subject:w1 | subject:w2 | …)^4 | (aliases:w1 | …)^3 | … | (section:w1 | …)^1)
//	      & (type:T)^0 & (doc:D1 | doc:D2 | …)^0
//
// With a type, only the fields of that type's parts are searched: the same
// hits and scores, with a fraction of the term lookups, which dominate a
// search over a large index.
//
// The restrictions are required clauses with boost 0 rather than a Bleve
// filter: a conjunction skips straight to the few postings of doc:D, where a
// filter walks every match of the words (0.4 ms against 1.7 ms over 2600
// parts in BenchmarkSearchLarge). They add the same small constant to every
// hit's score, so the order is the one a filter gives.
func newQuery(words []string, f Filter) (query.Query, error) {
	switch f.Type {
	case "", TypeFact, TypeParagraph:
	default:
		return nil, fmt.Errorf("index: unknown type %q, want %q, %q or \"\"", f.Type, TypeFact, TypeParagraph)
	}
	if len(words) == 0 {
		return nil, nil
	}
	fields := make([]query.Query, 0, len(fieldBoosts))
	for _, fb := range fieldBoosts {
		if f.Type != "" && fb.typ != f.Type {
			continue // no part of that type has the field: nothing to find
		}
		terms := make([]query.Query, len(words))
		for i, w := range words {
			tq := bleve.NewTermQuery(w)
			tq.SetField(fb.field)
			terms[i] = tq
		}
		dq := bleve.NewDisjunctionQuery(terms...)
		dq.SetBoost(fb.boost)
		fields = append(fields, dq)
	}
	must := []query.Query{bleve.NewDisjunctionQuery(fields...)}
	if f.Type != "" {
		tq := bleve.NewTermQuery(f.Type)
		tq.SetField(fieldType)
		tq.SetBoost(0)
		must = append(must, tq)
	}
	if len(f.DocIDs) > 0 {
		ids := make([]query.Query, len(f.DocIDs))
		for i, id := range f.DocIDs {
			tq := bleve.NewTermQuery(id)
			tq.SetField(fieldDoc)
			ids[i] = tq
		}
		dq := bleve.NewDisjunctionQuery(ids...)
		dq.SetBoost(0)
		must = append(must, dq)
	}
	return bleve.NewConjunctionQuery(must...), nil
}

// hitID returns the Bleve id of part i of type typ in version hash of
// document doc: "doc#hash#f3" for its fourth fact, "doc#hash#p0" for its
// first paragraph. The hash lets a reader tell a hit on a document from a
// hit on the version it replaced.
func hitID(doc, hash, typ string, i int) string {
	return doc + "#" + hash + "#" + typ[:1] + strconv.Itoa(i)
}

// parseHitID reads back a hitID into a Hit's DocID, DocHash, Type and Index.
func parseHitID(id string) (Hit, bool) {
	k := strings.LastIndexByte(id, '#')
	if k < 0 || len(id) < k+3 {
		return Hit{}, false
	}
	v := strings.LastIndexByte(id[:k], '#')
	if v < 0 {
		return Hit{}, false
	}
	var typ string
	switch id[k+1] {
	case 'f':
		typ = TypeFact
	case 'p':
		typ = TypeParagraph
	default:
		return Hit{}, false
	}
	i, err := strconv.Atoi(id[k+2:])
	if err != nil || i < 0 {
		return Hit{}, false
	}
	return Hit{DocID: id[:v], DocHash: id[v+1 : k], Type: typ, Index: i}, true
}

// describe sets h's Line and Fragment from the fact or paragraph it names:
// the paragraph's text, or the fact's source sentence, around the words
// locs says matched there.
func (x *Index) describe(h *Hit, locs search.FieldTermLocationMap) {
	d := x.Document(h.DocID)
	if d == nil || d.Hash != h.DocHash {
		return
	}
	var text, field string
	switch {
	case h.Type == TypeFact && h.Index < len(d.Facts):
		f := &d.Facts[h.Index]
		h.Line, text, field = f.Source.Line, f.Source.Sentence, fieldSentence
	case h.Type == TypeParagraph && h.Index < len(d.Paragraphs):
		p := &d.Paragraphs[h.Index]
		h.Line, text, field = p.Line, p.Text, fieldText
	default:
		return
	}
	h.Fragment = fragment(text, matchSpans(locs[field], len(text)))
}
