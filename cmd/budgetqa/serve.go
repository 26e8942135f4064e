package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/budgetqa/budgetqa/api"
	"github.com/budgetqa/budgetqa/api/questionlog"
	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/index"
	"github.com/budgetqa/budgetqa/library"
	"github.com/budgetqa/budgetqa/store"
	"github.com/budgetqa/budgetqa/web"
)

// Defaults of budgetqa serve.
const (
	defaultAddr  = ":8080"
	defaultRate  = 5  // requests per second per client
	defaultBurst = 20 // requests at once per client
)

// The HTTP server's timeouts. WriteTimeout leaves room for the WeChat
// endpoint's 4.5 s and a slow first question.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	writeTimeout      = 15 * time.Second
	idleTimeout       = 60 * time.Second
	shutdownTimeout   = 20 * time.Second // for in-flight requests after a signal
)

// serveConfig is the configuration of budgetqa serve: each field from its
// flag, else its environment variable, else the default.
type serveConfig struct {
	Addr           string     // BUDGETQA_ADDR
	Corpus         string     // BUDGETQA_CORPUS: a folder of documents, mirrored into the index folder
	Index          string     // BUDGETQA_INDEX: the index folder (package store); "" for a temporary one
	Synonyms       string     // BUDGETQA_SYNONYMS: a synonyms file added to the bundled synonyms
	AdminToken     string     // BUDGETQA_ADMIN_TOKEN: turns on the admin API; needs Index
	ReadOnly       bool       // BUDGETQA_READ_ONLY: open Index without writing to it (replicas)
	CORSOrigins    []string   // BUDGETQA_CORS_ORIGINS, comma separated
	TrustedProxies []string   // BUDGETQA_TRUSTED_PROXIES, comma separated
	WeChatToken    string     // BUDGETQA_WECHAT_TOKEN
	WeChatAESKey   string     // BUDGETQA_WECHAT_AES_KEY: the EncodingAESKey, for 安全模式 and 兼容模式
	WeChatAppID    string     // BUDGETQA_WECHAT_APPID: refuse ciphertext for another account
	WeChatRate     float64    // BUDGETQA_WECHAT_RATE: WeChat messages per second from everyone together
	Department     string     // BUDGETQA_DEPARTMENT: the deployment's department, the default scope
	Rate           float64    // BUDGETQA_RATE: requests per second per client; 0 disables the limit
	Burst          int        // BUDGETQA_BURST
	LogLevel       slog.Level // BUDGETQA_LOG_LEVEL: debug, info, warn or error
	LogFormat      string     // BUDGETQA_LOG_FORMAT: text or json
}

