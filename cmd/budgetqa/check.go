package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/report"
)

// runCheck checks documents and writes the report: text, --json (the
// stable format of package report) or --html (a self-contained page with
// the printed pages). Without FILE it checks the bundled documents. Files
// of one document published as two (text and tables) are checked as one.
//
// Exit status: 0 when no document has an error or a warning (gaps within
// rounding do not count), 1 when one has, 2 when a file could not be read
// or the arguments are wrong.
func (m *Main) runCheck(ctx context.Context, args []string) (int, error) {
	fs := newFlagSet("check", m.stderr)
	rounding := fs.Bool("rounding", false, "also list gaps within rounding (尾数差异)")
	asJSON := fs.Bool("json", false, "write the report as JSON")
	asHTML := fs.Bool("html", false, "write the report as a self-contained HTML page, with the printed pages of PDFs")
	if err := fs.Parse(args); err != nil {
		return exitUsage, nil
	}
	if *asJSON && *asHTML {
		return exitUsage, fmt.Errorf("check: --json and --html together, want one")
	}
	var docs []*corpus.Document
	status := exitOK
	sources := map[string][]byte{}
	if fs.NArg() == 0 {
		var err error
		if docs, err = corpus.Bundled(); err != nil {
			fmt.Fprintln(m.stderr, err)
			status = exitUsage
		}
	}
	for _, path := range fs.Args() {
		data, err := os.ReadFile(path)
		if err == nil {
			var d *corpus.Document
			if d, err = corpus.Read(ctx, filepath.Base(path), data, m.pdfReader()); err == nil {
				docs = append(docs, d)
				if d.Format == corpus.FormatPDF {
					sources[d.File] = data
				}
				continue
			}
		}
		fmt.Fprintln(m.stderr, "check:", err)
		status = exitUsage
	}
	checked := report.Check(corpus.Assemble(docs))
	o := report.Options{Rounding: *rounding}
	var err error
	switch {
	case *asJSON:
		err = report.WriteJSON(m.stdout, checked, o)
	case *asHTML:
		if len(sources) > 0 {
			o.Pages = &report.Pages{Renderer: m.pdfReader(), Reader: m.pdfReader(), Sources: sources}
		}
		err = report.WriteHTML(ctx, m.stdout, checked, o)
	default:
		err = report.WriteText(m.stdout, checked, o)
	}
	if err != nil {
		return exitUsage, err
	}
	if status == exitOK && !report.CountOf(checked...).Clean() {
		status = exitFindings
	}
	return status, nil
}

// runParse prints one parsed document as JSON.
func (m *Main) runParse(args []string) (int, error) {
	fs := newFlagSet("parse", m.stderr)
	if err := fs.Parse(args); err != nil {
		return exitUsage, nil
	}
	if fs.NArg() != 1 {
		return exitUsage, fmt.Errorf("parse: want one FILE")
	}
	d, err := corpus.ParseFile(fs.Arg(0), m.pdfReader())
	if err != nil {
		return exitUsage, err
	}
	enc := json.NewEncoder(m.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		return exitUsage, err
	}
	return exitOK, nil
}
