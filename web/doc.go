// Package web holds the browser side of budgetqa: the chat page served at /
// and the widget a department's website embeds with one script tag.
//
// Both are plain files under static/, embedded in the binary and handed to
// the API server as api.Config.Assets:
//
//	srv, err := api.New(api.Config{Assets: web.Assets})
//
// widget.js holds all of the client: the API calls, the rendering of an
// answer (figure, interpretation, arithmetic, notes, sources, a chart of
// its items) or of a question asked back (a button per department, which
// sends that option's question), the table, passage and printed page a
// source points at, and the suggestions shown while typing. Loaded by a
// host page it adds a floating button that opens a chat panel in a shadow
// root, so the host's styles and its own do not mix:
//
//	<script src="https://host/widget.js" data-department="深圳市龙岗区信访局" data-year="2023"></script>
//
// index.html is a thin page that loads the same script with data-mount, which
// renders the full-page chat, with a department and year selector, into it.
// The script calls the API where it was loaded from, so the page and the
// widget need no configuration; a website on another origin needs that
// origin in api.Config.CORSOrigins.
//
// An answer whose items all have a figure in one unit is drawn in SVG: a
// line over the years for a trend (one line per department), otherwise a
// horizontal bar per item (rankings, comparisons, sums and shares across
// departments), each name whole above its bar. Every mark is labelled with
// its figure as the API wrote it; parseFloat only sizes the marks. A mark
// whose item cites a source is a button: it shows that source under the
// chart and opens its printed page, if it has one.
//
// A website themes the widget with attributes of its script tag (data-color,
// data-logo, data-title, data-welcome, data-disclaimer, data-host: see
// widget.js), and each answer carries 👍/👎 for POST /v1/feedback.
//
// admin.html is the staff's page at /admin: with the admin token typed in it
// uploads and deletes documents, shows each one's reading report and check
// findings, and lists the questions not answered or judged unhelpful, with a
// button to add a synonym.
//
// The scripts are plain ES2017 without a build step or dependencies, and put
// every text they did not write themselves into the page as text, never as
// HTML.
package web
