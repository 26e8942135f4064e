package wechat

import (
	"testing"
	"time"
)

func TestReplyCache(t *testing.T) {
	rc := newReplyCache(2, time.Minute)
	now := time.Unix(1700000000, 0)
	a, first := rc.get("a", now)
	if !first {
		t.Fatal("a not new")
	}
	a.finish("A")
	if e, first := rc.get("a", now.Add(time.Second)); first || e.reply != "A" {
		t.Errorf("a again: first %v reply %q", first, e.reply)
	}
	rc.get("b", now)
	rc.get("c", now) // evicts a, the oldest
	if _, first := rc.get("a", now); !first {
		t.Error("a kept past the bound")
	}
	if len(rc.entries) > 2 || len(rc.order) > 2 {
		t.Errorf("cache holds %d entries, %d keys, want at most 2", len(rc.entries), len(rc.order))
	}
	if _, first := rc.get("a", now.Add(2*time.Minute)); !first {
		t.Error("a kept past its time to live")
	}
}
