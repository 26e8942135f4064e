package api

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/budgetqa/budgetqa/api/wechat"
	"github.com/budgetqa/budgetqa/index"
	"github.com/budgetqa/budgetqa/nlq"
)

// The fuzzers below drive Server.Handler over the bundled documents, wired
// as budgetqa serve wires them (the engine finds related passages with the
// index), with WeChat on and no rate limit. Their properties hold for every
// input: no panic and no 5xx (the server is ready, so not even a 503),
// nothing logged at error level, and a JSON endpoint answers valid JSON:
// the usual error shape for a 4xx, the endpoint's fields for a 200.
//
// The server is built once per process, so sessions and WeChat's reply
// cache carry over from one input to the next; a crasher that needs an
// earlier question in its session may not reproduce alone.

// fuzzed is the server the fuzzers share, and one with no backend yet.
var fuzzed struct {
	once     sync.Once
	h        http.Handler
	notReady http.Handler
	errs     *errorLog
	err      error
}

// fuzzHandler returns the shared server's handler, built on first use, and
// the log of its errors. Like the other tests over the bundled documents it
// is skipped with -short.
func fuzzHandler(t *testing.T) (http.Handler, *errorLog) {
	t.Helper()
	b := bundledBackend(t)
	fuzzed.once.Do(func() {
		x, ok := b.Searcher.(*index.Index)
		if !ok {
			fuzzed.err = fmt.Errorf("bundled searcher is a %T, want *index.Index", b.Searcher)
			return
		}
		docs := b.Library.Documents()
		engine := nlq.New(docs, nlq.Options{Index: func() (nlq.Searcher, error) { return x, nil }})
		fuzzed.errs = &errorLog{}
		srv, err := New(Config{
			WeChatToken: testToken,
			// Long enough that an answer, and any panic in it, belongs to
			// the input that asked; the fuzzers never wait for it to pass.
			WeChatTimeout: time.Minute,
			Logger:        slog.New(slog.NewTextHandler(fuzzed.errs, &slog.HandlerOptions{Level: slog.LevelError})),
		})
		if err != nil {
			fuzzed.err = err
			return
		}
		if err := srv.SetBackend(Backend{Answerer: engine, Library: engine, Searcher: x}); err != nil {
			fuzzed.err = err
			return
		}
		<-srv.current().sugg.Done()
		fuzzed.h = srv.Handler()
		nr, err := New(Config{})
		if err != nil {
			fuzzed.err = err
			return
		}
		fuzzed.notReady = nr.Handler()
	})
	if fuzzed.err != nil {
		t.Fatal(fuzzed.err)
	}
	return fuzzed.h, fuzzed.errs
}

// errorLog keeps what the server logs at error level: a panic recovered
// anywhere, a failed search. The fuzzers want it empty (take).
type errorLog = syncBuffer

// fuzzServe sends req to h and fails on a 5xx or an error logged meanwhile.
func fuzzServe(t *testing.T, h http.Handler, errs *errorLog, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code >= 500 {
		t.Fatalf("%s %s?%s = %d, want no 5xx; body %s", req.Method, req.URL.Path, req.URL.RawQuery, rec.Code, rec.Body.String())
	}
	if logged := errs.take(); logged != "" {
		t.Fatalf("%s %s?%s logged an error:\n%s", req.Method, req.URL.Path, req.URL.RawQuery, logged)
	}
	return rec
}

// A field's JSON kind, as checkJSON wants it.
const (
	jsonBool   = "bool"
	jsonString = "string"
	jsonNumber = "number"
	jsonObject = "object"
	jsonArray  = "array"
)

// checkJSON checks a response of a JSON endpoint: a JSON object in valid
// UTF-8; for a 4xx exactly {"error": {code, message}, "answered": false},
// with the code's status and a Chinese message; for a 200 the fields in
// want (name, kind pairs). It returns the object's fields.
func checkJSON(t *testing.T, rec *httptest.ResponseRecorder, want ...string) map[string]json.RawMessage {
	t.Helper()
	body := rec.Body.Bytes()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("status %d with Content-Type %q, want application/json; body %q", rec.Code, ct, body)
	}
	if !utf8.Valid(body) {
		t.Fatalf("status %d: body is not UTF-8: %q", rec.Code, body)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil || obj == nil {
		t.Fatalf("status %d: body %q is not a JSON object: %v", rec.Code, body, err)
	}
	switch {
	case rec.Code >= 400:
		if len(obj) != 2 || string(obj["answered"]) != "false" {
			t.Fatalf("status %d: error body %s, want exactly error and answered:false", rec.Code, body)
		}
		var e Error
		if err := json.Unmarshal(obj["error"], &e); err != nil {
			t.Fatalf("status %d: error %s: %v", rec.Code, obj["error"], err)
		}
		if e.Code == "" || errorStatus(e.Code) != rec.Code {
			t.Fatalf("status %d with code %q, whose status is %d", rec.Code, e.Code, errorStatus(e.Code))
		}
		if !hasHan(e.Message) {
			t.Fatalf("code %s: message %q, want a Chinese explanation", e.Code, e.Message)
		}
	case rec.Code == http.StatusOK:
		for i := 0; i+1 < len(want); i += 2 {
			if got := jsonKind(obj[want[i]]); got != want[i+1] {
				t.Fatalf("field %s is %s (%s), want a JSON %s; body %s", want[i], got, obj[want[i]], want[i+1], body)
			}
		}
	default:
		t.Fatalf("status %d, want 200 or a 4xx; body %s", rec.Code, body)
	}
	return obj
}

