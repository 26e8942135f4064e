package web_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/budgetqa/budgetqa/api"
	"github.com/budgetqa/budgetqa/corpus"
)

// acrossFiles are the published PDFs of a district's departments: three
// departments' budgets for 2025, and 万里街道's for 2023 to 2025. Questions
// over all of them rank departments and follow one over the years, each
// figure on its own printed page.
var acrossFiles = []string{
	"shanghai-putuo-caizhengju-2025-yusuan.pdf",
	"shanghai-putuo-wanlijiedao-2023-yusuan.pdf",
	"shanghai-putuo-wanlijiedao-2024-yusuan.pdf",
	"shanghai-putuo-wanlijiedao-2025-yusuan.pdf",
	"shanghai-putuo-zhengfubangongshi-2025-yusuan.pdf",
}

// acrossServers are the API over acrossFiles with the chat page, and a
// portal's page embedding the widget in a site's colour.
type acrossServers struct {
	api, host *httptest.Server
}

// across holds the servers over acrossFiles, started once.
var across struct {
	once sync.Once
	s    acrossServers
	err  error
}

// themeColor is the portal's colour (data-color), as the browser computes it.
const themeColor, themeRGB = "#c8161d", "rgb(200, 22, 29)"

// startAcross starts the servers over acrossFiles once; they stop with
// the test binary.
func startAcross(t *testing.T) acrossServers {
	t.Helper()
	if testing.Short() {
		t.Skip("reads five PDFs and starts a browser")
	}
	across.once.Do(func() {
		fsys := fstest.MapFS{}
		srcs := sources{}
		for _, name := range acrossFiles {
			data, err := os.ReadFile(filepath.Join("../testdata/pdf", name))
			if err != nil {
				across.err = err
				return
			}
			fsys[name] = &fstest.MapFile{Data: data}
			srcs[strings.TrimSuffix(name, ".pdf")] = data
		}
		docs, err := corpus.LoadFS(fsys, pdfReader)
		if err != nil {
			across.err = err
			return
		}
		host := httptest.NewUnstartedServer(nil)
		srv, _, err := serve(docs, srcs, api.Config{CORSOrigins: []string{"http://" + host.Listener.Addr().String()}})
		if err != nil {
			host.Close()
			across.err = err
			return
		}
		portal := strings.Replace(fmt.Sprintf(hostPage, srv.URL, "普陀区预算公开", `data-color="`+themeColor+`"`), ` data-department="普陀区预算公开"`, "", 1)
		host.Config.Handler = pagesHandler(map[string]string{"/": portal})
		host.Start()
		across.s = acrossServers{api: srv, host: host}
	})
	if across.err != nil {
		t.Fatal(across.err)
	}
	return across.s
}

// bars returns the name and value labelled on each bar of the last
// answer's chart, and the width of each bar.
func (c chat) bars() (names, values []string, widths []float64) {
	c.t.Helper()
	g := c.lastAnswer() + `.querySelectorAll('svg.bqa-bars g.bqa-bar')`
	names = eval[[]string](c.t, c.ctx, `Array.from(`+g+`).map(b => b.querySelector('text.bqa-label-text').textContent)`)
	values = eval[[]string](c.t, c.ctx, `Array.from(`+g+`).map(b => b.querySelector('text.bqa-v').textContent)`)
	widths = eval[[]float64](c.t, c.ctx, `Array.from(`+g+`).map(b => b.querySelector('rect').getBBox().width)`)
	return names, values, widths
}

// points returns the value labelled at each point of the last answer's
// line chart, left to right, and the years under the axis.
func (c chat) points() (values, years []string) {
	c.t.Helper()
	a := c.lastAnswer()
	values = eval[[]string](c.t, c.ctx, `Array.from(`+a+`.querySelectorAll('svg.bqa-lines g.bqa-pt')).sort((p, q) => p.querySelector('circle').cx.baseVal.value - q.querySelector('circle').cx.baseVal.value).map(p => p.querySelector('text.bqa-v').textContent)`)
	years = eval[[]string](c.t, c.ctx, `Array.from(`+a+`.querySelectorAll('svg.bqa-lines text.bqa-year')).map(e => e.textContent)`)
	return values, years
}

