package web_test

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/gin-gonic/gin"

	"github.com/budgetqa/budgetqa/api"
	"github.com/budgetqa/budgetqa/api/questionlog"
	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/index"
	"github.com/budgetqa/budgetqa/nlq"
	"github.com/budgetqa/budgetqa/pdf/pdfium"
	"github.com/budgetqa/budgetqa/web"
)

// The browser tests drive Debian's chromium over the real server: the
// bundled documents, the engine, the API and web.Assets, on loopback.
//
//	go test ./web -run Browser -args -screenshots /tmp
//
// also saves what the page and the widget look like.
var screenshots = flag.String("screenshots", "", "save screenshots of the page and the widget (budgetqa-*.png) in `DIR`")

const (
	chromiumPath = "/usr/bin/chromium"
	waitTimeout  = 30 * time.Second // for each step in the browser
	dept         = "深圳市龙岗区信访局"
)

// pdfFile is a document served as published, and pdfDept its department.
const (
	pdfFile = "../testdata/pdf/shanghai-putuo-wanlijiedao-2025-yusuan.pdf"
	pdfDept = "上海市普陀区人民政府万里街道办事处"
)

var pdfReader = pdfium.New(pdfium.Config{CacheDir: filepath.Join(os.TempDir(), "budgetqa-test-wazero")})

// sources serves documents' source files by id.
type sources map[string][]byte

func (s sources) Source(id string) ([]byte, error) {
	if data, ok := s[id]; ok {
		return data, nil
	}
	return nil, fs.ErrNotExist
}

// Phone is the viewport of a phone, in CSS pixels.
const phoneWidth, phoneHeight = 390, 844

// servers are the API with the chat page, and a department's website on
// another origin that embeds the widget.
type servers struct {
	api   *httptest.Server
	host  *httptest.Server
	index *index.Index
	// stranger is a website whose origin the API does not allow.
	stranger *httptest.Server
	// questions is the server's question log.
	questions *questionlog.Memory
}

// shared holds the servers, started once for every test.
var shared struct {
	once sync.Once
	s    servers
	err  error
}

func TestMain(m *testing.M) {
	flag.Parse()
	gin.SetMode(gin.ReleaseMode)
	code := m.Run()
	if shared.s.api != nil {
		shared.s.api.Close()
		shared.s.host.Close()
		shared.s.stranger.Close()
		shared.s.index.Close()
	}
	os.Exit(code)
}

