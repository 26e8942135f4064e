package nlq

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestDebugParse(t *testing.T) {
	if os.Getenv("DEBUGPARSE") == "" {
		t.Skip()
	}
	files, _ := filepath.Glob("/work/shared/eval/questions-*.jsonl")
	depts := []string{"深圳市龙岗区信访局", "江苏省人大常委会办公厅", "上海市普陀区财政局", "上海市普陀区司法局"}
	for _, f := range files {
		fh, _ := os.Open(f)
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			var r struct {
				Question string
				Expect   map[string]any
			}
			json.Unmarshal(sc.Bytes(), &r)
			q, _ := Parse(r.Question, Scope{Depts: depts})
			fmt.Printf("%-40s %s\n", r.Question, q)
		}
		fh.Close()
	}
}