// jsonKind names the kind of a JSON value, "missing" for none.
func jsonKind(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return "missing"
	}
	switch v[0] {
	case 't', 'f':
		return jsonBool
	case '"':
		return jsonString
	case '{':
		return jsonObject
	case '[':
		return jsonArray
	case 'n':
		return "null"
	}
	return jsonNumber
}

// The fields of a 200 from each JSON endpoint.
var (
	askFields      = []string{"question", jsonString, "answered", jsonBool, "intent", jsonString, "answer", jsonObject, "sources", jsonArray}
	searchFields   = []string{"query", jsonString, "hits", jsonArray}
	suggestFields  = []string{"query", jsonString, "completions", jsonArray, "questions", jsonArray}
	documentFields = []string{"id", jsonString, "name", jsonString, "counts", jsonObject, "sections", jsonArray,
		"tables", jsonArray, "facts", jsonArray, "paragraphs", jsonArray, "terms", jsonArray}
)

// FuzzAsk posts arbitrary bodies with arbitrary content types to /v1/ask,
// with the length declared or not (then only the body's reader limits it).
// The same request to a server that is not ready yet is a 503, or a 413
// when its declared length is too big.
func FuzzAsk(f *testing.F) {
	const ct = "application/json"
	for _, body := range []string{
		`{"question":"信访稳定备用金多少"}`,
		`{"question":"2023年部门预算收入是多少","department":"深圳市龙岗区信访局","year":2023}`,
		`{"question":"今年预算比去年多了多少钱","department":"江苏省人大常委会办公厅","year":2018,"session_id":"f1"}`,
		`{"question":"那上年呢","session_id":"f1"}`,
		`{"question":"2019年比2017年基本支出增加多少","department":"江苏人大"}`,
		`{"question":"部门支出总计是多少元？","department":"普陀司法局","year":2026}`,
		`{"question":"火星探测经费是多少"}`,
		`{"question":"   "}`,
		`{"question":""}`,
		`{}`,
		``,
		`null`,
		`[]`,
		`"信访"`,
		`{"question":123}`,
		`{"question":["a"]}`,
		`{"question":"x","year":"2023"}`,
		`{"question":"x","year":2023.5}`,
		`{"question":"x","year":1e400}`,
		`{"question":"x","year":-9223372036854775808}`,
		`{"question":"x","year":1989}`,
		`{"question":"x","department":null,"session_id":null}`,
		`{"question":"a"} {"question":"b"}`,
		`{"question":"a"}   ` + "\n",
		`{"question":"a"`,
		`{"question":"\ud800\udfff\u0000"}`,
		"{\"question\":\"\xff\xfe信访\"}",
		`{"question":"x","extra":{"a":[1,2,{"b":null}]},"Question":"y"}`,
		`{"question":"x","question":"信访稳定备用金多少"}`,
		`{"question":"` + strings.Repeat("信", 201) + `"}`,
		`{"question":"x","department":"` + strings.Repeat("局", 65) + `"}`,
		`{"question":"x","session_id":"` + strings.Repeat("s", 129) + `"}`,
		strings.Repeat("[", 20000),
		"\x00\x01\x02\xff",
	} {
		f.Add(ct, []byte(body), false)
	}
	f.Add(ct, []byte(`{"question":"`+strings.Repeat("信", DefaultMaxBodyBytes/3+10)+`"}`), false)
	f.Add(ct, []byte(`{"question":"`+strings.Repeat("信", DefaultMaxBodyBytes/3+10)+`"}`), true)
	f.Add(ct, []byte(`{"question":"信访稳定备用金多少"}`), true)
	for _, other := range []string{"", "text/plain", "application/json; charset=gbk", "application/problem+json", "application/json;;", "application/x-www-form-urlencoded", "APPLICATION/JSON"} {
		f.Add(other, []byte(`{"question":"信访稳定备用金多少"}`), false)
	}
	f.Fuzz(func(t *testing.T, contentType string, body []byte, unknownLength bool) {
		h, errs := fuzzHandler(t)
		newReq := func() *http.Request {
			req := httptest.NewRequest(http.MethodPost, "/v1/ask", bytes.NewReader(body))
			req.Header.Set("Content-Type", contentType)
			if unknownLength {
				req.ContentLength = -1
			}
			return req
		}
		rec := fuzzServe(t, h, errs, newReq())
		checkJSON(t, rec, askFields...)

		rec = httptest.NewRecorder()
		fuzzed.notReady.ServeHTTP(rec, newReq())
		if rec.Code != http.StatusServiceUnavailable && rec.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("not ready: status %d, want 503 (or 413); body %s", rec.Code, rec.Body.String())
		}
		checkJSON(t, rec)
	})
}

