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

// runParse prints one parsed document as JSON, or with --summary what was
// read of each document given: exit 1 when one was read badly.
func (m *Main) runParse(args []string) (int, error) {
	fs := newFlagSet("parse", m.stderr)
	summary := fs.Bool("summary", false, "print what was read of each FILE (identity, tables, sums), not the parsed form")
	asJSON := fs.Bool("json", false, "with --summary: the reports as JSON")
	if err := fs.Parse(args); err != nil {
		return exitUsage, nil
	}
	if fs.NArg() == 0 || !*summary && fs.NArg() != 1 {
		return exitUsage, fmt.Errorf("parse: want one FILE, or --summary FILE...")
	}
	enc := json.NewEncoder(m.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if !*summary {
		d, err := corpus.ParseFile(fs.Arg(0), m.pdfReader())
		if err != nil {
			return exitUsage, err
		}
		if err := enc.Encode(d); err != nil {
			return exitUsage, err
		}
		return exitOK, nil
	}
	status := exitOK
	type report struct {
		File    string          `json:"file"`
		Reading *corpus.Reading `json:"reading,omitempty"`
		Error   string          `json:"error,omitempty"`
	}
	var reports []report
	for _, path := range fs.Args() {
		d, err := corpus.ParseFile(path, m.pdfReader())
		if err != nil {
			status = exitUsage
			reports = append(reports, report{File: path, Error: err.Error()})
			if !*asJSON {
				fmt.Fprintf(m.stdout, "== %s\n  无法读取：%v\n", path, err)
			}
			continue
		}
		r := d.Reading()
		if r.Verdict == "bad" && status == exitOK {
			status = exitFindings
		}
		reports = append(reports, report{File: path, Reading: &r})
		if !*asJSON {
			fmt.Fprintf(m.stdout, "== %s\n%s", path, r)
		}
	}
	if *asJSON {
		if err := enc.Encode(reports); err != nil {
			return exitUsage, err
		}
	}
	return status, nil
}
