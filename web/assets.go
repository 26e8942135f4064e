package web

import (
	"embed"
	"io/fs"
)

//go:embed static
var static embed.FS

// Assets holds the chat page (index.html), the widget (widget.js), the
// admin page (admin.html), the 文件检查 page (check.html, which posts a
// document to /v1/check) and the icon (favicon.ico) at its top, as
// api.Config.Assets wants them.
var Assets fs.FS = mustSub(static, "static")

// mustSub returns the subtree dir of fsys; it panics only if the embedded
// tree is malformed, which the build would already have caught.
func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic("web: " + err.Error())
	}
	return sub
}
