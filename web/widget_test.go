package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/budgetqa/budgetqa/api/questionlog"
)

// openWidget opens the widget of the host page at path and waits for its
// input.
func openWidget(t *testing.T, c chat, base, path string) {
	t.Helper()
	do(t, c.ctx, "opening the host page",
		chromedp.Navigate(base+path),
		chromedp.WaitReady(chromedp.CSS("#budgetqa-widget")),
		chromedp.Click(chromedp.JSPath(c.js("querySelector", ".bqa-fab"))),
		chromedp.WaitVisible(chromedp.JSPath(c.js("querySelector", ".bqa-input"))),
	)
}

// TestBrowserWidgetTheme: a site's colour, logo, title, welcome,
// disclaimer and 主办单位 line.
func TestBrowserWidgetTheme(t *testing.T) {
	s := startServers(t)
	ctx := newBrowser(t)
	c := chat{t, ctx, widgetRoot}
	openWidget(t, c, s.host.URL, "/themed")
	if got := eval[string](t, ctx, `getComputedStyle(`+c.js("querySelector", ".bqa-fab")+`).backgroundColor`); got != "rgb(200, 22, 29)" {
		t.Errorf("button colour %s, want the site's #c8161d", got)
	}
	if got := eval[string](t, ctx, `getComputedStyle(`+c.js("querySelector", ".bqa-head")+`).backgroundColor`); got != "rgb(200, 22, 29)" {
		t.Errorf("header colour %s, want the site's #c8161d", got)
	}
	waitFor(t, ctx, "the logo", c.js("querySelector", ".bqa-head img.bqa-logo")+`?.naturalWidth > 0`)
	wantText(t, "title", c.text(".bqa-brand h2"), "龙岗信访 · 预算问答")
	wantText(t, "welcome", c.text(".bqa-welcome .bqa-text"), "您好！这里可以查询龙岗区信访局公开的预算和决算。")
	wantText(t, "disclaimer", c.text(".bqa-foot .bqa-disclaimer"), "仅供参考")
	wantText(t, "主办单位", c.text(".bqa-foot .bqa-host"), "主办单位：深圳市龙岗区信访局")
	wantText(t, "answer", c.ask("信访稳定备用金多少"), "500")
	c.inViewport(".bqa-input")
	save(t, ctx, "budgetqa-widget-themed.png")
}

// TestBrowserWidgetRefusedOrigin: a site the API does not allow is told
// so, not that the network is down.
func TestBrowserWidgetRefusedOrigin(t *testing.T) {
	s := startServers(t)
	ctx := newBrowser(t)
	c := chat{t, ctx, widgetRoot}
	openWidget(t, c, s.stranger.URL, "/")
	msg := c.ask("信访稳定备用金多少")
	wantText(t, "message", msg, "未获准", strings.TrimPrefix(s.stranger.URL, ""), "--cors-origins")
	if strings.Contains(msg, "网络连接出错") {
		t.Errorf("message %q blames the network", msg)
	}
}