// FuzzSearch sends arbitrary query strings to the GET endpoints that read
// one: /v1/search, /v1/ask and /v1/suggest.
func FuzzSearch(f *testing.F) {
	for _, q := range []string{
		"q=信访稳定备用金",
		"q=%E4%BF%A1%E8%AE%BF&department=%E9%BE%99%E5%B2%97&year=2023&n=5&type=fact",
		"q=信访稳定备用金多少&department=深圳市龙岗区信访局&year=2023",
		"q=三公经费&department=江苏人大&type=paragraph&n=50",
		"q=今年预算比去年多了多少钱&department=江苏省人大常委会办公厅&year=2018&session_id=g1",
		"q=那上年呢&session_id=g1",
		"q=哪一年三公经费最少&department=江苏人大",
		"q=机关运行经费是什么",
		"q=信访稳",
		"q=",
		"",
		"q=%20%20",
		"q=%ff%fe",
		"q=%00",
		"q=%zz",
		"q=a;b",
		"q=a&q=b",
		"q=" + strings.Repeat("信", 201),
		"q=x&n=0",
		"q=x&n=-1",
		"q=x&n=51",
		"q=x&n=99999999999999999999999",
		"q=x&year=abc",
		"q=x&year=-1",
		"q=x&year=2023&department=教育局",
		"q=x&type=other",
		"q=x&department=%ff",
		"q=x&department=" + strings.Repeat("局", 300),
		"q=*",
		"q=field:value",
		"q=~1^2",
		"q=/regex[/",
		"q=" + "%2B-%26%26||!(){}[]^%22~*?:\\/",
		"q=信访 OR 稳定 AND -备用金",
	} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, rawQuery string) {
		h, errs := fuzzHandler(t)
		for _, ep := range []struct {
			path   string
			fields []string
		}{
			{"/v1/search", searchFields},
			{"/v1/ask", askFields},
			{"/v1/suggest", suggestFields},
		} {
			req := httptest.NewRequest(http.MethodGet, ep.path, nil)
			req.URL.RawQuery = rawQuery
			obj := checkJSON(t, fuzzServe(t, h, errs, req), ep.fields...)
			if ep.path == "/v1/search" && obj["hits"] != nil {
				var hits []searchHit
				if err := json.Unmarshal(obj["hits"], &hits); err != nil {
					t.Fatalf("hits %s: %v", obj["hits"], err)
				}
				for _, hit := range hits {
					if hit.DocID == "" || (hit.Type != index.TypeFact && hit.Type != index.TypeParagraph) {
						t.Fatalf("hit %+v, want a document and a fact or a paragraph", hit)
					}
				}
			}
		}
	})
}

// FuzzDocuments asks for arbitrary document ids, with arbitrary query
// strings. A path that is not a document's (an id with a slash, say) is a
// 404, or a redirect to the path without its trailing slash.
func FuzzDocuments(f *testing.F) {
	for _, id := range []string{
		"shenzhen-longgang-xinfangju-2023-yusuan",
		"jiangsu-renda-2017-yusuan",
		"shanghai-putuo-caizhengju-2024-juesuan",
		"nope",
		"",
		"a/b",
		"shenzhen-longgang-xinfangju-2023-yusuan/",
		"..",
		"../../etc/passwd",
		"%2e%2e",
		"信访局",
		"\x00\xff",
		strings.Repeat("x", 5000),
	} {
		f.Add(id, "")
	}
	f.Add("jiangsu-renda-2018-yusuan", "x=1&y=%ff;z")
	f.Add("jiangsu-renda-2019-yusuan", "tables=0&"+strings.Repeat("a=b&", 100))
	f.Fuzz(func(t *testing.T, id, rawQuery string) {
		h, errs := fuzzHandler(t)
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.Path = "/v1/documents/" + id
		req.URL.RawQuery = rawQuery
		rec := fuzzServe(t, h, errs, req)
		if rec.Code >= 300 && rec.Code < 400 {
			loc := rec.Header().Get("Location")
			if !strings.HasPrefix(loc, "/v1/documents") {
				t.Fatalf("redirect %d of %q to %q, want a path under /v1/documents", rec.Code, req.URL.Path, loc)
			}
			return
		}
		obj := checkJSON(t, rec, documentFields...)
		if rec.Code == http.StatusOK && string(obj["id"]) != mustJSON(t, id) {
			t.Fatalf("asked for %q, got document %s", id, obj["id"])
		}
	})
}