// parseServeConfig reads the configuration from args and the environment
// (through getenv); flags win over the environment.
func parseServeConfig(args []string, getenv func(string) string, stderr io.Writer) (serveConfig, error) {
	cfg := serveConfig{Addr: defaultAddr, Rate: defaultRate, Burst: defaultBurst, LogLevel: slog.LevelInfo, LogFormat: "text"}
	env := func(name string) (string, bool) {
		v := strings.TrimSpace(getenv(name))
		return v, v != ""
	}
	if v, ok := env("BUDGETQA_ADDR"); ok {
		cfg.Addr = v
	}
	if v, ok := env("BUDGETQA_CORPUS"); ok {
		cfg.Corpus = v
	}
	if v, ok := env("BUDGETQA_INDEX"); ok {
		cfg.Index = v
	}
	if v, ok := env("BUDGETQA_SYNONYMS"); ok {
		cfg.Synonyms = v
	}
	if v, ok := env("BUDGETQA_ADMIN_TOKEN"); ok {
		cfg.AdminToken = v
	}
	if v, ok := env("BUDGETQA_READ_ONLY"); ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return cfg, fmt.Errorf("serve: BUDGETQA_READ_ONLY=%q, want true or false", v)
		}
		cfg.ReadOnly = b
	}
	if v, ok := env("BUDGETQA_CORS_ORIGINS"); ok {
		cfg.CORSOrigins = splitList(v)
	}
	if v, ok := env("BUDGETQA_TRUSTED_PROXIES"); ok {
		cfg.TrustedProxies = splitList(v)
	}
	if v, ok := env("BUDGETQA_WECHAT_TOKEN"); ok {
		cfg.WeChatToken = v
	}
	if v, ok := env("BUDGETQA_WECHAT_AES_KEY"); ok {
		cfg.WeChatAESKey = v
	}
	if v, ok := env("BUDGETQA_WECHAT_APPID"); ok {
		cfg.WeChatAppID = v
	}
	if v, ok := env("BUDGETQA_WECHAT_RATE"); ok {
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || r < 0 {
			return cfg, fmt.Errorf("serve: BUDGETQA_WECHAT_RATE=%q, want messages per second (0 for 20 times --rate)", v)
		}
		cfg.WeChatRate = r
	}
	if v, ok := env("BUDGETQA_DEPARTMENT"); ok {
		cfg.Department = v
	}
	if v, ok := env("BUDGETQA_RATE"); ok {
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || r < 0 {
			return cfg, fmt.Errorf("serve: BUDGETQA_RATE=%q, want requests per second (0 for no limit)", v)
		}
		cfg.Rate = r
	}
	if v, ok := env("BUDGETQA_BURST"); ok {
		b, err := strconv.Atoi(v)
		if err != nil || b < 1 {
			return cfg, fmt.Errorf("serve: BUDGETQA_BURST=%q, want a whole number >= 1", v)
		}
		cfg.Burst = b
	}
	if v, ok := env("BUDGETQA_LOG_LEVEL"); ok {
		if err := cfg.LogLevel.UnmarshalText([]byte(v)); err != nil {
			return cfg, fmt.Errorf("serve: BUDGETQA_LOG_LEVEL=%q, want debug, info, warn or error", v)
		}
	}
	if v, ok := env("BUDGETQA_LOG_FORMAT"); ok {
		cfg.LogFormat = v
	}

	fs := newFlagSet("serve", stderr)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen on `ADDR` (host:port) [BUDGETQA_ADDR]")
	fs.StringVar(&cfg.Corpus, "corpus", cfg.Corpus, "serve the documents (.txt) in `DIR`, brought into the index folder at start and on SIGHUP [BUDGETQA_CORPUS]")
	fs.StringVar(&cfg.Index, "index", cfg.Index, "keep documents, parsed forms and search index in `DIR` (budgetqa index builds it; default: a temporary folder filled from --corpus or the bundled documents) [BUDGETQA_INDEX]")
	fs.StringVar(&cfg.Synonyms, "synonyms", cfg.Synonyms, "add the synonyms of `FILE` (one group a line, the document's name first), read again on SIGHUP [BUDGETQA_SYNONYMS]")
	fs.BoolVar(&cfg.ReadOnly, "read-only", cfg.ReadOnly, "serve --index without writing to it (a read-only volume shared by replicas); it must be up to date [BUDGETQA_READ_ONLY]")
	fs.StringVar(&cfg.AdminToken, "admin-token", cfg.AdminToken, "turn on POST/DELETE /v1/admin/documents for bearer `TOKEN` (prefer the environment variable); needs --index [BUDGETQA_ADMIN_TOKEN]")
	fs.Func("cors-origins", "comma-separated `ORIGINS` browsers may call from, or * [BUDGETQA_CORS_ORIGINS]", func(v string) error {
		cfg.CORSOrigins = splitList(v)
		return nil
	})
	fs.Func("trusted-proxies", "comma-separated `ADDRS` or CIDRs of reverse proxies whose X-Forwarded-For is believed [BUDGETQA_TRUSTED_PROXIES]", func(v string) error {
		cfg.TrustedProxies = splitList(v)
		return nil
	})
	fs.StringVar(&cfg.WeChatToken, "wechat-token", cfg.WeChatToken, "WeChat 公众号 `TOKEN`; enables /wechat (prefer the environment variable) [BUDGETQA_WECHAT_TOKEN]")
	fs.StringVar(&cfg.WeChatAESKey, "wechat-aes-key", cfg.WeChatAESKey, "the 公众号's EncodingAESKey (43 characters) `KEY`: answer 安全模式 and 兼容模式 messages, encrypted replies (prefer the environment variable) [BUDGETQA_WECHAT_AES_KEY]")
	fs.StringVar(&cfg.WeChatAppID, "wechat-appid", cfg.WeChatAppID, "the 公众号's AppID `ID`: refuse encrypted messages for another account [BUDGETQA_WECHAT_APPID]")
	fs.Float64Var(&cfg.WeChatRate, "wechat-rate", cfg.WeChatRate, "WeChat messages per second answered from all senders together (default 20 times --rate) [BUDGETQA_WECHAT_RATE]")
	fs.StringVar(&cfg.Department, "department", cfg.Department, "the deployment's department `NAME`: the scope of questions, searches and suggestions that name none, and of every WeChat message [BUDGETQA_DEPARTMENT]")
	fs.Float64Var(&cfg.Rate, "rate", cfg.Rate, "requests per second per client, 0 for no limit [BUDGETQA_RATE]")
	fs.IntVar(&cfg.Burst, "burst", cfg.Burst, "requests a client may make at once [BUDGETQA_BURST]")
	fs.TextVar(&cfg.LogLevel, "log-level", cfg.LogLevel, "log `LEVEL`: debug, info, warn or error [BUDGETQA_LOG_LEVEL]")
	fs.StringVar(&cfg.LogFormat, "log-format", cfg.LogFormat, "log `FORMAT`: text or json [BUDGETQA_LOG_FORMAT]")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("serve: unexpected arguments %q", fs.Args())
	}
	switch {
	case cfg.Rate < 0:
		return cfg, fmt.Errorf("serve: rate %g, want >= 0", cfg.Rate)
	case cfg.WeChatRate < 0:
		return cfg, fmt.Errorf("serve: WeChat rate %g, want >= 0", cfg.WeChatRate)
	case cfg.WeChatAESKey != "" && len(cfg.WeChatAESKey) != 43:
		return cfg, fmt.Errorf("serve: the WeChat EncodingAESKey has %d characters, want 43 (开发 → 基本配置 → 服务器配置)", len(cfg.WeChatAESKey))
	case (cfg.WeChatAESKey != "" || cfg.WeChatAppID != "") && cfg.WeChatToken == "":
		return cfg, errors.New("serve: --wechat-aes-key and --wechat-appid need --wechat-token")
	case cfg.Burst < 1:
		return cfg, fmt.Errorf("serve: burst %d, want >= 1", cfg.Burst)
	case cfg.LogFormat != "text" && cfg.LogFormat != "json":
		return cfg, fmt.Errorf("serve: log format %q, want text or json", cfg.LogFormat)
	case cfg.AdminToken != "" && cfg.Index == "":
		return cfg, errors.New("serve: the admin API needs --index DIR, where uploaded documents are kept")
	case cfg.ReadOnly && (cfg.Index == "" || cfg.Corpus != "" || cfg.AdminToken != ""):
		return cfg, errors.New("serve: --read-only serves a prebuilt --index DIR as it is, without --corpus or --admin-token")
	}
	return cfg, nil
}