// TestBrowserPageSelectKeyboard: arrow keys in the department selector do
// not start a conversation per key press; Enter commits the choice.
func TestBrowserPageSelectKeyboard(t *testing.T) {
	s := startServers(t)
	ctx := newBrowser(t)
	do(t, ctx, "opening the page",
		chromedp.Navigate(s.api.URL+"/"),
		chromedp.WaitReady(chromedp.CSS(`select.bqa-dept option[value="`+dept+`"]`)),
		chromedp.Evaluate[chromedp.Void](`window.suggestCalls = 0; const f = window.fetch; window.fetch = (u, o) => { if (String(u).includes('/v1/suggest')) window.suggestCalls++; return f(u, o); }`),
	)
	before := eval[string](t, ctx, `document.querySelector('select.bqa-dept').value`)
	welcomes := eval[int](t, ctx, `document.querySelectorAll('.bqa-welcome').length`)
	do(t, ctx, "pressing the arrow keys in the selector", chromedp.Focus(chromedp.CSS("select.bqa-dept")),
		chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown))
	after := eval[string](t, ctx, `document.querySelector('select.bqa-dept').value`)
	if after == before {
		t.Fatalf("the arrow keys did not move the selection (%q)", after)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('.bqa-welcome').length`); n != welcomes {
		t.Errorf("%d welcome cards after 4 arrow presses, want %d: no new conversation yet", n, welcomes)
	}
	if n := eval[int](t, ctx, `window.suggestCalls`); n != 0 {
		t.Errorf("%d calls to /v1/suggest while moving through the list, want none", n)
	}
	do(t, ctx, "committing with Enter", chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, "one new conversation", fmt.Sprintf(`document.querySelectorAll('.bqa-welcome').length === %d`, welcomes+1))
	wantText(t, "switched", eval[string](t, ctx, `Array.from(document.querySelectorAll('.bqa-welcome')).pop().textContent`), "已切换到", after)
	// Leaving the selector commits nothing more.
	do(t, ctx, "leaving the selector", chromedp.Focus(chromedp.CSS("input.bqa-input")))
	if n := eval[int](t, ctx, `document.querySelectorAll('.bqa-welcome').length`); n != welcomes+1 {
		t.Errorf("%d welcome cards after leaving, want %d", n, welcomes+1)
	}
}

// TestBrowserTypeaheadWholeTerms: "三公" offers 三公经费 first, never a word
// cut in two.
func TestBrowserTypeaheadWholeTerms(t *testing.T) {
	s := startServers(t)
	ctx := newBrowser(t)
	do(t, ctx, "opening the page", chromedp.Navigate(s.api.URL+"/?department="+url.QueryEscape(dept)),
		chromedp.WaitVisible(chromedp.CSS("input.bqa-input")))
	do(t, ctx, "typing", chromedp.SendKeys(chromedp.CSS("input.bqa-input"), "三公"))
	waitFor(t, ctx, "suggestions", `document.querySelector('.bqa-sugg:not([hidden]) button')`)
	got := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('.bqa-sugg button')).map(b => b.textContent)`)
	if len(got) == 0 || got[0] != "三公经费是多少" {
		t.Errorf("suggestions %q, want 三公经费是多少 first", got)
	}
	for _, g := range got {
		if strings.HasPrefix(g, "三公务") {
			t.Errorf("suggestion %q cuts 公务 out of 三公", g)
		}
	}
}

// TestBrowserSourceTableOnPhone: the cited cell of a long or wide table is
// shown with its column header and its row label, which stick while the
// table scrolls.
func TestBrowserSourceTableOnPhone(t *testing.T) {
	s := startServers(t)
	for _, tt := range []struct {
		name, question string
		overflow       string // the direction the table must overflow in
	}{
		{"long: 表8 by economic classification", "办公费多少", "down"},
		{"wide: 表3 支出总表, seven columns", "信访事务支出是多少", "right"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := newBrowser(t)
			c := chat{t, ctx, pageRoot}
			phone(t, ctx)
			do(t, ctx, "opening the page", chromedp.Navigate(s.api.URL+"/?department="+url.QueryEscape(dept)))
			c.ask(tt.question)
			c.openSource()
			over := eval[string](t, ctx, `(w => (w.scrollHeight > w.clientHeight ? 'down ' : '') + (w.scrollWidth > w.clientWidth ? 'right' : ''))(document.querySelector('.bqa-viewer .bqa-table-wrap'))`)
			if !strings.Contains(over, tt.overflow) {
				t.Fatalf("the table overflows %q on the phone; the test wants it to overflow %s", over, tt.overflow)
			}
			check := `(() => {
				const wrap = document.querySelector('.bqa-viewer .bqa-table-wrap'), r = wrap.getBoundingClientRect();
				const cell = document.querySelector('.bqa-viewer .bqa-hl-cell') || document.querySelector('.bqa-viewer tr.bqa-hl td');
				const head = document.querySelector('.bqa-viewer thead th:last-child').getBoundingClientRect();
				const label = document.querySelector('.bqa-viewer tr.bqa-hl .bqa-stick').getBoundingClientRect();
				const c = cell.getBoundingClientRect();
				const out = [];
				if (Math.abs(head.top - r.top) > 2) out.push('header at ' + head.top + ', box at ' + r.top);
				if (Math.abs(label.left - r.left) > 2) out.push('row label at ' + label.left + ', box at ' + r.left);
				if (c.top < head.bottom - 1 || c.bottom > r.bottom + 1 || c.left < label.right - 1 || c.right > r.right + 1) out.push('cell hidden: ' + JSON.stringify(c) + ' in ' + JSON.stringify(r));
				return out.join('; ');
			})()`
			if msg := eval[string](t, ctx, check); msg != "" {
				t.Error(msg)
			}
			save(t, ctx, "budgetqa-table-phone-"+tt.overflow+".png")
			// Scrolled to the end both ways, header and row labels stay.
			do(t, ctx, "scrolling the table", chromedp.Evaluate[chromedp.Void](`(w => { w.scrollTop = w.scrollHeight; w.scrollLeft = w.scrollWidth; })(document.querySelector('.bqa-viewer .bqa-table-wrap'))`))
			stuck := `(() => { const r = document.querySelector('.bqa-viewer .bqa-table-wrap').getBoundingClientRect();
				const h = document.querySelector('.bqa-viewer thead th').getBoundingClientRect();
				const l = Array.from(document.querySelectorAll('.bqa-viewer tbody .bqa-stick')).pop().getBoundingClientRect();
				return Math.abs(h.top - r.top) <= 2 && Math.abs(l.left - r.left) <= 2; })()`
			if !eval[bool](t, ctx, stuck) {
				t.Error("header row or row labels scrolled away")
			}
		})
	}
}

