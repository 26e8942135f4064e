// Package report presents what corpus.Check finds in budget documents, in
// the three forms its readers want: text for a terminal (text.go), a
// stable JSON document for programs (json.go), and a self-contained HTML
// page for people, with each finding beside the printed page it is on and
// the cells involved outlined in red (html.go, page.go).
//
// A Checked pairs a document with its findings; Options says whether gaps
// within rounding (尾数差异) are listed. Counts always count every finding,
// listed or not, so that a reader knows what was left out.
//
//	checked := report.Check(docs)
//	err := report.WriteHTML(ctx, w, checked, report.Options{Pages: pages})
//
// The package knows nothing of where documents come from: budgetqa check
// and the server's POST /v1/check both read them and hand them over.
package report
