package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// clarified asks question, wants it asked back with a button per option,
// and returns the options' labels.
func (c chat) clarified(question string) []string {
	c.t.Helper()
	text := c.ask(question)
	if got := eval[string](c.t, c.ctx, c.lastAnswer()+".className"); !strings.Contains(got, "bqa-clarify") {
		c.t.Fatalf("answer to %s = %q (class %q), want it asked back", question, text, got)
	}
	wantText(c.t, "clarification", c.inAnswer(".bqa-text"), "您问的是哪个部门？")
	if strings.Contains(text, "回复序号") {
		c.t.Errorf("clarification %q lists the options inline, want buttons only", text)
	}
	group := eval[string](c.t, c.ctx, c.lastAnswer()+`.querySelector('.bqa-options[role=group]')?.getAttribute('aria-label') || ''`)
	if group != "您问的是哪个部门？" {
		c.t.Errorf("options group labelled %q, want the question", group)
	}
	labels := eval[[]string](c.t, c.ctx, `Array.from(`+c.lastAnswer()+`.querySelectorAll('.bqa-options > *')).map(b => b.tagName === 'BUTTON' && b.type === 'button' && b.tabIndex >= 0 ? b.textContent : '<' + b.tagName + '>')`)
	if len(labels) < 2 {
		c.t.Fatalf("options %q, want a button for each of several departments", labels)
	}
	for _, l := range labels {
		if strings.HasPrefix(l, "<") {
			c.t.Errorf("option %s is not a focusable button", l)
		}
	}
	return labels
}

// choose activates the option labelled label with the keyboard or a
// click, and returns the answer.
func (c chat) choose(label string, keyboard bool) string {
	c.t.Helper()
	n := eval[int](c.t, c.ctx, c.js("querySelectorAll", ".bqa-answer")+".length")
	btn := chromedp.JSPath(fmt.Sprintf("Array.from(%s.querySelectorAll('.bqa-option')).find(b => b.textContent === %q)", c.lastAnswer(), label))
	if keyboard {
		do(c.t, c.ctx, "choosing "+label+" with Enter", chromedp.Focus(btn), chromedp.KeyEvent(kb.Enter))
	} else {
		do(c.t, c.ctx, "clicking "+label, chromedp.Click(btn))
	}
	waitFor(c.t, c.ctx, "the answer for "+label, fmt.Sprintf("%s.length > %d", c.js("querySelectorAll", ".bqa-answer"), n))
	return c.inAnswer("*")
}

// wantAnswered fails unless the last answer is answered and names dept.
func (c chat) wantAnswered(what, dept string) {
	c.t.Helper()
	if got := eval[string](c.t, c.ctx, c.lastAnswer()+".dataset.answered"); got != "true" {
		c.t.Errorf("%s: answered = %s, want true: %q", what, got, c.inAnswer("*"))
	}
	wantText(c.t, what, c.inAnswer("*"), dept, "办公费")
}

// TestBrowserPageClarify: on the page over every department, 办公费 is
// asked back with a button per department; a click, Enter on a focused
// button, or the option's number typed in the same conversation answers
// for that department. Each starts a new conversation (the page loaded
// again): once a department is chosen, the conversation keeps to it.
func TestBrowserPageClarify(t *testing.T) {
	s := startServers(t)
	ctx := newBrowser(t)
	c := chat{t, ctx, pageRoot}
	open := func() {
		do(t, ctx, "opening the page",
			chromedp.Navigate(s.api.URL+"/"),
			chromedp.WaitReady(chromedp.CSS(`select.bqa-dept option[value="`+dept+`"]`)),
		)
	}

	open()
	labels := c.clarified("办公费多少")
	save(t, ctx, "budgetqa-clarify.png")
	c.choose(dept, false)
	if got := c.text(".bqa-user"); got != dept+"办公费多少" {
		t.Errorf("asked %q, want the option's question", got)
	}
	c.wantAnswered("after a click", dept)
	c.ask("办公费多少")
	c.wantAnswered("asked again in the conversation", dept)

	open()
	c.clarified("办公费多少")
	c.choose(labels[0], true)
	c.wantAnswered("after Enter", labels[0])

	open()
	c.clarified("办公费多少")
	c.ask("2")
	c.wantAnswered("after typing 2", labels[1])
}

// TestBrowserWidgetClarify: the widget on a page without a department asks
// back the same way.
func TestBrowserWidgetClarify(t *testing.T) {
	s := startServers(t)
	ctx := newBrowser(t)
	c := chat{t, ctx, widgetRoot}
	phone(t, ctx)
	openWidget(t, c, s.host.URL, "/all")
	labels := c.clarified("办公费多少")
	c.inViewport(".bqa-option")
	save(t, ctx, "budgetqa-widget-clarify.png")
	c.choose(labels[len(labels)-1], false)
	c.wantAnswered("after a click", labels[len(labels)-1])
}
