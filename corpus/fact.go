package corpus

import (
	"github.com/shopspring/decimal"

	"github.com/budgetqa/budgetqa/pdf"
)

// FactKind says what a fact's figure is.
type FactKind int

// The kinds of fact.
const (
	FactAmount    FactKind = iota // a level: 预算数, 决算数, a column of a table
	FactChange                    // change on the previous year, in the fact's unit
	FactChangePct                 // change on the previous year, in %
	FactPrior                     // the previous year's figure, as stated
	FactCount                     // a count: 编制, 人数, 车辆, 科室, 项目数
	FactShare                     // a stated share, in %
)

var factKindNames = [...]string{"amount", "change", "change_pct", "prior", "count", "share"}

// String returns the kind's name.
func (k FactKind) String() string {
	if int(k) < len(factKindNames) {
		return factKindNames[k]
	}
	return "unknown"
}

// MarshalText writes the kind's name.
func (k FactKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Fact is one figure read from a document, with where it came from.
type Fact struct {
	Kind    FactKind        `json:"kind"`
	Subject string          `json:"subject"`           // the item, as the document names it
	Code    string          `json:"code,omitempty"`    // 科目编码
	Measure string          `json:"measure,omitempty"` // column meaning: 预算数, 基本支出, 决算数, …
	Year    int             `json:"year"`              // year the figure refers to
	Value   decimal.Decimal `json:"value"`
	Unit    string          `json:"unit"`
	Places  int32           `json:"places"`          // decimal places as printed
	Blank   bool            `json:"blank,omitempty"` // a table cell printed empty, read as 0
	Reason  string          `json:"reason,omitempty"`
	Doubt   string          `json:"doubt,omitempty"` // why the figure is in doubt
	Source  Source          `json:"source"`
}

// Amount returns the fact's value with its unit.
func (f Fact) Amount() Amount { return Amount{Value: f.Value, Unit: f.Unit} }

// Source is the provenance of a fact.
type Source struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Table    string `json:"table,omitempty"` // "表3 支出总表"
	TableIdx int    `json:"-"`               // index in Document.Tables, -1 for text
	Row      string `json:"row,omitempty"`   // "2010308 信访事务"
	RowIdx   int    `json:"-"`
	Column   string `json:"column,omitempty"`
	Sentence string `json:"sentence,omitempty"` // the quoted sentence, for text facts
	// Page and Box place the figure on the printed page of a PDF: the box
	// of its table cell, or of the line its sentence starts on.
	Page int      `json:"page,omitempty"`
	Box  *pdf.Box `json:"box,omitempty"`
}

// FromTable reports whether the fact was read from a table.
func (s Source) FromTable() bool { return s.Table != "" }
