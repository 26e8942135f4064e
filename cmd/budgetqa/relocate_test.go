package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRelocatedBinary builds the command as a release would (-trimpath, so
// gojieba's build-time dictionary path means nothing), moves it with its
// dict folder to a new place, and asks a question that needs jieba: the
// binary must find the dictionary beside itself. Without the folder it must
// still answer figures and say why search is off, not crash.
func TestRelocatedBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	gojieba, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/yanyiwu/gojieba").Output()
	if err != nil {
		t.Fatalf("locating gojieba: %v", err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "release", "budgetqa")
	build := exec.Command("go", "build", "-trimpath", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dicts, _ := filepath.Glob(filepath.Join(strings.TrimSpace(string(gojieba)), "deps", "cppjieba", "dict", "*.utf8"))
	if len(dicts) == 0 {
		t.Fatal("no jieba dictionary files found")
	}
	ask := func(t *testing.T) (string, string) {
		t.Helper()
		cmd := exec.Command(bin, "ask", "--department", "信访局", "信访局的主要职责是什么")
		cmd.Dir = t.TempDir() // not the build tree
		cmd.Env = withoutEnv(os.Environ(), "BUDGETQA_JIEBA_DICT")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		// Exit 1 is a question not answered, as without the index.
		if err := cmd.Run(); err != nil && cmd.ProcessState.ExitCode() != exitUnanswered {
			t.Fatalf("running the moved binary: %v\n%s", err, stderr.String())
		}
		return stdout.String(), stderr.String()
	}

	t.Run("without its dictionary", func(t *testing.T) {
		out, errOut := ask(t)
		if !strings.Contains(errOut, "jieba") || strings.Contains(out, "主要职责是：") {
			t.Errorf("want search disabled with a jieba error; stdout %q stderr %q", out, errOut)
		}
	})
	t.Run("with its dictionary beside it", func(t *testing.T) {
		dictDir := filepath.Join(filepath.Dir(bin), "dict")
		if err := os.MkdirAll(dictDir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range dicts {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dictDir, filepath.Base(f)), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		out, errOut := ask(t)
		if !strings.Contains(out, "主要职责") {
			t.Errorf("want the 部门职责 passage; stdout %q stderr %q", out, errOut)
		}
	})
}

func withoutEnv(env []string, name string) []string {
	var out []string
	for _, e := range env {
		if !strings.HasPrefix(e, name+"=") {
			out = append(out, e)
		}
	}
	return out
}