// mustJSON returns v in JSON, as writeJSON writes it.
func mustJSON(t *testing.T, v any) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// FuzzWeChat posts arbitrary bodies to /wechat, signed with the token or
// not, with a timestamp offset seconds from now. An unsigned message is a
// 403; a signed one is a text reply, WeChat's "success", or a 4xx (not a
// message, a timestamp out of the window, a nonce used before).
func FuzzWeChat(f *testing.F) {
	msg := func(from, typ, content, extra string) []byte {
		return []byte(fmt.Sprintf(`<xml><ToUserName><![CDATA[gh_budgetqa]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[%s]]></MsgType><Content><![CDATA[%s]]></Content>%s</xml>`, from, typ, content, extra))
	}
	for i, body := range [][]byte{
		msg("oF1", "text", "龙岗区信访局信访稳定备用金多少", "<MsgId>1</MsgId>"),
		msg("oF1", "text", "那上年呢", "<MsgId>2</MsgId>"),
		msg("oF2", "text", "江苏人大2019年三公经费是多少", ""),
		msg("oF2", "text", "   ", "<MsgId>3</MsgId>"),
		msg("oF2", "text", strings.Repeat("信", 201), "<MsgId>4</MsgId>"),
		msg("oF2", "text", "你好", "<MsgId>5</MsgId>"),
		msg("oF3", "voice", "", "<Recognition>普陀司法局收入预算是多少</Recognition>"),
		msg("oF3", "voice", "", ""),
		msg("oF3", "image", "", "<PicUrl>http://x</PicUrl>"),
		msg("oF3", "event", "", "<Event>subscribe</Event>"),
		msg("oF3", "event", "", "<Event>unsubscribe</Event>"),
		msg("", "text", "x", ""),
		msg("a]]>b", "text", "c]]>d&lt;<", ""),
		[]byte(`<xml><FromUserName>oF4</FromUserName><Encrypt>abc</Encrypt></xml>`),
		[]byte(`<xml><FromUserName>oF4</FromUserName><CreateTime>notanumber</CreateTime></xml>`),
		[]byte(`<xml><FromUserName>&#0;</FromUserName></xml>`),
		[]byte(`<xml><FromUserName>oF4</FromUserName><MsgType>text</MsgType><Content>&#x1F600;&amp;&lt;</Content></xml>`),
		[]byte(`<!DOCTYPE xml [<!ENTITY a "aaaa">]><xml><FromUserName>&a;</FromUserName></xml>`),
		[]byte(`<xml>`),
		[]byte(`{"question":"信访"}`),
		[]byte{},
		[]byte("\x00\xff<xml>"),
	} {
		f.Add(body, int64(0), fmt.Sprint(8675309+i), true)
	}
	f.Add(msg("oF1", "text", "信访稳定备用金多少", ""), int64(0), "1", false)
	f.Add(msg("oF1", "text", "信访稳定备用金多少", ""), int64(-3600), "2", true)
	f.Add(msg("oF1", "text", "信访稳定备用金多少", ""), int64(0), "", true)
	f.Fuzz(func(t *testing.T, body []byte, offset int64, nonce string, signed bool) {
		h, errs := fuzzHandler(t)
		timestamp := fmt.Sprint(time.Now().Unix() + offset%(1<<40))
		sig := wechat.Signature(testToken, timestamp, nonce)
		if !signed {
			sig = wechat.Signature("other-token", timestamp, nonce)
		}
		req := httptest.NewRequest(http.MethodPost, "/wechat", bytes.NewReader(body))
		req.URL.RawQuery = "signature=" + sig + "&timestamp=" + url.QueryEscape(timestamp) + "&nonce=" + url.QueryEscape(nonce)
		req.Header.Set("Content-Type", "text/xml")
		rec := fuzzServe(t, h, errs, req)
		switch {
		case !signed:
			if rec.Code != http.StatusForbidden {
				t.Fatalf("unsigned: status %d, want 403", rec.Code)
			}
			checkJSON(t, rec)
		case rec.Code != http.StatusOK:
			checkJSON(t, rec)
		case rec.Body.String() == wechat.Success:
		default:
			var r struct{ MsgType, Content string }
			if err := xml.Unmarshal(rec.Body.Bytes(), &r); err != nil {
				t.Fatalf("reply %q is not XML: %v", rec.Body.String(), err)
			}
			if r.MsgType != "text" || r.Content == "" || !utf8.ValidString(r.Content) || len(r.Content) > 2048 {
				t.Fatalf("reply %+v, want text of at most 2048 bytes", r)
			}
		}
	})
}
