package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/budgetqa/budgetqa/api"
	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/library"
	"github.com/budgetqa/budgetqa/nlq"
	"github.com/budgetqa/budgetqa/store"
	"github.com/budgetqa/budgetqa/web"
)

const adminToken = "staff-token"

// adminServer serves the admin page as budgetqa serve does: a library over
// a store holding the 龙岗 document, with a synonyms file, and returns it
// and a second bundled document's file to upload.
func adminServer(t *testing.T) (srv *httptest.Server, upload string) {
	t.Helper()
	dir := t.TempDir()
	src := fstest.MapFS{}
	for name, data := range corpus.BundledText() {
		switch {
		case strings.Contains(name, "longgang"):
			src[name] = &fstest.MapFile{Data: data}
		case upload == "" && strings.Contains(name, "putuo"):
			upload = filepath.Join(dir, filepath.Base(name))
			if err := os.WriteFile(upload, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	st, _, err := store.Open(filepath.Join(dir, "index"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Sync(src); err != nil {
		t.Fatal(err)
	}
	syn := filepath.Join(dir, "synonyms.txt")
	if err := os.WriteFile(syn, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := api.New(api.Config{Assets: web.Assets, AdminToken: adminToken})
	if err != nil {
		t.Fatal(err)
	}
	publish := func(snap library.Snapshot) error {
		b := api.Backend{Answerer: snap.Engine, Library: snap.Files, Admin: snap.Library, Sources: snap.Library}
		if snap.Index != nil {
			b.Searcher = snap.Index
		}
		return s.SetBackend(b)
	}
	if _, err := library.New(library.Config{Store: st, SynonymsFile: syn, Publish: publish}); err != nil {
		t.Fatal(err)
	}
	srv = httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv, upload
}

// askAPI asks a question over HTTP and reports whether it was answered.
func askAPI(t *testing.T, base, question string) bool {
	t.Helper()
	res, err := http.Post(base+"/v1/ask", "application/json", strings.NewReader(`{"question":"`+question+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var r nlq.Response
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	return r.Answered
}

// TestBrowserAdmin: staff type the token, see the documents and a reading
// report, upload and delete a document, see the question nobody could
// answer and add the synonym that answers it.
func TestBrowserAdmin(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server over a store and a browser")
	}
	srv, upload := adminServer(t)
	ctx := newBrowser(t)
	const unanswered = "龙岗区信访局应急周转金多少"
	if askAPI(t, srv.URL, unanswered) {
		t.Fatalf("%s answered before its synonym exists", unanswered)
	}

	do(t, ctx, "opening the admin page", chromedp.Navigate(srv.URL+"/admin"), chromedp.WaitVisible(chromedp.CSS("#token")))
	do(t, ctx, "a wrong token", chromedp.SendKeys(chromedp.CSS("#token"), "wrong"), chromedp.Click(chromedp.CSS("#login-form button[type=submit]")))
	waitFor(t, ctx, "the refusal", `document.querySelector('#login-msg').textContent.includes('令牌不正确')`)
	do(t, ctx, "the token",
		chromedp.SetValue(chromedp.CSS("#token"), adminToken), chromedp.Click(chromedp.CSS("#login-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#docs tbody tr[data-id]")))
	save(t, ctx, "budgetqa-admin.png")

	// A reading report.
	do(t, ctx, "opening a report", chromedp.Click(chromedp.CSS("#docs tbody tr[data-id] .show-report")))
	waitFor(t, ctx, "the report", `(r => r && r.textContent.includes('数字核对'))(document.querySelector('#docs .report'))`)
	wantText(t, "report", eval[string](t, ctx, `document.querySelector('#docs .report').textContent`), "部门、年度、类别的依据", "读取时的疑问")

	// Upload, then delete.
	rows := eval[int](t, ctx, `document.querySelectorAll('#docs tbody tr[data-id]').length`)
	do(t, ctx, "uploading", chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{upload}), chromedp.Click(chromedp.CSS("#upload-form button[type=submit]")))
	waitFor(t, ctx, "the upload", `document.querySelector('#upload-msg').textContent.startsWith('已添加')`)
	waitFor(t, ctx, "the new row", `document.querySelectorAll('#docs tbody tr[data-id]').length === `+strconv.Itoa(rows+1))
	id := strings.TrimSuffix(filepath.Base(upload), ".txt")
	do(t, ctx, "deleting",
		chromedp.Evaluate[chromedp.Void](`window.confirm = () => true`),
		chromedp.Click(chromedp.CSS(`#docs tr[data-id="`+id+`"] .remove`)))
	waitFor(t, ctx, "the row gone", `!document.querySelector('#docs tr[data-id="`+id+`"]')`)

	// The unanswered question, and a synonym for it.
	do(t, ctx, "reloading the questions", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#unanswered tbody tr")))
	waitFor(t, ctx, "the unanswered question", `document.querySelector('#unanswered tbody').textContent.includes('`+unanswered+`')`)
	save(t, ctx, "budgetqa-admin-questions.png")
	do(t, ctx, "adding a synonym",
		chromedp.Click(chromedp.CSS("#unanswered .add-synonym")),
		chromedp.SendKeys(chromedp.CSS("#unanswered .syn-name"), "信访稳定备用金"),
		chromedp.SendKeys(chromedp.CSS("#unanswered .syn-word"), "应急周转金"),
		chromedp.Click(chromedp.CSS("#unanswered .syn-form button[type=submit]")))
	waitFor(t, ctx, "the synonym added", `document.querySelector('#unanswered .syn-form [role=status]').textContent.includes('已添加')`)
	deadline := time.Now().Add(5 * time.Second)
	for !askAPI(t, srv.URL, unanswered) {
		if time.Now().After(deadline) {
			t.Fatalf("%s not answered after adding the synonym", unanswered)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
