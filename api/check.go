package api

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"path/filepath"

	"github.com/gin-gonic/gin"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/report"
)

// checkPath is the route that checks an uploaded document. Like the admin
// upload, it takes bodies up to a document's size; unlike it, it needs no
// token and changes nothing.
const checkPath = "/v1/check"

// check answers POST /v1/check: the document is the body
// (application/pdf or text/plain, named by ?name=) or the "file" part of a
// multipart form, as for the admin upload. The answer is the HTML report
// of package report, with the printed pages of a PDF when
// Config.Renderer can render them, or the JSON report when the request
// accepts application/json before text/html. ?rounding=1 lists the gaps
// within rounding (尾数差异) too. PDFs are read with Config.Renderer when
// it reads PDFs as well (pdfium's Reader does).
func (s *Server) check(c *gin.Context) {
	name, data, e := readUpload(c)
	if e != nil {
		abortError(c, e)
		return
	}
	name = filepath.Base(filepath.Clean("/" + name))
	var pr corpus.PDFReader
	if r, ok := s.cfg.Renderer.(corpus.PDFReader); ok {
		pr = r
	}
	d, err := corpus.Read(c.Request.Context(), name, data, pr)
	if err != nil {
		msg := "文档无法读取"
		var pe *corpus.ParseError
		if errors.As(err, &pe) {
			msg += "：" + parseErrorMessage(pe.Err)
		}
		abortError(c, newError(codeUnreadableDocument, msg))
		return
	}
	checked := report.Check([]*corpus.Document{d})
	o := report.Options{Rounding: c.Query("rounding") == "1" || c.Query("rounding") == "true"}
	var b bytes.Buffer
	ctype := "text/html; charset=utf-8"
	if c.NegotiateFormat(gin.MIMEHTML, gin.MIMEJSON) == gin.MIMEJSON {
		ctype = "application/json; charset=utf-8"
		err = report.WriteJSON(&b, checked, o)
	} else {
		if d.Format == corpus.FormatPDF && s.cfg.Renderer != nil {
			o.Pages = &report.Pages{Renderer: s.cfg.Renderer, Reader: pr, Sources: map[string][]byte{d.File: data}}
		}
		err = report.WriteHTML(c.Request.Context(), &b, checked, o)
	}
	if err != nil {
		s.log.LogAttrs(c.Request.Context(), slog.LevelError, "writing a check report failed",
			slog.String("request_id", c.GetString(ginRequestID)), slog.String("name", name), slog.String("error", err.Error()))
		abortError(c, newError(codeInternal, "生成检查报告时出错；请查看服务日志"))
		return
	}
	n := report.CountOf(checked...)
	s.log.LogAttrs(c.Request.Context(), slog.LevelInfo, "document checked", slog.String("request_id", c.GetString(ginRequestID)),
		slog.String("name", name), slog.Int("errors", n.Error), slog.Int("warnings", n.Warning), slog.Int("rounding", n.Rounding))
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, ctype, b.Bytes())
}

// checkOp describes POST /v1/check for the OpenAPI document.
func checkOp() obj {
	return op("check", "检查一个预算或决算文档（PDF 原件，或与内置文档相同的文本格式）：表内、表间、文字与数字的一致性，返回 HTML 报告（附印刷页面并标出位置），或按 Accept: application/json 返回 JSON 报告；不保存文档", []any{
		param("name", "query", "文件名（如 xx-2025-yusuan.pdf），正文为 application/pdf 或 text/plain 时必填", str()),
		param("rounding", "query", "为 1 时同时列出尾数差异", obj{"type": "string", "enum": []string{"0", "1", "true", "false"}}),
	}, obj{"required": true, "content": obj{
		"application/pdf":     obj{"schema": obj{"type": "string", "format": "binary"}},
		"text/plain":          obj{"schema": str()},
		"multipart/form-data": obj{"schema": object(obj{"file": obj{"type": "string", "format": "binary"}}, "file")},
	}}, obj{"200": obj{"description": "检查报告", "content": obj{
		"text/html":        obj{"schema": str()},
		"application/json": obj{"schema": ref("CheckReport")},
	}}}, "400", "413", "415", "422", "429")
}

// checkReportSchema describes report.JSONReport.
func checkReportSchema() obj {
	counts := object(obj{"error": integer(), "warning": integer(), "rounding": integer()}, "error", "warning", "rounding")
	place := object(obj{
		"file": str(), "page": integer(), "line": integer(), "table": str(), "row": str(), "column": str(), "sentence": str(),
		"box": object(obj{"x0": number(), "y0": number(), "x1": number(), "y1": number()}),
	}, "file")
	finding := object(obj{
		"rule":       obj{"type": "string", "description": "规则编号，如 table.parent_sum"},
		"severity":   obj{"type": "string", "enum": []string{"error", "warning", "rounding"}},
		"message":    str(),
		"stated":     obj{"type": "number", "description": "文件所写的数"},
		"expected":   obj{"type": "number", "description": "按其他数字应为的数"},
		"difference": obj{"type": "number", "description": "stated − expected"},
		"band":       obj{"type": "number", "description": "尾数容差：所涉各数末位半个单位之和"},
		"unit":       str(),
		"arithmetic": str(),
		"places":     array(place),
	}, "rule", "severity", "message", "places")
	return object(obj{
		"version":         integer(),
		"counts":          counts,
		"rounding_listed": boolean(),
		"documents": array(object(obj{
			"file": str(), "id": str(), "department": str(), "year": integer(), "kind": str(), "format": str(), "pages": integer(),
			"counts": counts, "findings": array(finding), "parse_warnings": strs(),
		}, "file", "counts", "findings", "parse_warnings")),
	}, "version", "counts", "rounding_listed", "documents")
}
