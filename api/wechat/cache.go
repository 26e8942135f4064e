package wechat

import (
	"sync"
	"time"
)

// replyCache remembers the reply to each recent message, so that WeChat's
// retries of a message are answered once. It holds at most max messages,
// forgetting the oldest, and none older than ttl.
type replyCache struct {
	mu      sync.Mutex
	max     int
	ttl     time.Duration
	entries map[string]*replyEntry
	order   []string // keys, oldest first
}

// replyEntry is the reply to one message; done is closed when it is known.
type replyEntry struct {
	done  chan struct{}
	reply string
	at    time.Time
}

// finish records the reply.
func (e *replyEntry) finish(reply string) {
	e.reply = reply
	close(e.done)
}

// newReplyCache returns an empty cache.
func newReplyCache(max int, ttl time.Duration) *replyCache {
	return &replyCache{max: max, ttl: ttl, entries: map[string]*replyEntry{}}
}

// get returns the entry of key, and whether it is new: the caller of a new
// entry answers the message and calls finish.
func (rc *replyCache) get(key string, now time.Time) (*replyEntry, bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if e, ok := rc.entries[key]; ok && now.Sub(e.at) < rc.ttl {
		return e, false
	}
	for len(rc.order) > 0 {
		oldest := rc.entries[rc.order[0]]
		if oldest != nil && len(rc.entries) < rc.max && now.Sub(oldest.at) < rc.ttl {
			break
		}
		delete(rc.entries, rc.order[0])
		rc.order = rc.order[1:]
	}
	e := &replyEntry{done: make(chan struct{}), at: now}
	if _, stale := rc.entries[key]; stale {
		rc.removeKey(key)
	}
	rc.entries[key] = e
	rc.order = append(rc.order, key)
	return e, true
}

// removeKey drops key from the order.
func (rc *replyCache) removeKey(key string) {
	for i, k := range rc.order {
		if k == key {
			rc.order = append(rc.order[:i], rc.order[i+1:]...)
			return
		}
	}
}