// splitList splits a comma-separated list, dropping empty entries.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// runServe serves the HTTP API until ctx is cancelled, then lets in-flight
// requests finish. It listens at once and loads the documents and the index
// in the background; /readyz says when they are in.
func (m *Main) runServe(ctx context.Context, args []string) (int, error) {
	cfg, err := parseServeConfig(args, os.Getenv, m.stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK, nil
	}
	if err != nil {
		return exitUsage, err
	}
	logger := newLogger(m.stderr, cfg)
	gin.SetMode(gin.ReleaseMode)
	qlog, err := m.openQuestionLog(cfg)
	if err != nil {
		return exitUsage, err
	}
	srv, err := api.New(api.Config{
		QuestionLog:    qlog,
		Assets:         web.Assets,
		CORSOrigins:    cfg.CORSOrigins,
		TrustedProxies: cfg.TrustedProxies,
		Rate:           cfg.Rate,
		Burst:          cfg.Burst,
		WeChatToken:    cfg.WeChatToken,
		WeChatAESKey:   cfg.WeChatAESKey,
		WeChatAppID:    cfg.WeChatAppID,
		WeChatRate:     cfg.WeChatRate,
		Department:     cfg.Department,
		AdminToken:     cfg.AdminToken,
		Renderer:       m.pdfReader(),
		Logger:         logger,
	})
	if err != nil {
		return exitUsage, err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return exitUsage, fmt.Errorf("serve: %w", err)
	}
	logger.Info("listening", "addr", ln.Addr().String(), "wechat", cfg.WeChatToken != "", "wechat_encrypted", cfg.WeChatAESKey != "", "department", cfg.Department, "admin", cfg.AdminToken != "", "rate", cfg.Rate, "burst", cfg.Burst)

	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	// SIGHUP reloads the corpus folder and the synonyms, once loaded.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	loaded := make(chan struct{})
	go func() {
		defer close(loaded)
		lib, err := m.openLibrary(cfg, srv, logger)
		if err != nil {
			stop(err)
			return
		}
		reloadOnSignal(ctx, hup, lib, logger)
	}()
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	err = serveUntil(ctx, hs, ln, shutdownTimeout)
	<-loaded // its closers must be in before Close
	if cause := context.Cause(ctx); err == nil && cause != nil && !errors.Is(cause, context.Canceled) {
		err = cause
	}
	if err != nil {
		return exitUsage, err
	}
	logger.Info("stopped")
	return exitOK, nil
}

