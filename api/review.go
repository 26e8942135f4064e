package api

import (
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/budgetqa/budgetqa/api/questionlog"
	"github.com/budgetqa/budgetqa/corpus"
)

// What the admin page reviews: a document's reading report, the questions
// citizens asked, and the synonyms to add.

// documentReport is the body of GET /v1/admin/documents/{id}: how the
// document was read (what named its department, year and kind; what the
// parser doubted) and what its figures disagree on (budgetqa check).
type documentReport struct {
	Document documentSummary  `json:"document"`
	Identity *corpus.Identity `json:"identity"`
	Warnings []lineMessage    `json:"warnings"`
	Findings []findingView    `json:"findings"`
}

// findingView is one disagreement budgetqa check finds.
type findingView struct {
	Severity string `json:"severity"`
	Rule     string `json:"rule"` // the id of the check rule (table.parent_sum)
	Message  string `json:"message"`
	Text     string `json:"text"` // with its places, as check prints it
}

// adminDocument answers GET /v1/admin/documents/{id}.
func (s *Server) adminDocument(c *gin.Context) {
	d := s.current().byID[c.Param("id")]
	if d == nil {
		abortError(c, newError(codeDocumentNotFound, "没有编号为“"+clip(c.Param("id"), 40)+"”的文件"))
		return
	}
	writeJSON(c, http.StatusOK, newDocumentReport(d))
}

// newDocumentReport reads d's warnings and checks its figures.
func newDocumentReport(d *corpus.Document) documentReport {
	r := documentReport{Document: newDocumentSummary(d), Identity: d.Identity, Warnings: []lineMessage{}, Findings: []findingView{}}
	for _, w := range d.Warnings {
		r.Warnings = append(r.Warnings, lineMessage{Line: w.Line, Page: w.Page, Message: w.Message})
	}
	for _, f := range corpus.Check(d) {
		r.Findings = append(r.Findings, findingView{Severity: f.Severity.String(), Rule: f.Rule, Message: f.Message, Text: f.String()})
	}
	return r
}

// adminQuestions answers GET /v1/admin/questions: the questions not
// answered and those judged unhelpful, grouped by wording.
func (s *Server) adminQuestions(c *gin.Context) {
	entries, err := s.cfg.QuestionLog.Entries()
	if err != nil {
		s.log.LogAttrs(c.Request.Context(), slog.LevelError, "reading the question log failed",
			slog.String("request_id", c.GetString(ginRequestID)), slog.String("error", err.Error()))
	}
	writeJSON(c, http.StatusOK, questionlog.Summarize(entries, maxGroups))
}

// synonymsRequest is the body of POST /v1/admin/synonyms: a name as the
// documents print it, and the words people use for it.
type synonymsRequest struct {
	Name     string   `json:"name"`
	Synonyms []string `json:"synonyms"`
}

// Bounds of a synonym group.
const (
	maxSynonyms     = 20
	maxSynonymRunes = 40
)

// adminSynonyms answers POST /v1/admin/synonyms.
func (s *Server) adminSynonyms(c *gin.Context) {
	a := s.admin(c)
	if a == nil {
		return
	}
	var req synonymsRequest
	if e := decodeJSON(c, &req, s.cfg.MaxBodyBytes); e != nil {
		abortError(c, e)
		return
	}
	names, e := synonymGroup(req)
	if e != nil {
		abortError(c, e)
		return
	}
	if err := a.AddSynonyms(names); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			abortError(c, newError(codeNoSynonymsFile, "服务没有配置同义词文件（--synonyms），无法添加；请在启动参数中指定一个文件"))
			return
		}
		s.log.LogAttrs(c.Request.Context(), slog.LevelError, "adding synonyms failed",
			slog.String("request_id", c.GetString(ginRequestID)), slog.String("error", err.Error()))
		abortError(c, newError(codeInternal, "添加同义词时出错；请查看服务日志"))
		return
	}
	s.log.LogAttrs(c.Request.Context(), slog.LevelInfo, "synonyms added",
		slog.String("request_id", c.GetString(ginRequestID)), slog.String("group", strings.Join(names, " ")))
	writeJSON(c, http.StatusOK, map[string][]string{"added": names})
}

// synonymGroup checks a synonyms request and returns its group: the name,
// then each synonym once. A word may not hold a space or a #, which the
// synonyms file reads as separators and comments.
func synonymGroup(req synonymsRequest) ([]string, *Error) {
	names := []string{strings.TrimSpace(req.Name)}
	seen := map[string]bool{names[0]: true}
	for _, w := range req.Synonyms {
		if w = strings.TrimSpace(w); w != "" && !seen[w] {
			seen[w] = true
			names = append(names, w)
		}
	}
	switch {
	case names[0] == "":
		return nil, newError(codeBadParameter, "缺少名称 name（文件中的写法）")
	case len(names) < 2:
		return nil, newError(codeBadParameter, "至少要有一个同义词 synonyms")
	case len(names) > maxSynonyms+1:
		return nil, newError(codeBadParameter, "同义词太多（一次不超过 20 个）")
	}
	for _, n := range names {
		if !utf8.ValidString(n) || utf8.RuneCountInString(n) > maxSynonymRunes || strings.ContainsAny(n, "# \t\r\n\u3000") {
			return nil, newError(codeBadParameter, "“"+clip(n, 20)+"”不可用：每个词不超过 40 字，不能含空格或 #")
		}
	}
	return names, nil
}
