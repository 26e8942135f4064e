package nlq

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConversationGolden asks the conversations of testdata/conversations
// turn by turn in their sessions, and compares each turn's query and
// answer with the golden file: every row of the follow-up table is there.
func TestConversationGolden(t *testing.T) {
	e := indexedTestEngine(t)
	f, err := os.Open("testdata/conversations/conversations.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	sc := bufio.NewScanner(f)
	session := ""
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "#") || strings.TrimSpace(l) == "" {
			continue
		}
		c := strings.Split(l, "\t")
		if len(c) < 4 {
			t.Fatalf("bad line %q", l)
		}
		row, sid, dept, question := c[0], c[1], c[2], c[3]
		if sid != session {
			fmt.Fprintf(&b, "== %s\n", sid)
			session = sid
		}
		resp := e.Ask(Request{Question: question, Department: dept, SessionID: "golden-" + sid})
		fmt.Fprintf(&b, "[%s] Q: %s\nquery: %s\nanswered: %v: %s\n", row, question, resp.Query, resp.Answered, resp.Answer.Text)
		if resp.Answer.Value.Valid {
			fmt.Fprintf(&b, "value: %s %s\n", resp.Answer.Value, resp.Answer.Unit)
		}
		for _, it := range resp.Answer.Items {
			fmt.Fprintf(&b, "item: %s %s%s\n", it.Name, it.Value, it.Unit)
		}
		if resp.Arithmetic != "" {
			fmt.Fprintf(&b, "arithmetic: %s\n", resp.Arithmetic)
		}
		if resp.Clarify != nil {
			for _, o := range resp.Clarify.Options {
				fmt.Fprintf(&b, "option: %s\n", o.Question)
			}
		}
		if len(c) > 4 && c[4] != "" {
			switch want := c[4]; {
			case want == "-" && resp.Answered:
				t.Errorf("%s %q: answered %s, want not answered", sid, question, resp.Answer.Text)
			case want != "-" && !sameValue(resp.Answer.Value.String(), want):
				t.Errorf("%s %q: value %q (%s), want %s", sid, question, resp.Answer.Value, resp.Answer.Text, want)
			}
		}
	}
	compareGolden(t, filepath.Join("testdata", "conversations", "conversations.golden"), b.String())
}
