package pdfium

import (
	"context"
	"os"
	"testing"
	"time"
)

// FuzzRead reads arbitrary bytes as a PDF: an error or pages, never a
// panic and never past the time limit.
func FuzzRead(f *testing.F) {
	for _, p := range []string{"testdata/garbage.pdf", "testdata/truncated.pdf", "testdata/encrypted.pdf", "../../testdata/pdf/jiangsu-renda-2019-yusuan-tables.pdf"} {
		if data, err := os.ReadFile(p); err == nil && len(data) < 100<<10 {
			f.Add(data)
		}
	}
	f.Add([]byte("%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/MediaBox[0 0 10 10]/Rotate 90>>endobj\ntrailer<</Root 1 0 R>>"))
	r := New(Config{CacheDir: testReader.cfg.CacheDir, Timeout: 20 * time.Second, Instances: 1})
	defer r.Close()
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := r.Read(context.Background(), data)
		if err != nil {
			return
		}
		for _, p := range file.Pages {
			if p.Width < 0 || p.Height < 0 {
				t.Fatalf("page %d: %gx%g", p.Number, p.Width, p.Height)
			}
			_ = p.Layout()
		}
	})
}
