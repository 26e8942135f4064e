package pdfium

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// samplePDFs returns the twelve sample PDFs.
func samplePDFs(b *testing.B) [][]byte {
	b.Helper()
	paths, _ := filepath.Glob("../../testdata/pdf/*.pdf")
	if len(paths) == 0 {
		b.Skip("no sample PDFs")
	}
	var out [][]byte
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, data)
	}
	return out
}

// BenchmarkRead reads the twelve sample PDFs (308 pages) with a warm
// reader, on as many cores as GOMAXPROCS allows (run with -cpu 1 for one
// core), and reports pages a second and the process's peak RSS.
func BenchmarkRead(b *testing.B) {
	files := samplePDFs(b)
	if _, err := testReader.Start(); err != nil {
		b.Fatal(err)
	}
	pages := 0
	b.ResetTimer()
	for b.Loop() {
		for _, data := range files {
			f, err := testReader.Read(context.Background(), data)
			if err != nil {
				b.Fatal(err)
			}
			pages += len(f.Pages)
		}
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(peakRSS())/(1<<20), "peak-RSS-MiB")
}

// BenchmarkStart starts PDFium in a new reader: compiling the WebAssembly
// module (cold, an empty cache folder) or loading the compiled code from
// the cache folder (warm).
func BenchmarkStart(b *testing.B) {
	for _, warm := range []bool{false, true} {
		name := map[bool]string{false: "cold", true: "warm"}[warm]
		b.Run(name, func(b *testing.B) {
			cache := b.TempDir()
			if warm {
				r := New(Config{CacheDir: cache})
				if _, err := r.Start(); err != nil {
					b.Fatal(err)
				}
				r.Close()
			}
			var total time.Duration
			for b.Loop() {
				dir := cache
				if !warm {
					dir = filepath.Join(b.TempDir(), "cache")
				}
				r := New(Config{CacheDir: dir})
				d, err := r.Start()
				if err != nil {
					b.Fatal(err)
				}
				total += d
				r.Close()
			}
		})
	}
}

// peakRSS returns the process's peak resident set in bytes (Linux).
func peakRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}
