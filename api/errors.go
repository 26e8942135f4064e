package api

import (
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"
)

// Error is a failure reported to the caller: a stable code from the table
// below and a message in Chinese for the person asking.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error returns the code and message on one line, for logs.
func (e *Error) Error() string { return "api: " + e.Code + ": " + e.Message }

// ErrorResponse is the body of every error response. Answered is always
// false, so that a client reading only "answered" treats it as no answer.
type ErrorResponse struct {
	Error    *Error `json:"error"`
	Answered bool   `json:"answered"`
}

// The error codes. Each has exactly one HTTP status, in codeStatus.
const (
	codeMalformedJSON      = "malformed_json"
	codeEmptyQuestion      = "empty_question"
	codeQuestionTooLong    = "question_too_long"
	codeBadParameter       = "bad_parameter"
	codeBadQuestion        = "bad_question"
	codeBadMessage         = "bad_message"
	codeUnauthorized       = "unauthorized"
	codeUnreadableDocument = "unreadable_document"
	codeForbidden          = "forbidden"
	codeStaleRequest       = "stale_request"
	codeReplayedRequest    = "replayed_request"
	codeNotFound           = "not_found"
	codeDocumentNotFound   = "document_not_found"
	codeMethodNotAllowed   = "method_not_allowed"
	codeRequestTooLarge    = "request_too_large"
	codeUnsupportedMedia   = "unsupported_media_type"
	codeRateLimited        = "rate_limited"
	codeNoSynonymsFile     = "no_synonyms_file"
	codeInternal           = "internal"
	codeNotReady           = "not_ready"
	codeSearchUnavailable  = "search_unavailable"
)

// codeStatus is the one table from error code to HTTP status.
var codeStatus = map[string]int{
	codeMalformedJSON:      http.StatusBadRequest,
	codeEmptyQuestion:      http.StatusBadRequest,
	codeQuestionTooLong:    http.StatusBadRequest,
	codeBadParameter:       http.StatusBadRequest,
	codeBadQuestion:        http.StatusBadRequest,
	codeBadMessage:         http.StatusBadRequest,
	codeUnauthorized:       http.StatusUnauthorized,
	codeUnreadableDocument: http.StatusUnprocessableEntity,
	codeForbidden:          http.StatusForbidden,
	codeStaleRequest:       http.StatusForbidden,
	codeReplayedRequest:    http.StatusForbidden,
	codeNotFound:           http.StatusNotFound,
	codeDocumentNotFound:   http.StatusNotFound,
	codeMethodNotAllowed:   http.StatusMethodNotAllowed,
	codeRequestTooLarge:    http.StatusRequestEntityTooLarge,
	codeUnsupportedMedia:   http.StatusUnsupportedMediaType,
	codeRateLimited:        http.StatusTooManyRequests,
	codeNoSynonymsFile:     http.StatusConflict,
	codeInternal:           http.StatusInternalServerError,
	codeNotReady:           http.StatusServiceUnavailable,
	codeSearchUnavailable:  http.StatusServiceUnavailable,
}

// errorStatus returns the HTTP status of an error code. The engine reports
// only malformed requests as errors, so a code missing from the table (one
// the engine added later) is a 400.
func errorStatus(code string) int {
	if s, ok := codeStatus[code]; ok {
		return s
	}
	return http.StatusBadRequest
}

// newError returns an Error with the given code and Chinese message.
func newError(code, message string) *Error { return &Error{Code: code, Message: message} }

// abortError writes e as the response, with its status, and stops the chain.
func abortError(c *gin.Context, e *Error) {
	writeJSON(c, errorStatus(e.Code), ErrorResponse{Error: e})
	c.Abort()
}

// writeJSON writes v as JSON without escaping <, > and & (the fragments of
// search hits carry <mark>), as budgetqa ask --jsonl does.
func writeJSON(c *gin.Context, status int, v any) {
	c.Header("Content-Type", "application/json; charset=utf-8")
	c.Status(status)
	enc := json.NewEncoder(c.Writer)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// The header is out; all that is left is to note it.
		_ = c.Error(err)
	}
}