// questionLogFile is the question log's name in the index folder.
const questionLogFile = "questions.jsonl"

// openQuestionLog returns the question log: a file in the index folder
// (rotated past 8 MB, three old files kept), or without a folder one can
// write, the latest entries in memory.
func (m *Main) openQuestionLog(cfg serveConfig) (questionlog.Log, error) {
	if cfg.Index == "" || cfg.ReadOnly {
		return nil, nil // api keeps one in memory
	}
	if err := os.MkdirAll(cfg.Index, 0o755); err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	l, err := questionlog.OpenFile(filepath.Join(cfg.Index, questionLogFile), questionlog.DefaultMaxBytes, questionlog.DefaultKeep)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	m.closers = append(m.closers, l.Close)
	return l, nil
}

// newLogger returns the logger of cfg, writing to w.
func newLogger(w io.Writer, cfg serveConfig) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// openLibrary opens the index folder (a temporary one without --index),
// brings the corpus folder into it (or the bundled documents, into an empty
// one), and hands the server its first backend.
func (m *Main) openLibrary(cfg serveConfig, srv *api.Server, logger *slog.Logger) (*library.Library, error) {
	start := time.Now()
	dir := cfg.Index
	if dir == "" {
		tmp, err := os.MkdirTemp("", "budgetqa-index-*")
		if err != nil {
			return nil, fmt.Errorf("serve: %w", err)
		}
		m.closers = append(m.closers, func() error { return os.RemoveAll(tmp) })
		dir = tmp
	}
	var src fs.FS
	if cfg.Corpus != "" {
		var err error
		if src, err = corpusFS(cfg.Corpus); err != nil {
			return nil, fmt.Errorf("serve: %w", err)
		}
	}
	st, orep, err := store.Open(dir, store.Options{
		PDF:      m.pdfReader(),
		Index:    index.Options{DictDir: os.Getenv(index.DictEnv)},
		Progress: logProgress(logger),
		ReadOnly: cfg.ReadOnly,
	})
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	m.closers = append(m.closers, st.Close)
	logger.Info("index folder opened", "dir", dir, "documents", orep.Documents, "parsed_again", len(orep.Reparsed),
		"leftovers_removed", orep.Removed, "took", time.Since(start).Round(time.Millisecond).String())
	for _, e := range orep.Lost {
		logger.Error("document lost", "error", e.Error())
	}
	for _, q := range orep.Quarantined {
		logger.Warn("document kept for inspection", "file", filepath.Join(dir, q), "reason_file", filepath.Join(dir, q)+".reason.json")
	}
	if orep.IndexErr != nil {
		logger.Error("search disabled: the index could not be opened", "error", orep.IndexErr.Error())
	}
	seed := src
	if seed == nil && len(st.Documents()) == 0 && !cfg.ReadOnly {
		seed = corpus.BundledFS()
	}
	if seed != nil {
		rep, err := st.Sync(seed)
		logSync(logger, rep, err)
	}
	if len(st.Documents()) == 0 {
		return nil, fmt.Errorf("serve: no documents (.txt) in %s", cmp.Or(cfg.Corpus, dir))
	}
	lib, err := library.New(library.Config{Store: st, Corpus: src, SynonymsFile: cfg.Synonyms, Publish: publishTo(srv), Logger: logger})
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	logger.Info("ready", "documents", len(st.Documents()), "search", st.Index() != nil, "took", time.Since(start).Round(time.Millisecond).String())
	return lib, nil
}

