package api

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"

	"github.com/budgetqa/budgetqa/api/wechat"
	"github.com/budgetqa/budgetqa/api/wechat/wechattest"
)

const (
	testToken = "budgetqa-token"
	testAppID = "wx1234567890abcdef"
)

// signedQuery returns the query WeChat adds to a request: signature,
// timestamp and nonce, plus extra pairs.
func signedQuery(token string, extra ...string) string {
	ts, nonce := fmt.Sprint(time.Now().Unix()), "8675309"
	v := url.Values{"signature": {wechat.Signature(token, ts, nonce)}, "timestamp": {ts}, "nonce": {nonce}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return v.Encode()
}

// wechatEnv is a server with /wechat in 安全模式, and a client of WeChat's
// built on another implementation (package wechattest).
func wechatEnv(t *testing.T, cfg Config) (*testEnv, *wechattest.Client) {
	t.Helper()
	cfg.WeChatToken, cfg.WeChatAESKey, cfg.WeChatAppID = testToken, wechattest.NewAESKey(), testAppID
	env := newEnv(t, cfg)
	return env, &wechattest.Client{Token: testToken, AESKey: cfg.WeChatAESKey, AppID: testAppID, Mode: wechattest.Safe}
}

// ask sends a text message from user and returns the reply's text.
func wxAsk(t *testing.T, env *testEnv, c *wechattest.Client, user, text string, msgID int64) string {
	t.Helper()
	got, err := c.Ask(env.h, wechattest.Text(user, text, msgID))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestWeChatVerify(t *testing.T) {
	env := newEnvNotReady(t, Config{WeChatToken: testToken})
	rec := do(t, env.h, http.MethodGet, "/wechat?"+signedQuery(testToken, "echostr", "5837397749"), nil)
	if rec.Code != http.StatusOK || rec.Body.String() != "5837397749" {
		t.Errorf("verify = %d %q, want 200 and the echostr", rec.Code, rec.Body.String())
	}
	wantError(t, do(t, env.h, http.MethodGet, "/wechat?"+signedQuery("other-token", "echostr", "1"), nil), http.StatusForbidden, codeForbidden)
	wantError(t, do(t, env.h, http.MethodGet, "/wechat?echostr=1", nil), http.StatusForbidden, codeForbidden)
	old := url.Values{"signature": {wechat.Signature(testToken, "1000000000", "1")}, "timestamp": {"1000000000"}, "nonce": {"1"}, "echostr": {"x"}}
	wantError(t, do(t, env.h, http.MethodGet, "/wechat?"+old.Encode(), nil), http.StatusForbidden, codeStaleRequest)
}

func TestWeChatDisabledWithoutToken(t *testing.T) {
	env := newEnv(t, Config{})
	wantError(t, do(t, env.h, http.MethodGet, "/wechat?"+signedQuery(""), nil), http.StatusNotFound, codeNotFound)
}

func TestWeChatBadAESKey(t *testing.T) {
	if _, err := New(Config{WeChatToken: testToken, WeChatAESKey: "too short"}); err == nil {
		t.Error("New with a malformed EncodingAESKey succeeded")
	}
}

// TestWeChatSafeMode drives 安全模式 end to end: a message encrypted and
// signed as WeChat does, answered with ciphertext that WeChat can open.
func TestWeChatSafeMode(t *testing.T) {
	env, c := wechatEnv(t, Config{})
	got := wxAsk(t, env, c, "oUser1", "信访稳定备用金多少", 1001)
	want := "2023年深圳市龙岗区信访局信访稳定备用金预算为500万元。\n" +
		"理解为：2023年 · 深圳市龙岗区信访局 · 信访稳定备用金\n" +
		"来源：2023年深圳市龙岗区信访局部门预算 · 表3 支出总表 · 信访事务 · 合计（第516行）"
	if got != want {
		t.Errorf("content\n%s\nwant\n%s", got, want)
	}
	asked := env.ans.requests()
	if len(asked) != 1 || asked[0].SessionID != "wechat:oUser1" || asked[0].Question != "信访稳定备用金多少" {
		t.Errorf("engine asked %+v, want the question in the user's session", asked)
	}
	// 兼容模式 and 明文模式 with the same server.
	for _, mode := range []wechattest.Mode{wechattest.Compatible, wechattest.Plain} {
		other := *c
		other.Mode = mode
		if got := wxAsk(t, env, &other, "oUser1", "信访稳定备用金多少", int64(1002+mode)); !strings.Contains(got, "500万元") {
			t.Errorf("mode %d: %q", mode, got)
		}
	}
}

func TestWeChatFollowUp(t *testing.T) {
	env, c := wechatEnv(t, Config{})
	wxAsk(t, env, c, "oUser1", "信访工作是多少", 1)
	wxAsk(t, env, c, "oUser2", "机关运行经费是多少", 2)
	if got := wxAsk(t, env, c, "oUser1", "那上年呢", 3); !strings.HasPrefix(got, "追问：信访工作是多少") {
		t.Errorf("follow-up = %q, want it to lean on the same user's question", got)
	}
}

// TestWeChatCacheKeyedByUser: a retry is answered once; another user's
// message with the same MsgId is answered on its own.
func TestWeChatCacheKeyedByUser(t *testing.T) {
	env, c := wechatEnv(t, Config{})
	first := wxAsk(t, env, c, "oUser1", "信访稳定备用金多少", 2002)
	if again := wxAsk(t, env, c, "oUser1", "信访稳定备用金多少", 2002); again != first {
		t.Errorf("retry got %q, want %q", again, first)
	}
	if other := wxAsk(t, env, c, "oUser2", "火星探测经费多少", 2002); !strings.Contains(other, "火星") {
		t.Errorf("another user, same MsgId: %q, want their own answer", other)
	}
	if n := len(env.ans.requests()); n != 2 {
		t.Errorf("engine asked %d times, want 2", n)
	}
}

// TestWeChatDepartment: the deployment's department scopes WeChat
// messages and API requests that name none, and greets new followers.
func TestWeChatDepartment(t *testing.T) {
	const dept = "深圳市龙岗区信访局"
	env, c := wechatEnv(t, Config{Department: dept})
	wxAsk(t, env, c, "oNew", "办公费多少", 1)
	postJSON(t, env.h, "/v1/ask", `{"question":"办公费多少"}`)
	postJSON(t, env.h, "/v1/ask", `{"question":"办公费多少","department":"普陀"}`)
	var got []string
	for _, r := range env.ans.requests() {
		got = append(got, r.Department)
	}
	if strings.Join(got, ",") != dept+","+dept+",普陀" {
		t.Errorf("departments asked: %q, want the deployment's unless the request names one", got)
	}
	hello := wxAsk(t, env, c, "oNew", "你好", 2)
	sub, err := c.Ask(env.h, wechattest.Event("oNew", message.EventSubscribe))
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []string{hello, sub} {
		if !strings.HasPrefix(g, "欢迎") || !strings.Contains(g, dept) {
			t.Errorf("greeting %q, want the welcome naming %s", g, dept)
		}
	}
	// Suggestions default to the department too.
	s := decodeBody[suggestResponse](t, do(t, env.h, http.MethodGet, "/v1/suggest", nil))
	if s.Department != dept {
		t.Errorf("suggest without a department: %+v, want %s's", s, dept)
	}
}

// postFrom posts a sealed message from the address addr.
func postFrom(t *testing.T, env *testEnv, c *wechattest.Client, addr, user string, msgID int64) string {
	t.Helper()
	s, err := c.Seal(wechattest.Text(user, "信访稳定备用金多少", msgID))
	if err != nil {
		t.Fatal(err)
	}
	req := s.Request("/wechat")
	req.RemoteAddr = addr + ":4000"
	rec := httptest.NewRecorder()
	env.h.ServeHTTP(rec, req)
	m, err := c.Open(rec.Body.Bytes())
	if err != nil {
		t.Fatalf("%d %s: %v", rec.Code, rec.Body.String(), err)
	}
	return m.Content
}

// TestWeChatRateLimitPerAddress: 60 messages under 60 names from one
// address get the burst's answers, and the rest are told to wait; another
// address is not held back.
func TestWeChatRateLimitPerAddress(t *testing.T) {
	env, c := wechatEnv(t, Config{Rate: 0.001, Burst: 3})
	answered := 0
	for i := range 60 {
		if got := postFrom(t, env, c, "198.51.100.7", fmt.Sprintf("oName%d", i), int64(i)); strings.Contains(got, "500万元") {
			answered++
		} else if !strings.Contains(got, "太频繁") {
			t.Fatalf("message %d: %q", i, got)
		}
	}
	if answered != 3 {
		t.Errorf("%d of 60 answered from one address, want the burst of 3", answered)
	}
	if got := postFrom(t, env, c, "198.51.100.8", "oOther", 100); !strings.Contains(got, "500万元") {
		t.Errorf("another address: %q, want an answer", got)
	}
}

// TestWeChatRateLimitTotal: all of /wechat together has a limit, whatever
// the addresses.
func TestWeChatRateLimitTotal(t *testing.T) {
	env, c := wechatEnv(t, Config{Rate: 100, Burst: 100, WeChatRate: 0.5})
	answered := 0
	for i := range 5 {
		if got := postFrom(t, env, c, fmt.Sprintf("198.51.100.%d", i), fmt.Sprintf("oU%d", i), int64(i)); strings.Contains(got, "500万元") {
			answered++
		}
	}
	if answered != 1 {
		t.Errorf("%d of 5 answered, want 1 (a burst of twice 0.5/s)", answered)
	}
}

func TestWeChatRefusals(t *testing.T) {
	env, c := wechatEnv(t, Config{})
	wrong := *c
	wrong.Token = "wrong-token"
	rec, err := wrong.Post(env.h, wechattest.Text("oU", "信访稳定备用金多少", 1))
	if err != nil {
		t.Fatal(err)
	}
	wantError(t, rec, http.StatusForbidden, codeForbidden)
	old := *c
	old.Now = func() time.Time { return time.Unix(1000000000, 0) }
	rec, _ = old.Post(env.h, wechattest.Text("oU", "信访稳定备用金多少", 1))
	wantError(t, rec, http.StatusForbidden, codeStaleRequest)

	s, _ := c.Seal(wechattest.Text("oU", "信访稳定备用金多少", 1))
	other, _ := c.Seal(wechattest.Text("oMallory", "办公费多少", 2))
	other.Query = s.Query
	for _, req := range []*http.Request{s.Request("/wechat"), other.Request("/wechat")} {
		rec = httptest.NewRecorder()
		env.h.ServeHTTP(rec, req)
	}
	wantError(t, rec, http.StatusForbidden, codeReplayedRequest)

	otherApp := *c
	otherApp.AppID = "wxother"
	rec, _ = otherApp.Post(env.h, wechattest.Text("oU", "信访稳定备用金多少", 3))
	wantError(t, rec, http.StatusBadRequest, codeBadMessage)

	wantError(t, do(t, env.h, http.MethodPost, "/wechat?"+signedQuery(testToken), strings.NewReader("not xml")), http.StatusBadRequest, codeBadMessage)
	wantError(t, do(t, env.h, http.MethodPost, "/wechat", strings.NewReader("<xml/>")), http.StatusForbidden, codeForbidden)
	if n := len(env.ans.requests()); n != 1 {
		t.Errorf("engine asked %d times, want once (the first message)", n)
	}
	if logs := env.logs.String(); !strings.Contains(logs, "wechat: request refused") {
		t.Errorf("refusals not logged:\n%s", logs)
	}
}

func TestWeChatBeforeReady(t *testing.T) {
	env := newEnvNotReady(t, Config{WeChatToken: testToken})
	c := &wechattest.Client{Token: testToken}
	got, err := c.Ask(env.h, wechattest.Text("oU", "信访稳定备用金多少", 1))
	if err != nil || !strings.Contains(got, "正在启动") {
		t.Errorf("before ready: %q, %v", got, err)
	}
}

// TestWeChatClarify: a question several departments answer is asked back
// with the options numbered, and the number, sent as the next message,
// answers for that option. A retry of the number (same MsgId) is answered
// from the cache, not asked again: the session has moved on. Another
// user's "2" is theirs alone.
func TestWeChatClarify(t *testing.T) {
	env, c := wechatEnv(t, Config{})
	got := wxAsk(t, env, c, "oUser1", "办公费多少", 1)
	want := "有2个部门的文件有“办公费”，您问的是哪个部门？\n1. 深圳市龙岗区信访局\n2. 上海市普陀区司法局\n回复数字即可选择。"
	if got != want {
		t.Errorf("clarification\n%s\nwant\n%s", got, want)
	}
	picked := wxAsk(t, env, c, "oUser1", "2", 2)
	if !strings.Contains(picked, "上海市普陀区司法局办公费") || !strings.Contains(picked, "12万元") {
		t.Errorf("reply 2 = %q, want 上海市普陀区司法局's 办公费", picked)
	}
	if again := wxAsk(t, env, c, "oUser1", "2", 2); again != picked {
		t.Errorf("retry of 2 = %q, want the first reply %q", again, picked)
	}
	if other := wxAsk(t, env, c, "oUser2", "2", 2); strings.Contains(other, "司法局") {
		t.Errorf("another user's 2 = %q, want it not to pick from oUser1's options", other)
	}
	var asked []string
	for _, r := range env.ans.requests() {
		asked = append(asked, r.SessionID+" "+r.Question)
	}
	if strings.Join(asked, ",") != "wechat:oUser1 办公费多少,wechat:oUser1 2,wechat:oUser2 2" {
		t.Errorf("engine asked %q", asked)
	}
}
