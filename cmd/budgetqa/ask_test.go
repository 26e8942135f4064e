package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"unicode"

	"github.com/budgetqa/budgetqa/nlq"
)

func TestAskExitStatus(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the bundled corpus")
	}
	for _, tt := range []struct {
		name string
		args []string
		want int
	}{
		{"answered", []string{"ask", "信访稳定备用金多少"}, exitOK},
		{"not answered", []string{"ask", "信访局局长是谁"}, exitUnanswered},
		{"no question", []string{"ask"}, exitUsage},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			m := NewMain(strings.NewReader(""), &out, &errOut)
			defer m.Close()
			if got, _ := m.Run(context.Background(), tt.args); got != tt.want {
				t.Errorf("exit %d, want %d; stdout %q", got, tt.want, out.String())
			}
		})
	}
}

// TestAskLinesErrorsInChinese: a malformed request line gets an error line
// whose message is Chinese, without the JSON parser's English.
func TestAskLinesErrorsInChinese(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the bundled corpus")
	}
	in := strings.Join([]string{
		`{"question":"信访稳定备用金多少"}`,
		`{"question":`,
		`{"question": 42}`,
		`not json`,
		`["a"]`,
		`{"question":"   "}`,
	}, "\n") + "\n"
	var out, errOut bytes.Buffer
	m := NewMain(strings.NewReader(in), &out, &errOut)
	defer m.Close()
	if code, err := m.Run(context.Background(), []string{"ask", "--jsonl"}); code != exitOK || err != nil {
		t.Fatalf("exit %d, %v; want 0 once every line has its response", code, err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 6 {
		t.Fatalf("%d response lines for 6 requests", len(lines))
	}
	for i, l := range lines[1:] {
		var r nlq.Response
		if err := json.Unmarshal([]byte(l), &r); err != nil || r.Error == nil {
			t.Fatalf("line %d: %s, want an error", i+2, l)
		}
		for _, english := range []string{"invalid character", "unexpected", "cannot unmarshal", "looking for", "EOF", "Go value"} {
			if strings.Contains(r.Error.Message, english) {
				t.Errorf("line %d: message %q has the parser's English", i+2, r.Error.Message)
			}
		}
		if !strings.ContainsFunc(r.Error.Message, func(c rune) bool { return unicode.Is(unicode.Han, c) }) {
			t.Errorf("line %d: message %q, want Chinese", i+2, r.Error.Message)
		}
	}
}
