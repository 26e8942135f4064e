package api

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"github.com/budgetqa/budgetqa/api/questionlog"
	"github.com/budgetqa/budgetqa/api/suggest"
	"github.com/budgetqa/budgetqa/api/wechat"
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
	// WeChatAESKey is the 公众号's EncodingAESKey (43 characters): with it
	// /wechat takes 安全模式 and 兼容模式 messages and answers ciphertext with
	// ciphertext. Without it only 明文模式 messages are answered.
	WeChatAESKey string
	// WeChatAppID, when set, refuses ciphertext sealed for another AppID.
	WeChatAppID string
	// WeChatRate is the number of WeChat messages per second answered from
	// all senders together, with bursts of twice that; 0 means 20 times
	// Rate and Burst (none when Rate is 0). Each source address and each
	// WeChat user has Rate and Burst besides.
	WeChatRate float64
	// WeChatTimeout bounds the time to answer a WeChat message, which WeChat
	// gives up on after 5 seconds; 0 means DefaultWeChatTimeout.
	WeChatTimeout time.Duration
	// Department is the deployment's department: the scope of questions,
	// searches and suggestions whose request names none, and of every
	// WeChat message.
	Department string
	// AdminToken, when set, turns on the admin routes (/v1/admin/…), which
	// want it as a bearer token. Off when empty.
	AdminToken string
	// Renderer, when set, renders the pages of PDF documents for
	// /v1/documents/{id}/pages/{n}.png.
	Renderer PageRenderer
	// QuestionLog records the questions asked and the feedback given, for
	// the admin page; nil means one in memory (questionlog.NewMemory).
	QuestionLog questionlog.Log
	// Assets, when set, holds the chat page (index.html, served at /), the
	// embeddable widget (widget.js), the icon (favicon.ico) and, with
	// AdminToken, the admin page (admin.html, served at /admin).
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
	wechat  *wechat.Endpoint // nil: no /wechat
	// wechatTotal limits all of /wechat's messages together; nil: no limit.
	wechatTotal *rate.Limiter
	openapi     []byte
	state       atomic.Pointer[state]
	pages       *pageCache // rendered page images
}

// state is what SetBackend swaps in, all at once.
type state struct {
	b    Backend
	docs []*corpus.Document
	byID map[string]*corpus.Document
	sugg *suggest.Suggester
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
	if cfg.Rate < 0 || (cfg.Rate > 0 && cfg.Burst < 1) || cfg.WeChatRate < 0 {
		return nil, fmt.Errorf("api: rate %g with burst %d (WeChat %g), want rates >= 0 and a burst >= 1", cfg.Rate, cfg.Burst, cfg.WeChatRate)
	}
	if cfg.QuestionLog == nil {
		cfg.QuestionLog = questionlog.NewMemory(memoryLogSize)
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
		if s.wechat, s.wechatTotal, err = s.newWeChat(); err != nil {
			return nil, fmt.Errorf("api: %w", err)
		}
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
	e.HEAD("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.HEAD("/readyz", s.readyz)
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
	v1.POST("/feedback", s.feedback)

	if s.wechat != nil {
		e.GET("/wechat", s.wechatVerify)
		e.POST("/wechat", s.wechatMessage)
	}
	if s.cfg.AdminToken != "" {
		admin := e.Group("/v1/admin", s.rateLimit, s.adminAuth, s.needReady)
		admin.POST("/documents", s.adminAdd)
		admin.GET("/documents/:id", s.adminDocument)
		admin.DELETE("/documents/:id", s.adminRemove)
		admin.GET("/questions", s.adminQuestions)
		admin.POST("/synonyms", s.adminSynonyms)
	}
	if s.cfg.Assets != nil {
		e.GET("/", s.asset("index.html"))
		e.GET("/widget.js", s.asset("widget.js"))
		e.GET("/favicon.ico", s.asset("favicon.ico"))
		e.GET("/check.html", s.asset("check.html"))
		if s.cfg.AdminToken != "" {
			e.GET("/admin", s.asset("admin.html"))
		}
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
	st.sugg = suggest.New(st.docs)
	var prev *suggest.Suggester
	if old := s.state.Swap(st); old != nil {
		prev = old.sugg
	}
	go func() {
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("api: panic finding suggested questions", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			}
		}()
		st.sugg.FindQuestions(b.Answerer, prev)
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

// matchDepartment returns the documents of the department dept names
// (corpus.DepartmentMatches: part of a name, an alias, another form of the
// name). An empty dept designates every document.
func matchDepartment(docs []*corpus.Document, dept string) []*corpus.Document {
	var out []*corpus.Document
	for _, d := range docs {
		if corpus.DepartmentMatches(d.Department, dept) {
			out = append(out, d)
		}
	}
	return out
}
