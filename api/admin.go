package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/pdf/pdfium"
)

// Admin changes the documents served: package library's Library is one.
// A change is whole or nothing, and once it returns the server answers
// from the new set (the Admin hands the server a new Backend).
type Admin interface {
	// AddDocument reads data (a document named file: a PDF as published,
	// or text in the bundled documents' form) and adds it, replacing the
	// document with the same id. It fails with the parser's
	// *corpus.ParseError, or an error wrapping fs.ErrInvalid for a name it
	// refuses, when the document is refused.
	AddDocument(file string, data []byte) (d *corpus.Document, replaced bool, err error)
	// RemoveDocument removes a document; an error wrapping fs.ErrNotExist
	// when there is none with that id.
	RemoveDocument(id string) error
	// AddSynonyms adds a group of names (the document's name first) to the
	// synonyms file and answers with them from then on; an error wrapping
	// fs.ErrNotExist when there is no synonyms file to add to.
	AddSynonyms(names []string) error
}

// maxUploadBytes bounds an uploaded document (a PDF, the larger kind),
// with room for a multipart envelope.
const maxUploadBytes = corpus.MaxPDFSize + 64<<10

// adminPath is the prefix of the admin routes.
const adminPath = "/v1/admin/"

// adminAddResponse is the body of a successful upload.
type adminAddResponse struct {
	Document documentSummary `json:"document"`
	Replaced bool            `json:"replaced"`
	// Reading says what was read of the document; a document read badly
	// is loaded, and says so here.
	Reading corpus.Reading `json:"reading"`
	// Warnings are what the parser could not read, or read with doubt,
	// line by line; Findings are the disagreements the document's own
	// figures show (budgetqa check). Neither stops a document.
	Warnings []lineMessage `json:"warnings"`
	Findings []string      `json:"findings"`
}

// lineMessage is a message about one line of a document.
type lineMessage struct {
	Line    int    `json:"line,omitempty"`
	Page    int    `json:"page,omitempty"`
	Message string `json:"message"`
}

// adminErrorResponse is an error response with the line-numbered details
// of a document that was refused.
type adminErrorResponse struct {
	Error    *Error        `json:"error"`
	Details  []lineMessage `json:"details,omitempty"`
	Answered bool          `json:"answered"`
}

// adminAuth lets a request through only with the admin token as its bearer
// token, compared in constant time (on digests, so that the length does not
// show either).
func (s *Server) adminAuth(c *gin.Context) {
	h := c.GetHeader("Authorization")
	token, ok := strings.CutPrefix(h, "Bearer ")
	want := sha256.Sum256([]byte(s.cfg.AdminToken))
	got := sha256.Sum256([]byte(strings.TrimSpace(token)))
	if !ok || subtle.ConstantTimeCompare(want[:], got[:]) != 1 {
		c.Header("WWW-Authenticate", `Bearer realm="budgetqa admin"`)
		abortError(c, newError(codeUnauthorized, "需要有效的管理令牌（Authorization: Bearer …）"))
		return
	}
	c.Next()
}

// admin returns the current backend's Admin, answering 503 when there is
// none.
func (s *Server) admin(c *gin.Context) Admin {
	st := s.current()
	if st == nil || st.b.Admin == nil {
		abortError(c, newError(codeNotReady, "文档库未就绪，暂不能修改，请稍后再试"))
		return nil
	}
	return st.b.Admin
}

// adminAdd answers POST /v1/admin/documents: the document is the body
// (application/pdf or text/plain, named by ?name=) or the "file" part of a
// multipart form.
func (s *Server) adminAdd(c *gin.Context) {
	a := s.admin(c)
	if a == nil {
		return
	}
	name, text, e := readUpload(c)
	if e != nil {
		abortError(c, e)
		return
	}
	d, replaced, err := a.AddDocument(name, text)
	if err != nil {
		s.refuseDocument(c, name, err)
		return
	}
	resp := adminAddResponse{Document: newDocumentSummary(d), Replaced: replaced, Reading: d.Reading(), Warnings: []lineMessage{}, Findings: []string{}}
	for _, w := range d.Warnings {
		resp.Warnings = append(resp.Warnings, lineMessage{Line: w.Line, Message: w.Message})
	}
	for _, f := range corpus.Check(d) {
		resp.Findings = append(resp.Findings, f.String())
	}
	s.log.LogAttrs(c.Request.Context(), slog.LevelInfo, "document added",
		slog.String("request_id", c.GetString(ginRequestID)), slog.String("id", d.ID), slog.Bool("replaced", replaced))
	status := http.StatusCreated
	if replaced {
		status = http.StatusOK
	}
	writeJSON(c, status, resp)
}

