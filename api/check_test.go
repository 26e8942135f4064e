package api

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/budgetqa/budgetqa/corpus"
)

// TestCheckUpload posts documents to /v1/check as the chat page's 文件检查
// does and as a program would: the HTML report with the printed pages, or
// the JSON report; refusals as the shared error structure.
func TestCheckUpload(t *testing.T) {
	srv, err := New(Config{Renderer: testPDF, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	pdfData, err := os.ReadFile("../testdata/pdf/shanghai-putuo-wanlijiedao-2024-yusuan.pdf")
	if err != nil {
		t.Fatal(err)
	}
	text := corpus.BundledText()["shanghai-putuo-caizhengju-2024-juesuan.txt"]
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	fw, _ := mw.CreateFormFile("file", "万里街道2024.pdf")
	fw.Write(pdfData)
	mw.Close()
	big := bytes.Repeat([]byte("预"), corpus.MaxPDFSize/3+1)

	tests := []struct {
		name   string
		target string
		ctype  string
		accept string
		body   []byte
		status int
		want   []string // in the body
	}{
		{"PDF, HTML report with its pages", "/v1/check", mw.FormDataContentType(), "", mp.Bytes(), 200,
			[]string{"<!doctype html>", "万里街道2024.pdf", "text.item_amount", "350.35万元", "data:image/png;base64,", "第9页，红框标出", "什么是尾数差异"}},
		{"text, JSON report", "/v1/check?name=caizhengju.txt&rounding=1", "text/plain", "application/json", text, 200,
			[]string{`"severity": "error"`, `"severity": "rounding"`, `"rounding_listed": true`, `"stated": 0.3`}},
		{"no name", "/v1/check", "text/plain", "", text, 400, []string{codeBadParameter}},
		{"not a budget", "/v1/check?name=a.txt", "text/plain", "", []byte("你好，世界"), 422, []string{codeUnreadableDocument}},
		{"JSON body", "/v1/check?name=a.txt", "application/json", "", []byte("{}"), 415, []string{codeUnsupportedMedia}},
		{"too large", "/v1/check?name=a.txt", "text/plain", "", big, 413, []string{codeRequestTooLarge}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			headers := []string{"Content-Type", tt.ctype}
			if tt.accept != "" {
				headers = append(headers, "Accept", tt.accept)
			}
			rec := do(t, h, http.MethodPost, tt.target, bytes.NewReader(tt.body), headers...)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, clip(rec.Body.String(), 300))
			}
			for _, w := range tt.want {
				if !strings.Contains(rec.Body.String(), w) {
					t.Errorf("no %q in %s", w, clip(rec.Body.String(), 300))
				}
			}
			if tt.status == 200 && tt.accept == "application/json" {
				var r struct {
					Documents []struct{ Findings []json.RawMessage }
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil || len(r.Documents) != 1 || len(r.Documents[0].Findings) == 0 {
					t.Errorf("JSON report %v: %s", err, clip(rec.Body.String(), 300))
				}
			}
		})
	}
}

// TestCheckNeedsNoBackend checks that /v1/check answers before the
// documents are loaded: it reads only what it is sent.
func TestCheckNeedsNoBackend(t *testing.T) {
	env := newEnvNotReady(t, Config{})
	text := corpus.BundledText()["shanghai-putuo-sifaju-2026-yusuan.txt"]
	rec := do(t, env.h, http.MethodPost, "/v1/check?name=s.txt", bytes.NewReader(text), "Content-Type", "text/plain", "Accept", "application/json")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, clip(rec.Body.String(), 300))
	}
}
