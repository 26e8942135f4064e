package corpus

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestZZFuzzCache(t *testing.T) {
	files, _ := filepath.Glob(os.Getenv("FZ") + "/*")
	for _, f := range files {
		data, _ := os.ReadFile(f)
		lines := strings.SplitN(string(data), "\n", 2)
		s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(lines[1]), "string("), ")"))
		if err != nil {
			continue
		}
		start := time.Now()
		done := make(chan bool)
		go func() { buildTable("x", parseBlock(s)); done <- true }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Logf("SLOW %s len=%d %q", f, len(s), s[:min(len(s), 300)])
			return
		}
		if d := time.Since(start); d > 100*time.Millisecond {
			t.Logf("%s %v", f, d)
		}
	}
}