// activate clicks the mark (bar or point) at index i of the last answer's
// chart, or presses Enter on it, and returns the source shown under the
// chart.
func (c chat) activate(sel string, i int, keyboard bool) string {
	c.t.Helper()
	js := fmt.Sprintf("%s.querySelectorAll(%q)[%d]", c.lastAnswer(), sel, i)
	mark := chromedp.JSPath(js)
	if keyboard {
		// Focused as the Tab key would: a mark is in the tab order.
		if got := eval[string](c.t, c.ctx, fmt.Sprintf("(m => { m.focus(); return m.getRootNode().activeElement === m ? '' : 'not focusable'; })(%s)", js)); got != "" {
			c.t.Fatalf("mark %d: %s", i, got)
		}
		do(c.t, c.ctx, "pressing Enter on a chart's mark", chromedp.KeyEvent(kb.Enter))
	} else {
		do(c.t, c.ctx, "clicking a chart's mark", chromedp.Click(mark))
	}
	waitFor(c.t, c.ctx, "the mark's source", c.lastAnswer()+`.querySelector('.bqa-chart-src .bqa-source')`)
	return c.inAnswer(".bqa-chart-src")
}

// overlaps returns the pairs of value labels of the last answer's chart
// that overlap on the screen, and the labels outside the viewport.
func (c chat) overlaps() string {
	c.t.Helper()
	return eval[string](c.t, c.ctx, `(() => {
		const ls = Array.from(`+c.lastAnswer()+`.querySelectorAll('svg.bqa-chart text')).map(e => [e.textContent, e.getBoundingClientRect()]);
		const out = [];
		ls.forEach(([t, r], i) => {
			if (r.left < 0 || r.right > innerWidth) out.push(t + ' outside the screen');
			ls.slice(i + 1).forEach(([u, q]) => {
				if (r.left < q.right - 1 && q.left < r.right - 1 && r.top < q.bottom - 1 && q.top < r.bottom - 1) out.push(t + ' over ' + u);
			});
		});
		return out.join('; ');
	})()`)
}

