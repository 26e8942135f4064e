package api

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/budgetqa/budgetqa/nlq"
)

const testToken = "budgetqa-token"

// signedQuery returns the query WeChat adds to a request: signature,
// timestamp and nonce, plus extra pairs.
func signedQuery(token string, extra ...string) string {
	ts, nonce := fmt.Sprint(time.Now().Unix()), "8675309"
	v := url.Values{"signature": {signature(token, ts, nonce)}, "timestamp": {ts}, "nonce": {nonce}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return v.Encode()
}

// textMessage is a text message as WeChat posts it.
func textMessage(from, content, msgID string) string {
	return fmt.Sprintf(`<xml><ToUserName><![CDATA[gh_budgetqa]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content><MsgId>%s</MsgId></xml>`, from, content, msgID)
}

// plainReply is a reply read back.
type plainReply struct {
	ToUserName, FromUserName, MsgType, Content string
	CreateTime                                 int64
}

// postWeChat posts a message signed with token and returns the response.
func postWeChat(t *testing.T, h http.Handler, token, body string) *httptest.ResponseRecorder {
	t.Helper()
	return do(t, h, http.MethodPost, "/wechat?"+signedQuery(token), strings.NewReader(body), "Content-Type", "text/xml")
}

// readReply decodes a text reply.
func readReply(t *testing.T, rec *httptest.ResponseRecorder) plainReply {
	t.Helper()
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	var r plainReply
	if err := xml.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		t.Fatalf("reply %q: %v", rec.Body.String(), err)
	}
	if !strings.Contains(rec.Body.String(), "<Content><![CDATA[") {
		t.Errorf("reply content not in CDATA: %s", rec.Body.String())
	}
	return r
}

func TestSignatureKnownValue(t *testing.T) {
	// sha1("12345" + "1700000000" + "budgetqa-token"), computed independently.
	const want = "70ee99db5079222964514d833eafb64cc3d9af32"
	for _, order := range [][3]string{{testToken, "1700000000", "12345"}} {
		if got := signature(order[0], order[1], order[2]); got != want {
			t.Errorf("signature = %s, want %s", got, want)
		}
	}
}

func TestWeChatVerify(t *testing.T) {
	env := newEnvNotReady(t, Config{WeChatToken: testToken})
	rec := do(t, env.h, http.MethodGet, "/wechat?"+signedQuery(testToken, "echostr", "5837397749"), nil)
	if rec.Code != http.StatusOK || rec.Body.String() != "5837397749" {
		t.Errorf("verify = %d %q, want 200 and the echostr", rec.Code, rec.Body.String())
	}
	wantError(t, do(t, env.h, http.MethodGet, "/wechat?"+signedQuery("other-token", "echostr", "1"), nil), http.StatusForbidden, codeForbidden)
	wantError(t, do(t, env.h, http.MethodGet, "/wechat?echostr=1", nil), http.StatusForbidden, codeForbidden)
}

func TestWeChatDisabledWithoutToken(t *testing.T) {
	env := newEnv(t, Config{})
	wantError(t, do(t, env.h, http.MethodGet, "/wechat?"+signedQuery(""), nil), http.StatusNotFound, codeNotFound)
}

func TestWeChatTextMessage(t *testing.T) {
	env := newEnv(t, Config{WeChatToken: testToken})
	rec := postWeChat(t, env.h, testToken, textMessage("oUser1", "信访稳定备用金多少", "1001"))
	r := readReply(t, rec)
	if r.ToUserName != "oUser1" || r.FromUserName != "gh_budgetqa" || r.MsgType != "text" {
		t.Errorf("reply header %+v", r)
	}
	if d := time.Since(time.Unix(r.CreateTime, 0)); d < 0 || d > time.Minute {
		t.Errorf("CreateTime %d is not now", r.CreateTime)
	}
	want := "2023年深圳市龙岗区信访局信访稳定备用金预算为500万元。\n" +
		"理解为：2023年 · 深圳市龙岗区信访局 · 信访稳定备用金\n" +
		"来源：2023年深圳市龙岗区信访局部门预算 · 表3 支出总表 · 信访事务 · 合计（第516行）"
	if r.Content != want {
		t.Errorf("content\n%s\nwant\n%s", r.Content, want)
	}
	asked := env.ans.requests()
	if len(asked) != 1 || asked[0].SessionID != "wechat:oUser1" || asked[0].Question != "信访稳定备用金多少" {
		t.Errorf("engine asked %+v, want the question in the user's session", asked)
	}
}

func TestWeChatFollowUp(t *testing.T) {
	env := newEnv(t, Config{WeChatToken: testToken})
	readReply(t, postWeChat(t, env.h, testToken, textMessage("oUser1", "信访工作是多少", "1")))
	readReply(t, postWeChat(t, env.h, testToken, textMessage("oUser2", "机关运行经费是多少", "2")))
	r := readReply(t, postWeChat(t, env.h, testToken, textMessage("oUser1", "那上年呢", "3")))
	if !strings.HasPrefix(r.Content, "追问：信访工作是多少") {
		t.Errorf("follow-up = %q, want it to lean on the same user's question", r.Content)
	}
}

