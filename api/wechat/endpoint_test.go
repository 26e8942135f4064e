package wechat_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"
	"github.com/silenceper/wechat/v2/util"

	"github.com/budgetqa/budgetqa/api/wechat"
	"github.com/budgetqa/budgetqa/api/wechat/wechattest"
	"github.com/budgetqa/budgetqa/nlq"
)

const (
	token = "budgetqa-token"
	appID = "wx1234567890abcdef"
)

// engine answers "多少" questions with the question and the session, and
// counts what it was asked.
type engine struct {
	mu    sync.Mutex
	asked []nlq.Request
	ready bool
	gate  chan struct{} // when set, questions wait for it
}

func (e *engine) ask(req nlq.Request) (nlq.Response, bool) {
	e.mu.Lock()
	e.asked = append(e.asked, req)
	gate := e.gate
	e.mu.Unlock()
	if gate != nil {
		<-gate
	}
	if !e.ready {
		return nlq.Response{}, false
	}
	return nlq.Response{Answered: true, Answer: nlq.AnswerBody{Text: req.SessionID + " 问 " + req.Question + "：500万元。"}}, true
}

func (e *engine) count() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.asked)
}

// handler serves an endpoint at /wechat as package api does.
func handler(ep *wechat.Endpoint) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := r.Body.Read(buf)
			body.Write(buf[:n])
			if err != nil {
				break
			}
		}
		reply, err := ep.Handle(r.Context(), wechat.Request{Query: r.URL.Query(), Body: []byte(body.String()), Client: r.RemoteAddr})
		if err != nil {
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Type", reply.ContentType)
		w.Write(reply.Body)
	})
}

// newEndpoint returns an endpoint over e with an AES key, and clients of
// every mode.
func newEndpoint(t *testing.T, e *engine, cfg wechat.Config) (http.Handler, map[string]*wechattest.Client) {
	t.Helper()
	key := wechattest.NewAESKey()
	cfg.Token, cfg.AESKey, cfg.Ask = token, key, e.ask
	if cfg.AppID == "" {
		cfg.AppID = appID
	}
	ep, err := wechat.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	clients := map[string]*wechattest.Client{
		"明文模式": {Token: token, Mode: wechattest.Plain},
		"兼容模式": {Token: token, AESKey: key, AppID: appID, Mode: wechattest.Compatible},
		"安全模式": {Token: token, AESKey: key, AppID: appID, Mode: wechattest.Safe},
	}
	return handler(ep), clients
}

func TestModes(t *testing.T) {
	e := &engine{ready: true}
	h, clients := newEndpoint(t, e, wechat.Config{Department: "深圳市龙岗区信访局"})
	for _, mode := range []string{"明文模式", "兼容模式", "安全模式"} {
		t.Run(mode, func(t *testing.T) {
			c := clients[mode]
			got, err := c.Ask(h, wechattest.Text("oUser-"+mode, "信访稳定备用金多少", 1001))
			if err != nil {
				t.Fatal(err)
			}
			if want := "wechat:oUser-" + mode + " 问 信访稳定备用金多少：500万元。"; got != want {
				t.Errorf("reply %q, want %q", got, want)
			}
			e.mu.Lock()
			last := e.asked[len(e.asked)-1]
			e.mu.Unlock()
			if last.Department != "深圳市龙岗区信访局" {
				t.Errorf("asked in department %q, want the deployment's", last.Department)
			}
		})
	}
	// A ciphertext reply is not plain text in disguise.
	rec, err := clients["安全模式"].Post(h, wechattest.Text("oX", "信访稳定备用金多少", 1002))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(rec.Body.String(), "500万元") || !strings.Contains(rec.Body.String(), "<Encrypt>") {
		t.Errorf("安全模式 reply shows its text: %s", rec.Body.String())
	}
}

