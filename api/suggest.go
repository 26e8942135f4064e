package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/budgetqa/budgetqa/api/suggest"
)

// Bounds of GET /v1/suggest.
const (
	defaultSuggestions = 8
	maxSuggestions     = 20
)

// suggestResponse is the body of GET /v1/suggest.
type suggestResponse struct {
	Query       string               `json:"query"`
	Department  string               `json:"department,omitempty"` // the one department matched
	Completions []suggest.Completion `json:"completions"`
	Questions   []string             `json:"questions"`
}

// suggest answers GET /v1/suggest?q=…&department=…&n=… (package suggest
// does the work). Without a department it suggests for the deployment's
// (Config.Department), if any.
func (s *Server) suggest(c *gin.Context) {
	q := c.Query("q")
	if q != "" {
		if e := validateText(q, "问题"); e != nil && e.Code != codeEmptyQuestion {
			abortError(c, e)
			return
		}
	}
	n, e := queryCount(c, "n", defaultSuggestions, maxSuggestions)
	if e != nil {
		abortError(c, e)
		return
	}
	resp := suggestResponse{Query: q, Completions: []suggest.Completion{}, Questions: []string{}}
	st := s.current()
	var depts []*suggest.Department
	if dept := s.scope(c.Query("department")); dept != "" {
		if depts = st.sugg.Departments(matchDepartment(st.docs, dept)); len(depts) == 0 {
			writeJSON(c, http.StatusOK, resp)
			return
		}
		if len(depts) == 1 {
			resp.Department = depts[0].Name()
		}
	}
	resp.Completions = st.sugg.Complete(q, depts, n)
	resp.Questions = st.sugg.Questions(depts)
	writeJSON(c, http.StatusOK, resp)
}
