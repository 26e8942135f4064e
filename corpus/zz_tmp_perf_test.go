package corpus

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestZZPerf(t *testing.T) {
	cases := map[string]string{}
	var b strings.Builder
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&b, "%d\t名称%d\t%d\t%d\n", 201+i%5, i, i, i)
	}
	cases["codes"] = b.String()
	b.Reset()
	for i := 0; i < 2000; i++ {
		b.WriteString(strings.Repeat("1\t", 300) + "\n")
	}
	cases["wide"] = b.String()
	b.Reset()
	cases["header"] = strings.Repeat("合计\t小计\t小计\t小计\n", 500) + strings.Repeat(strings.Repeat("1\t", 2000)+"\n", 3)
	cases["keys"] = strings.Repeat("项目\t金额\t", 1000) + "\n" + strings.Repeat(strings.Repeat("x\t1\t", 1000)+"\n", 200)
	cases["sums"] = strings.Repeat("合计\t", 39) + "\n" + strings.Repeat(strings.Repeat("1\t", 39)+"\n", 2000)
	for name, s := range cases {
		start := time.Now()
		buildTable("x", parseBlock(s))
		t.Logf("%s %v", name, time.Since(start))
	}
}
