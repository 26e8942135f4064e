package wechat

import (
	"encoding/xml"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/budgetqa/budgetqa/nlq"
)

// maxReplyBytes bounds a reply's text: WeChat takes up to 2048 bytes.
const maxReplyBytes = 2000

// message is a message WeChat posts: text, another type, or an event. In
// 安全模式 only ToUserName and Encrypt are set, and the rest is inside
// Encrypt; in 兼容模式 both are.
type message struct {
	XMLName      xml.Name `xml:"xml"`
	ToUserName   string   `xml:"ToUserName"`
	FromUserName string   `xml:"FromUserName"`
	CreateTime   int64    `xml:"CreateTime"`
	MsgType      string   `xml:"MsgType"`
	Content      string   `xml:"Content"`
	MsgID        string   `xml:"MsgId"`
	Event        string   `xml:"Event"`
	Recognition  string   `xml:"Recognition"` // voice, when recognition is on
	Encrypt      string   `xml:"Encrypt"`
}

// textReply is a text reply.
type textReply struct {
	XMLName      xml.Name `xml:"xml"`
	ToUserName   cdata    `xml:"ToUserName"`
	FromUserName cdata    `xml:"FromUserName"`
	CreateTime   int64    `xml:"CreateTime"`
	MsgType      cdata    `xml:"MsgType"`
	Content      cdata    `xml:"Content"`
}

// sealedReply is a reply in 安全模式: the text reply encrypted, and signed.
type sealedReply struct {
	XMLName      xml.Name `xml:"xml"`
	Encrypt      cdata    `xml:"Encrypt"`
	MsgSignature cdata    `xml:"MsgSignature"`
	TimeStamp    int64    `xml:"TimeStamp"`
	Nonce        cdata    `xml:"Nonce"`
}

// cdata is text written as <![CDATA[…]]>, as WeChat writes it.
type cdata struct {
	Text string `xml:",cdata"`
}

// mustMarshal marshals one of the fixed reply structs, which always
// marshal.
func mustMarshal(v any) []byte {
	out, err := xml.Marshal(v)
	if err != nil {
		panic(err)
	}
	return out
}

// ReplyText writes an answer for a chat: the answer, its items, how the
// question was understood, where the figure comes from, and for a question
// not answered what to try instead.
func ReplyText(r nlq.Response) string {
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
	switch {
	case s.Page > 0:
		text += fmt.Sprintf("（第%d页）", s.Page)
	case s.Line > 0:
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
