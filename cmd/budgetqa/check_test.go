package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckCommand runs budgetqa check on documents with and without
// findings, and on files it cannot read, in each output format.
func TestCheckCommand(t *testing.T) {
	t.Setenv(PDFCacheEnv, filepath.Join(os.TempDir(), "budgetqa-test-wazero"))
	const (
		docs  = "../../corpus/docs/"
		pdfs  = "../../testdata/pdf/"
		found = "shanghai-putuo-caizhengju-2024-juesuan.txt"
		clean = "shanghai-putuo-zhengfubangongshi-2025-yusuan.pdf"
	)
	notBudget := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(notBudget, []byte("这不是预算文件。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want int
		out  []string // all in stdout
	}{
		{"errors found", []string{docs + found}, exitFindings, []string{"[错误]", "0.3万元", "规则：text.vs_table", "共检查 1 份文件：错误 2 处"}},
		{"rounding listed", []string{"--rounding", docs + found}, exitFindings, []string{"[尾数差异]", "尾数容差"}},
		{"clean PDF", []string{pdfs + clean}, exitOK, []string{"未发现不一致", "未发现需要更正的问题"}},
		{"json", []string{"--json", docs + found}, exitFindings, []string{`"severity": "error"`, `"rule": "text.vs_table"`, `"stated": 0.3`}},
		{"html", []string{"--html", pdfs + clean}, exitOK, []string{"<!doctype html>", "什么是尾数差异"}},
		{"missing file", []string{docs + "nope.txt"}, exitUsage, []string{"共检查 0 份文件"}},
		{"not a budget", []string{notBudget, docs + found}, exitUsage, []string{"共检查 1 份文件"}},
		{"json and html", []string{"--json", "--html", docs + found}, exitUsage, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			m := NewMain(nil, &out, &errOut)
			defer m.Close()
			code, err := m.Run(context.Background(), append([]string{"check"}, tt.args...))
			if code != tt.want {
				t.Errorf("exit %d (%v), want %d; stderr:\n%s", code, err, tt.want, errOut.String())
			}
			for _, w := range tt.out {
				if !strings.Contains(out.String(), w) {
					t.Errorf("no %q in output:\n%s", w, clipOutput(out.String()))
				}
			}
		})
	}
}

// TestCheckJSONShape checks the JSON report's stable shape: findings an
// array even when empty, English severity codes, numbers for figures.
func TestCheckJSONShape(t *testing.T) {
	var out bytes.Buffer
	m := NewMain(nil, &out, &out)
	defer m.Close()
	if code, err := m.Run(context.Background(), []string{"check", "--json"}); code != exitFindings {
		t.Fatalf("exit %d (%v)", code, err)
	}
	var r struct {
		Version int
		Counts  map[string]int
		// Documents are decoded loosely, to see the JSON types.
		Documents []map[string]any
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r.Version != 1 || len(r.Documents) != 6 {
		t.Fatalf("version %d, %d documents", r.Version, len(r.Documents))
	}
	for _, k := range []string{"error", "warning", "rounding"} {
		if _, ok := r.Counts[k]; !ok {
			t.Errorf("counts without %q: %v", k, r.Counts)
		}
	}
	for _, d := range r.Documents {
		fs, ok := d["findings"].([]any)
		if !ok {
			t.Fatalf("%v: findings not an array: %T", d["file"], d["findings"])
		}
		for _, f := range fs {
			f := f.(map[string]any)
			switch f["severity"] {
			case "error", "warning":
			default:
				t.Errorf("severity %v without --rounding", f["severity"])
			}
			if v, ok := f["stated"]; ok {
				if _, isNum := v.(float64); !isNum {
					t.Errorf("stated %v is %T, want a number", v, v)
				}
			}
			if f["rule"] == "" || f["places"] == nil {
				t.Errorf("finding without rule or places: %v", f)
			}
		}
	}
}

func clipOutput(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}