// hostPage is a department's page embedding the widget, with styles that
// would break the widget if they reached it.
const hostPage = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%[2]s</title>
<style>
body { font: 22px/2 serif; color: #900; margin: 0; padding: 16px; }
div, form { border: 4px dashed #c00 !important; }
input { display: none !important; }
button { background: #0a0 !important; font-size: 30px !important; }
</style></head>
<body><h1>%[2]s</h1><p>2023年部门预算公开。</p>
<script src="%[1]s/widget.js" data-department="%[2]s" %[3]s></script>
</body></html>`

// themeAttrs are a site's theme for the widget: a red government template
// with its logo, welcome, disclaimer and 主办单位.
const themeAttrs = `data-color="#c8161d" data-logo="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Ccircle cx='16' cy='16' r='14' fill='%23c8161d'/%3E%3C/svg%3E" ` +
	`data-title="龙岗信访 · 预算问答" data-welcome="您好！这里可以查询龙岗区信访局公开的预算和决算。" ` +
	`data-disclaimer="答复由系统根据公开文件生成，仅供参考，以正式公开文件为准。" data-host="深圳市龙岗区信访局"`

// startServers starts the servers once: the engine and the index over the
// bundled documents as budgetqa serve builds them, served with web.Assets,
// and the host page, whose origin the API allows.
func startServers(t *testing.T) servers {
	t.Helper()
	if testing.Short() {
		t.Skip("starts the server over the bundled corpus and a browser")
	}
	shared.once.Do(func() {
		docs, err := corpus.Bundled()
		if err != nil {
			shared.err = err
			return
		}
		// One document as published, to show its printed pages.
		pdfData, err := os.ReadFile(pdfFile)
		if err != nil {
			shared.err = err
			return
		}
		pd, err := corpus.Read(context.Background(), filepath.Base(pdfFile), pdfData, pdfReader)
		if err != nil {
			shared.err = err
			return
		}
		docs = append(docs, pd)
		host := httptest.NewUnstartedServer(nil)
		qlog := questionlog.NewMemory(1000)
		srv, x, err := serve(docs, sources{pd.ID: pdfData}, api.Config{QuestionLog: qlog, CORSOrigins: []string{"http://" + host.Listener.Addr().String()}})
		if err != nil {
			host.Close()
			shared.err = err
			return
		}
		s := servers{api: srv, host: host, index: x, questions: qlog}
		host.Config.Handler = pagesHandler(map[string]string{
			"/":       fmt.Sprintf(hostPage, s.api.URL, dept, ""),
			"/themed": fmt.Sprintf(hostPage, s.api.URL, dept, themeAttrs),
			// A portal's page: the widget without a department, over
			// every document.
			"/all": strings.Replace(fmt.Sprintf(hostPage, s.api.URL, "预算公开", ""), ` data-department="预算公开"`, "", 1),
		})
		host.Start()
		s.stranger = httptest.NewServer(host.Config.Handler)
		shared.s = s
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.s
}

// serve starts the API over docs as budgetqa serve builds it (the index,
// the engine), with web.Assets, the PDF renderer and srcs, the published
// files of the PDF documents; cfg gives the rest of the configuration.
func serve(docs []*corpus.Document, srcs sources, cfg api.Config) (*httptest.Server, *index.Index, error) {
	x, err := index.Open("", docs, index.Options{})
	if err != nil {
		return nil, nil, err
	}
	engine := nlq.New(docs, nlq.Options{Index: func() (nlq.Searcher, error) { return x, nil }})
	cfg.Assets, cfg.Renderer = web.Assets, pdfReader
	srv, err := api.New(cfg)
	if err == nil {
		err = srv.SetBackend(api.Backend{Answerer: engine, Library: engine, Searcher: x, Sources: srcs})
	}
	if err != nil {
		x.Close()
		return nil, nil, err
	}
	return httptest.NewServer(srv.Handler()), x, nil
}

// pagesHandler serves a website's pages, HTML by path.
func pagesHandler(pages map[string]string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	})
}

// newBrowser starts chromium with a fresh profile and returns its context;
// the test fails if the page throws an uncaught exception.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("no browser at %s; install Debian's chromium to run the browser tests: apt-get install chromium", chromiumPath)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// The first Do starts the browser, for as long as ctx: no timeout here.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", chromiumPath, err)
	}

	cctx, stop := context.WithCancel(ctx)
	messages := chromedp.Console(cctx)
	var mu sync.Mutex
	var thrown []string
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() {
				mu.Lock()
				thrown = append(thrown, fmt.Sprintf("%s:%d: %s", m.URL, m.Line+1, m))
				mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() {
		stop()
		<-done
		for _, e := range thrown {
			t.Errorf("uncaught exception in the page: %s", e)
		}
	})
	return ctx
}

// do runs steps, each call bounded by waitTimeout; what names them.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, waitTimeout)
	defer cancel()
	if err := chromedp.Do(tctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval returns the value of a JavaScript expression.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, waitTimeout)
	defer cancel()
	v, err := chromedp.Run(tctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// waitFor waits until a JavaScript expression is true.
func waitFor(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	do(t, ctx, "waiting for "+what, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(waitTimeout)))
}

// phone makes the viewport a phone's.
func phone(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, "emulating a phone", chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)))
}

// chat is the chat UI in a page: root is the JavaScript expression of the
// node holding it (document for the page, the widget's shadow root).
type chat struct {
	t    *testing.T
	ctx  context.Context
	root string
}

var (
	pageRoot   = "document"
	widgetRoot = "document.querySelector('#budgetqa-widget').shadowRoot"
)

// js returns a JavaScript expression querying the chat's root.
func (c chat) js(method, selector string) string {
	return fmt.Sprintf("%s.%s(%s)", c.root, method, strconv.Quote(selector))
}

// ask types question into the input, presses Enter and returns the text of
// the answer once it is shown.
func (c chat) ask(question string) string {
	c.t.Helper()
	n := eval[int](c.t, c.ctx, c.js("querySelectorAll", ".bqa-answer")+".length")
	input := chromedp.JSPath(c.js("querySelector", ".bqa-input"))
	do(c.t, c.ctx, "asking "+question, chromedp.WaitVisible(input), chromedp.SendKeys(input, question+kb.Enter))
	waitFor(c.t, c.ctx, "the answer to "+question, fmt.Sprintf("%s.length > %d", c.js("querySelectorAll", ".bqa-answer"), n))
	return c.inAnswer("*")
}

// text returns the text of the last element matching selector.
func (c chat) text(selector string) string {
	c.t.Helper()
	return eval[string](c.t, c.ctx, fmt.Sprintf("Array.from(%s).map(e => e.textContent).pop() || ''", c.js("querySelectorAll", selector)))
}

// lastAnswer is the JavaScript expression of the last answer shown.
func (c chat) lastAnswer() string {
	return fmt.Sprintf("Array.from(%s).pop()", c.js("querySelectorAll", ".bqa-answer"))
}

// inAnswer returns the text of selector in the last answer; "*" is the
// whole answer.
func (c chat) inAnswer(selector string) string {
	c.t.Helper()
	if selector == "*" {
		return eval[string](c.t, c.ctx, fmt.Sprintf("(a => a ? a.textContent : '')(%s)", c.lastAnswer()))
	}
	return eval[string](c.t, c.ctx, fmt.Sprintf("(e => e ? e.textContent : '')((%s || document).querySelector(%s))", c.lastAnswer(), strconv.Quote(selector)))
}

// inViewport fails unless the element is displayed inside the viewport.
func (c chat) inViewport(selector string) {
	c.t.Helper()
	expr := fmt.Sprintf(`(e => { if (!e) return 'missing'; const r = e.getBoundingClientRect();
		if (getComputedStyle(e).display === 'none' || r.width < 20 || r.height < 20) return 'hidden: ' + r.width + 'x' + r.height;
		if (r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight) return 'outside the ' + innerWidth + 'x' + innerHeight + ' viewport: ' + JSON.stringify(r);
		return ''; })(%s)`, c.js("querySelector", selector))
	if msg := eval[string](c.t, c.ctx, expr); msg != "" {
		c.t.Errorf("%s: %s", selector, msg)
	}
}

// openSource clicks the last answer's first source button and returns the
// text of the highlighted row and cell of the table it shows.
func (c chat) openSource() (row, cell string) {
	c.t.Helper()
	btn := chromedp.JSPath(c.lastAnswer() + ".querySelector('.bqa-open-source')")
	do(c.t, c.ctx, "opening the source", chromedp.Click(btn))
	waitFor(c.t, c.ctx, "the source table", c.js("querySelector", ".bqa-viewer tr.bqa-hl"))
	return c.text(".bqa-viewer tr.bqa-hl"), c.text(".bqa-viewer .bqa-hl-cell")
}

// save writes a screenshot to the -screenshots folder, if any.
func save(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if *screenshots == "" {
		return
	}
	tctx, cancel := context.WithTimeout(ctx, waitTimeout)
	defer cancel()
	buf, err := chromedp.Run(tctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(*screenshots, name), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// wantText fails unless text holds each of want.
func wantText(t *testing.T, what, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s = %q, want it to contain %q", what, text, w)
		}
	}
}

func TestBrowserPageAnswer(t *testing.T) {
	s := startServers(t)
	ctx := newBrowser(t)
	c := chat{t, ctx, pageRoot}
	do(t, ctx, "opening the page",
		chromedp.Navigate(s.api.URL+"/"),
		chromedp.WaitReady(chromedp.CSS(`select.bqa-dept option[value="`+dept+`"]`)),
		chromedp.SetValue(chromedp.CSS("select.bqa-dept"), dept),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('select.bqa-dept').dispatchEvent(new Event('change'))`),
	)

	// Suggestions while typing.
	do(t, ctx, "typing", chromedp.SendKeys(chromedp.CSS("input.bqa-input"), "信访稳"))
	waitFor(t, ctx, "suggestions", `Array.from(document.querySelectorAll('.bqa-sugg:not([hidden]) button')).some(b => b.textContent.includes('信访稳定备用金'))`)
	do(t, ctx, "clearing the input", chromedp.Evaluate[chromedp.Void](`document.querySelector('input.bqa-input').value = ''`))

	answer := c.ask("信访稳定备用金多少")
	wantText(t, "answer", answer, "500", "万元", "理解为")
	wantText(t, "sources", c.inAnswer(".bqa-sources"), dept, "表12", "信访稳定备用金")
	if got := c.inAnswer(".bqa-figure"); got != "500万元" {
		t.Errorf("figure = %q, want 500万元", got)
	}
	save(t, ctx, "budgetqa-page.png")

	// The source's table, its row highlighted.
	row, cell := c.openSource()
	wantText(t, "highlighted row", row, "信访稳定备用金")
	if cell != "500" {
		t.Errorf("highlighted cell = %q, want 500", cell)
	}
	save(t, ctx, "budgetqa-table.png")

	// A suggestion chosen with the keyboard is asked.
	do(t, ctx, "closing the table", chromedp.Click(chromedp.CSS(".bqa-viewer .bqa-close")), chromedp.WaitNotPresent(chromedp.CSS(".bqa-viewer")))
	do(t, ctx, "typing", chromedp.SendKeys(chromedp.CSS("input.bqa-input"), "学习培"))
	waitFor(t, ctx, "suggestions", `document.querySelector('.bqa-sugg:not([hidden]) button')`)
	first := eval[string](t, ctx, `document.querySelector('.bqa-sugg button').textContent`)
	n := eval[int](t, ctx, `document.querySelectorAll('.bqa-answer').length`)
	do(t, ctx, "choosing the first suggestion", chromedp.SendKeys(chromedp.CSS("input.bqa-input"), kb.ArrowDown+kb.Enter))
	waitFor(t, ctx, "the suggestion's answer", fmt.Sprintf(`document.querySelectorAll('.bqa-answer').length > %d`, n))
	if got := c.text(".bqa-user"); got != first {
		t.Errorf("asked %q, want the first suggestion %q", got, first)
	}
	wantText(t, "answer", c.inAnswer("*"), "学习培训")
}

