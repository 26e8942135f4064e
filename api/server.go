package api

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/index"
	"github.com/budgetqa/budgetqa/nlq"
)

// Answerer answers one question; *nlq.Engine is one. It must be safe for
// concurrent use and keep the sessions named by Request.SessionID.
type Answerer interface {
	Ask(req nlq.Request) nlq.Response
}

// Searcher runs a full-text search over facts and paragraphs; *index.Index
// is one. It must be safe for concurrent use.
type Searcher interface {
	Search(q string, f index.Filter, n int) ([]index.Hit, error)
}

// Library lists the documents being served; *nlq.Engine and *index.Index
// are both one. The documents must not change once handed over.
type Library interface {
	Documents() []*corpus.Document
}

// Backend is what the server answers from.
type Backend struct {
	Answerer Answerer // required
	Library  Library  // required
	Searcher Searcher // optional: without it /v1/search answers 503
	// Admin, optional, changes the documents; the admin routes exist only
	// when Config.AdminToken is set, and answer 503 without an Admin.
	Admin Admin
	// Sources, optional, returns documents' source files: the PDF and page
	// image routes answer 404 without it.
	Sources Sources
}

// Defaults of Config's zero fields.
const (
	DefaultMaxBodyBytes  = 64 << 10
	DefaultWeChatTimeout = 4500 * time.Millisecond
)

// Config configures a Server. Its zero value is usable: no CORS, no rate
// limit, no WeChat endpoint, no static assets.
type Config struct {
	// CORSOrigins lists the origins ("https://example.gov.cn") that browsers
	// may call the API from; "*" allows any.
	CORSOrigins []string
	// TrustedProxies lists the addresses or CIDRs of reverse proxies whose
	// X-Forwarded-For is believed when finding a client's address; empty
	// means the peer address is the client's.
	TrustedProxies []string
	// Rate is the sustained number of requests per second one client (IP
	// address, or WeChat user) may make, with bursts of Burst; 0 disables
	// rate limiting.
	Rate  float64
	Burst int
	// MaxBodyBytes bounds a request body; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// WeChatToken is the token set in the 公众号's server configuration; the
	// /wechat endpoint exists only when it is set.
	WeChatToken string
	// WeChatTimeout bounds the time to answer a WeChat message, which WeChat
	// gives up on after 5 seconds; 0 means DefaultWeChatTimeout.
	WeChatTimeout time.Duration
	// AdminToken, when set, turns on the admin routes (/v1/admin/…), which
	// want it as a bearer token. Off when empty.
	AdminToken string
	// Renderer, when set, renders the pages of PDF documents for
	// /v1/documents/{id}/pages/{n}.png.
	Renderer PageRenderer
	// Assets, when set, holds the chat page (index.html, served at /) and
	// the embeddable widget (widget.js, served at /widget.js).
	Assets fs.FS
	// Logger receives the request logs; nil discards them.
	Logger *slog.Logger
}

// Server is the HTTP service. Create it with New, serve Handler, and hand
// it a Backend with SetBackend when the documents are loaded.
type Server struct {
	cfg     Config
	log     *slog.Logger
	engine  *gin.Engine
	metrics *metrics
	limiter *limiter // nil: no rate limit
	cors    *corsPolicy
	wechat  *wechat // nil: no /wechat
	openapi []byte
	state   atomic.Pointer[state]
	pages   *pageCache // rendered page images
}

// state is what SetBackend swaps in, all at once.
type state struct {
	b    Backend
	docs []*corpus.Document
	byID map[string]*corpus.Document
	sugg *suggester
}

// New returns a Server with cfg. It does not set Gin's mode; callers set
// gin.SetMode(gin.ReleaseMode) in production.
func New(cfg Config) (*Server, error) {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.WeChatTimeout <= 0 {
		cfg.WeChatTimeout = DefaultWeChatTimeout
	}
	if cfg.Rate < 0 || (cfg.Rate > 0 && cfg.Burst < 1) {
		return nil, fmt.Errorf("api: rate %g with burst %d, want a rate >= 0 and a burst >= 1", cfg.Rate, cfg.Burst)
	}
	s := &Server{cfg: cfg, log: cfg.Logger, pages: newPageCache()}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	var err error
	if s.cors, err = newCORSPolicy(cfg.CORSOrigins); err != nil {
		return nil, err
	}
	if cfg.Rate > 0 {
		s.limiter = newLimiter(cfg.Rate, cfg.Burst)
	}
	if cfg.WeChatToken != "" {
		s.wechat = newWeChat(cfg.WeChatToken, cfg.WeChatTimeout)
	}
	s.metrics = newMetrics()
	if s.openapi, err = openAPIJSON(cfg); err != nil {
		return nil, err
	}

	e := gin.New()
	if err := e.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("api: trusted proxies %q: %w", cfg.TrustedProxies, err)
	}
	e.HandleMethodNotAllowed = true
	e.Use(s.requestID, s.accessLog, s.recovery, s.corsHeaders, s.limitBody)
	e.NoRoute(func(c *gin.Context) { abortError(c, newError(codeNotFound, "没有这个地址")) })
	e.NoMethod(func(c *gin.Context) {
		abortError(c, newError(codeMethodNotAllowed, "这个地址不支持 "+c.Request.Method+" 请求"))
	})
	s.engine = e
	s.routes()
	return s, nil
}

