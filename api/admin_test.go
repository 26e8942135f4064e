package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/nlq"
)

const adminToken = "admin-token"

// memAdmin is an Admin over documents in memory that hands the server a
// new backend after each change, as package library does over a store.
type memAdmin struct {
	mu      sync.Mutex
	srv     *Server
	docs    map[string]*corpus.Document
	sources map[string][]byte
	pdf     corpus.PDFReader // nil: PDFs are refused

	synonyms   [][]string // groups added
	noSynonyms bool       // no synonyms file
}

func (a *memAdmin) AddDocument(file string, data []byte) (*corpus.Document, bool, error) {
	id := strings.TrimSuffix(strings.TrimSuffix(file, ".txt"), ".pdf")
	if id == "" || strings.ContainsAny(id, "/\\#") || !utf8.ValidString(id) {
		return nil, false, fmt.Errorf("%w: %q", fs.ErrInvalid, file)
	}
	d, err := corpus.Read(context.Background(), file, data, a.pdf)
	if err != nil {
		return nil, false, err
	}
	d.ID = id
	a.mu.Lock()
	defer a.mu.Unlock()
	_, replaced := a.docs[id]
	a.docs[id] = d
	if a.sources == nil {
		a.sources = map[string][]byte{}
	}
	a.sources[id] = data
	return d, replaced, a.publish()
}

func (a *memAdmin) Source(id string) ([]byte, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if data, ok := a.sources[id]; ok {
		return data, nil
	}
	return nil, fs.ErrNotExist
}

func (a *memAdmin) AddSynonyms(names []string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.noSynonyms {
		return fs.ErrNotExist
	}
	a.synonyms = append(a.synonyms, names)
	return nil
}

func (a *memAdmin) RemoveDocument(id string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, ok := a.docs[id]; !ok {
		return fmt.Errorf("%w: %q", fs.ErrNotExist, id)
	}
	delete(a.docs, id)
	return a.publish()
}

func (a *memAdmin) publish() error {
	docs := make([]*corpus.Document, 0, len(a.docs))
	for _, d := range a.docs {
		docs = append(docs, d)
	}
	e := nlq.New(docs, nlq.Options{})
	return a.srv.SetBackend(Backend{Answerer: e, Library: e, Admin: a, Sources: a})
}

// adminServer returns a server with the admin API over one bundled
// document, its handler, and the log of its errors.
func adminServer(t *testing.T) (http.Handler, *errorLog, []byte) {
	t.Helper()
	var text []byte
	for _, d := range corpus.BundledText() {
		text = d
		break
	}
	errs := &errorLog{}
	srv, err := New(Config{AdminToken: adminToken, Logger: slog.New(slog.NewTextHandler(errs, &slog.HandlerOptions{Level: slog.LevelError}))})
	if err != nil {
		t.Fatal(err)
	}
	a := &memAdmin{srv: srv, docs: map[string]*corpus.Document{}}
	if _, _, err := a.AddDocument("seed.txt", text); err != nil {
		t.Fatal(err)
	}
	return srv.Handler(), errs, text
}

