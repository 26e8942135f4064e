package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// AxeEnv names axe-core's axe.min.js, which the accessibility test injects
// into each page. .ci/run installs axe-core from npm into a temporary
// folder and sets it; it is not kept in the repository.
const AxeEnv = "BUDGETQA_AXE"

// axeScript returns axe.min.js, or skips the test without it.
func axeScript(t *testing.T) string {
	t.Helper()
	path := os.Getenv(AxeEnv)
	if path == "" {
		t.Skipf("axe-core not found: npm install axe-core into a folder and set %s=…/node_modules/axe-core/axe.min.js (.ci/run does)", AxeEnv)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s: %v", AxeEnv, err)
	}
	return string(data)
}

// axeViolation is one rule a page breaks, as axe.run reports it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

// runAxe runs axe-core over the page (shadow roots included), with the
// WCAG 2.x A and AA rules, best practices and the experimental rules (such
// as label-content-name-mismatch), and fails on every serious or critical
// violation, logging the others.
func runAxe(t *testing.T, ctx context.Context, script, what string) {
	t.Helper()
	do(t, ctx, "injecting axe-core", chromedp.Evaluate[chromedp.Void](script+`;window.axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice', 'experimental'];undefined`))
	tctx, cancel := context.WithTimeout(ctx, 2*waitTimeout)
	defer cancel()
	out, err := chromedp.Run(tctx, chromedp.Evaluate[string](`axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'tag', values: axeTags}}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: running axe-core: %v", what, err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatalf("%s: axe's result %q: %v", what, out, err)
	}
	for _, v := range vs {
		var targets []string
		for _, n := range v.Nodes {
			targets = append(targets, fmt.Sprint(n.Target...))
		}
		msg := fmt.Sprintf("%s: axe %s (%s): %s at %s", what, v.ID, v.Impact, v.Help, strings.Join(targets, ", "))
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
}

// TestBrowserAxe runs axe-core over the chat page (answering, asking which
// department, a line chart with a point's source shown), the widget on a
// host page (plain and themed; a bar chart in the site's colour and a
// bar's printed page), and the admin page: no serious finding.
func TestBrowserAxe(t *testing.T) {
	script := axeScript(t)
	s := startServers(t)
	t.Run("page", func(t *testing.T) {
		ctx := newBrowser(t)
		c := chat{t, ctx, pageRoot}
		do(t, ctx, "opening the page", chromedp.Navigate(s.api.URL+"/?department="+url.QueryEscape(dept)))
		c.ask("哪个项目预算最多")
		c.ask("火星探测经费多少")
		runAxe(t, ctx, script, "chat page")
		c.ask("信访稳定备用金多少")
		c.openSource()
		runAxe(t, ctx, script, "chat page with a table")
	})
	t.Run("page asking back", func(t *testing.T) {
		ctx := newBrowser(t)
		c := chat{t, ctx, pageRoot}
		do(t, ctx, "opening the page", chromedp.Navigate(s.api.URL+"/"))
		c.clarified("办公费多少")
		runAxe(t, ctx, script, "chat page asking which department")
	})
	for _, path := range []string{"/", "/themed"} {
		t.Run("widget "+path, func(t *testing.T) {
			ctx := newBrowser(t)
			c := chat{t, ctx, widgetRoot}
			runAxeBefore := func() {
				do(t, ctx, "opening the host page", chromedp.Navigate(s.host.URL+path), chromedp.WaitReady(chromedp.CSS("#budgetqa-widget")))
				runAxe(t, ctx, script, "host page, widget closed")
			}
			runAxeBefore()
			do(t, ctx, "opening the widget",
				chromedp.Click(chromedp.JSPath(c.js("querySelector", ".bqa-fab"))),
				chromedp.WaitVisible(chromedp.JSPath(c.js("querySelector", ".bqa-input"))))
			c.ask("信访稳定备用金多少")
			runAxe(t, ctx, script, "widget open")
		})
	}
	t.Run("page with a line chart", func(t *testing.T) {
		ctx := newBrowser(t)
		c := chat{t, ctx, pageRoot}
		do(t, ctx, "opening the page", chromedp.Navigate(s.api.URL+"/"))
		c.ask("江苏人大2017到2019年会议费每年多少")
		c.activate("g.bqa-pt", 1, false)
		runAxe(t, ctx, script, "chat page with a line chart and a point's source")
	})
	t.Run("widget with a bar chart", func(t *testing.T) {
		a := startAcross(t)
		ctx := newBrowser(t)
		c := chat{t, ctx, widgetRoot}
		openWidget(t, c, a.host.URL, "/")
		c.ask("普陀区2025年哪个部门三公经费最多？")
		runAxe(t, ctx, script, "widget with a bar chart in the site's colour")
		c.activate("g.bqa-bar", 0, false)
		waitFor(t, ctx, "the printed page", c.js("querySelector", ".bqa-viewer img.bqa-pageimg")+`?.naturalWidth > 0`)
		runAxe(t, ctx, script, "widget with a bar's printed page")
	})
	t.Run("admin", func(t *testing.T) {
		srv, _ := adminServer(t)
		ctx := newBrowser(t)
		do(t, ctx, "opening the admin page", chromedp.Navigate(srv.URL+"/admin"), chromedp.WaitVisible(chromedp.CSS("#token")))
		runAxe(t, ctx, script, "admin login")
		do(t, ctx, "the token",
			chromedp.SetValue(chromedp.CSS("#token"), adminToken), chromedp.Click(chromedp.CSS("#login-form button[type=submit]")),
			chromedp.WaitVisible(chromedp.CSS("#docs tbody tr[data-id]")),
			chromedp.Click(chromedp.CSS("#docs tbody tr[data-id] .show-report")))
		waitFor(t, ctx, "the report", `document.querySelector('#docs .report')`)
		runAxe(t, ctx, script, "admin page")
	})
}
