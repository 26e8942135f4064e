// Package wechattest plays WeChat's servers in tests of a 公众号 endpoint:
// it signs, encrypts and posts users' messages, and checks, decrypts and
// reads the replies, in 明文模式, 兼容模式 and 安全模式.
//
// It is built on github.com/silenceper/wechat/v2's signature, crypto and
// message types, an implementation other than package wechat's own, so
// that a test of the endpoint does not check the product against itself.
// Only tests import it: the product does not depend on that module.
package wechattest

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"
	"github.com/silenceper/wechat/v2/util"
)

// Mode is the 消息加解密方式 of a 公众号.
type Mode int

// The three modes.
const (
	Plain      Mode = iota // 明文模式
	Compatible             // 兼容模式: plain text and ciphertext side by side
	Safe                   // 安全模式: ciphertext only
)

// Client posts messages as WeChat does for one 公众号.
type Client struct {
	Token  string
	AESKey string // EncodingAESKey, for Compatible and Safe
	AppID  string
	Mode   Mode
	// Now is WeChat's clock; nil means time.Now.
	Now func() time.Time
}

// Text returns a user's text message.
func Text(from, content string, msgID int64) *message.MixMessage {
	m := &message.MixMessage{MsgID: msgID, Content: content}
	m.SetToUserName("gh_budgetqa")
	m.SetFromUserName(message.CDATA(from))
	m.SetCreateTime(1700000000)
	m.SetMsgType(message.MsgTypeText)
	return m
}

// Event returns an event of a user (message.EventSubscribe, say).
func Event(from string, event message.EventType) *message.MixMessage {
	m := &message.MixMessage{Event: event}
	m.SetToUserName("gh_budgetqa")
	m.SetFromUserName(message.CDATA(from))
	m.SetCreateTime(1700000000)
	m.SetMsgType(message.MsgTypeEvent)
	return m
}

// Sealed is a request as WeChat posts it: the query and the body.
type Sealed struct {
	Query url.Values
	Body  []byte
}

// Request returns the HTTP request of s to path.
func (s Sealed) Request(path string) *http.Request {
	req := httptest.NewRequest(http.MethodPost, path+"?"+s.Query.Encode(), bytes.NewReader(s.Body))
	req.Header.Set("Content-Type", "text/xml")
	return req
}

// Seal signs msg, and encrypts it in Compatible and Safe mode, with a new
// timestamp and nonce.
func (c *Client) Seal(msg *message.MixMessage) (Sealed, error) {
	raw, err := xml.Marshal(msg)
	if err != nil {
		return Sealed{}, err
	}
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	ts := strconv.FormatInt(now().Unix(), 10)
	var nb [4]byte
	_, _ = rand.Read(nb[:])
	nonce := strconv.FormatUint(uint64(binary.BigEndian.Uint32(nb[:])), 10)
	q := url.Values{"signature": {util.Signature(c.Token, ts, nonce)}, "timestamp": {ts}, "nonce": {nonce}, "openid": {string(msg.FromUserName)}}
	if c.Mode == Plain {
		return Sealed{Query: q, Body: raw}, nil
	}
	random := make([]byte, 16)
	_, _ = rand.Read(random)
	enc, err := util.EncryptMsg(random, raw, c.AppID, c.AESKey)
	if err != nil {
		return Sealed{}, err
	}
	q.Set("encrypt_type", "aes")
	q.Set("msg_signature", util.Signature(c.Token, ts, nonce, string(enc)))
	if c.Mode == Compatible {
		body := bytes.Replace(raw, []byte("</xml>"), []byte("<Encrypt><![CDATA["+string(enc)+"]]></Encrypt></xml>"), 1)
		return Sealed{Query: q, Body: body}, nil
	}
	body, err := xml.Marshal(message.EncryptedXMLMsg{ToUserName: string(msg.ToUserName), EncryptedMsg: string(enc)})
	return Sealed{Query: q, Body: body}, err
}

// ErrNoReply is Open's error for WeChat's "success": no reply.
var ErrNoReply = errors.New("wechattest: no reply (success)")

// Open reads a reply: in Compatible and Safe mode it checks the reply's
// signature and decrypts it, as WeChat does.
func (c *Client) Open(body []byte) (*message.MixMessage, error) {
	if string(body) == "success" {
		return nil, ErrNoReply
	}
	raw := body
	if c.Mode != Plain {
		var sealed message.ResponseEncryptedXMLMsg
		if err := xml.Unmarshal(body, &sealed); err != nil {
			return nil, fmt.Errorf("wechattest: sealed reply %q: %w", body, err)
		}
		if sealed.EncryptedMsg == "" {
			return nil, fmt.Errorf("wechattest: reply %q is not encrypted", body)
		}
		want := util.Signature(c.Token, strconv.FormatInt(sealed.Timestamp, 10), sealed.Nonce, sealed.EncryptedMsg)
		if sealed.MsgSignature != want {
			return nil, fmt.Errorf("wechattest: reply signed %s, want %s", sealed.MsgSignature, want)
		}
		var err error
		if _, raw, err = util.DecryptMsg(c.AppID, sealed.EncryptedMsg, c.AESKey); err != nil {
			return nil, fmt.Errorf("wechattest: decrypting the reply: %w", err)
		}
	}
	var m message.MixMessage
	if err := xml.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("wechattest: reply %q: %w", raw, err)
	}
	return &m, nil
}

// Post seals msg, serves it with h at /wechat and returns the response.
func (c *Client) Post(h http.Handler, msg *message.MixMessage) (*httptest.ResponseRecorder, error) {
	s, err := c.Seal(msg)
	if err != nil {
		return nil, err
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, s.Request("/wechat"))
	return rec, nil
}

// Ask posts msg with h and returns the reply's text, failing unless the
// response is a 200 with a text reply.
func (c *Client) Ask(h http.Handler, msg *message.MixMessage) (string, error) {
	rec, err := c.Post(h, msg)
	if err != nil {
		return "", err
	}
	if rec.Code != http.StatusOK {
		return "", fmt.Errorf("wechattest: status %d: %s", rec.Code, rec.Body.String())
	}
	m, err := c.Open(rec.Body.Bytes())
	if err != nil {
		return "", err
	}
	if m.MsgType != message.MsgTypeText || string(m.ToUserName) != string(msg.FromUserName) || string(m.FromUserName) != string(msg.ToUserName) {
		return "", fmt.Errorf("wechattest: reply %+v is not a text reply to %s", m.CommonToken, msg.FromUserName)
	}
	return m.Content, nil
}

// NewAESKey returns a random EncodingAESKey.
func NewAESKey() string {
	const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	key := make([]byte, 43)
	_, _ = rand.Read(key)
	for i := range key {
		key[i] = b64[int(key[i])%64]
	}
	// The last character holds 2 bits of the 32nd byte and 4 of padding.
	key[42] = "AEIMQUYcgkosw048"[int(key[42])%16]
	return string(key)
}
