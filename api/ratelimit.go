package api

import (
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"
)

// maxClients is how many clients the limiter tracks before it forgets the
// idle ones.
const maxClients = 10000

// limiter is a token bucket per client key (an IP address, or a WeChat
// user).
type limiter struct {
	mu      sync.Mutex
	limit   rate.Limit
	burst   int
	clients map[string]*rate.Limiter
	now     func() time.Time // time.Now; tests replace it
}

// newLimiter returns a limiter of r requests per second, bursts of burst.
func newLimiter(r float64, burst int) *limiter {
	return &limiter{limit: rate.Limit(r), burst: burst, clients: map[string]*rate.Limiter{}, now: time.Now}
}

// allow takes a token for key, or says how long until one is free.
func (l *limiter) allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	lim, ok := l.clients[key]
	if !ok {
		if len(l.clients) >= maxClients {
			l.forgetIdle(now)
		}
		lim = rate.NewLimiter(l.limit, l.burst)
		l.clients[key] = lim
	}
	r := lim.ReserveN(now, 1)
	if !r.OK() {
		return false, time.Second
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// forgetIdle drops the clients whose bucket is full again: a new bucket
// for them is the same. If every client is busy the map grows past
// maxClients until they are not.
func (l *limiter) forgetIdle(now time.Time) {
	for k, lim := range l.clients {
		if lim.TokensAt(now) >= float64(l.burst) {
			delete(l.clients, k)
		}
	}
}

// retryAfter formats a wait as whole seconds, at least 1, for Retry-After.
func retryAfter(d time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(d.Seconds()))))
}

// rateLimit answers 429 with Retry-After to a client over its rate.
func (s *Server) rateLimit(c *gin.Context) {
	if s.limiter == nil {
		return
	}
	if ok, wait := s.limiter.allow("ip:" + c.ClientIP()); !ok {
		c.Header("Retry-After", retryAfter(wait))
		abortError(c, newError(codeRateLimited, "请求太频繁，请稍后再试"))
	}
}
