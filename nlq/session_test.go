package nlq

import (
	"fmt"
	"testing"
	"time"
)

func TestSessionStore(t *testing.T) {
	s := newSessionStore(3)
	now := time.Unix(0, 0)
	s.now = func() time.Time { return now }
	for i := 0; i < 5; i++ {
		s.put(fmt.Sprint(i), Query{Item: fmt.Sprint(i)})
	}
	if s.len() != 3 || s.get("0") != nil || s.get("1") != nil || s.get("4") == nil {
		t.Fatalf("bound: kept %d sessions, want the last 3", s.len())
	}
	s.put("2", Query{}) // asked again: now the most recent
	s.put("5", Query{})
	if s.get("2") == nil || s.get("3") != nil {
		t.Errorf("least recently used: want 3 dropped and 2 kept")
	}
	now = now.Add(SessionTTL + time.Second)
	if s.get("2") != nil {
		t.Errorf("a session older than SessionTTL is still there")
	}
	s.put("6", Query{})
	if s.len() != 1 {
		t.Errorf("expired sessions not dropped: %d kept", s.len())
	}
	long := make([]byte, maxSessionID+1)
	s.put(string(long), Query{})
	if s.get(string(long)) != nil {
		t.Errorf("an over-long session id was kept")
	}
}
