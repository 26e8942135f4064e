package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/budgetqa/budgetqa/api/questionlog"
	"github.com/budgetqa/budgetqa/nlq"
)

// Bounds on the fields of a request.
const (
	maxQuestionRunes   = 200
	maxDepartmentRunes = 64
	maxSessionIDBytes  = 128
	minYear, maxYear   = 1990, 2100
)

// askPost answers POST /v1/ask, a JSON nlq.Request.
func (s *Server) askPost(c *gin.Context) {
	var req nlq.Request
	if e := decodeJSON(c, &req, s.cfg.MaxBodyBytes); e != nil {
		abortError(c, e)
		return
	}
	s.ask(c, req)
}

// askGet answers GET /v1/ask?q=…&department=…&year=…&session_id=….
func (s *Server) askGet(c *gin.Context) {
	req := nlq.Request{
		Question:   c.Query("q"),
		Department: c.Query("department"),
		SessionID:  c.Query("session_id"),
	}
	var e *Error
	if req.Year, e = queryInt(c, "year"); e != nil {
		abortError(c, e)
		return
	}
	s.ask(c, req)
}

// ask validates req, asks the engine and writes its response, which has
// the shape of a budgetqa ask --jsonl line.
func (s *Server) ask(c *gin.Context, req nlq.Request) {
	if e := validateRequest(req); e != nil {
		abortError(c, e)
		return
	}
	// API sessions live apart from WeChat users' (wechat.SessionID): a
	// caller cannot read or write another channel's conversation.
	if req.SessionID != "" {
		req.SessionID = apiSessionNS + req.SessionID
	}
	req.Client = c.ClientIP()
	resp := s.answer(s.current(), channelAPI, req)
	if resp.Error != nil {
		abortError(c, &Error{Code: resp.Error.Code, Message: resp.Error.Message})
		return
	}
	if resp.Sources == nil {
		resp.Sources = []nlq.SourceRef{}
	}
	writeJSON(c, http.StatusOK, resp)
}

// The channels a question comes through, as metrics and the question log
// name them.
const (
	channelAPI    = "api"
	channelWeChat = "wechat"
)

// answer asks st's engine req, scoped to the deployment's department when
// it names none, and records the question in the metrics and the question
// log.
func (s *Server) answer(st *state, channel string, req nlq.Request) nlq.Response {
	req.Department = s.scope(req.Department)
	resp := st.b.Answerer.Ask(req)
	if resp.Error != nil {
		return resp
	}
	s.metrics.answer(channel, resp.Intent, resp.Answered)
	s.record(questionlog.Entry{
		Kind: questionlog.KindQuestion, Channel: channel, Question: req.Question,
		Answered: resp.Answered, Intent: resp.Intent, Department: req.Department,
		Session: questionlog.HashSession(req.SessionID),
	})
	return resp
}

// record adds e to the question log, at the current time; a failure is
// logged, not the caller's.
func (s *Server) record(e questionlog.Entry) {
	e.Time = time.Now().UTC()
	if err := s.cfg.QuestionLog.Record(e); err != nil {
		s.log.Warn("question log: entry not kept", "error", err.Error())
	}
}

// scope returns the department a request names, or the deployment's.
func (s *Server) scope(dept string) string {
	if strings.TrimSpace(dept) == "" {
		return s.cfg.Department
	}
	return dept
}

// validateRequest checks the fields of a request against their bounds.
func validateRequest(req nlq.Request) *Error {
	if e := validateText(req.Question, "问题"); e != nil {
		return e
	}
	if !utf8.ValidString(req.Department) || utf8.RuneCountInString(req.Department) > maxDepartmentRunes {
		return newError(codeBadParameter, fmt.Sprintf("部门名称无效或过长（不能超过 %d 字）", maxDepartmentRunes))
	}
	if req.Year != 0 && (req.Year < minYear || req.Year > maxYear) {
		return newError(codeBadParameter, fmt.Sprintf("年份应在 %d 至 %d 之间", minYear, maxYear))
	}
	if len(req.SessionID) > maxSessionIDBytes {
		return newError(codeBadParameter, fmt.Sprintf("会话编号过长（不能超过 %d 个字符）", maxSessionIDBytes))
	}
	return nil
}

// validateText checks a question or search text: not empty, valid UTF-8,
// at most maxQuestionRunes characters. what names it in the message.
func validateText(text, what string) *Error {
	switch {
	case strings.TrimSpace(text) == "":
		return newError(codeEmptyQuestion, what+"不能为空")
	case !utf8.ValidString(text):
		return newError(codeBadParameter, what+"含有无效字符")
	case utf8.RuneCountInString(text) > maxQuestionRunes:
		return newError(codeQuestionTooLong, fmt.Sprintf("%s过长，请控制在 %d 字以内", what, maxQuestionRunes))
	}
	return nil
}

// queryInt reads an optional integer query parameter; 0 when absent.
func queryInt(c *gin.Context, name string) (int, *Error) {
	v := strings.TrimSpace(c.Query(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, newError(codeBadParameter, fmt.Sprintf("参数 %s 应为整数，收到“%s”", name, clip(v, 20)))
	}
	return n, nil
}

// queryCount reads a count parameter ("n") between 1 and max, def when
// absent.
func queryCount(c *gin.Context, name string, def, max int) (int, *Error) {
	n, e := queryInt(c, name)
	if e != nil {
		return 0, e
	}
	if n < 0 || n > max {
		return 0, newError(codeBadParameter, fmt.Sprintf("参数 %s 应在 1 至 %d 之间", name, max))
	}
	if n == 0 {
		n = def
	}
	return n, nil
}

// clip shortens s to n runes for quoting in a message.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// decodeJSON reads the request body, which must be one JSON value of
// Content-Type application/json, into v.
func decodeJSON(c *gin.Context, v any, limit int64) *Error {
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return newError(codeUnsupportedMedia, "请求的 Content-Type 应为 application/json")
	}
	dec := json.NewDecoder(c.Request.Body)
	err = dec.Decode(v)
	if err == nil {
		// One value only: anything after it but spaces is malformed.
		if _, terr := dec.Token(); terr != io.EOF {
			err = errors.New("api: data after the JSON value")
			if errors.As(terr, new(*http.MaxBytesError)) {
				err = terr
			}
		}
	}
	if err == nil {
		return nil
	}
	var tooBig *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		return tooLarge(limit)
	case errors.Is(err, io.EOF):
		return newError(codeMalformedJSON, "请求体为空，应为 JSON 对象")
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return newError(codeMalformedJSON, fmt.Sprintf("字段 %s 的类型不对（应为%s）", typeErr.Field, jsonTypeName(typeErr.Type.Kind().String())))
	}
	return newError(codeMalformedJSON, "请求体不是有效的 JSON 对象")
}

// jsonTypeName names a Go kind as a JSON type, in Chinese.
func jsonTypeName(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"), strings.HasPrefix(kind, "float"):
		return "数字"
	case kind == "string":
		return "字符串"
	case kind == "bool":
		return "布尔值"
	}
	return "对象"
}

// apiSessionNS prefixes the session ids of API callers, apart from WeChat
// users' (wechat.SessionID).
const apiSessionNS = "api:"
