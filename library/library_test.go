package library_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/budgetqa/budgetqa/api"
	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/library"
	"github.com/budgetqa/budgetqa/store"
)

const token = "s3cret-admin-token"

// fixture is a server over a library over a store of the bundled documents.
type fixture struct {
	srv    *httptest.Server
	lib    *library.Library
	st     *store.Store
	corpus fstest.MapFS
	syn    string // synonyms file
	text   []byte // the 龙岗区信访局 document's text
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{corpus: fstest.MapFS{}, syn: filepath.Join(t.TempDir(), "synonyms.txt")}
	for n, data := range corpus.BundledText() {
		f.corpus[n] = &fstest.MapFile{Data: data}
		if strings.Contains(n, "longgang") {
			f.text = data
		}
	}
	if err := os.WriteFile(f.syn, []byte("# none yet\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var err error
	if f.st, _, err = store.Open(t.TempDir(), store.Options{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.st.Close() })
	if _, err := f.st.Sync(f.corpus); err != nil {
		t.Fatal(err)
	}
	s, err := api.New(api.Config{AdminToken: token})
	if err != nil {
		t.Fatal(err)
	}
	f.lib, err = library.New(library.Config{Store: f.st, Corpus: f.corpus, SynonymsFile: f.syn, Publish: publishTo(s)})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(s.Handler())
	t.Cleanup(f.srv.Close)
	return f
}

// publishTo hands the library's snapshots to the server, as
// cmd/budgetqa does: the library sits below the HTTP layer.
func publishTo(s *api.Server) func(library.Snapshot) error {
	return func(snap library.Snapshot) error {
		b := api.Backend{Answerer: snap.Engine, Library: snap.Files, Admin: snap.Library, Sources: snap.Library}
		if snap.Index != nil {
			b.Searcher = snap.Index
		}
		return s.SetBackend(b)
	}
}

// do sends a request and decodes the JSON response.
func (f *fixture) do(t testing.TB, method, path, auth, ctype string, body []byte) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", "Bearer "+auth)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("%s %s: body is not JSON: %v", method, path, err)
	}
	return resp.StatusCode, out
}

// upload posts text as a document named name.
func (f *fixture) upload(t testing.TB, name string, text []byte) (int, map[string]any) {
	return f.do(t, "POST", "/v1/admin/documents?name="+url.QueryEscape(name), token, "text/plain; charset=utf-8", text)
}

// ask returns the answer's value to q, or "" when unanswered.
func (f *fixture) ask(t testing.TB, q string) string {
	t.Helper()
	code, out := f.do(t, "GET", "/v1/ask?q="+url.QueryEscape(q), "", "", nil)
	if code != http.StatusOK {
		t.Fatalf("ask %q: status %d: %v", q, code, out)
	}
	if out["answered"] != true {
		return ""
	}
	v, _ := out["answer"].(map[string]any)["value"].(string)
	return v
}

// documents returns the number of documents served.
func (f *fixture) documents(t testing.TB) int {
	t.Helper()
	_, out := f.do(t, "GET", "/v1/documents", "", "", nil)
	docs, _ := out["documents"].([]any)
	return len(docs)
}

