package api

import (
	"context"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/budgetqa/budgetqa/nlq"
)

// WeChat's limits and the cache of replies to retried messages.
const (
	maxReplyBytes   = 2000 // WeChat takes up to 2048 bytes of text
	replyCacheSize  = 4096
	replyCacheTTL   = time.Minute // WeChat retries within 15 s
	wechatSessionNS = "wechat:"   // session ids of WeChat users
	apiSessionNS    = "api:"      // session ids of API callers
)

// The replies that do not come from the engine.
const (
	replyPending  = "正在查询，请稍后再问一次。"
	replyNotReady = "服务正在启动，请稍后再问。"
	replyTooFast  = "提问太频繁了，请稍后再问。"
	replyEmpty    = "请用文字发送您想了解的预算问题。"
	replyNonText  = "目前只能回答文字提问，请用文字发送您想了解的预算问题。"
	replyWelcome  = "欢迎关注！请直接发送您想了解的预算问题，我会给出文件中的数字和出处。"
	replyExample  = "例如："
	replyTooLong  = "问题太长了，请控制在 %d 字以内。"
	replySuccess  = "success" // WeChat's "no reply"
)

// wechat is the 公众号 message endpoint's state.
type wechat struct {
	token   string
	timeout time.Duration
	replies *replyCache
	now     func() time.Time
}

// newWeChat returns the endpoint's state for a token.
func newWeChat(token string, timeout time.Duration) *wechat {
	return &wechat{token: token, timeout: timeout, replies: newReplyCache(replyCacheSize, replyCacheTTL), now: time.Now}
}

// wxMessage is a message WeChat posts: text, or another type, or an event.
type wxMessage struct {
	XMLName      xml.Name `xml:"xml"`
	ToUserName   string   `xml:"ToUserName"`
	FromUserName string   `xml:"FromUserName"`
	CreateTime   int64    `xml:"CreateTime"`
	MsgType      string   `xml:"MsgType"`
	Content      string   `xml:"Content"`
	MsgID        string   `xml:"MsgId"`
	Event        string   `xml:"Event"`
	Recognition  string   `xml:"Recognition"` // voice, when recognition is on
	Encrypt      string   `xml:"Encrypt"`     // safe mode
}

// wxReply is a text reply.
type wxReply struct {
	XMLName      xml.Name `xml:"xml"`
	ToUserName   cdata    `xml:"ToUserName"`
	FromUserName cdata    `xml:"FromUserName"`
	CreateTime   int64    `xml:"CreateTime"`
	MsgType      cdata    `xml:"MsgType"`
	Content      cdata    `xml:"Content"`
}

// cdata is text written as <![CDATA[…]]>, as WeChat writes it.
type cdata struct {
	Text string `xml:",cdata"`
}

// signature returns WeChat's signature of a request: the hex SHA-1 of the
// token, timestamp and nonce sorted and concatenated.
func signature(token, timestamp, nonce string) string {
	parts := []string{token, timestamp, nonce}
	sort.Strings(parts)
	sum := sha1.Sum([]byte(strings.Join(parts, "")))
	return hex.EncodeToString(sum[:])
}

// verify reports whether the request carries the token's signature.
func (w *wechat) verify(c *gin.Context) bool {
	want := signature(w.token, c.Query("timestamp"), c.Query("nonce"))
	got := strings.ToLower(c.Query("signature"))
	return subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}

// wechatVerify answers WeChat's check of the server URL: echostr back when
// the signature is right.
func (s *Server) wechatVerify(c *gin.Context) {
	if !s.wechat.verify(c) {
		abortError(c, newError(codeForbidden, "微信签名校验失败"))
		return
	}
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte(c.Query("echostr")))
}