func TestBrowserPagePrintedPage(t *testing.T) {
	s := startServers(t)
	ctx := newBrowser(t)
	c := chat{t, ctx, pageRoot}
	do(t, ctx, "opening the page",
		chromedp.Navigate(s.api.URL+"/"),
		chromedp.WaitReady(chromedp.CSS(`select.bqa-dept option[value="`+pdfDept+`"]`)),
		chromedp.SetValue(chromedp.CSS("select.bqa-dept"), pdfDept),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('select.bqa-dept').dispatchEvent(new Event('change'))`),
	)
	wantText(t, "answer", c.ask("2025年三公经费是多少"), "37.91", "万元")
	wantText(t, "sources", c.inAnswer(".bqa-sources"), "看原件第30页")
	btn := chromedp.JSPath(c.lastAnswer() + ".querySelector('.bqa-open-page')")
	do(t, ctx, "opening the printed page", chromedp.Click(btn))
	waitFor(t, ctx, "the page image", `(i => i && i.complete && i.naturalWidth > 500)(document.querySelector('.bqa-viewer img.bqa-pageimg'))`)
	alt := eval[string](t, ctx, `document.querySelector('.bqa-viewer img.bqa-pageimg').alt`)
	wantText(t, "the image's text alternative", alt, "第30页", "红框")
	href := eval[string](t, ctx, `document.querySelector('.bqa-viewer a[href*="/pdf"]').href`)
	if !strings.HasSuffix(href, "/pdf#page=30") {
		t.Errorf("link to the PDF %q, want it at page 30", href)
	}
	save(t, ctx, "budgetqa-printed-page.png")
}

func TestBrowserPageChartOnPhone(t *testing.T) {
	s := startServers(t)
	ctx := newBrowser(t)
	c := chat{t, ctx, pageRoot}
	phone(t, ctx)
	do(t, ctx, "opening the page",
		chromedp.Navigate(s.api.URL+"/?department="+url.QueryEscape(dept)),
		chromedp.WaitVisible(chromedp.CSS("input.bqa-input")),
	)
	c.inViewport(".bqa-input")
	c.inViewport(".bqa-send")

	answer := c.ask("哪个项目预算最多")
	wantText(t, "answer", answer, "信访工作", "587")
	bars := eval[int](t, ctx, c.lastAnswer()+`.querySelectorAll('svg.bqa-chart rect').length`)
	if bars < 2 {
		t.Errorf("chart has %d bars, want several", bars)
	}
	label := eval[string](t, ctx, `(s => s ? s.getAttribute('aria-label') : '')(`+c.lastAnswer()+`.querySelector('svg.bqa-chart'))`)
	wantText(t, "chart label", label, "信访工作 587", "信访稳定备用金 500")
	if w := eval[float64](t, ctx, `document.querySelector('svg.bqa-chart').getBoundingClientRect().right`); w > phoneWidth {
		t.Errorf("chart ends at x=%g, beyond the %d px screen", w, phoneWidth)
	}
	c.inViewport(".bqa-input")
	save(t, ctx, "budgetqa-page-phone.png")
}

func TestBrowserPageFollowUp(t *testing.T) {
	s := startServers(t)
	ctx := newBrowser(t)
	c := chat{t, ctx, pageRoot}
	do(t, ctx, "opening the page", chromedp.Navigate(s.api.URL+"/?department="+url.QueryEscape(dept)))

	wantText(t, "answer", c.ask("信访工作项目预算多少"), "587")
	answer := c.ask("那去年呢？")
	wantText(t, "follow-up", answer, "366", "计算", "587 − 221 = 366")
}

func TestBrowserPageUnanswered(t *testing.T) {
	s := startServers(t)
	ctx := newBrowser(t)
	c := chat{t, ctx, pageRoot}
	do(t, ctx, "opening the page", chromedp.Navigate(s.api.URL+"/?department="+url.QueryEscape(dept)))

	answer := c.ask("基本支出比上年增加多少")
	wantText(t, "answer", answer, "抱歉", "您可以试试", "可能相关的段落")
	if got := eval[string](t, ctx, c.lastAnswer()+".dataset.answered"); got != "false" {
		t.Errorf("answered = %s, want false", got)
	}

	save(t, ctx, "budgetqa-unanswered.png")

	// A suggestion asks itself.
	chip := c.inAnswer(".bqa-chip")
	n := eval[int](t, ctx, `document.querySelectorAll('.bqa-answer').length`)
	do(t, ctx, "clicking a suggestion", chromedp.Click(chromedp.JSPath(c.lastAnswer()+".querySelector('.bqa-chip')")))
	waitFor(t, ctx, "the suggestion's answer", fmt.Sprintf(`document.querySelectorAll('.bqa-answer').length > %d`, n))
	wantText(t, "question asked", c.text(".bqa-user"), chip)

	// Markup in a question, echoed by the answer, stays text.
	const markup = `<img src=x onerror="window.injected=1">多少`
	c.ask(markup)
	wantText(t, "question shown", c.text(".bqa-user"), markup)
	if n := eval[int](t, ctx, `document.querySelectorAll('.bqa-log img').length + (window.injected ? 100 : 0)`); n != 0 {
		t.Errorf("the question's markup became %d elements in the page, want text", n)
	}
}

func TestBrowserWidget(t *testing.T) {
	s := startServers(t)
	ctx := newBrowser(t)
	c := chat{t, ctx, widgetRoot}
	phone(t, ctx)
	do(t, ctx, "opening the host page",
		chromedp.Navigate(s.host.URL+"/"),
		chromedp.WaitReady(chromedp.CSS("#budgetqa-widget")),
	)
	if base := eval[string](t, ctx, `window.BudgetQA.base`); base != s.api.URL+"/" {
		t.Errorf("widget base = %q, want %q", base, s.api.URL+"/")
	}
	do(t, ctx, "opening the widget", chromedp.Click(chromedp.JSPath(c.js("querySelector", ".bqa-fab"))))
	do(t, ctx, "waiting for the panel", chromedp.WaitVisible(chromedp.JSPath(c.js("querySelector", ".bqa-input"))))
	c.inViewport(".bqa-input")
	c.inViewport(".bqa-panel")

	answer := c.ask("信访稳定备用金多少")
	wantText(t, "answer", answer, "500", "万元")
	wantText(t, "sources", c.inAnswer(".bqa-sources"), dept)
	c.inViewport(".bqa-input")
	save(t, ctx, "budgetqa-widget.png")

	// The table inside the panel, and the link to it on the chat page.
	row, cell := c.openSource()
	wantText(t, "highlighted row", row, "信访稳定备用金")
	if cell != "500" {
		t.Errorf("highlighted cell = %q, want 500", cell)
	}
	save(t, ctx, "budgetqa-widget-table.png")
	link := eval[string](t, ctx, c.js("querySelector", ".bqa-viewer a.bqa-link")+".href")
	if !strings.HasPrefix(link, s.api.URL+"/?doc=") {
		t.Fatalf("table link = %q, want %s/?doc=…", link, s.api.URL)
	}
	p := chat{t, ctx, pageRoot}
	do(t, ctx, "following the table link", chromedp.Navigate(link))
	waitFor(t, ctx, "the table on the page", `document.querySelector('.bqa-viewer tr.bqa-hl')`)
	wantText(t, "highlighted row on the page", p.text(".bqa-viewer tr.bqa-hl"), "信访稳定备用金")
}

// TestBrowserCheck opens 文件检查 from the chat page, uploads a PDF and
// reads the report shown: the summary, the findings with their figures and
// the printed pages with the cells outlined; then an upload the server
// refuses shows its reason.
func TestBrowserCheck(t *testing.T) {
	s := startServers(t)
	ctx := newBrowser(t)
	do(t, ctx, "opening the chat page", chromedp.Navigate(s.api.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`a[href="check.html"]`)))
	do(t, ctx, "following 文件检查", chromedp.Click(chromedp.CSS(`a[href="check.html"]`)), chromedp.WaitVisible(chromedp.CSS("input#file")))
	if got := eval[string](t, ctx, "document.title"); !strings.Contains(got, "文件检查") {
		t.Errorf("title %q", got)
	}
	if got := eval[string](t, ctx, "document.querySelector('label[for=file]').textContent"); !strings.Contains(got, "选择文件") {
		t.Errorf("the file input has no label: %q", got)
	}
	abs, err := filepath.Abs(checkFile)
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "choosing the file", chromedp.SetUploadFiles(chromedp.CSS("input#file"), []string{abs}))
	do(t, ctx, "checking", chromedp.Click(chromedp.CSS("button#submit")))
	report := "document.querySelector('#report').contentDocument"
	waitFor(t, ctx, "the report", report+" && "+report+".querySelectorAll('article.finding').length > 0")
	if got := eval[string](t, ctx, report+".querySelector('header').textContent"); !strings.Contains(got, "共检查 1 份文件：错误 2 处") {
		t.Errorf("summary: %q", got)
	}
	if got := eval[string](t, ctx, report+".body.textContent"); !strings.Contains(got, "350.35万元") || !strings.Contains(got, "什么是尾数差异") {
		t.Errorf("report text: %.300q", got)
	}
	// Each finding shows its page, decoded, with its red outline.
	imgs := eval[int](t, ctx, "Array.from("+report+".querySelectorAll('article.finding img')).filter(i => i.complete && i.naturalWidth > 300 && i.src.startsWith('data:image/png')).length")
	if imgs < 2 {
		t.Errorf("%d page images shown, want one per finding", imgs)
	}
	red := eval[int](t, ctx, `(img => { const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;
		const g = c.getContext('2d'); g.drawImage(img, 0, 0); const d = g.getImageData(0, 0, c.width, c.height).data; let n = 0;
		for (let i = 0; i < d.length; i += 4) if (d[i] > 200 && d[i+1] < 40 && d[i+2] < 40) n++; return n; })(`+report+`.querySelector('article.finding img'))`)
	if red < 100 {
		t.Errorf("%d red pixels on the first page shown, want an outline", red)
	}
	if got := eval[string](t, ctx, "document.activeElement.id"); got != "result-title" {
		t.Errorf("focus on %q after the report, want the report's heading", got)
	}
	if got := eval[string](t, ctx, "document.querySelector('#download').getAttribute('href')"); !strings.HasPrefix(got, "blob:") {
		t.Errorf("download link %q", got)
	}
	save(t, ctx, "budgetqa-check.png")

	// A file that is not a budget: the server's reason, in Chinese.
	notBudget := filepath.Join(t.TempDir(), "随笔.txt")
	if err := os.WriteFile(notBudget, []byte("今天天气很好。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "choosing another file", chromedp.SetUploadFiles(chromedp.CSS("input#file"), []string{notBudget}), chromedp.Click(chromedp.CSS("button#submit")))
	waitFor(t, ctx, "the refusal", "document.querySelector('#error').textContent.length > 0")
	if got := eval[string](t, ctx, "document.querySelector('#error').textContent"); !strings.Contains(got, "文档无法读取") {
		t.Errorf("refusal: %q", got)
	}
}

// checkFile is the document uploaded to 文件检查: two real errors.
const checkFile = "../testdata/pdf/shanghai-putuo-wanlijiedao-2024-yusuan.pdf"
