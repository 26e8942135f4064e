package wechat

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/budgetqa/budgetqa/nlq"
)

// Defaults of Config's zero fields, and the bounds of the caches.
const (
	DefaultTimeout = 4500 * time.Millisecond // WeChat gives up after 5 s
	DefaultWindow  = 5 * time.Minute
	replyCacheSize = 4096
	replyCacheTTL  = time.Minute // WeChat retries within 15 s
	maxNonces      = 1 << 16
	sessionPrefix  = "wechat:" // session ids of WeChat users
)

// The replies that do not come from the engine.
const (
	replyPending  = "正在查询，请稍后再问一次。"
	replyNotReady = "服务正在启动，请稍后再问。"
	replyTooFast  = "提问太频繁了，请稍后再问。"
	replyEmpty    = "请用文字发送您想了解的预算问题。"
	replyNonText  = "目前只能回答文字提问，请用文字发送您想了解的预算问题。"
	replyWelcome  = "欢迎！请直接发送您想了解的预算问题，我会给出文件中的数字和出处。"
	replyWelcomeD = "欢迎！这里可以查询%s的部门预算和决算。请直接发送您想了解的问题，我会给出文件中的数字和出处。"
	replyExample  = "例如："
	replyTooLong  = "问题太长了，请控制在 %d 字以内。"
	replyFailed   = "抱歉，查询出错了，请换个问法再试。"
	// Success is WeChat's "no reply": the body that tells it not to retry.
	Success = "success"
)

// MaxQuestionRunes bounds a question, as the HTTP API does.
const MaxQuestionRunes = 200

// The errors of a request that is refused. Package api maps each to a
// code and a status.
var (
	ErrSignature  = errors.New("wechat: signature does not match")
	ErrStale      = errors.New("wechat: timestamp outside the window")
	ErrReplay     = errors.New("wechat: nonce used before with another message")
	ErrBadMessage = errors.New("wechat: not a WeChat message")
	ErrDecrypt    = errors.New("wechat: ciphertext does not open with the key")
)

