package api

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/budgetqa/budgetqa/index"
)

// newChunkedRequest returns a POST of body to /v1/ask with no declared
// length, as a chunked upload arrives.
func newChunkedRequest(body string) *http.Request {
	req := httptest.NewRequest(http.MethodPost, "/v1/ask", io.NopCloser(strings.NewReader(body)))
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/json")
	return req
}

// serve runs req through h.
func serve(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestSearch(t *testing.T) {
	env := newEnv(t, Config{})
	env.srch.hits = []index.Hit{
		{DocID: "longgang", Type: index.TypeFact, Index: 1, Line: 516, Score: 3.5, Fragment: "<mark>信访稳定备用金</mark>500万元。"},
		{DocID: "longgang", Type: index.TypeFact, Index: 0, Line: 100, Score: 2},
		{DocID: "longgang", Type: index.TypeParagraph, Index: 0, Line: 10, Score: 1, Fragment: "负责全区<mark>信访</mark>工作"},
	}
	rec := do(t, env.h, http.MethodGet, "/v1/search?q="+url.QueryEscape("信访稳定备用金"), nil)
	if rec.Code != http.StatusOK {
		t.Fatal(rec.Body.String())
	}
	if !strings.Contains(rec.Body.String(), "<mark>信访稳定备用金</mark>") {
		t.Errorf("fragment escaped or lost: %s", rec.Body.String())
	}
	got := decodeBody[searchResponse](t, rec)
	ti, ri := 0, 0
	want := searchResponse{Query: "信访稳定备用金", Hits: []searchHit{
		{DocID: "longgang", Document: "2023年深圳市龙岗区信访局部门预算", Title: "2023 年深圳市龙岗区信访局 部门预算", Department: "深圳市龙岗区信访局", Year: 2023,
			Type: "fact", Index: 1, Line: 516, Score: 3.5, Fragment: "<mark>信访稳定备用金</mark>500万元。",
			Fact: &factView{Index: 1, Kind: "amount", Subject: "信访稳定备用金", Year: 2023, Value: "500", Unit: "万元", Line: 516, Sentence: "信访稳定备用金500万元。"}},
		{DocID: "longgang", Document: "2023年深圳市龙岗区信访局部门预算", Title: "2023 年深圳市龙岗区信访局 部门预算", Department: "深圳市龙岗区信访局", Year: 2023,
			Type: "fact", Index: 0, Line: 100, Score: 2,
			Fact: &factView{Index: 0, Kind: "amount", Subject: "信访事务", Code: "2010308", Measure: "支出总计", Year: 2023, Value: "587.00", Unit: "万元", Line: 100,
				Table: "表3 支出总表", TableIndex: &ti, Row: "2010308 信访事务", RowIndex: &ri, Column: "合计"}},
		{DocID: "longgang", Document: "2023年深圳市龙岗区信访局部门预算", Title: "2023 年深圳市龙岗区信访局 部门预算", Department: "深圳市龙岗区信访局", Year: 2023,
			Type: "paragraph", Index: 0, Line: 10, Score: 1, Fragment: "负责全区<mark>信访</mark>工作",
			Paragraph: &paragraphView{Index: 0, Text: "深圳市龙岗区信访局负责全区信访工作。", Line: 10, EndLine: 11, Section: "一、部门职责"}},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("search (-want +got):\n%s", diff)
	}
	if env.srch.n != defaultSearchHits || len(env.srch.filter.DocIDs) != 0 || env.srch.filter.Type != "" {
		t.Errorf("searched with n=%d filter=%+v, want 10 and no filter", env.srch.n, env.srch.filter)
	}
}

func TestSearchFilters(t *testing.T) {
	tests := []struct {
		name   string
		query  string
		status int
		code   string
		ids    string // the filter's DocIDs, or "-" when the index is not asked
		typ    string
		n      int
	}{
		{name: "department", query: "&department=" + url.QueryEscape("龙岗"), status: 200, ids: "longgang", n: 10},
		{name: "year", query: "&year=2026", status: 200, ids: "putuo", n: 10},
		{name: "department and year", query: "&department=" + url.QueryEscape("普陀") + "&year=2026&n=3&type=fact", status: 200, ids: "putuo", typ: "fact", n: 3},
		{name: "nothing in scope", query: "&department=" + url.QueryEscape("龙岗") + "&year=2026", status: 200, ids: "-"},
		{name: "unknown department", query: "&department=" + url.QueryEscape("教育局"), status: 200, ids: "-"},
		{name: "n too big", query: "&n=51", status: 400, code: codeBadParameter},
		{name: "n negative", query: "&n=-1", status: 400, code: codeBadParameter},
		{name: "n not a number", query: "&n=ten", status: 400, code: codeBadParameter},
		{name: "bad type", query: "&type=table", status: 400, code: codeBadParameter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newEnv(t, Config{})
			env.srch.n = -99
			rec := do(t, env.h, http.MethodGet, "/v1/search?q=%E4%BF%A1%E8%AE%BF"+tt.query, nil)
			if tt.code != noError {
				wantError(t, rec, tt.status, tt.code)
				return
			}
			if rec.Code != tt.status {
				t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
			}
			if tt.ids == "-" {
				if env.srch.n != -99 {
					t.Error("index searched with nothing in scope")
				}
				if got := decodeBody[searchResponse](t, rec); got.Hits == nil || len(got.Hits) != 0 {
					t.Errorf("hits = %#v, want []", got.Hits)
				}
				return
			}
			if got := strings.Join(env.srch.filter.DocIDs, ","); got != tt.ids || env.srch.filter.Type != tt.typ || env.srch.n != tt.n {
				t.Errorf("filter %+v n=%d, want ids %q type %q n=%d", env.srch.filter, env.srch.n, tt.ids, tt.typ, tt.n)
			}
		})
	}
}

func TestSearchErrors(t *testing.T) {
	env := newEnv(t, Config{})
	wantError(t, do(t, env.h, http.MethodGet, "/v1/search", nil), http.StatusBadRequest, codeEmptyQuestion)
	wantError(t, do(t, env.h, http.MethodGet, "/v1/search?q="+strings.Repeat("a", 201), nil), http.StatusBadRequest, codeQuestionTooLong)

	env.srch.err = errSearch
	wantError(t, do(t, env.h, http.MethodGet, "/v1/search?q=a", nil), http.StatusInternalServerError, codeInternal)
	if !strings.Contains(env.logs.String(), "closed index") {
		t.Error("search failure not logged")
	}

	noIndex := newEnvNotReady(t, Config{})
	if err := noIndex.srv.SetBackend(Backend{Answerer: noIndex.ans, Library: fakeLibrary(testDocs())}); err != nil {
		t.Fatal(err)
	}
	wantError(t, do(t, noIndex.h, http.MethodGet, "/v1/search?q=a", nil), http.StatusServiceUnavailable, codeSearchUnavailable)
}