func TestWeChatRetryAnsweredOnce(t *testing.T) {
	env := newEnv(t, Config{WeChatToken: testToken})
	msg := textMessage("oUser1", "信访稳定备用金多少", "2002")
	first := readReply(t, postWeChat(t, env.h, testToken, msg))
	for range 2 {
		again := readReply(t, postWeChat(t, env.h, testToken, msg))
		if again.Content != first.Content {
			t.Errorf("retry got %q, want %q", again.Content, first.Content)
		}
	}
	if n := len(env.ans.requests()); n != 1 {
		t.Errorf("engine asked %d times for one message, want 1", n)
	}
}

func TestWeChatConcurrentRetry(t *testing.T) {
	env := newEnv(t, Config{WeChatToken: testToken})
	msg := textMessage("oUser1", "慢慢说信访稳定备用金多少", "3003")
	var wg sync.WaitGroup
	replies := make([]plainReply, 3)
	for i := range replies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			replies[i] = readReply(t, postWeChat(t, env.h, testToken, msg))
		}()
	}
	waitFor(t, "the question to reach the engine", func() bool { return len(env.ans.requests()) == 1 })
	time.Sleep(20 * time.Millisecond) // let the retries arrive
	close(env.ans.release)
	wg.Wait()
	for _, r := range replies {
		if !strings.Contains(r.Content, "500万元") {
			t.Errorf("reply %q, want the answer", r.Content)
		}
	}
	if n := len(env.ans.requests()); n != 1 {
		t.Errorf("engine asked %d times, want 1", n)
	}
}

func TestWeChatTimeout(t *testing.T) {
	env := newEnv(t, Config{WeChatToken: testToken, WeChatTimeout: 30 * time.Millisecond})
	msg := textMessage("oUser1", "慢慢说信访稳定备用金多少", "4004")
	start := time.Now()
	r := readReply(t, postWeChat(t, env.h, testToken, msg))
	if r.Content != replyPending {
		t.Errorf("slow answer: %q, want %q", r.Content, replyPending)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v, want about the timeout", d)
	}
	// The answer arrives later; WeChat's retry of the message gets it.
	close(env.ans.release)
	waitFor(t, "the answer", func() bool {
		return strings.Contains(readReply(t, postWeChat(t, env.h, testToken, msg)).Content, "500万元")
	})
	if n := len(env.ans.requests()); n != 1 {
		t.Errorf("engine asked %d times, want 1", n)
	}
}

func TestWeChatOtherMessages(t *testing.T) {
	env := newEnv(t, Config{WeChatToken: testToken})
	image := `<xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName><![CDATA[oU]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://x/y.jpg]]></PicUrl><MsgId>5</MsgId></xml>`
	if r := readReply(t, postWeChat(t, env.h, testToken, image)); r.Content != replyNonText {
		t.Errorf("image: %q", r.Content)
	}
	voice := `<xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName><![CDATA[oU]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[m]]></MediaId><MsgId>6</MsgId></xml>`
	if r := readReply(t, postWeChat(t, env.h, testToken, voice)); r.Content != replyNonText {
		t.Errorf("voice: %q", r.Content)
	}
	recognized := strings.Replace(voice, "<MsgId>6", "<Recognition><![CDATA[信访稳定备用金多少]]></Recognition><MsgId>7", 1)
	if r := readReply(t, postWeChat(t, env.h, testToken, recognized)); !strings.Contains(r.Content, "500万元") {
		t.Errorf("recognised voice: %q", r.Content)
	}
	subscribe := `<xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName><![CDATA[oU]]></FromUserName><CreateTime>2</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>`
	if r := readReply(t, postWeChat(t, env.h, testToken, subscribe)); !strings.HasPrefix(r.Content, replyWelcome) || !strings.Contains(r.Content, "深圳市龙岗区信访局") {
		t.Errorf("subscribe: %q", r.Content)
	}
	unsubscribe := strings.Replace(subscribe, "[subscribe]", "[unsubscribe]", 1)
	if rec := postWeChat(t, env.h, testToken, unsubscribe); rec.Code != http.StatusOK || rec.Body.String() != replySuccess {
		t.Errorf("unsubscribe: %d %q, want success", rec.Code, rec.Body.String())
	}
	encrypted := `<xml><ToUserName><![CDATA[gh]]></ToUserName><Encrypt><![CDATA[abc]]></Encrypt></xml>`
	encrypted = strings.Replace(encrypted, "</ToUserName>", "</ToUserName><FromUserName><![CDATA[oU]]></FromUserName>", 1)
	if rec := postWeChat(t, env.h, testToken, encrypted); rec.Code != http.StatusOK || rec.Body.String() != replySuccess {
		t.Errorf("encrypted: %d %q, want success", rec.Code, rec.Body.String())
	}
	if r := readReply(t, postWeChat(t, env.h, testToken, textMessage("oU", "  ", "8"))); r.Content != replyEmpty {
		t.Errorf("empty: %q", r.Content)
	}
	if r := readReply(t, postWeChat(t, env.h, testToken, textMessage("oU", strings.Repeat("预", 201), "9"))); !strings.Contains(r.Content, "200") {
		t.Errorf("too long: %q", r.Content)
	}
	if n := len(env.ans.requests()); n != 1 {
		t.Errorf("engine asked %d times, want once (the recognised voice)", n)
	}
}

