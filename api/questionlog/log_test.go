package questionlog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// questions returns the questions of entries, joined by " ".
func questions(es []Entry) string {
	var qs []string
	for _, e := range es {
		qs = append(qs, e.Question)
	}
	return strings.Join(qs, " ")
}

func TestMemoryKeepsTheLatest(t *testing.T) {
	m := NewMemory(3)
	for _, q := range []string{"a", "b", "c", "d", "e"} {
		m.Record(Entry{Kind: KindQuestion, Question: q})
	}
	got, _ := m.Entries()
	if diff := cmp.Diff("c d e", questions(got)); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
}

func TestFileRotates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "questions.jsonl")
	l, err := OpenFile(path, 200, 2)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for i := range 12 {
		q := strings.Repeat("问", 10) + string(rune('a'+i))
		all = append(all, q)
		if err := l.Record(Entry{Time: time.Unix(int64(i), 0).UTC(), Kind: KindQuestion, Question: q}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := l.Entries()
	if err != nil {
		t.Fatal(err)
	}
	// Bounded: only the current file and two rotated ones are kept, the
	// newest entries, in order.
	if n := len(got); n == 0 || n >= 12 || questions(got) != strings.Join(all[12-n:], " ") {
		t.Errorf("entries %q, want the latest of %q in order", questions(got), all)
	}
	for _, p := range []string{path, path + ".1", path + ".2"} {
		if fi, err := os.Stat(p); err != nil || fi.Size() > 200 {
			t.Errorf("%s: %v, want a file of at most 200 bytes", p, err)
		}
	}
	if _, err := os.Stat(path + ".3"); err == nil {
		t.Error("a third rotated file kept")
	}
	// A line cut by a crash is skipped; reopening appends.
	l.Close()
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"kind":"question","quest`)
	f.Close()
	l, err = OpenFile(path, 1<<20, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	l.Record(Entry{Kind: KindQuestion, Question: "after"})
	got, _ = l.Entries()
	if last := got[len(got)-1].Question; last != "after" {
		t.Errorf("last entry %q, want the one after the cut line", last)
	}
}

func TestHashSession(t *testing.T) {
	a, b := HashSession("web-123"), HashSession("web-124")
	if a == b || a != HashSession("web-123") || len(a) != 16 || strings.Contains(a, "123") {
		t.Errorf("hashes %q %q, want 16 hex digits, stable, distinct", a, b)
	}
	if HashSession("") != "" {
		t.Error("an empty session hashed")
	}
}

func TestSummarize(t *testing.T) {
	at := func(s int) time.Time { return time.Unix(1700000000+int64(s), 0).UTC() }
	entries := []Entry{
		{Time: at(1), Kind: KindQuestion, Question: "办公费多少", Answered: true, Department: "甲"},
		{Time: at(2), Kind: KindQuestion, Question: "火星经费多少？", Department: "甲"},
		{Time: at(3), Kind: KindQuestion, Question: "火星 经费多少", Department: "乙"},
		{Time: at(4), Kind: KindQuestion, Question: "局长是谁"},
		{Time: at(5), Kind: KindFeedback, Question: "办公费多少", Rating: RatingDown, Answer: "500万元。"},
		{Time: at(6), Kind: KindFeedback, Question: "办公费多少", Rating: RatingUp},
	}
	got := Summarize(entries, 10)
	want := Summary{
		Questions: 4, Answered: 1, Up: 1, Down: 1,
		Unanswered: []Group{
			{Question: "火星 经费多少", Count: 2, Last: at(3), Departments: []string{"甲", "乙"}},
			{Question: "局长是谁", Count: 1, Last: at(4), Departments: []string{}},
		},
		Disliked: []Group{{Question: "办公费多少", Count: 1, Last: at(5), Departments: []string{}, Answer: "500万元。"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Summarize (-want +got):\n%s", diff)
	}
	if got := Summarize(entries, 1); len(got.Unanswered) != 1 {
		t.Errorf("%d groups, want at most 1", len(got.Unanswered))
	}
}
