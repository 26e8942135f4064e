package api

import (
	"fmt"
	"net/http"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/budgetqa/budgetqa/api/questionlog"
	"github.com/budgetqa/budgetqa/nlq"
)

// Bounds of the question log.
const (
	memoryLogSize  = 10000 // entries kept without an index folder
	maxAnswerRunes = 2000  // of the answer a feedback quotes
	maxGroups      = 200   // of each list on the admin page
)

// feedbackRequest is the body of POST /v1/feedback: 👍 ("up") or 👎
// ("down") on an answer.
type feedbackRequest struct {
	SessionID  string `json:"session_id"`
	Question   string `json:"question"`
	Answer     string `json:"answer"`
	Rating     string `json:"rating"`
	Department string `json:"department"`
}

// feedback answers POST /v1/feedback: the rating goes into the question
// log, with the session id hashed.
func (s *Server) feedback(c *gin.Context) {
	var req feedbackRequest
	if e := decodeJSON(c, &req, s.cfg.MaxBodyBytes); e != nil {
		abortError(c, e)
		return
	}
	if e := validateFeedback(req); e != nil {
		abortError(c, e)
		return
	}
	// The session is hashed as the question's was (in its API namespace),
	// so a thumbs-down is found next to the question it rates.
	session := ""
	if req.SessionID != "" {
		session = questionlog.HashSession(apiSessionNS + req.SessionID)
	}
	s.record(questionlog.Entry{
		Kind: questionlog.KindFeedback, Channel: "web", Question: req.Question, Answer: req.Answer,
		Rating: req.Rating, Department: s.scope(req.Department), Session: session,
	})
	writeJSON(c, http.StatusOK, map[string]bool{"recorded": true})
}

// validateFeedback checks the fields of a feedback against their bounds.
func validateFeedback(req feedbackRequest) *Error {
	switch {
	case req.Rating != questionlog.RatingUp && req.Rating != questionlog.RatingDown:
		return newError(codeBadParameter, "rating 应为 up（有帮助）或 down（没有帮助）")
	case !utf8.ValidString(req.Answer) || utf8.RuneCountInString(req.Answer) > maxAnswerRunes:
		return newError(codeBadParameter, fmt.Sprintf("回答内容无效或过长（不能超过 %d 字）", maxAnswerRunes))
	}
	return validateRequest(nlq.Request{Question: req.Question, Department: req.Department, SessionID: req.SessionID})
}
