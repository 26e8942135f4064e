package nlq

import (
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
	"github.com/shopspring/decimal"
)

// SessionTTL is how long a session's context lasts after its last question.
const SessionTTL = 30 * time.Minute

// maxSessionID bounds the length of a session id kept.
const maxSessionID = 128

// Defaults of NewSessions.
const (
	DefaultMaxSessions       = 10000
	DefaultSessionsPerClient = 50
)

// Sessions keeps the conversations of a server: each session's last turn,
// for the follow-ups of the next. It is bounded in all (the least recently
// used session goes first) and per client (one client's new sessions push
// out only its own oldest), and a session expires SessionTTL after its last
// question. It outlives the engines built over changing documents: give
// the same Sessions to each (Options.Sessions), and a conversation goes on
// across an upload or a reload. Safe for concurrent use.
type Sessions struct {
	mu        sync.Mutex
	all       *expirable.LRU[string, *turn]
	clients   *expirable.LRU[string, []string] // a client's sessions, oldest first
	perClient int
}

// NewSessions returns a store of at most max sessions, perClient of one
// client (0: the defaults).
func NewSessions(max, perClient int) *Sessions { return newSessions(max, perClient, SessionTTL) }

func newSessions(max, perClient int, ttl time.Duration) *Sessions {
	if max <= 0 {
		max = DefaultMaxSessions
	}
	if perClient <= 0 {
		perClient = DefaultSessionsPerClient
	}
	return &Sessions{
		all:       expirable.NewLRU[string, *turn](max, nil, ttl),
		clients:   expirable.NewLRU[string, []string](max, nil, ttl),
		perClient: perClient,
	}
}

// Len returns the number of sessions kept.
func (s *Sessions) Len() int { return s.all.Len() }

// get returns the last turn of a session, or nil.
func (s *Sessions) get(id string) *turn {
	if id == "" {
		return nil
	}
	t, ok := s.all.Get(id)
	if !ok {
		return nil
	}
	return t
}

// put records the last turn of session id, asked by client ("" for one
// not known: only the overall bound applies).
func (s *Sessions) put(client, id string, t *turn) {
	if id == "" || len(id) > maxSessionID {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, had := s.all.Peek(id); !had && client != "" {
		ids, _ := s.clients.Get(client)
		ids = append(ids, id)
		for len(ids) > s.perClient {
			s.all.Remove(ids[0])
			ids = ids[1:]
		}
		s.clients.Add(client, ids)
	}
	s.all.Add(id, t)
}

// turn is what a session keeps of its last question: the query as it was
// resolved (department, years as answered), and the figures answered in
// the last turns, which derived follow-ups ("两个加起来", "差额是多少") use.
type turn struct {
	q       Query
	figures []figure // oldest first, at most maxFigures
	options []Option // of a clarification: a reply "2" asks the second
}

// maxFigures is how many answered figures a session remembers.
const maxFigures = 3

// figure is one answered figure, as follow-ups use it.
type figure struct {
	value   decimal.Decimal
	unit    string
	year    int
	dept    string // the department's entity name
	item    string // as the answer names it
	measure string
	src     SourceRef
}