func TestWeChatRefusals(t *testing.T) {
	env := newEnv(t, Config{WeChatToken: testToken})
	wantError(t, postWeChat(t, env.h, "wrong-token", textMessage("oU", "信访稳定备用金多少", "1")), http.StatusForbidden, codeForbidden)
	wantError(t, do(t, env.h, http.MethodPost, "/wechat", strings.NewReader(textMessage("oU", "a", "1"))), http.StatusForbidden, codeForbidden)
	wantError(t, postWeChat(t, env.h, testToken, "<xml><Content>"), http.StatusBadRequest, codeBadMessage)
	wantError(t, postWeChat(t, env.h, testToken, "not xml"), http.StatusBadRequest, codeBadMessage)
	if n := len(env.ans.requests()); n != 0 {
		t.Errorf("engine asked %d times", n)
	}
}

func TestWeChatBeforeReady(t *testing.T) {
	env := newEnvNotReady(t, Config{WeChatToken: testToken})
	if r := readReply(t, postWeChat(t, env.h, testToken, textMessage("oU", "信访稳定备用金多少", "1"))); r.Content != replyNotReady {
		t.Errorf("before ready: %q", r.Content)
	}
}

func TestWeChatRateLimitPerUser(t *testing.T) {
	env := newEnv(t, Config{WeChatToken: testToken, Rate: 0.001, Burst: 1})
	readReply(t, postWeChat(t, env.h, testToken, textMessage("oUser1", "信访稳定备用金多少", "1")))
	if r := readReply(t, postWeChat(t, env.h, testToken, textMessage("oUser1", "信访工作是多少", "2"))); r.Content != replyTooFast {
		t.Errorf("second question at once: %q, want %q", r.Content, replyTooFast)
	}
	// Another user, from the same WeChat server address, is not held back.
	if r := readReply(t, postWeChat(t, env.h, testToken, textMessage("oUser2", "信访工作是多少", "3"))); r.Content == replyTooFast {
		t.Error("a second user was rate limited")
	}
}

func TestReplyText(t *testing.T) {
	r := nlq.Response{
		Answered: false,
		Answer:   nlq.AnswerBody{Text: "抱歉，没有找到。"},
		Sources:  []nlq.SourceRef{},
		Suggestions: []string{
			"部门预算总额是多少", "“三公”经费是多少", "项目支出占总支出的比例", "第四个",
		},
	}
	want := "抱歉，没有找到。\n可以试试：部门预算总额是多少；“三公”经费是多少；项目支出占总支出的比例"
	if got := replyText(r); got != want {
		t.Errorf("replyText = %q, want %q", got, want)
	}
	r = nlq.Response{Answered: true, Answer: nlq.AnswerBody{Text: "前三项：", Items: []nlq.Item{{Name: "甲", Value: "1", Unit: "万元"}}}, Arithmetic: "1 + 2 = 3"}
	if got := replyText(r); got != "前三项：\n· 甲 1万元\n计算：1 + 2 = 3" {
		t.Errorf("replyText = %q", got)
	}
}

func TestTruncateBytes(t *testing.T) {
	s := strings.Repeat("预算", 1000)
	got := truncateBytes(s, maxReplyBytes)
	if len(got) > maxReplyBytes || !utf8.ValidString(got) || !strings.HasSuffix(got, "…") {
		t.Errorf("truncateBytes: %d bytes, valid %v", len(got), utf8.ValidString(got))
	}
	if truncateBytes("短", 10) != "短" {
		t.Error("short text changed")
	}
}

func TestReplyCache(t *testing.T) {
	rc := newReplyCache(2, time.Minute)
	now := time.Unix(1700000000, 0)
	a, first := rc.get("a", now)
	if !first {
		t.Fatal("a not new")
	}
	a.finish("A")
	if e, first := rc.get("a", now.Add(time.Second)); first || e.reply != "A" {
		t.Errorf("a again: first %v reply %q", first, e.reply)
	}
	rc.get("b", now)
	rc.get("c", now) // evicts a, the oldest
	if _, first := rc.get("a", now); !first {
		t.Error("a kept past the bound")
	}
	if len(rc.entries) > 2 || len(rc.order) > 2 {
		t.Errorf("cache holds %d entries, %d keys, want at most 2", len(rc.entries), len(rc.order))
	}
	if _, first := rc.get("a", now.Add(2*time.Minute)); !first {
		t.Error("a kept past its time to live")
	}
}
