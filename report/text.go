package report

import (
	"fmt"
	"io"
	"strings"
)

// WriteText writes the report for a terminal: each document's findings,
// worst first, the number of gaps within rounding left out, and a summary
// line at the end.
func WriteText(w io.Writer, cs []Checked, o Options) error {
	var b strings.Builder
	for _, c := range cs {
		d := c.Doc
		fmt.Fprintf(&b, "== %s（%d年%s%s）\n", d.File, d.Year, d.Department, d.Kind)
		listed := c.listed(o)
		if len(listed) == 0 {
			b.WriteString("  未发现不一致。\n")
		}
		for _, f := range listed {
			b.WriteString("  " + strings.ReplaceAll(f.String(), "\n", "\n  ") + "\n")
		}
		if n := CountOf(c); n.Rounding > 0 && !o.Rounding {
			fmt.Fprintf(&b, "  另有 %d 处差异在尾数范围内（--rounding 列出）。\n", n.Rounding)
		}
		if n := len(d.Warnings); n > 0 {
			fmt.Fprintf(&b, "  解析警告 %d 条（budgetqa parse 查看）。\n", n)
		}
	}
	b.WriteString(Summary(cs, o) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}