// TestBrowserChartLabelsWhole: a chart's labels are the whole names.
func TestBrowserChartLabelsWhole(t *testing.T) {
	s := startServers(t)
	ctx := newBrowser(t)
	c := chat{t, ctx, pageRoot}
	do(t, ctx, "opening the page", chromedp.Navigate(s.api.URL+"/?department="+url.QueryEscape(dept)))
	c.ask("哪个项目预算最多")
	labels := eval[[]string](t, ctx, c.lastAnswer()+`.querySelectorAll('svg.bqa-chart text.bqa-label-text').values().map(e => e.textContent).toArray()`)
	names := eval[[]string](t, ctx, c.lastAnswer()+`.querySelectorAll('svg.bqa-chart g title').values().map(e => e.textContent.split('：')[0]).toArray()`)
	if len(labels) < 2 || len(labels) != len(names) {
		t.Fatalf("labels %q for names %q", labels, names)
	}
	long := false
	for i := range labels {
		if labels[i] != names[i] {
			t.Errorf("label %q, want the whole name %q", labels[i], names[i])
		}
		long = long || len([]rune(names[i])) > 8
	}
	if !long {
		t.Logf("no name longer than 8 characters in %q", names)
	}
}

// TestBrowserFeedback: 👎 under an answer reaches the question log.
func TestBrowserFeedback(t *testing.T) {
	s := startServers(t)
	ctx := newBrowser(t)
	c := chat{t, ctx, pageRoot}
	do(t, ctx, "opening the page", chromedp.Navigate(s.api.URL+"/?department="+url.QueryEscape(dept)))
	c.ask("信访稳定备用金多少")
	do(t, ctx, "thumbs down", chromedp.Click(chromedp.JSPath(c.lastAnswer()+".querySelector('.bqa-rate-down')")))
	waitFor(t, ctx, "the thanks", c.lastAnswer()+`.querySelector('.bqa-rate-note').textContent.includes('谢谢')`)
	if got := eval[string](t, ctx, c.lastAnswer()+`.querySelector('.bqa-rate-down').getAttribute('aria-pressed')`); got != "true" {
		t.Errorf("aria-pressed = %s after the click", got)
	}
	entries, _ := s.questions.Entries()
	found := false
	for _, e := range entries {
		found = found || (e.Kind == questionlog.KindFeedback && e.Rating == questionlog.RatingDown && e.Question == "信访稳定备用金多少" && strings.Contains(e.Answer, "500"))
	}
	if !found {
		t.Errorf("no thumbs-down in the question log: %+v", entries)
	}
}

func TestFavicon(t *testing.T) {
	s := startServers(t)
	res, err := http.Get(s.api.URL + "/favicon.ico")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "image/") {
		t.Errorf("GET /favicon.ico = %d %s, want an image", res.StatusCode, res.Header.Get("Content-Type"))
	}
}