func TestGreetingAndEvents(t *testing.T) {
	e := &engine{ready: true}
	h, clients := newEndpoint(t, e, wechat.Config{Department: "深圳市龙岗区信访局", Examples: func() []string { return []string{"信访工作是多少"} }})
	c := clients["安全模式"]
	for i, hello := range []string{"你好", "您好！", "Hi", "hello~", "在吗？"} {
		got, err := c.Ask(h, wechattest.Text("oU", hello, int64(10+i)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(got, "欢迎") || !strings.Contains(got, "深圳市龙岗区信访局") || !strings.Contains(got, "信访工作是多少") {
			t.Errorf("%q: %q, want the welcome naming the department and an example", hello, got)
		}
	}
	got, err := c.Ask(h, wechattest.Event("oNew", message.EventSubscribe))
	if err != nil || !strings.HasPrefix(got, "欢迎") {
		t.Errorf("subscribe: %q, %v", got, err)
	}
	rec, err := c.Post(h, wechattest.Event("oNew", message.EventUnsubscribe))
	if err != nil || rec.Body.String() != wechat.Success {
		t.Errorf("unsubscribe: %q, %v; want success", rec.Body.String(), err)
	}
	if n := e.count(); n != 0 {
		t.Errorf("engine asked %d times, want none", n)
	}
}

// TestReplyCacheKeyedByUser: a retry gets the first reply and is asked
// once; another user's message with the same MsgId is their own.
func TestReplyCacheKeyedByUser(t *testing.T) {
	e := &engine{ready: true}
	h, clients := newEndpoint(t, e, wechat.Config{})
	c := clients["安全模式"]
	first, err := c.Ask(h, wechattest.Text("oAlice", "办公费多少", 7))
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.Ask(h, wechattest.Text("oAlice", "办公费多少", 7))
	if err != nil || again != first {
		t.Errorf("retry: %q, %v; want %q", again, err, first)
	}
	bob, err := c.Ask(h, wechattest.Text("oBob", "会议费多少", 7))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(bob, "oBob 问 会议费多少") {
		t.Errorf("another user with the same MsgId got %q, want their own answer", bob)
	}
	if n := e.count(); n != 2 {
		t.Errorf("engine asked %d times, want 2", n)
	}
}

func TestTimeoutThenRetry(t *testing.T) {
	e := &engine{ready: true, gate: make(chan struct{})}
	h, clients := newEndpoint(t, e, wechat.Config{Timeout: 20 * time.Millisecond})
	c := clients["明文模式"]
	msg := wechattest.Text("oU", "慢问题多少", 9)
	got, err := c.Ask(h, msg)
	if err != nil || !strings.Contains(got, "正在查询") {
		t.Fatalf("slow answer: %q, %v", got, err)
	}
	close(e.gate)
	deadline := time.Now().Add(2 * time.Second)
	for !strings.Contains(got, "500万元") && time.Now().Before(deadline) {
		got, _ = c.Ask(h, msg)
	}
	if !strings.Contains(got, "500万元") {
		t.Errorf("retry after the answer: %q", got)
	}
	if n := e.count(); n != 1 {
		t.Errorf("engine asked %d times, want 1", n)
	}
}

func TestRefusals(t *testing.T) {
	e := &engine{ready: true}
	h, clients := newEndpoint(t, e, wechat.Config{})
	safe := clients["安全模式"]
	post := func(s wechattest.Sealed) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, s.Request("/wechat"))
		return rec
	}
	seal := func(c *wechattest.Client, text string) wechattest.Sealed {
		t.Helper()
		s, err := c.Seal(wechattest.Text("oU", text, 42))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	other := *safe
	other.Token = "other-token"
	old := *safe
	old.Now = func() time.Time { return time.Now().Add(-10 * time.Minute) }
	future := *safe
	future.Now = func() time.Time { return time.Now().Add(10 * time.Minute) }
	otherApp := *safe
	otherApp.AppID = "wxother"
	otherKey := *safe
	otherKey.AESKey = wechattest.NewAESKey()

	tests := []struct {
		name string
		req  wechattest.Sealed
		want error
	}{
		{"wrong token", seal(&other, "a"), wechat.ErrSignature},
		{"timestamp ten minutes old", seal(&old, "a"), wechat.ErrStale},
		{"timestamp ten minutes ahead", seal(&future, "a"), wechat.ErrStale},
		{"sealed for another AppID", seal(&otherApp, "a"), wechat.ErrDecrypt},
		{"sealed with another key", seal(&otherKey, "a"), wechat.ErrDecrypt},
	}
	tampered := seal(safe, "a")
	tampered.Query.Set("msg_signature", util.Signature("x"))
	tests = append(tests, struct {
		name string
		req  wechattest.Sealed
		want error
	}{"msg_signature of another ciphertext", tampered, wechat.ErrSignature})
	notNumber := seal(safe, "a")
	notNumber.Query.Set("timestamp", "abc")
	notNumber.Query.Set("signature", util.Signature(token, "abc", notNumber.Query.Get("nonce")))
	tests = append(tests, struct {
		name string
		req  wechattest.Sealed
		want error
	}{"timestamp not a number", notNumber, wechat.ErrStale})

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := post(tt.req)
			if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), tt.want.Error()) {
				t.Errorf("%d %q, want refused with %v", rec.Code, rec.Body.String(), tt.want)
			}
		})
	}
	if n := e.count(); n != 0 {
		t.Errorf("engine asked %d times, want none", n)
	}
}