// TestBrowserBarChart: a ranking of departments is a bar per department
// with its whole name and its value as the API gives it; a bar, clicked or
// activated with Enter, shows its own source under the chart and opens its
// printed page, and closing the page returns to the bar. On a phone the
// labels stay apart and on the screen, and the page closes again.
func TestBrowserBarChart(t *testing.T) {
	s := startAcross(t)
	ctx := newBrowser(t)
	c := chat{t, ctx, pageRoot}
	do(t, ctx, "opening the page", chromedp.Navigate(s.api.URL+"/"), chromedp.WaitVisible(chromedp.CSS("input.bqa-input")))

	wantText(t, "answer", c.ask("普陀区2025年哪个部门三公经费最多？"), "867.5万元")
	if got := eval[string](t, ctx, c.lastAnswer()+".dataset.intent"); got != "rank" {
		t.Errorf("intent %q, want rank", got)
	}
	names, values, widths := c.bars()
	wantNames := []string{"上海市普陀区人民政府办公室", "上海市普陀区人民政府万里街道办事处", "上海市普陀区财政局"}
	wantValues := []string{"867.5万元", "37.91万元", "0.95万元"}
	if strings.Join(names, "|") != strings.Join(wantNames, "|") || strings.Join(values, "|") != strings.Join(wantValues, "|") {
		t.Fatalf("bars %q with values %q, want %q with %q", names, values, wantNames, wantValues)
	}
	// Lengths in proportion to the figures: 867.5 fills the bar's room,
	// 37.91 is 4.4% of it.
	if r := widths[1] / widths[0]; widths[0] < 150 || r < 0.04 || r > 0.05 || widths[2] > widths[1] {
		t.Errorf("bar widths %v, want them in proportion to %q", widths, values)
	}
	label := eval[string](t, ctx, c.lastAnswer()+`.querySelector('svg.bqa-chart').getAttribute('aria-label')`)
	wantText(t, "chart label", label, "单位：万元", "上海市普陀区人民政府办公室 867.5", "上海市普陀区财政局 0.95")

	// A click on the second bar: its source, and its page.
	src := c.activate("g.bqa-bar", 1, false)
	wantText(t, "source shown", src, "上海市普陀区人民政府万里街道办事处", "37.91万元", "2025年上海市普陀区人民政府万里街道办事处部门预算", "看原件第30页")
	waitFor(t, ctx, "the printed page", `(i => i && i.complete && i.naturalWidth > 500)(document.querySelector('.bqa-viewer img.bqa-pageimg'))`)
	wantText(t, "page viewer", eval[string](t, ctx, `document.querySelector('.bqa-viewer-title').textContent`), "原件第30页")
	if got := eval[string](t, ctx, `document.querySelector('.bqa-viewer img.bqa-pageimg').getAttribute('src')`); !strings.Contains(got, "shanghai-putuo-wanlijiedao-2025-yusuan/pages/30.png") || !strings.Contains(got, "box=") {
		t.Errorf("page image %q, want page 30 of 万里街道's budget with the figure's box", got)
	}
	do(t, ctx, "closing the page", chromedp.Click(chromedp.CSS(".bqa-viewer .bqa-close")), chromedp.WaitNotPresent(chromedp.CSS(".bqa-viewer")))
	if got := eval[string](t, ctx, `document.activeElement.getAttribute('data-index') + ' ' + document.activeElement.getAttribute('aria-expanded')`); got != "1 true" {
		t.Errorf("focus after closing the page: mark %s, want the bar that opened it", got)
	}
	save(t, ctx, "budgetqa-chart-bars.png")

	// Enter on the third bar: the source follows.
	wantText(t, "source shown", c.activate("g.bqa-bar", 2, true), "上海市普陀区财政局", "0.95万元", "2025年上海市普陀区财政局部门预算", "看原件第22页")
	do(t, ctx, "closing the page with Escape", chromedp.KeyEvent(kb.Escape), chromedp.WaitNotPresent(chromedp.CSS(".bqa-viewer")))
	if got := eval[[]string](t, ctx, `Array.from(`+c.lastAnswer()+`.querySelectorAll('g.bqa-bar')).map(b => b.getAttribute('aria-expanded'))`); strings.Join(got, " ") != "false false true" {
		t.Errorf("aria-expanded of the bars %q, want only the third", got)
	}

	// On a phone.
	phone(t, ctx)
	if msg := c.overlaps(); msg != "" {
		t.Errorf("chart on a phone: %s", msg)
	}
	c.activate("g.bqa-bar", 0, false)
	waitFor(t, ctx, "the printed page", `document.querySelector('.bqa-viewer img.bqa-pageimg')`)
	save(t, ctx, "budgetqa-chart-bars-phone-page.png")
	do(t, ctx, "closing the page on a phone", chromedp.Click(chromedp.CSS(".bqa-viewer .bqa-close")), chromedp.WaitNotPresent(chromedp.CSS(".bqa-viewer")))
	if got := eval[string](t, ctx, `document.activeElement.getAttribute('data-index') + ' ' + location.pathname`); got != "0 /" {
		t.Errorf("after closing the page on a phone: focus on mark, page = %s, want the first bar on the chat page", got)
	}
	save(t, ctx, "budgetqa-chart-bars-phone.png")
}

