package wechat

import (
	"crypto/sha256"
	"strconv"
	"testing"
	"time"
)

func TestReplayGuard(t *testing.T) {
	now := time.Unix(1700000000, 0)
	ts := strconv.FormatInt(now.Unix(), 10)
	a, b := sha256.Sum256([]byte("a")), sha256.Sum256([]byte("b"))
	g := newReplayGuard(5*time.Minute, 3)
	steps := []struct {
		name      string
		timestamp string
		nonce     string
		body      [32]byte
		at        time.Time
		want      error
	}{
		{"first", ts, "1", a, now, nil},
		{"retry of the same message", ts, "1", a, now.Add(time.Second), nil},
		{"another message on the same URL", ts, "1", b, now.Add(time.Second), ErrReplay},
		{"another nonce", ts, "2", b, now, nil},
		{"at the window's edge", ts, "3", a, now.Add(5 * time.Minute), nil},
		{"past the window", ts, "4", a, now.Add(5*time.Minute + time.Second), ErrStale},
		{"ahead of the window", ts, "5", a, now.Add(-6 * time.Minute), ErrStale},
		{"not a number", "1700000000.5", "6", a, now, ErrStale},
		{"empty", "", "7", a, now, ErrStale},
		// Memory is bounded: the oldest nonces go, and their timestamps
		// are refused once they are out of the window.
		{"evicts the first", ts, "8", a, now, nil},
		{"the first forgotten", ts, "1", b, now, nil},
	}
	for _, st := range steps {
		if err := g.check(st.timestamp, st.nonce, st.body, st.at); err != st.want {
			t.Errorf("%s: check = %v, want %v", st.name, err, st.want)
		}
	}
	if len(g.seen) > 3 || len(g.order) > 3 {
		t.Errorf("guard holds %d nonces, want at most 3", len(g.seen))
	}
	// Nonces older than the window need no memory.
	g.check(strconv.FormatInt(now.Add(20*time.Minute).Unix(), 10), "9", a, now.Add(20*time.Minute))
	if len(g.seen) != 1 {
		t.Errorf("after the window: %d nonces kept, want 1", len(g.seen))
	}
}
