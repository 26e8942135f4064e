package corpus

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// Severity grades a finding of Check.
type Severity int

// The severities, from worst.
const (
	SevError    Severity = iota // the document contradicts itself
	SevWarning                  // something is missing or suspicious
	SevRounding                 // a gap no larger than the rounding of the figures involved
)

var sevNames = [...]string{"错误", "警告", "尾数差异"}

// String returns the Chinese name of the severity.
func (s Severity) String() string { return sevNames[s] }

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Finding is one disagreement Check found, with both figures and their places.
type Finding struct {
	Severity Severity `json:"severity"`
	Kind     string   `json:"kind"` // parent-sum, table-vs-table, text-vs-table, growth, share, parts, missing-table, year, repeat
	Message  string   `json:"message"`
	Places   []Source `json:"places"`
}

// String formats the finding for a person.
func (f Finding) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] %s", f.Severity, f.Message)
	for _, p := range f.Places {
		fmt.Fprintf(&b, "\n    %s", PlaceString(p))
	}
	return b.String()
}

// PlaceString cites a source: file:line, table, row, column or sentence.
func PlaceString(s Source) string {
	out := fmt.Sprintf("%s:%d", s.File, s.Line)
	if s.Table != "" {
		out += " " + s.Table
		if s.Row != "" {
			out += " 行「" + s.Row + "」"
		}
		if s.Column != "" {
			out += " 列「" + s.Column + "」"
		}
	} else if s.Sentence != "" {
		out += " 「" + clip(s.Sentence, 60) + "」"
	}
	return out
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// Check recomputes what a document states and returns every disagreement:
// table arithmetic, totals that differ between tables, text figures that
// differ from the tables, stated growth and shares that do not match the
// stated amounts, parts that do not add up to their total, tables listed in
// the contents but absent, and comparisons with the wrong year. A gap no
// larger than half a unit of the last printed digit of each figure involved
// is rounding (本套报表金额单位转换时可能存在尾数误差), reported as SevRounding.
func Check(d *Document) []Finding {
	c := &checker{doc: d}
	c.tables()
	c.listed()
	c.growth()
	c.shares()
	c.parts()
	c.textVsTables()
	c.repeats()
	sort.SliceStable(c.out, func(i, j int) bool { return c.out[i].Severity < c.out[j].Severity })
	return c.out
}

type checker struct {
	doc *Document
	out []Finding
}

func (c *checker) add(sev Severity, kind, msg string, places ...Source) {
	c.out = append(c.out, Finding{Severity: sev, Kind: kind, Message: msg, Places: places})
}

// gap grades the difference between a figure and what it should be: nil
// when they agree exactly, SevRounding when the difference is within the
// rounding of the figures involved (tol), SevError otherwise.
func grade(diff, tol decimal.Decimal) (Severity, bool) {
	d := diff.Abs()
	if d.IsZero() {
		return 0, false
	}
	if d.LessThanOrEqual(tol) {
		return SevRounding, true
	}
	return SevError, true
}

func fmtAmount(v decimal.Decimal, unit string) string { return FormatNumber(v) + unit }

// tables reports the arithmetic each table failed, as the table builder
// recorded it, and totals that differ between tables.
func (c *checker) tables() {
	d := c.doc
	for _, t := range d.Tables {
		for _, db := range t.Doubts {
			c.add(SevError, "table-arithmetic", fmt.Sprintf("%s：%s", t.Ref(), db.Message),
				Source{File: d.File, Line: db.Line, Table: t.Ref()})
		}
	}
	// The same coded row with the same measure in two tables of the same
	// side: an income table and an expenditure table count a function
	// code differently.
	type key struct{ code, measure, side string }
	first := map[key]Fact{}
	for _, f := range d.Facts {
		if !f.Source.FromTable() || f.Code == "" || f.Kind != FactAmount || !IsMoney(f.Unit) {
			continue
		}
		k := key{f.Code, f.Measure, tableSide(f.Source.Table + f.Source.Column)}
		prev, ok := first[k]
		if !ok {
			first[k] = f
			continue
		}
		if prev.Source.Table == f.Source.Table {
			continue
		}
		a, _ := Convert(f.Value, f.Unit, prev.Unit)
		tol := HalfUnit(prev.Places).Add(HalfUnit(f.Places))
		if sev, bad := grade(a.Sub(prev.Value), tol); bad {
			c.add(sev, "table-vs-table", fmt.Sprintf("%s %s「%s」两表不一致：%s 与 %s", f.Code, f.Subject, f.Measure,
				fmtAmount(prev.Value, prev.Unit), fmtAmount(f.Value, f.Unit)), prev.Source, f.Source)
		}
	}
}

// tableSide tells an income table or column from an expenditure one.
func tableSide(s string) string {
	if strings.Contains(s, "收入") && !strings.Contains(s, "支出") {
		return "收入"
	}
	if strings.Contains(s, "收入") && strings.Contains(s, "支出") && strings.Contains(s, "本年收入") {
		return "收入"
	}
	return "支出"
}

// listed reports tables named in the contents but absent from the document.
func (c *checker) listed() {
	for _, l := range c.doc.Listed {
		if !l.Found {
			c.add(SevWarning, "missing-table", fmt.Sprintf("目录列出的表%d「%s」在文档中缺失", l.Number, l.Title),
				Source{File: c.doc.File, Line: l.Line})
		}
	}
}

// stated groups the facts stated for one subject in one sentence.
type stated struct {
	level, change, pct, prior *Fact
}

var hundred = decimal.NewFromInt(100)