// Config configures an Endpoint.
type Config struct {
	// Token is the token of the 公众号's server configuration; required.
	Token string
	// AESKey is its EncodingAESKey (43 characters), needed for 安全模式 and
	// the ciphertext of 兼容模式; empty for 明文模式 only.
	AESKey string
	// AppID, when set, is the 公众号's AppID: ciphertext sealed for another
	// is refused. Replies are sealed for the AppID the message came with.
	AppID string
	// Department is the deployment's department, named in the greeting.
	Department string
	// Timeout bounds the time to answer; 0 means DefaultTimeout.
	Timeout time.Duration
	// Window is how far a request's timestamp may be from the server's
	// clock; 0 means DefaultWindow.
	Window time.Duration
	// Ask answers a question, or reports false while the engine is not
	// ready; required.
	Ask func(req nlq.Request) (nlq.Response, bool)
	// Examples, optional, returns questions to offer in the greeting.
	Examples func() []string
	// Allow, optional, reports whether a new message from user, posted from
	// address client, may be answered now (the rate limits).
	Allow func(client, user string) bool
	// Logger receives warnings; nil discards them.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Endpoint answers one 公众号's requests. It is safe for concurrent use.
type Endpoint struct {
	cfg     Config
	crypt   *cryptor // nil without an AES key
	guard   *replayGuard
	replies *replyCache
}

// New returns the endpoint of cfg, or an error for a missing token or
// answerer or a malformed AES key.
func New(cfg Config) (*Endpoint, error) {
	if cfg.Token == "" || cfg.Ask == nil {
		return nil, errors.New("wechat: a token and an Ask function are required")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Window <= 0 {
		cfg.Window = DefaultWindow
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	e := &Endpoint{cfg: cfg, guard: newReplayGuard(cfg.Window, maxNonces), replies: newReplyCache(replyCacheSize, replyCacheTTL)}
	if cfg.AESKey != "" {
		var err error
		if e.crypt, err = newCryptor(cfg.AESKey); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// Request is what Handle needs of an HTTP request.
type Request struct {
	Query  url.Values // signature, timestamp, nonce; encrypt_type, msg_signature
	Body   []byte
	Client string // the sender's address, for Config.Allow
}

// Reply is the response to write: 200 with this content type and body.
type Reply struct {
	ContentType string
	Body        []byte
}

// verify checks the request signature and the timestamp.
func (e *Endpoint) verify(q url.Values) error {
	if !sameSignature(Signature(e.cfg.Token, q.Get("timestamp"), q.Get("nonce")), q.Get("signature")) {
		return ErrSignature
	}
	return nil
}

// Verify answers WeChat's check of the server URL: the echostr to write
// back when the signature is right and the timestamp recent.
func (e *Endpoint) Verify(q url.Values) (string, error) {
	if err := e.verify(q); err != nil {
		return "", err
	}
	if err := e.guard.fresh(q.Get("timestamp"), e.cfg.Now()); err != nil {
		return "", err
	}
	return q.Get("echostr"), nil
}

// Handle answers a message a user sent the 公众号. Every message gets a
// reply within the timeout: the answer, or a note that it is on its way. A
// message WeChat sends again (same sender and MsgId) gets the first one's
// reply, and is asked once. Ciphertext is answered with ciphertext.
func (e *Endpoint) Handle(ctx context.Context, r Request) (Reply, error) {
	q := r.Query
	if err := e.verify(q); err != nil {
		return Reply{}, err
	}
	if err := e.guard.check(q.Get("timestamp"), q.Get("nonce"), sha256.Sum256(r.Body), e.cfg.Now()); err != nil {
		return Reply{}, err
	}
	msg, appID, err := e.open(q, r.Body)
	if err != nil {
		return Reply{}, err
	}
	if msg.MsgType == "" && msg.Encrypt != "" { // ciphertext and no key: logged
		return Reply{ContentType: "text/plain; charset=utf-8", Body: []byte(Success)}, nil
	}
	if msg.FromUserName == "" {
		return Reply{}, ErrBadMessage
	}
	text := e.reply(ctx, msg, r.Client)
	if text == Success {
		return Reply{ContentType: "text/plain; charset=utf-8", Body: []byte(Success)}, nil
	}
	out := mustMarshal(textReply{
		ToUserName:   cdata{msg.FromUserName},
		FromUserName: cdata{msg.ToUserName},
		CreateTime:   e.cfg.Now().Unix(),
		MsgType:      cdata{"text"},
		Content:      cdata{truncateBytes(text, maxReplyBytes)},
	})
	if appID != "" || q.Get("encrypt_type") == "aes" {
		out = e.sealReply(out, appID)
	}
	return Reply{ContentType: "application/xml; charset=utf-8", Body: out}, nil
}

// open reads the message of body: as it is in 明文模式, from its ciphertext
// when the query says it is encrypted (安全模式, 兼容模式 with a key), and
// returns the AppID the ciphertext was sealed for. A ciphertext without a
// key is returned unopened, with no error: Handle answers it with
// "success" after a warning.
func (e *Endpoint) open(q url.Values, body []byte) (message, string, error) {
	var msg message
	if err := xml.Unmarshal(body, &msg); err != nil {
		return msg, "", ErrBadMessage
	}
	encrypted := q.Get("encrypt_type") == "aes" || (msg.MsgType == "" && msg.Encrypt != "")
	if !encrypted {
		return msg, "", nil
	}
	if e.crypt == nil {
		if msg.MsgType != "" {
			return msg, "", nil // 兼容模式: the plain text is there too
		}
		e.cfg.Logger.Warn("wechat: encrypted message but no AES key; set --wechat-aes-key or switch the account to plaintext mode")
		return msg, "", nil
	}
	if msg.Encrypt == "" {
		return msg, "", ErrBadMessage
	}
	if !sameSignature(Signature(e.cfg.Token, q.Get("timestamp"), q.Get("nonce"), msg.Encrypt), q.Get("msg_signature")) {
		return msg, "", ErrSignature
	}
	plain, appID, err := e.crypt.open(msg.Encrypt)
	if err != nil {
		return msg, "", err
	}
	if e.cfg.AppID != "" && appID != e.cfg.AppID {
		return msg, "", ErrDecrypt
	}
	var inner message
	if err := xml.Unmarshal(plain, &inner); err != nil {
		return msg, "", ErrBadMessage
	}
	inner.Encrypt = ""
	if appID == "" {
		appID = e.cfg.AppID
	}
	return inner, appID, nil
}

// sealReply encrypts a reply and signs it, as 安全模式 wants.
func (e *Endpoint) sealReply(reply []byte, appID string) []byte {
	if e.crypt == nil {
		return reply
	}
	enc := e.crypt.seal(reply, appID)
	ts := strconv.FormatInt(e.cfg.Now().Unix(), 10)
	var nb [4]byte
	_, _ = rand.Read(nb[:]) // never fails (crypto/rand)
	nonce := strconv.FormatUint(uint64(binary.BigEndian.Uint32(nb[:])), 10)
	return mustMarshal(sealedReply{
		Encrypt:      cdata{enc},
		MsgSignature: cdata{Signature(e.cfg.Token, ts, nonce, enc)},
		TimeStamp:    e.cfg.Now().Unix(),
		Nonce:        cdata{nonce},
	})
}

// reply returns the text that answers msg, asking at most once per
// message: a retry waits for the first try's answer.
func (e *Endpoint) reply(ctx context.Context, msg message, client string) string {
	ctx, cancel := context.WithTimeout(ctx, e.cfg.Timeout)
	defer cancel()
	key := msg.FromUserName + "|" + msg.MsgID
	if msg.MsgID == "" || msg.MsgID == "0" { // events have none
		key = fmt.Sprintf("%s|%d|%s", msg.FromUserName, msg.CreateTime, msg.Event)
	}
	entry, first := e.replies.get(key, e.cfg.Now())
	if first {
		go func() {
			defer func() {
				if v := recover(); v != nil {
					e.cfg.Logger.Error("wechat: panic answering", "panic", fmt.Sprint(v))
					entry.finish(replyFailed)
				}
			}()
			entry.finish(e.answer(msg, client))
		}()
	}
	select {
	case <-entry.done:
		return entry.reply
	case <-ctx.Done():
		return replyPending
	}
}

// answer returns the reply text to msg.
func (e *Endpoint) answer(msg message, client string) string {
	question := msg.Content
	switch msg.MsgType {
	case "text":
	case "voice":
		if msg.Recognition == "" {
			return replyNonText
		}
		question = msg.Recognition
	case "event":
		if strings.EqualFold(msg.Event, "subscribe") {
			return e.Welcome()
		}
		return Success
	default:
		return replyNonText
	}
	question = strings.TrimSpace(question)
	switch {
	case question == "":
		return replyEmpty
	case utf8.RuneCountInString(question) > MaxQuestionRunes:
		return fmt.Sprintf(replyTooLong, MaxQuestionRunes)
	case isGreeting(question):
		return e.Welcome()
	}
	if e.cfg.Allow != nil && !e.cfg.Allow(client, msg.FromUserName) {
		return replyTooFast
	}
	resp, ready := e.cfg.Ask(nlq.Request{Question: question, Department: e.cfg.Department, SessionID: SessionID(msg.FromUserName), Client: SessionID(msg.FromUserName)})
	switch {
	case !ready:
		return replyNotReady
	case resp.Error != nil:
		return resp.Error.Message
	}
	return ReplyText(resp)
}

// SessionID is the engine's session id of a WeChat user.
func SessionID(user string) string { return sessionPrefix + user }

// Welcome greets a new follower, naming the department, with questions to
// try.
func (e *Endpoint) Welcome() string {
	text := replyWelcome
	if e.cfg.Department != "" {
		text = fmt.Sprintf(replyWelcomeD, e.cfg.Department)
	}
	if e.cfg.Examples != nil {
		if qs := e.cfg.Examples(); len(qs) > 0 {
			text += "\n" + replyExample + "\n" + strings.Join(qs[:min(3, len(qs))], "\n")
		}
	}
	return text
}

// greetings are the messages answered with the welcome, compared after
// trimming punctuation and lower-casing.
var greetings = map[string]bool{
	"你好": true, "您好": true, "你们好": true, "嗨": true, "哈喽": true, "在吗": true, "在么": true, "在不在": true,
	"hi": true, "hello": true, "hey": true, "nihao": true, "早上好": true, "下午好": true, "晚上好": true, "?": true, "？": true,
}

// isGreeting reports whether a message only says hello.
func isGreeting(s string) bool {
	t := strings.ToLower(strings.Trim(s, " \t\r\n!！。.,，~～?？呀啊"))
	if t == "" {
		return greetings[strings.TrimSpace(s)]
	}
	return greetings[t]
}
