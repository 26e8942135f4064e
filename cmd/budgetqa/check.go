package main

import (
	"encoding/json"
	"fmt"

	"github.com/budgetqa/budgetqa/corpus"
)

// runCheck prints the consistency report: exit 0 without errors, 1 with
// errors, 2 when a file could not be read.
func (m *Main) runCheck(args []string) (int, error) {
	fs := newFlagSet("check", m.stderr)
	rounding := fs.Bool("rounding", false, "also list gaps within rounding (尾数差异)")
	asJSON := fs.Bool("json", false, "print the findings as JSON")
	if err := fs.Parse(args); err != nil {
		return exitUsage, nil
	}
	var docs []*corpus.Document
	status := exitOK
	if fs.NArg() == 0 {
		var err error
		if docs, err = corpus.Bundled(); err != nil {
			fmt.Fprintln(m.stderr, err)
			status = exitUsage
		}
	}
	for _, path := range fs.Args() {
		d, err := corpus.ParseFile(path, m.pdfReader())
		if err != nil {
			fmt.Fprintln(m.stderr, err)
			status = exitUsage
			continue
		}
		docs = append(docs, d)
	}
	docs = corpus.Assemble(docs)
	type report struct {
		Document string           `json:"document"`
		Findings []corpus.Finding `json:"findings"`
		Warnings []corpus.Warning `json:"warnings,omitempty"`
	}
	var reports []report
	errorsFound := false
	for _, d := range docs {
		var kept []corpus.Finding
		rounds := 0
		for _, f := range corpus.Check(d) {
			if f.Severity == corpus.SevError {
				errorsFound = true
			}
			if f.Severity == corpus.SevRounding && !*rounding {
				rounds++
				continue
			}
			kept = append(kept, f)
		}
		reports = append(reports, report{Document: d.File, Findings: kept, Warnings: d.Warnings})
		if *asJSON {
			continue
		}
		fmt.Fprintf(m.stdout, "== %s（%d年%s%s）\n", d.File, d.Year, d.Department, d.Kind)
		if len(kept) == 0 {
			fmt.Fprintln(m.stdout, "  未发现不一致。")
		}
		for _, f := range kept {
			fmt.Fprintln(m.stdout, "  "+f.String())
		}
		if rounds > 0 {
			fmt.Fprintf(m.stdout, "  另有 %d 处差异在尾数范围内（--rounding 列出）。\n", rounds)
		}
		if n := len(d.Warnings); n > 0 {
			fmt.Fprintf(m.stdout, "  解析警告 %d 条（budgetqa parse 查看）。\n", n)
		}
	}
	if *asJSON {
		enc := json.NewEncoder(m.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(reports); err != nil {
			return exitUsage, err
		}
	}
	if status == exitOK && errorsFound {
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
