package api

import (
	"fmt"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/index"
)

// Bounds on the number of search hits.
const (
	defaultSearchHits = 10
	maxSearchHits     = 50
)

// searchResponse is the body of GET /v1/search.
type searchResponse struct {
	Query string      `json:"query"`
	Hits  []searchHit `json:"hits"`
}

// searchHit is one fact or paragraph found, resolved to its document.
type searchHit struct {
	DocID      string  `json:"doc_id"`
	Document   string  `json:"document"` // as nlq.SourceRef.Document names it
	Title      string  `json:"title"`    // the document's first heading
	Department string  `json:"department"`
	Year       int     `json:"year"`
	Type       string  `json:"type"` // fact or paragraph
	Index      int     `json:"index"`
	Line       int     `json:"line"`
	Score      float64 `json:"score"`
	// Fragment is HTML-escaped text with the matched words in <mark>.
	Fragment  string         `json:"fragment,omitempty"`
	Fact      *factView      `json:"fact,omitempty"`
	Paragraph *paragraphView `json:"paragraph,omitempty"`
}

// search answers GET /v1/search?q=…&department=…&year=…&n=…&type=….
func (s *Server) search(c *gin.Context) {
	st := s.current()
	if st.b.Searcher == nil {
		abortError(c, newError(codeSearchUnavailable, "全文搜索暂不可用"))
		return
	}
	q := c.Query("q")
	if e := validateText(q, "搜索内容"); e != nil {
		abortError(c, e)
		return
	}
	year, e := queryInt(c, "year")
	if e != nil {
		abortError(c, e)
		return
	}
	n, e := queryCount(c, "n", defaultSearchHits, maxSearchHits)
	if e != nil {
		abortError(c, e)
		return
	}
	f := index.Filter{Type: c.Query("type")}
	if f.Type != "" && f.Type != index.TypeFact && f.Type != index.TypeParagraph {
		abortError(c, newError(codeBadParameter, "参数 type 应为 fact 或 paragraph"))
		return
	}
	resp := searchResponse{Query: q, Hits: []searchHit{}}
	dept := s.scope(c.Query("department"))
	if dept != "" || year != 0 {
		for _, d := range matchDepartment(st.docs, dept) {
			if year == 0 || d.Year == year {
				f.DocIDs = append(f.DocIDs, d.ID)
			}
		}
		if len(f.DocIDs) == 0 {
			// Nothing in scope; an empty Filter would search everything.
			writeJSON(c, http.StatusOK, resp)
			return
		}
	}
	hits, err := st.b.Searcher.Search(q, f, n)
	if err != nil {
		s.log.LogAttrs(c.Request.Context(), slog.LevelError, "search failed",
			slog.String("request_id", c.GetString(ginRequestID)), slog.String("error", err.Error()))
		abortError(c, newError(codeInternal, "搜索出错，请稍后再试"))
		return
	}
	for _, h := range hits {
		if hit, ok := resolveHit(st, h); ok {
			resp.Hits = append(resp.Hits, hit)
		}
	}
	writeJSON(c, http.StatusOK, resp)
}

// resolveHit turns an index hit into its document, fact or paragraph; false
// for a hit on a document the server does not serve in that version (one
// being added, replaced or removed while the search ran).
func resolveHit(st *state, h index.Hit) (searchHit, bool) {
	out := searchHit{DocID: h.DocID, Type: h.Type, Index: h.Index, Line: h.Line, Score: h.Score, Fragment: h.Fragment}
	d := st.byID[h.DocID]
	if d == nil || d.Hash != h.DocHash {
		return out, false
	}
	out.Document = docName(d)
	out.Title = d.Title
	out.Department = d.Department
	out.Year = d.Year
	switch {
	case h.Type == index.TypeFact && h.Index >= 0 && h.Index < len(d.Facts):
		fv := newFactView(h.Index, &d.Facts[h.Index])
		out.Fact = &fv
	case h.Type == index.TypeParagraph && h.Index >= 0 && h.Index < len(d.Paragraphs):
		pv := newParagraphView(h.Index, &d.Paragraphs[h.Index])
		out.Paragraph = &pv
	}
	return out, true
}

// docName names a document as the engine's sources do
// ("2023年深圳市龙岗区信访局部门预算").
func docName(d *corpus.Document) string {
	return fmt.Sprintf("%d年%s%s", d.Year, d.Department, d.Kind)
}
