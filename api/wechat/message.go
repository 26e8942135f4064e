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

// replyChoose ends a clarification: the options are numbered, and the
// engine takes the number as the reply in the same session.
const replyChoose = "回复数字即可选择。"

// ReplyText writes an answer for a chat: the answer, its items, how the
// question was understood, where the figure comes from, and for a question
// not answered what to try instead. A question that asks back lists its
// options numbered, one a line.
func ReplyText(r nlq.Response) string {
	if r.Clarify != nil && len(r.Clarify.Options) > 0 {
		return clarifyText(r)
	}
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

// clarifyText asks back: the engine's sentence up to its question (the
// options it lists inline are listed here one a line instead), the
// options numbered, and how to choose. Options that would not fit in a
// reply are left off from the end, so the numbers shown still pick the
// engine's options.
func clarifyText(r nlq.Response) string {
	c := r.Clarify
	lead := c.Question
	if i := strings.Index(r.Answer.Text, c.Question); c.Question != "" && i >= 0 {
		lead = r.Answer.Text[:i+len(c.Question)]
	}
	if lead == "" {
		lead = "请选择："
	}
	var b strings.Builder
	b.WriteString(lead)
	for i, o := range c.Options {
		line := fmt.Sprintf("\n%d. %s", i+1, o.Label)
		if b.Len()+len(line)+1+len(replyChoose) > maxReplyBytes {
			break
		}
		b.WriteString(line)
	}
	b.WriteString("\n" + replyChoose)
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
