package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/pdf"
	"github.com/budgetqa/budgetqa/pdf/pdfium"
)

// Sources returns a document's source file as it came (the PDF as
// published); package library's Library is one.
type Sources interface {
	Source(id string) ([]byte, error)
}

// PageRenderer renders a page of a PDF; *pdfium.Reader is one.
type PageRenderer interface {
	Render(ctx context.Context, data []byte, page, dpi int) (*image.RGBA, error)
}

// Page images: the resolution by default and at most, and how many
// rendered pages are kept (a few hundred KB each).
const (
	defaultDPI     = 110
	maxPageDPI     = 200
	pageCacheSize  = 64
	maxMarkedBoxes = 8
)

// pageCache keeps rendered page images by document version, page,
// resolution and marks.
type pageCache = lru.Cache[string, []byte]

func newPageCache() *pageCache {
	c, err := lru.New[string, []byte](pageCacheSize)
	if err != nil {
		panic(err) // a positive constant size
	}
	return c
}

// sourcePDF finds the document of the request and its PDF, answering the
// error itself when there is none.
func (s *Server) sourcePDF(c *gin.Context) (*corpus.Document, []byte, bool) {
	st := s.current()
	id := c.Param("id")
	d := st.byID[id]
	if d == nil {
		abortError(c, newError(codeDocumentNotFound, "没有编号为“"+clip(id, 40)+"”的文件"))
		return nil, nil, false
	}
	if d.Format != corpus.FormatPDF || st.b.Sources == nil {
		abortError(c, newError(codeNotFound, "这份文件不是以 PDF 载入的，没有原件可看"))
		return nil, nil, false
	}
	data, err := st.b.Sources.Source(id)
	if err != nil {
		s.log.Error("reading a document's source failed", "id", id, "error", err.Error())
		abortError(c, newError(codeInternal, "读取原件时出错；请查看服务日志"))
		return nil, nil, false
	}
	return d, data, true
}

// documentPDF answers GET /v1/documents/{id}/pdf with the file as
// published.
func (s *Server) documentPDF(c *gin.Context) {
	d, data, ok := s.sourcePDF(c)
	if !ok {
		return
	}
	c.Header("Content-Disposition", "inline; filename*=UTF-8''"+url.PathEscape(d.File))
	c.Header("Cache-Control", "public, max-age=3600")
	c.Data(http.StatusOK, "application/pdf", data)
}

// documentPage answers GET /v1/documents/{id}/pages/{n}.png: the page as
// printed, rendered at ?dpi= (default 110, at most 200), with the boxes of
// ?box=x0,y0,x1,y1 (points from the page's top left, as a source's box
// gives them; repeatable) outlined in red.
func (s *Server) documentPage(c *gin.Context) {
	n, err := strconv.Atoi(strings.TrimSuffix(c.Param("page"), ".png"))
	if err != nil || n < 1 || !strings.HasSuffix(c.Param("page"), ".png") {
		abortError(c, newError(codeBadParameter, "页码应为正整数，如 /pages/3.png"))
		return
	}
	dpi := defaultDPI
	if v := c.Query("dpi"); v != "" {
		if dpi, err = strconv.Atoi(v); err != nil || dpi < 20 || dpi > maxPageDPI {
			abortError(c, newError(codeBadParameter, fmt.Sprintf("dpi 应在 20 到 %d 之间", maxPageDPI)))
			return
		}
	}
	boxes, e := parseBoxes(c.QueryArray("box"))
	if e != nil {
		abortError(c, e)
		return
	}
	if s.cfg.Renderer == nil {
		abortError(c, newError(codeNotFound, "本服务未开启页面图像"))
		return
	}
	d, data, ok := s.sourcePDF(c)
	if !ok {
		return
	}
	if d.Pages > 0 && n > d.Pages {
		abortError(c, newError(codeNotFound, fmt.Sprintf("这份文件只有 %d 页", d.Pages)))
		return
	}
	key := fmt.Sprintf("%s|%s|%d|%d|%v", d.ID, d.Hash, n, dpi, boxes)
	if img, ok := s.pages.Get(key); ok {
		writePNG(c, img)
		return
	}
	rgba, err := s.cfg.Renderer.Render(c.Request.Context(), data, n, dpi)
	switch {
	case errors.Is(err, pdfium.ErrNoPage):
		abortError(c, newError(codeNotFound, "没有这一页"))
		return
	case err != nil:
		s.log.Error("rendering a page failed", "id", d.ID, "page", n, "error", err.Error())
		abortError(c, newError(codeInternal, "页面图像生成失败；请查看服务日志"))
		return
	}
	pdf.Mark(rgba, dpi, boxes)
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, rgba); err != nil {
		abortError(c, newError(codeInternal, "页面图像编码失败"))
		return
	}
	s.pages.Add(key, buf.Bytes())
	writePNG(c, buf.Bytes())
}

func writePNG(c *gin.Context, img []byte) {
	c.Header("Cache-Control", "public, max-age=3600")
	c.Data(http.StatusOK, "image/png", img)
}

// parseBoxes reads the ?box= parameters.
func parseBoxes(vals []string) ([]pdf.Box, *Error) {
	if len(vals) > maxMarkedBoxes {
		return nil, newError(codeBadParameter, fmt.Sprintf("最多标出 %d 个位置", maxMarkedBoxes))
	}
	var out []pdf.Box
	for _, v := range vals {
		parts := strings.Split(v, ",")
		if len(parts) != 4 {
			return nil, newError(codeBadParameter, "box 应为 x0,y0,x1,y1 四个数")
		}
		var f [4]float64
		for i, p := range parts {
			x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if err != nil || x < 0 || x > 10000 {
				return nil, newError(codeBadParameter, "box 应为 x0,y0,x1,y1 四个 0 到 10000 之间的数")
			}
			f[i] = x
		}
		out = append(out, pdf.Box{X0: min(f[0], f[2]), Y0: min(f[1], f[3]), X1: max(f[0], f[2]), Y1: max(f[1], f[3])})
	}
	return out, nil
}