// readUpload reads the uploaded document's name and text.
func readUpload(c *gin.Context) (string, []byte, *Error) {
	mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	var name string
	var r io.Reader
	switch mt {
	case "multipart/form-data":
		fh, err := c.FormFile("file")
		if err != nil {
			if isTooLarge(err) {
				return "", nil, tooLarge(maxUploadBytes)
			}
			return "", nil, newError(codeBadParameter, "表单中缺少文件字段 file")
		}
		f, err := fh.Open()
		if err != nil {
			return "", nil, newError(codeBadParameter, "无法读取上传的文件")
		}
		defer f.Close()
		name, r = fh.Filename, f
	case "text/plain", "application/pdf", "":
		name, r = c.Query("name"), c.Request.Body
		if name == "" {
			return "", nil, newError(codeBadParameter, "缺少文件名：请用 ?name=文件名.pdf 或 ?name=文件名.txt 指定")
		}
	default:
		return "", nil, newError(codeUnsupportedMedia, "文档请以 application/pdf 或 text/plain 正文，或 multipart/form-data 的 file 字段上传")
	}
	data, err := io.ReadAll(io.LimitReader(r, corpus.MaxPDFSize+1))
	if err != nil {
		if isTooLarge(err) {
			return "", nil, tooLarge(maxUploadBytes)
		}
		return "", nil, newError(codeBadParameter, "上传中断，未能读完文档")
	}
	switch {
	case len(data) > corpus.MaxPDFSize:
		return "", nil, tooLarge(corpus.MaxPDFSize)
	case !corpus.IsPDF(data) && len(data) > corpus.MaxDocumentSize:
		return "", nil, tooLarge(corpus.MaxDocumentSize)
	}
	return name, data, nil
}

// isTooLarge reports whether err is http.MaxBytesReader's.
func isTooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}

// refuseDocument answers an upload the Admin refused.
func (s *Server) refuseDocument(c *gin.Context, name string, err error) {
	var pe *corpus.ParseError
	switch {
	case errors.As(err, &pe):
		msg := parseErrorMessage(pe.Err)
		resp := adminErrorResponse{Error: newError(codeUnreadableDocument, "文档无法读取，未作任何改动："+msg)}
		resp.Details = []lineMessage{{Line: pe.Line, Message: msg}, {Line: pe.Line, Message: pe.Err.Error()}}
		writeJSON(c, errorStatus(codeUnreadableDocument), resp)
		c.Abort()
	case errors.Is(err, fs.ErrInvalid):
		abortError(c, newError(codeBadParameter, fmt.Sprintf("文件名 %q 不可用：不能为空、不能含路径分隔符、控制字符或 #，不超过 200 字节", clip(name, 60))))
	default:
		s.log.LogAttrs(c.Request.Context(), slog.LevelError, "adding a document failed",
			slog.String("request_id", c.GetString(ginRequestID)), slog.String("name", name), slog.String("error", err.Error()))
		abortError(c, newError(codeInternal, "保存文档时出错，文档库未改动；请查看服务日志"))
	}
}

// parseErrorMessage says in Chinese why the parser refused a document.
func parseErrorMessage(err error) string {
	switch {
	case errors.Is(err, corpus.ErrEmpty):
		return "文档为空"
	case errors.Is(err, corpus.ErrBinary):
		return "既不是 PDF，也不是可读的文本（UTF-8、GB18030）"
	case errors.Is(err, corpus.ErrTooLarge), errors.Is(err, pdfium.ErrTooLarge):
		return fmt.Sprintf("文档过大（文本不超过 %d MB，PDF 不超过 %d MB）", corpus.MaxDocumentSize>>20, corpus.MaxPDFSize>>20)
	case errors.Is(err, corpus.ErrScanned):
		return "这是扫描件（PDF 没有文字层），目前不能读取扫描件"
	case errors.Is(err, pdfium.ErrEncrypted):
		return "PDF 已加密（需要密码），请上传未加密的文件"
	case errors.Is(err, pdfium.ErrDamaged), errors.Is(err, pdfium.ErrNotPDF):
		return "PDF 文件已损坏，无法打开"
	case errors.Is(err, pdfium.ErrTooManyPage):
		return "PDF 页数超过上限"
	case errors.Is(err, pdfium.ErrTimeout):
		return "PDF 读取超时（文件过于复杂）"
	case errors.Is(err, corpus.ErrNoPDF):
		return "本服务未开启 PDF 读取"
	case errors.Is(err, corpus.ErrNotBudget):
		return "不像部门预算或决算文档：没有找到年度、部门名称或预算表"
	default:
		return "解析出错（" + err.Error() + "）"
	}
}

// adminRemove answers DELETE /v1/admin/documents/:id.
func (s *Server) adminRemove(c *gin.Context) {
	a := s.admin(c)
	if a == nil {
		return
	}
	id := c.Param("id")
	if err := a.RemoveDocument(id); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			abortError(c, newError(codeDocumentNotFound, "没有编号为 "+clip(id, 60)+" 的文件"))
			return
		}
		s.log.LogAttrs(c.Request.Context(), slog.LevelError, "removing a document failed",
			slog.String("request_id", c.GetString(ginRequestID)), slog.String("id", id), slog.String("error", err.Error()))
		abortError(c, newError(codeInternal, "删除文档时出错，文档库未改动；请查看服务日志"))
		return
	}
	s.log.LogAttrs(c.Request.Context(), slog.LevelInfo, "document removed",
		slog.String("request_id", c.GetString(ginRequestID)), slog.String("id", id))
	writeJSON(c, http.StatusOK, map[string]string{"removed": id})
}
