package wechat

import (
	"strconv"
	"sync"
	"time"
)

// replayGuard refuses requests whose timestamp is outside a window around
// the server's clock, and requests that reuse a timestamp and nonce with
// another body: WeChat's signature covers neither the body (outside 安全模式)
// nor the time it is used, so without it one captured URL would carry any
// message, for ever. A retry of the same message, which WeChat may send
// with the same query, passes.
type replayGuard struct {
	window time.Duration
	max    int

	mu    sync.Mutex
	seen  map[string]seenNonce
	order []string // keys, oldest first
}

// seenNonce is what a timestamp and nonce were first used with.
type seenNonce struct {
	body [32]byte // SHA-256 of the body
	at   time.Time
}

// newReplayGuard returns a guard with a window, remembering at most max
// nonces (the oldest go first; a nonce older than the window needs no
// memory, since its timestamp is refused anyway).
func newReplayGuard(window time.Duration, max int) *replayGuard {
	return &replayGuard{window: window, max: max, seen: map[string]seenNonce{}}
}

// check admits a request with timestamp and nonce carrying a body of
// digest sum at now.
func (g *replayGuard) check(timestamp, nonce string, sum [32]byte, now time.Time) error {
	if err := g.fresh(timestamp, now); err != nil {
		return err
	}
	key := timestamp + "|" + nonce
	g.mu.Lock()
	defer g.mu.Unlock()
	g.forget(now)
	if s, ok := g.seen[key]; ok {
		if s.body != sum {
			return ErrReplay
		}
		return nil
	}
	g.seen[key] = seenNonce{body: sum, at: now}
	g.order = append(g.order, key)
	return nil
}

// forget drops the nonces older than twice the window, and the oldest
// beyond max. The caller holds g.mu.
func (g *replayGuard) forget(now time.Time) {
	drop := 0
	for drop < len(g.order) {
		s := g.seen[g.order[drop]]
		if len(g.order)-drop < g.max && now.Sub(s.at) <= 2*g.window {
			break
		}
		delete(g.seen, g.order[drop])
		drop++
	}
	g.order = g.order[drop:]
}

// fresh checks that timestamp (seconds since 1970) is within the window
// around now.
func (g *replayGuard) fresh(timestamp string, now time.Time) error {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return ErrStale
	}
	if d := now.Sub(time.Unix(ts, 0)); d > g.window || d < -g.window {
		return ErrStale
	}
	return nil
}
