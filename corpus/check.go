package corpus

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// This file holds what Check returns: the findings, their severities and
// places, and the checker the rules (check_rule.go) report through.

// Severity grades a finding of Check.
type Severity int

// The severities, from worst.
const (
	SevError    Severity = iota // the document contradicts itself
	SevWarning                  // something is missing or suspicious
	SevRounding                 // a gap no larger than the rounding of the figures involved
)

var (
	sevNames = [...]string{"错误", "警告", "尾数差异"}
	sevCodes = [...]string{"error", "warning", "rounding"}
)

// String returns the Chinese name of the severity (错误, 警告, 尾数差异).
func (s Severity) String() string { return sevNames[s] }

// Code returns the severity's stable English code: error, warning or
// rounding.
func (s Severity) Code() string { return sevCodes[s] }

// MarshalText writes the severity's code.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.Code()), nil }

// UnmarshalText reads a severity's code.
func (s *Severity) UnmarshalText(b []byte) error {
	for i, c := range sevCodes {
		if string(b) == c {
			*s = Severity(i)
			return nil
		}
	}
	return fmt.Errorf("corpus: unknown severity %q, want error, warning or rounding", b)
}

// Finding is one disagreement Check found, with both figures and their
// places.
type Finding struct {
	Rule     string   `json:"rule"` // the id of the rule that found it (table.parent_sum)
	Severity Severity `json:"severity"`
	Message  string   `json:"message"` // in Chinese, naming both figures
	// Figures are the two figures compared; nil for a finding about words
	// (a wrong year, a doubled 。).
	Figures *Figures `json:"figures,omitempty"`
	// Arithmetic shows how Expected was computed ("1,560.05 + 10 = 1,570.05").
	Arithmetic string   `json:"arithmetic,omitempty"`
	Places     []Source `json:"places"`
}

// Figures are the figure a document prints and the one its other figures
// give, in one unit, with the rounding band between them.
type Figures struct {
	Stated   decimal.Decimal `json:"stated"`
	Expected decimal.Decimal `json:"expected"`
	Unit     string          `json:"unit"` // 万元, 元 or %
	// Band is how far apart the two may be from the rounding of the
	// printed figures alone: half a unit of the last printed digit of each
	// figure involved.
	Band decimal.Decimal `json:"band"`
}

// Diff returns Stated − Expected.
func (f Figures) Diff() decimal.Decimal { return f.Stated.Sub(f.Expected) }

// String formats the finding for a person.
func (f Finding) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] %s", f.Severity, f.Message)
	if f.Arithmetic != "" {
		fmt.Fprintf(&b, "\n    算式：%s", f.Arithmetic)
	}
	if g := f.Figures; g != nil && !g.Diff().IsZero() {
		fmt.Fprintf(&b, "（相差 %s%s，尾数容差 %s%s）", FormatNumber(g.Diff().Abs()), g.Unit, FormatNumber(g.Band), g.Unit)
	}
	for _, p := range f.Places {
		fmt.Fprintf(&b, "\n    %s", PlaceString(p))
	}
	fmt.Fprintf(&b, "\n    规则：%s", f.Rule)
	return b.String()
}

// PlaceString cites a source: file:line (p.N for a PDF), table, row, column
// or sentence.
func PlaceString(s Source) string {
	out := fmt.Sprintf("%s:%d", s.File, s.Line)
	if s.Page > 0 {
		out += fmt.Sprintf(" 第%d页", s.Page)
	}
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

// Check runs every rule of Rules over a document and returns what they
// find, worst first and then in the document's order. A gap between two
// figures no larger than half a unit of the last printed digit of each
// figure involved is rounding (尾数差异), reported as SevRounding and never
// as an error.
func Check(d *Document) []Finding {
	c := newChecker(d)
	for i := range rules {
		c.rule = &rules[i]
		c.rule.run(c)
	}
	sort.SliceStable(c.out, func(i, j int) bool {
		a, b := c.out[i], c.out[j]
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		pa, pb := firstPlace(a), firstPlace(b)
		if pa.File != pb.File {
			return pa.File < pb.File
		}
		return pa.Line < pb.Line
	})
	return c.out
}

func firstPlace(f Finding) Source {
	if len(f.Places) == 0 {
		return Source{}
	}
	return f.Places[0]
}

// checker holds a document being checked and what the rules found.
type checker struct {
	doc   *Document
	rule  *Rule // the rule running
	out   []Finding
	seen  map[string]bool
	cells map[cellKey][]int // facts by table cell, see cellPlace
	// covered lists the aggregate columns (table, column) a standard
	// identity checked, which the confirmed relations then leave alone.
	covered map[[2]int]bool
}

func newChecker(d *Document) *checker {
	return &checker{doc: d, seen: map[string]bool{}}
}

// add reports a finding of the running rule, once.
func (c *checker) add(f Finding) {
	f.Rule = c.rule.ID
	k := f.Rule + "\x00" + f.Message
	for _, p := range f.Places {
		k += "\x00" + p.File + ":" + itoa(p.Line)
	}
	if c.seen[k] {
		return
	}
	c.seen[k] = true
	if f.Places == nil {
		f.Places = []Source{}
	}
	c.out = append(c.out, f)
}

// flag reports a finding without figures, at the rule's severity.
func (c *checker) flag(msg string, places ...Source) {
	c.add(Finding{Severity: c.rule.Severity, Message: msg, Places: places})
}

// compare reports stated ≠ expected: at the rule's severity when they are
// further apart than band, as rounding when within it, not at all when
// equal. It reports whether they differ beyond the band.
func (c *checker) compare(g Figures, arith, msg string, places ...Source) bool {
	d := g.Diff().Abs()
	if d.IsZero() {
		return false
	}
	sev := c.rule.Severity
	if d.LessThanOrEqual(g.Band) {
		sev = SevRounding
		msg += "，差异在尾数范围内"
	}
	c.add(Finding{Severity: sev, Message: msg, Figures: &g, Arithmetic: arith, Places: places})
	return sev != SevRounding
}

// grade grades the difference between a figure and what it should be: no
// finding when they agree exactly, SevRounding when the difference is
// within the rounding of the figures involved (tol), SevError otherwise.
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

var hundred = decimal.NewFromInt(100)

// textPlace is the place of a sentence of the text: its paragraph's line
// and page, and the box of the line of a fact read from it, if any.
func (c *checker) textPlace(line, page int, sentence string) Source {
	s := Source{File: c.doc.File, Line: line, Page: page, Sentence: sentence, TableIdx: -1}
	for i := range c.doc.Facts {
		f := &c.doc.Facts[i]
		if !f.Source.FromTable() && f.Source.Line == line && f.Source.Box != nil {
			s.Box, s.Page = f.Source.Box, f.Source.Page
			break
		}
	}
	return s
}