// TestBrowserLineChart: a trend over the bundled documents is a line with
// a point per year, each labelled with its value; a point shows its source
// (a table of a text document: no page to open).
func TestBrowserLineChart(t *testing.T) {
	s := startServers(t)
	ctx := newBrowser(t)
	c := chat{t, ctx, pageRoot}
	do(t, ctx, "opening the page", chromedp.Navigate(s.api.URL+"/"), chromedp.WaitVisible(chromedp.CSS("input.bqa-input")))

	wantText(t, "answer", c.ask("江苏人大2017到2019年会议费每年多少"), "1,469.73万元")
	values, years := c.points()
	if got, want := strings.Join(values, "|"), "1,305.25万元|1,305.25万元|1,469.73万元"; got != want {
		t.Errorf("points labelled %q, want %q", got, want)
	}
	if got, want := strings.Join(years, "|"), "2017年|2018年|2019年"; got != want {
		t.Errorf("years %q, want %q", got, want)
	}
	// One line through the three points, the last higher than the others.
	path := eval[string](t, ctx, c.lastAnswer()+`.querySelector('svg.bqa-lines path.bqa-line').getAttribute('d')`)
	if strings.Count(path, "L") != 2 {
		t.Errorf("line %q, want one segment to each next year", path)
	}
	ys := eval[[]float64](t, ctx, `Array.from(`+c.lastAnswer()+`.querySelectorAll('svg.bqa-lines circle')).map(p => p.cy.baseVal.value)`)
	if len(ys) != 3 || ys[0] != ys[1] || ys[2] >= ys[1] {
		t.Errorf("points at heights %v, want 2017 and 2018 level and 2019 above", ys)
	}
	if msg := c.overlaps(); msg != "" {
		t.Errorf("chart: %s", msg)
	}
	save(t, ctx, "budgetqa-chart-line.png")

	src := c.activate("g.bqa-pt", 2, false)
	wantText(t, "source shown", src, "2019年", "1,469.73万元", "2019年江苏省人大常委会办公厅部门预算", "表9", "会议费", "查看表格")
	if n := eval[int](t, ctx, `document.querySelectorAll('.bqa-viewer').length`); n != 0 {
		t.Errorf("a viewer opened for a source without a page")
	}
}

// TestBrowserWidgetLineChart: in the widget on a phone, in the portal's
// colour, a department's budget over three years is a line whose labels
// stay apart and on the screen; a point opens its year's printed page.
func TestBrowserWidgetLineChart(t *testing.T) {
	s := startAcross(t)
	ctx := newBrowser(t)
	c := chat{t, ctx, widgetRoot}
	phone(t, ctx)
	openWidget(t, c, s.host.URL, "/")

	wantText(t, "answer", c.ask("万里街道这三年部门预算怎么变的？"), "189,767,551元")
	values, years := c.points()
	if got, want := strings.Join(values, "|"), "164,978,640元|156,211,123元|189,767,551元"; got != want {
		t.Errorf("points labelled %q, want %q", got, want)
	}
	if got, want := strings.Join(years, "|"), "2023年|2024年|2025年"; got != want {
		t.Errorf("years %q, want %q", got, want)
	}
	if got := eval[string](t, ctx, `getComputedStyle(`+c.lastAnswer()+`.querySelector('svg.bqa-lines path.bqa-line')).stroke`); got != themeRGB {
		t.Errorf("line colour %s, want the site's %s", got, themeRGB)
	}
	if msg := c.overlaps(); msg != "" {
		t.Errorf("chart in the widget on a phone: %s", msg)
	}
	c.inViewport("svg.bqa-lines")
	save(t, ctx, "budgetqa-chart-widget.png")

	wantText(t, "source shown", c.activate("g.bqa-pt", 0, false), "2023年上海市普陀区人民政府万里街道办事处部门预算", "表1", "支出总计", "看原件第10页")
	waitFor(t, ctx, "the printed page", c.js("querySelector", ".bqa-viewer img.bqa-pageimg")+`?.naturalWidth > 500`)
	if got := eval[string](t, ctx, c.js("querySelector", ".bqa-viewer img.bqa-pageimg")+`.getAttribute('src')`); !strings.Contains(got, "shanghai-putuo-wanlijiedao-2023-yusuan/pages/10.png") {
		t.Errorf("page image %q, want page 10 of the 2023 budget", got)
	}
}