// publishTo returns the function that hands a library's snapshots to srv:
// the engine, the index and the files, with the library as the admin of
// the documents and the source of their PDFs.
func publishTo(srv *api.Server) func(library.Snapshot) error {
	return func(s library.Snapshot) error {
		b := api.Backend{Answerer: s.Engine, Library: s.Files, Admin: s.Library, Sources: s.Library}
		if s.Index != nil { // not a nil *index.Index in the interface
			b.Searcher = s.Index
		}
		return srv.SetBackend(b)
	}
}

// reloadOnSignal reloads lib at every signal on hup until ctx is done.
func reloadOnSignal(ctx context.Context, hup <-chan os.Signal, lib *library.Library, logger *slog.Logger) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			logger.Info("reloading on SIGHUP")
			rep, err := lib.Reload()
			logSync(logger, rep, err)
		}
	}
}

// logSync logs what a Sync or Reload did.
func logSync(logger *slog.Logger, rep store.SyncReport, err error) {
	for _, e := range rep.Failed {
		logger.Warn("document skipped", "error", e.Error())
	}
	if err != nil {
		logger.Error("updating the documents failed", "error", err.Error())
	}
	logger.Info("documents updated", "added", len(rep.Added), "replaced", len(rep.Replaced), "removed", len(rep.Removed),
		"unchanged", len(rep.Unchanged), "uploads_kept", len(rep.Kept), "failed", len(rep.Failed))
}

// logProgress returns a store progress reporter that logs a line at every
// tenth of a long step.
func logProgress(logger *slog.Logger) func(store.Progress) {
	var w logWriter
	w.logger = logger
	return newProgress(&w, false).report
}

// logWriter logs each line written to it.
type logWriter struct{ logger *slog.Logger }

func (w *logWriter) Write(p []byte) (int, error) {
	w.logger.Info("progress", "step", strings.TrimSpace(string(p)))
	return len(p), nil
}

// serveUntil serves ln with hs until ctx is done, then shuts down: no new
// connections, and up to grace for the requests in flight to finish.
func serveUntil(ctx context.Context, hs *http.Server, ln net.Listener, grace time.Duration) error {
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		hs.Close()
		return fmt.Errorf("serve: shutting down: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