func TestIngest(t *testing.T) {
	f := newFixture(t)
	n := f.documents(t)

	t.Run("good", func(t *testing.T) {
		code, out := f.upload(t, "uploaded-copy.txt", f.text)
		if code != http.StatusCreated || out["replaced"] != false {
			t.Fatalf("upload = %d %v, want 201 and a new document", code, out)
		}
		if doc := out["document"].(map[string]any); doc["id"] != "uploaded-copy" {
			t.Errorf("document = %v, want id uploaded-copy", doc)
		}
		if got := f.documents(t); got != n+1 {
			t.Errorf("%d documents after the upload, want %d", got, n+1)
		}
		// Uploaded again: replaced, as multipart this time.
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		w, _ := mw.CreateFormFile("file", "uploaded-copy.txt")
		w.Write(f.text)
		mw.Close()
		code, out = f.do(t, "POST", "/v1/admin/documents", token, mw.FormDataContentType(), body.Bytes())
		if code != http.StatusOK || out["replaced"] != true {
			t.Errorf("upload again = %d %v, want 200 and replaced", code, out)
		}
	})

	t.Run("bad", func(t *testing.T) {
		before, _ := os.ReadFile(filepath.Join(f.st.Dir(), "MANIFEST.json"))
		tests := []struct {
			name, file string
			auth       string
			body       []byte
			want       int
			code       string
		}{
			{"no token", "x.txt", "", f.text, 401, "unauthorized"},
			{"wrong token", "x.txt", "wrong", f.text, 401, "unauthorized"},
			{"empty", "x.txt", token, nil, 422, "unreadable_document"},
			{"binary", "x.txt", token, []byte{0x89, 'P', 'N', 'G', 0, 0, 1}, 422, "unreadable_document"},
			{"not a budget", "x.txt", token, []byte("今天天气很好。\n"), 422, "unreadable_document"},
			{"bad name", "../x.txt", token, f.text, 400, "bad_parameter"},
			{"no name", "", token, f.text, 400, "bad_parameter"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				code, out := f.do(t, "POST", "/v1/admin/documents?name="+url.QueryEscape(tt.file), tt.auth, "text/plain", tt.body)
				e, _ := out["error"].(map[string]any)
				if code != tt.want || e["code"] != tt.code || out["answered"] != false {
					t.Errorf("= %d %v, want %d %s", code, out, tt.want, tt.code)
				}
				if tt.code == "unreadable_document" && out["details"] == nil {
					t.Errorf("no details in %v", out)
				}
			})
		}
		if after, _ := os.ReadFile(filepath.Join(f.st.Dir(), "MANIFEST.json")); !bytes.Equal(before, after) {
			t.Errorf("a refused upload changed the manifest")
		}
		if got := f.documents(t); got != n+1 {
			t.Errorf("%d documents after refused uploads, want %d", got, n+1)
		}
	})

	t.Run("delete", func(t *testing.T) {
		if code, out := f.do(t, "DELETE", "/v1/admin/documents/uploaded-copy", token, "", nil); code != 200 || out["removed"] != "uploaded-copy" {
			t.Errorf("delete = %d %v", code, out)
		}
		if code, _ := f.do(t, "DELETE", "/v1/admin/documents/uploaded-copy", token, "", nil); code != 404 {
			t.Errorf("delete again = %d, want 404", code)
		}
		if code, _ := f.do(t, "DELETE", "/v1/admin/documents/anything", "", "", nil); code != 401 {
			t.Errorf("delete without a token = %d, want 401", code)
		}
		if got := f.documents(t); got != n {
			t.Errorf("%d documents after deleting, want %d", got, n)
		}
	})
}

func TestAdminOff(t *testing.T) {
	s, err := api.New(api.Config{})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("POST", "/v1/admin/documents?name=a.txt", strings.NewReader("x")))
	if rec.Code != http.StatusNotFound {
		t.Errorf("admin route without a token = %d, want 404", rec.Code)
	}
}

// TestIngestConcurrent asks and searches while documents are uploaded and
// deleted: every response must be a well-formed 200, and a question about a
// document nobody touches keeps its answer throughout.
func TestIngestConcurrent(t *testing.T) {
	f := newFixture(t)
	const q = "龙岗区信访局信访稳定备用金多少"
	want := f.ask(t, q)
	if want == "" {
		t.Fatalf("%s: unanswered before any upload", q)
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	var asked atomic.Int64
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				if got := f.ask(t, q); got != want {
					t.Errorf("%s = %q during uploads, want %q", q, got, want)
					return
				}
				if code, out := f.do(t, "GET", "/v1/search?q="+url.QueryEscape("信访稳定备用金"), "", "", nil); code != 200 || out["hits"] == nil {
					t.Errorf("search during uploads = %d %v", code, out)
					return
				}
				asked.Add(1)
			}
		}()
	}
	for i := range 6 {
		name := "copy-" + string(rune('a'+i%2)) + ".txt"
		text := append(bytes.Clone(f.text), []byte("\n（第"+string(rune('0'+i))+"次上传）\n")...)
		if code, out := f.upload(t, name, text); code != 201 && code != 200 {
			t.Fatalf("upload %d = %d %v", i, code, out)
		}
		if i%3 == 2 {
			f.do(t, "DELETE", "/v1/admin/documents/copy-a", token, "", nil)
		}
	}
	stop.Store(true)
	wg.Wait()
	t.Logf("%d questions and searches during 6 uploads and 2 deletions", asked.Load())
}