// fakeAsk makes the page answer every question with resp (a response of
// POST /v1/ask, as JSON), to draw answers the documents do not give.
func (c chat) fakeAsk(resp string) {
	c.t.Helper()
	do(c.t, c.ctx, "answering with a fake response", chromedp.Evaluate[chromedp.Void](`window.fakeAnswer = `+resp+`;
		if (!window.realFetch) {
			window.realFetch = window.fetch;
			window.fetch = (u, o) => String(u).includes('/v1/ask') ?
				Promise.resolve(new Response(JSON.stringify(window.fakeAnswer), {headers: {'Content-Type': 'application/json'}})) : window.realFetch(u, o);
		}`))
}

// TestBrowserChartShapes draws answers the bundled documents do not give:
// a trend of two departments (a line each, told apart in a legend),
// negative figures, a long run of years, and items that cannot share a
// chart. Figures are shown as the API writes them, trailing zeros and
// all.
func TestBrowserChartShapes(t *testing.T) {
	s := startServers(t)
	ctx := newBrowser(t)
	c := chat{t, ctx, pageRoot}
	phone(t, ctx)
	do(t, ctx, "opening the page", chromedp.Navigate(s.api.URL+"/"), chromedp.WaitVisible(chromedp.CSS("input.bqa-input")))
	count := func(sel string) int {
		return eval[int](c.t, ctx, c.lastAnswer()+`.querySelectorAll(`+fmt.Sprintf("%q", sel)+`).length`)
	}

	t.Run("two departments over three years", func(t *testing.T) {
		c.t = t
		src := `{"document": "2024年甲局部门预算", "doc_id": "a-2024", "table": "表1", "row": "合计", "column": "预算数"}`
		c.fakeAsk(`{"question": "q", "answered": true, "intent": "trend", "sources": [], "answer": {"text": "两个部门三年的会议费。", "items": [
			{"name": "2023年", "value": "10", "unit": "万元", "department": "甲局", "year": 2023},
			{"name": "2024年", "value": "12", "unit": "万元", "department": "甲局", "year": 2024, "source": ` + src + `},
			{"name": "2025年", "value": "11", "unit": "万元", "department": "甲局", "year": 2025},
			{"name": "2023年", "value": "5", "unit": "万元", "department": "乙局", "year": 2023},
			{"name": "2024年", "value": "5.50", "unit": "万元", "department": "乙局", "year": 2024},
			{"name": "2025年", "value": "11", "unit": "万元", "department": "乙局", "year": 2025}]}}`)
		c.ask("两个部门的会议费这三年怎么变的")
		if n := count("svg.bqa-lines path.bqa-line"); n != 2 {
			t.Errorf("%d lines, want one per department", n)
		}
		if got := c.inAnswer(".bqa-legend"); got != "甲局乙局" {
			t.Errorf("legend %q, want both departments", got)
		}
		values, years := c.points()
		if got := strings.Join(values, "|"); !strings.Contains(got, "5.50万元") || len(values) != 6 {
			t.Errorf("points labelled %q, want six, 5.50 as written", got)
		}
		if got := strings.Join(years, "|"); got != "2023年|2024年|2025年" {
			t.Errorf("years %q", got)
		}
		if msg := c.overlaps(); msg != "" {
			t.Errorf("labels: %s", msg)
		}
		// Only the point with a source is a button.
		if n := count("g[role=button]"); n != 1 {
			t.Errorf("%d buttons, want the one point with a source", n)
		}
		wantText(t, "source", c.activate("g[role=button]", 0, false), "甲局", "2024年甲局部门预算", "表1", "查看表格")
		save(t, ctx, "budgetqa-chart-series.png")
	})

	t.Run("negative figures", func(t *testing.T) {
		c.t = t
		c.fakeAsk(`{"question": "q", "answered": true, "intent": "change", "sources": [], "answer": {"text": "增减。", "items": [
			{"name": "基本支出", "value": "120", "unit": "万元"},
			{"name": "项目支出", "value": "-30.5", "unit": "万元"}]}}`)
		c.ask("各项比上年增减多少")
		_, values, _ := c.bars()
		if got := strings.Join(values, "|"); got != "120万元|-30.5万元" {
			t.Errorf("values %q", got)
		}
		// The negative bar ends where the positive one starts: at zero.
		edges := eval[[]float64](t, ctx, `Array.from(`+c.lastAnswer()+`.querySelectorAll('svg.bqa-bars rect')).map(r => [r.x.baseVal.value, r.x.baseVal.value + r.width.baseVal.value]).flat()`)
		if len(edges) != 4 || edges[3] != edges[0] || edges[2] >= edges[3] {
			t.Errorf("bars from-to %v, want the negative one left of zero", edges)
		}
		if n := count("rect.bqa-neg"); n != 1 {
			t.Errorf("%d bars marked negative, want 1", n)
		}
		if got := eval[string](t, ctx, c.lastAnswer()+`.querySelector('svg.bqa-chart').getAttribute('role')`); got != "img" {
			t.Errorf("a chart without sources has role %q, want img", got)
		}
	})

	t.Run("twelve years", func(t *testing.T) {
		c.t = t
		var items []string
		for y := 2014; y <= 2025; y++ {
			items = append(items, fmt.Sprintf(`{"name": "%d年", "value": "%d.25", "unit": "元", "year": %d}`, y, 1000000000+y*7919, y))
		}
		c.fakeAsk(`{"question": "q", "answered": true, "intent": "trend", "sources": [], "answer": {"text": "十二年。", "items": [` + strings.Join(items, ",") + `]}}`)
		c.ask("这十二年的支出")
		values, _ := c.points()
		if len(values) != 12 || values[0] != "1,015,948,866.25元" {
			t.Errorf("points labelled %q, want 12, the first 1,015,948,866.25元", values)
		}
		if msg := eval[string](t, ctx, `(() => { const ls = Array.from(`+c.lastAnswer()+`.querySelectorAll('svg.bqa-chart text')).map(e => [e.textContent, e.getBoundingClientRect()]); const out = [];
			ls.forEach(([t, r], i) => ls.slice(i + 1).forEach(([u, q]) => { if (r.left < q.right - 1 && q.left < r.right - 1 && r.top < q.bottom - 1 && q.top < r.bottom - 1) out.push(t + ' over ' + u); })); return out.join('; '); })()`); msg != "" {
			t.Errorf("labels: %s", msg)
		}
		save(t, ctx, "budgetqa-chart-years.png")
		// Too wide for the phone: it scrolls, and the keyboard can scroll it.
		scroll := c.lastAnswer() + `.querySelector('.bqa-chart-scroll')`
		if got := eval[string](t, ctx, `(w => (w.scrollWidth > w.clientWidth) + ' ' + w.tabIndex)(`+scroll+`)`); got != "true 0" {
			t.Errorf("scrolls, tab index: %s; want a focusable box that scrolls", got)
		}
		if size := eval[float64](t, ctx, `parseFloat(getComputedStyle(`+c.lastAnswer()+`.querySelector('svg.bqa-chart text.bqa-v')).fontSize) * `+c.lastAnswer()+`.querySelector('svg.bqa-chart').getScreenCTM().a`); size < 9.5 {
			t.Errorf("labels drawn %.1f px high, want at least 9.5", size)
		}
	})

	t.Run("no chart", func(t *testing.T) {
		c.t = t
		for _, items := range []string{
			`[{"name": "甲", "value": "1", "unit": "万元"}, {"name": "乙", "value": "2", "unit": "元"}]`,
			`[{"name": "甲", "value": "1", "unit": "万元"}, {"name": "乙", "unit": "万元"}]`,
			`[{"name": "甲", "value": "1", "unit": "万元"}]`,
		} {
			c.fakeAsk(`{"question": "q", "answered": true, "intent": "list", "sources": [], "answer": {"text": "列表。", "items": ` + items + `}}`)
			c.ask("有哪些")
			if n := count("svg.bqa-chart"); n != 0 || count("ul.bqa-items li") == 0 {
				t.Errorf("items %s: %d charts, want a list", items, n)
			}
		}
	})
}