// TestReplay: a captured URL (signature, timestamp, nonce) carries its own
// message again, as WeChat's retries do, but no other.
func TestReplay(t *testing.T) {
	e := &engine{ready: true}
	h, clients := newEndpoint(t, e, wechat.Config{})
	c := clients["明文模式"]
	s, err := c.Seal(wechattest.Text("oU", "办公费多少", 1))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, s.Request("/wechat"))
		if rec.Code != http.StatusOK {
			t.Fatalf("try %d of the same message: %d %s", i+1, rec.Code, rec.Body.String())
		}
	}
	forged, err := c.Seal(wechattest.Text("oMallory", "培训费多少", 2))
	if err != nil {
		t.Fatal(err)
	}
	forged.Query = s.Query // the captured URL
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, forged.Request("/wechat"))
	if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), wechat.ErrReplay.Error()) {
		t.Errorf("another message on a used URL: %d %q, want refused as a replay", rec.Code, rec.Body.String())
	}
	if n := e.count(); n != 1 {
		t.Errorf("engine asked %d times, want 1", n)
	}
}

func TestAllowAndReady(t *testing.T) {
	e := &engine{}
	var allowed []string
	h, clients := newEndpoint(t, e, wechat.Config{Allow: func(client, user string) bool {
		allowed = append(allowed, user)
		return user != "oFlood"
	}})
	c := clients["安全模式"]
	if got, err := c.Ask(h, wechattest.Text("oFlood", "办公费多少", 1)); err != nil || !strings.Contains(got, "太频繁") {
		t.Errorf("over the limit: %q, %v", got, err)
	}
	if got, err := c.Ask(h, wechattest.Text("oU", "办公费多少", 2)); err != nil || !strings.Contains(got, "正在启动") {
		t.Errorf("before ready: %q, %v", got, err)
	}
	if got, err := c.Ask(h, wechattest.Text("oU", "你好", 3)); err != nil || !strings.HasPrefix(got, "欢迎") || len(allowed) != 2 {
		t.Errorf("a greeting: %q, %v; limits consulted for %q, want not for it", got, err, allowed)
	}
}

func TestVerify(t *testing.T) {
	e := &engine{}
	ep, err := wechat.New(wechat.Config{Token: token, Ask: e.ask})
	if err != nil {
		t.Fatal(err)
	}
	ts := fmt.Sprint(time.Now().Unix())
	q := url.Values{"signature": {util.Signature(token, ts, "1")}, "timestamp": {ts}, "nonce": {"1"}, "echostr": {"e42"}}
	if echo, err := ep.Verify(q); err != nil || echo != "e42" {
		t.Errorf("Verify = %q, %v; want the echostr", echo, err)
	}
	q.Set("nonce", "2")
	if _, err := ep.Verify(q); !errors.Is(err, wechat.ErrSignature) {
		t.Errorf("Verify with a wrong signature: %v", err)
	}
}

func TestNewRejects(t *testing.T) {
	ask := func(nlq.Request) (nlq.Response, bool) { return nlq.Response{}, false }
	for _, cfg := range []wechat.Config{
		{Ask: ask},
		{Token: token},
		{Token: token, Ask: ask, AESKey: "short"},
		{Token: token, Ask: ask, AESKey: strings.Repeat("!", 43)},
	} {
		if _, err := wechat.New(cfg); err == nil {
			t.Errorf("New(%+v) succeeded", cfg)
		}
	}
}
