package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// requestIDHeader carries a request's id, honoured when the client (or a
// proxy in front) sends a sane one, and echoed in every response.
const requestIDHeader = "X-Request-ID"

// requestIDKey is the key of the request id in gin.Context and in the
// request's context.Context.
type requestIDKey struct{}

// ginRequestID is the gin.Context key of the request id.
const ginRequestID = "request_id"

// RequestID returns the id the server gave the request whose context is
// ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// requestID takes the request's X-Request-ID when it is a short token of
// safe characters, or makes one, and records it in the contexts and the
// response.
func (s *Server) requestID(c *gin.Context) {
	id := c.GetHeader(requestIDHeader)
	if !validRequestID(id) {
		id = newRequestID()
	}
	c.Set(ginRequestID, id)
	c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), requestIDKey{}, id))
	c.Header(requestIDHeader, id)
	c.Next()
}

// validRequestID reports whether id is 1 to 128 letters, digits or ._:-, so
// that it cannot forge log lines.
func validRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		b := id[i]
		ok := b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '.' || b == '_' || b == ':' || b == '-'
		if !ok {
			return false
		}
	}
	return true
}

// newRequestID returns 16 random bytes in hex.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	return hex.EncodeToString(b[:])
}

// routeLabel returns the route pattern that served c, for logs and metrics:
// "unmatched" for unknown routes and wrong methods, so that scanners cannot
// grow the metrics without bound.
func routeLabel(c *gin.Context) string {
	if r := c.FullPath(); r != "" {
		return r
	}
	return "unmatched"
}

// accessLog logs one line per request and records the request metrics.
func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	d := time.Since(start)
	status := c.Writer.Status()
	route := routeLabel(c)
	s.metrics.observe(route, c.Request.Method, status, d)

	level := slog.LevelInfo
	switch {
	case status == http.StatusServiceUnavailable:
		level = slog.LevelWarn // not ready yet, or no index: expected while starting
	case status >= 500:
		level = slog.LevelError
	}
	if !s.log.Enabled(c.Request.Context(), level) {
		return
	}
	attrs := []slog.Attr{
		slog.String("request_id", c.GetString(ginRequestID)),
		slog.String("method", c.Request.Method),
		slog.String("path", c.Request.URL.Path),
		slog.String("route", route),
		slog.Int("status", status),
		slog.Float64("duration_ms", float64(d.Microseconds())/1000),
		slog.Int("bytes", max(c.Writer.Size(), 0)),
		slog.String("client_ip", c.ClientIP()),
	}
	if errs := c.Errors.String(); errs != "" {
		attrs = append(attrs, slog.String("errors", strings.TrimSpace(errs)))
	}
	s.log.LogAttrs(c.Request.Context(), level, "request", attrs...)
}

// recovery turns a panic in a handler into a logged 500, the only path to
// one: a panic is a bug. http.ErrAbortHandler is passed on, as net/http
// means it.
func (s *Server) recovery(c *gin.Context) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if v == http.ErrAbortHandler {
			panic(v)
		}
		s.log.LogAttrs(c.Request.Context(), slog.LevelError, "panic",
			slog.String("request_id", c.GetString(ginRequestID)),
			slog.String("route", routeLabel(c)),
			slog.String("panic", fmt.Sprint(v)),
			slog.String("stack", string(debug.Stack())))
		if c.Writer.Written() {
			c.Abort()
			return
		}
		abortError(c, newError(codeInternal, "服务器内部错误，请稍后再试"))
	}()
	c.Next()
}

// limitBody refuses a body whose declared length is over the limit and
// bounds the reading of any other, so that a handler reading too much gets
// an *http.MaxBytesError.
// Uploads to the admin routes and to /v1/check may be as large as a
// document.
func (s *Server) limitBody(c *gin.Context) {
	limit := s.cfg.MaxBodyBytes
	if s.cfg.AdminToken != "" && strings.HasPrefix(c.Request.URL.Path, adminPath) || c.Request.URL.Path == checkPath {
		limit = maxUploadBytes
	}
	if c.Request.ContentLength > limit {
		abortError(c, tooLarge(limit))
		return
	}
	if c.Request.Body != nil {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	}
	c.Next()
}

// tooLarge is the error of a body over limit bytes.
func tooLarge(limit int64) *Error {
	return newError(codeRequestTooLarge, fmt.Sprintf("请求内容过大（不能超过 %d KB）", limit>>10))
}

// corsPolicy is the allow-list of origins browsers may call from.
type corsPolicy struct {
	any     bool
	origins map[string]bool
}

// newCORSPolicy checks and normalises the allowed origins.
func newCORSPolicy(origins []string) (*corsPolicy, error) {
	p := &corsPolicy{origins: map[string]bool{}}
	for _, o := range origins {
		o = strings.TrimSpace(o)
		switch {
		case o == "":
			continue
		case o == "*":
			p.any = true
			continue
		}
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
			return nil, fmt.Errorf("api: CORS origin %q, want scheme://host[:port] or *", o)
		}
		p.origins[strings.ToLower(u.Scheme+"://"+u.Host)] = true
	}
	return p, nil
}

// allows reports whether a request from origin may read the response.
func (p *corsPolicy) allows(origin string) bool {
	return origin != "" && (p.any || p.origins[strings.ToLower(origin)])
}

// corsHeaders adds the CORS headers for allowed origins and answers
// preflight requests: 204 for an allowed origin, 403 for another.
func (s *Server) corsHeaders(c *gin.Context) {
	origin := c.GetHeader("Origin")
	preflight := c.Request.Method == http.MethodOptions && origin != "" && c.GetHeader("Access-Control-Request-Method") != ""
	if origin != "" {
		c.Writer.Header().Add("Vary", "Origin")
	}
	if !s.cors.allows(origin) {
		if preflight {
			abortError(c, newError(codeForbidden, "不允许从该网站跨域访问"))
			return
		}
		c.Next()
		return
	}
	h := c.Writer.Header()
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Expose-Headers", "X-Request-ID, Retry-After")
	if preflight {
		h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
		h.Set("Access-Control-Allow-Headers", "Content-Type, X-Request-ID")
		h.Set("Access-Control-Max-Age", "600")
		c.AbortWithStatus(http.StatusNoContent)
		return
	}
	c.Next()
}