func TestReload(t *testing.T) {
	f := newFixture(t)
	n := f.documents(t)
	const q = "龙岗区信访局小金库甲多少"
	if got := f.ask(t, q); got != "" {
		t.Fatalf("%s answered %q before the synonym exists", q, got)
	}
	// A new synonym, and a corpus folder with one document fewer.
	if err := os.WriteFile(f.syn, []byte("信访稳定备用金 小金库甲\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var gone string
	for name := range f.corpus {
		if !strings.Contains(name, "longgang") {
			gone = name
		}
	}
	delete(f.corpus, gone)
	rep, err := f.lib.Reload()
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Removed) != 1 || f.documents(t) != n-1 {
		t.Errorf("Reload = %+v, %d documents; want %s removed", rep, f.documents(t), gone)
	}
	if got := f.ask(t, q); got != "500" {
		t.Errorf("%s = %q after reloading the synonyms, want 500", q, got)
	}
	// A synonyms file gone keeps the synonyms in use.
	os.Remove(f.syn)
	if _, err := f.lib.Reload(); err == nil {
		t.Errorf("Reload without the synonyms file succeeded, want its error")
	}
	if got := f.ask(t, q); got != "500" {
		t.Errorf("%s = %q after a failed synonyms reload, want 500 still", q, got)
	}
}

// TestSessionsSurviveChanges asks a follow-up after an upload, a removal
// and a reload: the conversation goes on with the documents changed.
func TestSessionsSurviveChanges(t *testing.T) {
	f := newFixture(t)
	ask := func(q string) string {
		t.Helper()
		code, out := f.do(t, "GET", "/v1/ask?session_id=s1&q="+url.QueryEscape(q), "", "", nil)
		if code != http.StatusOK || out["answered"] != true {
			t.Fatalf("ask %q: status %d: %v", q, code, out)
		}
		v, _ := out["answer"].(map[string]any)["value"].(string)
		return v
	}
	if got := ask("江苏人大2018年会议费是多少"); got != "1305.25" {
		t.Fatalf("2018 会议费 = %s", got)
	}
	// An upload of another department's document.
	if code, out := f.do(t, "POST", "/v1/admin/documents?name=copy.txt", token, "text/plain", f.text); code != http.StatusCreated {
		t.Fatalf("upload: %d %v", code, out)
	}
	if got := ask("那去年呢？"); got != "1305.25" {
		t.Errorf("去年 after an upload = %s, want 2017's 1305.25", got)
	}
	if code, _ := f.do(t, "DELETE", "/v1/admin/documents/copy", token, "", nil); code != http.StatusOK {
		t.Fatalf("delete: %d", code)
	}
	if got := ask("培训费呢"); got != "403.75" {
		t.Errorf("培训费 after a removal = %s, want 2017's 403.75", got)
	}
	if _, err := f.lib.Reload(); err != nil {
		t.Fatal(err)
	}
	if got := ask("2019年的呢"); got != "363.38" {
		t.Errorf("2019 after a reload = %s, want 363.38", got)
	}
}

// TestAddSynonyms: a synonym added from the admin page is appended to the
// synonyms file and answered at once, through the admin API.
func TestAddSynonyms(t *testing.T) {
	f := newFixture(t)
	const q = "龙岗区信访局小金库乙多少"
	if got := f.ask(t, q); got != "" {
		t.Fatalf("%s answered %q before the synonym exists", q, got)
	}
	status, body := f.do(t, "POST", "/v1/admin/synonyms", token, "application/json", []byte(`{"name":"信访稳定备用金","synonyms":["小金库乙"]}`))
	if status != 200 {
		t.Fatalf("adding a synonym: %d %v", status, body)
	}
	if got := f.ask(t, q); got != "500" {
		t.Errorf("%s = %q after adding the synonym, want 500", q, got)
	}
	data, _ := os.ReadFile(f.syn)
	if string(data) != "# none yet\n信访稳定备用金 小金库乙\n" {
		t.Errorf("synonyms file %q", data)
	}
}

func TestAddSynonymsWithoutFile(t *testing.T) {
	st, _, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	lib, err := library.New(library.Config{Store: st, Publish: func(library.Snapshot) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	if err := lib.AddSynonyms([]string{"a", "b"}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("AddSynonyms without a file = %v, want fs.ErrNotExist", err)
	}
}