// wechatMessage answers a message a user sent the 公众号. Every message
// gets a reply within the timeout: the answer, or a note that it is on its
// way. A message WeChat sends again (same MsgId) gets the first one's
// reply, and is asked once.
func (s *Server) wechatMessage(c *gin.Context) {
	w := s.wechat
	if !w.verify(c) {
		abortError(c, newError(codeForbidden, "微信签名校验失败"))
		return
	}
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		if errors.As(err, new(*http.MaxBytesError)) {
			abortError(c, tooLarge(s.cfg.MaxBodyBytes))
			return
		}
		abortError(c, newError(codeBadMessage, "无法读取消息"))
		return
	}
	var msg wxMessage
	if err := xml.Unmarshal(body, &msg); err != nil || msg.FromUserName == "" {
		abortError(c, newError(codeBadMessage, "消息不是有效的微信 XML"))
		return
	}
	if msg.MsgType == "" && msg.Encrypt != "" {
		s.log.LogAttrs(c.Request.Context(), slog.LevelWarn, "wechat: encrypted message; set the account to plaintext or compatible mode",
			slog.String("request_id", c.GetString(ginRequestID)))
		c.String(http.StatusOK, replySuccess)
		return
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), w.timeout)
	defer cancel()

	key := msg.MsgID
	if key == "" {
		key = fmt.Sprintf("%s|%d|%s", msg.FromUserName, msg.CreateTime, msg.Event)
	}
	e, first := w.replies.get(key, w.now())
	if first {
		go func() {
			defer func() {
				if v := recover(); v != nil {
					s.log.Error("wechat: panic answering", "panic", fmt.Sprint(v))
					e.finish("抱歉，查询出错了，请换个问法再试。")
				}
			}()
			e.finish(s.wechatAnswer(msg))
		}()
	}
	var text string
	select {
	case <-e.done:
		text = e.reply
	case <-ctx.Done():
		text = replyPending
	}
	if text == replySuccess {
		c.String(http.StatusOK, replySuccess)
		return
	}
	out, err := xml.Marshal(wxReply{
		ToUserName:   cdata{msg.FromUserName},
		FromUserName: cdata{msg.ToUserName},
		CreateTime:   w.now().Unix(),
		MsgType:      cdata{"text"},
		Content:      cdata{truncateBytes(text, maxReplyBytes)},
	})
	if err != nil {
		panic(err) // a fixed struct of strings always marshals
	}
	c.Data(http.StatusOK, "application/xml; charset=utf-8", out)
}

// wechatAnswer returns the reply text to msg.
func (s *Server) wechatAnswer(msg wxMessage) string {
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
			return s.welcome()
		}
		return replySuccess
	default:
		return replyNonText
	}
	question = strings.TrimSpace(question)
	switch {
	case question == "":
		return replyEmpty
	case utf8.RuneCountInString(question) > maxQuestionRunes:
		return fmt.Sprintf(replyTooLong, maxQuestionRunes)
	}
	st := s.current()
	if st == nil {
		return replyNotReady
	}
	if s.limiter != nil {
		if ok, _ := s.limiter.allow(wechatSessionNS + msg.FromUserName); !ok {
			return replyTooFast
		}
	}
	resp := st.b.Answerer.Ask(nlq.Request{Question: question, SessionID: wechatSessionNS + msg.FromUserName, Client: wechatSessionNS + msg.FromUserName})
	if resp.Error != nil {
		return resp.Error.Message
	}
	s.metrics.answer("wechat", resp.Intent, resp.Answered)
	return replyText(resp)
}

// welcome greets a new follower, with questions to try.
func (s *Server) welcome() string {
	text := replyWelcome
	if st := s.current(); st != nil && len(st.sugg.questions(nil)) > 0 {
		qs := st.sugg.questions(nil)
		text += "\n" + replyExample + "\n" + strings.Join(qs[:min(3, len(qs))], "\n")
	}
	return text
}

// replyText writes an answer for a chat: the answer, its items, how the
// question was understood, where the figure comes from, and for a question
// not answered what to try instead.
func replyText(r nlq.Response) string {
	var b strings.Builder
	b.WriteString(r.Answer.Text)
	for i, it := range r.Answer.Items {
		if i == 10 {
			fmt.Fprintf(&b, "\n……共 %d 项", len(r.Answer.Items))
			break
		}
		fmt.Fprintf(&b, "\n· %s %s%s", it.Name, it.Value, it.Unit)
	}
	if r.Answered && r.Interpretation != "" {
		b.WriteString("\n理解为：" + r.Interpretation)
	}
	if r.Arithmetic != "" {
		b.WriteString("\n计算：" + r.Arithmetic)
	}
	for i, src := range r.Sources {
		if i == 2 {
			break
		}
		b.WriteString("\n来源：" + sourceText(src))
	}
	if !r.Answered && len(r.Suggestions) > 0 {
		b.WriteString("\n可以试试：" + strings.Join(r.Suggestions[:min(3, len(r.Suggestions))], "；"))
	}
	return b.String()
}

// sourceText cites a source on one line.
func sourceText(s nlq.SourceRef) string {
	parts := []string{s.Document}
	for _, p := range []string{s.Table, s.Row, s.Column} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	text := strings.Join(parts, " · ")
	if s.Line > 0 {
		text += fmt.Sprintf("（第%d行）", s.Line)
	}
	return text
}

// truncateBytes cuts s to at most n bytes on a character boundary, marking
// the cut with "…".
func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const ellipsis = "…"
	cut := n - len(ellipsis)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + ellipsis
}

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
