package nlq

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestSessions(t *testing.T) {
	s := newSessions(3, 2, time.Hour)
	for i := range 5 {
		s.put("", fmt.Sprint(i), &turn{q: Query{Items: []string{fmt.Sprint(i)}}})
	}
	if s.Len() != 3 || s.get("0") != nil || s.get("1") != nil || s.get("4") == nil {
		t.Fatalf("bound: kept %d sessions, want the last 3", s.Len())
	}
	s.put("", "2", &turn{}) // asked again: now the most recent
	s.put("", "5", &turn{})
	if s.get("2") == nil || s.get("3") != nil {
		t.Errorf("least recently used: want 3 dropped and 2 kept")
	}
	if long := strings.Repeat("x", maxSessionID+1); func() bool { s.put("", long, &turn{}); return s.get(long) != nil }() {
		t.Errorf("an over-long session id was kept")
	}
}

func TestSessionsPerClient(t *testing.T) {
	s := newSessions(100, 2, time.Hour)
	s.put("alice", "a1", &turn{})
	for i := range 50 {
		s.put("mallory", fmt.Sprint("m", i), &turn{})
	}
	if s.get("a1") == nil {
		t.Errorf("one client's new sessions pushed out another's")
	}
	if s.get("m47") != nil || s.get("m48") == nil || s.get("m49") == nil {
		t.Errorf("a client keeps more than its last 2 sessions")
	}
	// The same session asked again from the client does not count twice.
	s.put("alice", "a1", &turn{})
	s.put("alice", "a2", &turn{})
	if s.get("a1") == nil || s.get("a2") == nil {
		t.Errorf("alice's two sessions: %v %v", s.get("a1"), s.get("a2"))
	}
}

func TestSessionsExpire(t *testing.T) {
	s := newSessions(10, 10, 50*time.Millisecond)
	s.put("", "x", &turn{})
	time.Sleep(120 * time.Millisecond)
	if s.get("x") != nil {
		t.Errorf("a session older than its lifetime is still there")
	}
}
