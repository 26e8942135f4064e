package api

import (
	"bytes"
	"encoding/json"
	"image/png"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/pdf/pdfium"
)

// testPDF is the PDF reader of the api tests: starting PDFium is slow.
var testPDF = pdfium.New(pdfium.Config{CacheDir: filepath.Join(os.TempDir(), "budgetqa-test-wazero")})

// pdfServer returns a server with the admin API, PDF reading and page
// images, holding no documents yet.
func pdfServer(t *testing.T) http.Handler {
	t.Helper()
	srv, err := New(Config{AdminToken: adminToken, Renderer: testPDF, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	a := &memAdmin{srv: srv, docs: map[string]*corpus.Document{}, pdf: testPDF}
	if err := a.publish(); err != nil {
		t.Fatal(err)
	}
	return srv.Handler()
}

func readTestFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// admin sends a request with the admin token.
func admin(t *testing.T, h http.Handler, method, target, ctype string, body []byte) *httptest.ResponseRecorder {
	t.Helper()
	return do(t, h, method, target, bytes.NewReader(body), "Content-Type", ctype, "Authorization", "Bearer "+adminToken)
}

func TestUploadPDFAndShowItsPages(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a PDF")
	}
	h := pdfServer(t)
	data := readTestFile(t, "../testdata/pdf/jiangsu-renda-2019-yusuan-tables.pdf")

	// As application/pdf with a name, and as a multipart file.
	rec := admin(t, h, http.MethodPost, "/v1/admin/documents?name=tables.pdf", "application/pdf", data)
	if rec.Code != http.StatusCreated {
		t.Fatalf("upload: %d %s", rec.Code, rec.Body.String())
	}
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	w, _ := mw.CreateFormFile("file", "tables.pdf")
	w.Write(data)
	mw.Close()
	if rec := admin(t, h, http.MethodPost, "/v1/admin/documents", mw.FormDataContentType(), b.Bytes()); rec.Code != http.StatusOK {
		t.Fatalf("multipart upload replacing it: %d %s", rec.Code, rec.Body.String())
	}

	// The answer cites the page and the cell.
	rec = do(t, h, http.MethodGet, "/v1/ask?q="+urlQuery("会议费是多少"), nil)
	var resp struct {
		Answered bool `json:"answered"`
		Sources  []struct {
			DocID string      `json:"doc_id"`
			Page  int         `json:"page"`
			Box   *[4]float64 `json:"box"`
		} `json:"sources"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || !resp.Answered || len(resp.Sources) == 0 {
		t.Fatalf("ask: %s", rec.Body.String())
	}
	src := resp.Sources[0]
	if src.DocID != "tables" || src.Page != 9 || src.Box == nil {
		t.Fatalf("source %+v, want page 9 of tables with a box", src)
	}

	// The original, and the page with the cell outlined.
	rec = do(t, h, http.MethodGet, "/v1/documents/tables/pdf", nil)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/pdf" || !bytes.Equal(rec.Body.Bytes(), data) {
		t.Fatalf("pdf: %d %s, %d bytes", rec.Code, rec.Header().Get("Content-Type"), rec.Body.Len())
	}
	box := func(b *[4]float64) string {
		out, _ := json.Marshal(b)
		return string(bytes.Trim(out, "[]"))
	}
	rec = do(t, h, http.MethodGet, "/v1/documents/tables/pages/9.png?dpi=72&box="+box(src.Box), nil)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "image/png" {
		t.Fatalf("page: %d %s", rec.Code, rec.Body.String())
	}
	img, err := png.Decode(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	// At 72 dpi the outline runs 3 points outside the box: red there.
	r, g, _, _ := img.At(int(src.Box[0])-2, int((src.Box[1]+src.Box[3])/2)).RGBA()
	if r>>8 < 200 || g>>8 > 60 {
		t.Errorf("no red outline left of the cited cell")
	}

	for _, tt := range []struct {
		target string
		want   int
	}{
		{"/v1/documents/tables/pages/14.png", http.StatusNotFound},
		{"/v1/documents/tables/pages/0.png", http.StatusBadRequest},
		{"/v1/documents/tables/pages/x.png", http.StatusBadRequest},
		{"/v1/documents/tables/pages/1.png?dpi=999", http.StatusBadRequest},
		{"/v1/documents/tables/pages/1.png?box=1,2,3", http.StatusBadRequest},
		{"/v1/documents/nope/pdf", http.StatusNotFound},
	} {
		if rec := do(t, h, http.MethodGet, tt.target, nil); rec.Code != tt.want {
			t.Errorf("GET %s: %d, want %d: %s", tt.target, rec.Code, tt.want, rec.Body.String())
		}
	}
}

func TestUploadBadPDFs(t *testing.T) {
	if testing.Short() {
		t.Skip("reads PDFs")
	}
	h := pdfServer(t)
	for _, tt := range []struct{ name, file, want string }{
		{"encrypted", "../pdf/pdfium/testdata/encrypted.pdf", "加密"},
		{"a scan", "../pdf/pdfium/testdata/scanned.pdf", "扫描件"},
		{"damaged", "../pdf/pdfium/testdata/garbage.pdf", "损坏"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := admin(t, h, http.MethodPost, "/v1/admin/documents?name=x.pdf", "application/pdf", readTestFile(t, tt.file))
			if rec.Code != http.StatusUnprocessableEntity || !bytes.Contains(rec.Body.Bytes(), []byte(tt.want)) {
				t.Errorf("%d %s, want 422 saying %s", rec.Code, rec.Body.String(), tt.want)
			}
		})
	}
	if rec := do(t, h, http.MethodGet, "/v1/documents", nil); !bytes.Contains(rec.Body.Bytes(), []byte(`"documents":[]`)) {
		t.Errorf("a refused PDF changed the documents: %s", rec.Body.String())
	}
}

func urlQuery(s string) string { return url.QueryEscape(s) }