// routes registers every route; openapi.go describes the same ones.
func (s *Server) routes() {
	e := s.engine
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", gin.WrapH(s.metrics.handler))
	e.GET("/openapi.json", s.openAPI)

	e.POST(checkPath, s.rateLimit, s.check)
	v1 := e.Group("/v1", s.rateLimit, s.needReady)
	v1.POST("/ask", s.askPost)
	v1.GET("/ask", s.askGet)
	v1.GET("/search", s.search)
	v1.GET("/documents", s.documents)
	v1.GET("/documents/:id", s.document)
	v1.GET("/documents/:id/pdf", s.documentPDF)
	v1.GET("/documents/:id/pages/:page", s.documentPage)
	v1.GET("/suggest", s.suggest)

	if s.wechat != nil {
		e.GET("/wechat", s.wechatVerify)
		e.POST("/wechat", s.wechatMessage)
	}
	if s.cfg.AdminToken != "" {
		admin := e.Group("/v1/admin", s.rateLimit, s.adminAuth, s.needReady)
		admin.POST("/documents", s.adminAdd)
		admin.DELETE("/documents/:id", s.adminRemove)
	}
	if s.cfg.Assets != nil {
		e.GET("/", s.asset("index.html"))
		e.GET("/widget.js", s.asset("widget.js"))
		e.GET("/check.html", s.asset("check.html"))
	}
}

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.engine }

// SetBackend makes the server answer from b, replacing any earlier backend;
// from then on /readyz reports ready. In the background it asks
// b.Answerer a few questions for each department whose newest document is
// new to it, and suggests those it answers once it is done.
func (s *Server) SetBackend(b Backend) error {
	if b.Answerer == nil || b.Library == nil {
		return errors.New("api: backend without an answerer or a library, want both")
	}
	st := &state{b: b, docs: b.Library.Documents()}
	st.byID = make(map[string]*corpus.Document, len(st.docs))
	for _, d := range st.docs {
		if d != nil {
			st.byID[d.ID] = d
		}
	}
	st.sugg = newSuggester(st.docs)
	var prev *suggester
	if old := s.state.Swap(st); old != nil {
		prev = old.sugg
	}
	go func() {
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("api: panic finding suggested questions", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			}
		}()
		st.sugg.findQuestions(b.Answerer, prev)
	}()
	return nil
}

// Ready reports whether the server has a backend.
func (s *Server) Ready() bool { return s.state.Load() != nil }

// current returns the backend being served, or nil before SetBackend.
func (s *Server) current() *state { return s.state.Load() }

// needReady answers 503 until the server has a backend.
func (s *Server) needReady(c *gin.Context) {
	if !s.Ready() {
		c.Header("Retry-After", "5")
		abortError(c, newError(codeNotReady, "服务正在加载预算文件，请稍后再试"))
	}
}

// healthz reports that the process is up.
func (s *Server) healthz(c *gin.Context) {
	writeJSON(c, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz reports whether the documents are loaded.
func (s *Server) readyz(c *gin.Context) {
	st := s.current()
	if st == nil {
		c.Header("Retry-After", "5")
		abortError(c, newError(codeNotReady, "服务正在加载预算文件，请稍后再试"))
		return
	}
	writeJSON(c, http.StatusOK, map[string]any{"status": "ready", "documents": len(st.docs)})
}

// matchDepartment returns the documents whose department the name dept
// designates: those whose name contains it ("龙岗区信访局"), or failing any,
// those whose name holds its characters in order ("龙岗信访局",
// "江苏人大"). An empty dept designates every document.
func matchDepartment(docs []*corpus.Document, dept string) []*corpus.Document {
	dept = strings.TrimSpace(dept)
	if dept == "" {
		return docs
	}
	var out []*corpus.Document
	for _, d := range docs {
		if strings.Contains(d.Department, dept) {
			out = append(out, d)
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, d := range docs {
		if subsequence(dept, d.Department) {
			out = append(out, d)
		}
	}
	return out
}

// subsequence reports whether the runes of short appear in long in order.
func subsequence(short, long string) bool {
	rest := []rune(long)
	for _, r := range short {
		k := -1
		for i, q := range rest {
			if q == r {
				k = i
				break
			}
		}
		if k < 0 {
			return false
		}
		rest = rest[k+1:]
	}
	return true
}