// checkAdminResponse checks an admin response: JSON; 200/201 with the
// document, or the error shape (details allowed) with the code's status; or
// a redirect within the admin routes.
func checkAdminResponse(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	if rec.Code >= 300 && rec.Code < 400 {
		// Gin's trailing-slash redirect of an id such as "/".
		if loc := rec.Header().Get("Location"); !strings.HasPrefix(loc, adminPath) {
			t.Fatalf("status %d to %q, want a redirect within %s", rec.Code, loc, adminPath)
		}
		return
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(rec.Body.Bytes(), &obj); err != nil {
		t.Fatalf("status %d: body %q is not JSON: %v", rec.Code, rec.Body.Bytes(), err)
	}
	switch {
	case rec.Code == http.StatusOK || rec.Code == http.StatusCreated:
		if obj["document"] == nil && obj["removed"] == nil {
			t.Fatalf("status %d without document or removed: %s", rec.Code, rec.Body.Bytes())
		}
	case rec.Code >= 400 && rec.Code < 500:
		var e Error
		if err := json.Unmarshal(obj["error"], &e); err != nil || errorStatus(e.Code) != rec.Code || !hasHan(e.Message) {
			t.Fatalf("status %d: error %s, want a code of that status and a Chinese message", rec.Code, obj["error"])
		}
		if string(obj["answered"]) != "false" {
			t.Fatalf("status %d: answered %s, want false", rec.Code, obj["answered"])
		}
	default:
		t.Fatalf("status %d, want 200, 201 or a 4xx; body %s", rec.Code, rec.Body.Bytes())
	}
}

func TestAdmin(t *testing.T) {
	if testing.Short() {
		t.Skip("parses a bundled document")
	}
	h, errs, text := adminServer(t)
	multipartBody := func(field, name string, data []byte) (string, []byte) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		w, _ := mw.CreateFormFile(field, name)
		w.Write(data)
		mw.Close()
		return mw.FormDataContentType(), b.Bytes()
	}
	mpType, mpBody := multipartBody("file", "up.txt", text)
	badType, badBody := multipartBody("other", "up.txt", text)
	tests := []struct {
		name, method, target, auth, ctype string
		body                              []byte
		want                              int
		code                              string
	}{
		{"no token", "POST", "/v1/admin/documents?name=a.txt", "", "text/plain", text, 401, codeUnauthorized},
		{"basic auth", "POST", "/v1/admin/documents?name=a.txt", "Basic " + adminToken, "text/plain", text, 401, codeUnauthorized},
		{"token prefix", "POST", "/v1/admin/documents?name=a.txt", "Bearer " + adminToken[:5], "text/plain", text, 401, codeUnauthorized},
		{"new", "POST", "/v1/admin/documents?name=a.txt", "Bearer " + adminToken, "text/plain; charset=utf-8", text, 201, ""},
		{"replaced", "POST", "/v1/admin/documents?name=a.txt", "Bearer " + adminToken, "text/plain", text, 200, ""},
		{"multipart", "POST", "/v1/admin/documents", "Bearer " + adminToken, mpType, mpBody, 201, ""},
		{"multipart without file", "POST", "/v1/admin/documents", "Bearer " + adminToken, badType, badBody, 400, codeBadParameter},
		{"no name", "POST", "/v1/admin/documents", "Bearer " + adminToken, "text/plain", text, 400, codeBadParameter},
		{"bad name", "POST", "/v1/admin/documents?name=" + url.QueryEscape("a/b.txt"), "Bearer " + adminToken, "text/plain", text, 400, codeBadParameter},
		{"json", "POST", "/v1/admin/documents?name=a.txt", "Bearer " + adminToken, "application/json", []byte(`{}`), 415, codeUnsupportedMedia},
		{"not a budget", "POST", "/v1/admin/documents?name=b.txt", "Bearer " + adminToken, "text/plain", []byte("你好"), 422, codeUnreadableDocument},
		{"too large", "POST", "/v1/admin/documents?name=c.txt", "Bearer " + adminToken, "text/plain", bytes.Repeat([]byte("预"), corpus.MaxDocumentSize/3+100), 413, codeRequestTooLarge},
		{"delete", "DELETE", "/v1/admin/documents/a", "Bearer " + adminToken, "", nil, 200, ""},
		{"delete again", "DELETE", "/v1/admin/documents/a", "Bearer " + adminToken, "", nil, 404, codeDocumentNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.target, bytes.NewReader(tt.body))
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			if tt.ctype != "" {
				req.Header.Set("Content-Type", tt.ctype)
			}
			rec := fuzzServe(t, h, errs, req)
			checkAdminResponse(t, rec)
			if rec.Code != tt.want || (tt.code != "" && !strings.Contains(rec.Body.String(), `"code":"`+tt.code+`"`)) {
				t.Errorf("= %d %s, want %d %s", rec.Code, rec.Body.String(), tt.want, tt.code)
			}
			if tt.code == codeUnauthorized && rec.Header().Get("WWW-Authenticate") == "" {
				t.Errorf("401 without WWW-Authenticate")
			}
		})
	}
}

// FuzzAdmin sends arbitrary uploads, names, content types and tokens to
// the admin routes: never a panic or a 5xx, always JSON in the admin shape.
func FuzzAdmin(f *testing.F) {
	f.Add("POST", "a.txt", "text/plain", "Bearer "+adminToken, []byte("2023年 部门预算\n部门名称：某局\n"))
	f.Add("POST", "", "multipart/form-data; boundary=x", "Bearer "+adminToken, []byte("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.txt\"\r\n\r\n2024年\r\n--x--\r\n"))
	f.Add("DELETE", "seed", "", "Bearer "+adminToken, []byte(nil))
	f.Add("POST", "x#y", "text/plain", "Bearer "+adminToken, []byte{0xff, 0xfe, 0})
	f.Add("POST", "a.txt", "text/plain", "Bearer wrong", []byte("x"))
	f.Fuzz(func(t *testing.T, method, name, ctype, auth string, body []byte) {
		if testing.Short() {
			t.Skip("parses a bundled document")
		}
		h, errs := adminFuzzHandler(t)
		target := "/v1/admin/documents?name=" + url.QueryEscape(name)
		if method != "POST" {
			method, target = "DELETE", "/v1/admin/documents/"+url.PathEscape(name)
		}
		req := httptest.NewRequest(method, target, bytes.NewReader(body))
		req.Header.Set("Authorization", auth)
		req.Header.Set("Content-Type", ctype)
		checkAdminResponse(t, fuzzServe(t, h, errs, req))
	})
}

var adminFuzzed struct {
	once sync.Once
	h    http.Handler
	errs *errorLog
}

func adminFuzzHandler(t *testing.T) (http.Handler, *errorLog) {
	adminFuzzed.once.Do(func() { adminFuzzed.h, adminFuzzed.errs, _ = adminServer(t) })
	if adminFuzzed.h == nil {
		t.Fatal("admin server not built")
	}
	return adminFuzzed.h, adminFuzzed.errs
}
