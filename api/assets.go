package api

import (
	"errors"
	"io/fs"
	"mime"
	"net/http"
	"path"

	"github.com/gin-gonic/gin"
)

// asset returns a handler serving the file name of Config.Assets: the chat
// page at / and the widget at /widget.js, which another package provides.
func (s *Server) asset(name string) gin.HandlerFunc {
	return func(c *gin.Context) {
		data, err := fs.ReadFile(s.cfg.Assets, name)
		if errors.Is(err, fs.ErrNotExist) {
			abortError(c, newError(codeNotFound, "没有这个地址"))
			return
		}
		if err != nil {
			s.log.Error("api: reading asset", "name", name, "error", err.Error(), "request_id", c.GetString(ginRequestID))
			abortError(c, newError(codeInternal, "页面暂时无法打开，请稍后再试"))
			return
		}
		ctype := mime.TypeByExtension(path.Ext(name))
		if ctype == "" {
			ctype = http.DetectContentType(data)
		}
		c.Header("Cache-Control", "no-cache")
		c.Data(http.StatusOK, ctype, data)
	}
}
