package corpus

import "github.com/shopspring/decimal"

// Table is one table of a document, reassembled across pages.
type Table struct {
	Number  int      `json:"number,omitempty"` // 表N as printed, or the contents' position
	Title   string   `json:"title"`
	Unit    string   `json:"unit"`           // money unit of its figures
	Line    int      `json:"line"`           // title line
	Page    int      `json:"page,omitempty"` // page of the title line, for PDFs
	File    string   `json:"file,omitempty"` // the file read, for a document of several
	EndLine int      `json:"end_line"`       // last line read
	Columns []Column `json:"columns"`        // value columns, left to right
	Rows    []*Row   `json:"rows"`
	Empty   bool     `json:"empty,omitempty"` // 本表无数据, 此表为空, 无
	Notes   []string `json:"notes,omitempty"` // 注：…
	// Doubts lists arithmetic the table fails (a parent not the sum of its
	// children, 合计 ≠ 基本支出 + 项目支出); its figures carry that doubt.
	Doubts []Doubt `json:"doubts,omitempty"`
	// Confirmed lists the column relations the table's own arithmetic
	// confirmed ("支出总计 = 基本支出 + 项目支出", "parent = sum of children").
	Confirmed []string `json:"confirmed,omitempty"`
}

// Column is one value column with the meaning inferred from its headers.
type Column struct {
	Label   string `json:"label"`           // header text as printed, joined
	Meaning string `json:"meaning"`         // canonical meaning (支出总计, 基本支出, 预算数, …)
	Group   string `json:"group,omitempty"` // spanning header (收入, 支出, 2023年政府采购项目, …)
	Year    int    `json:"year,omitempty"`  // year named in the header
	Side    int    `json:"side,omitempty"`  // 0 for the left table, 1, 2 for tables printed beside it
}

// Row is one row of a table.
type Row struct {
	Line  int    `json:"line"`
	Side  int    `json:"side,omitempty"` // which side-by-side part the row belongs to
	Code  string `json:"code,omitempty"` // 科目编码, split 类/款/项 columns joined back
	Name  string `json:"name"`
	Level int    `json:"level,omitempty"` // 1 类, 2 款, 3 项 (from the code, or the name's numbering)
	// Parent is the index in Table.Rows of the row this one is a part of, or -1.
	Parent int    `json:"parent"`
	Cells  []Cell `json:"cells"`
	Doubt  string `json:"doubt,omitempty"`
}

// Cell is one figure of a row.
type Cell struct {
	Column int             `json:"column"` // index into Table.Columns
	Value  decimal.Decimal `json:"value"`
	Raw    string          `json:"raw"`             // as printed
	Blank  bool            `json:"blank,omitempty"` // printed empty, read as 0
	// Pos is 1 + the cell's position among its line's tab-separated
	// cells, 0 when the figure was not printed.
	Pos int `json:"-"`
}

// Doubt is a piece of arithmetic that the table fails.
type Doubt struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// Value returns the figure of row r in the column with the given meaning.
func (t *Table) Value(r *Row, meaning string) (Cell, bool) {
	for _, c := range r.Cells {
		if c.Column < len(t.Columns) && t.Columns[c.Column].Meaning == meaning {
			return c, true
		}
	}
	return Cell{}, false
}

// Children returns the rows whose parent is row i.
func (t *Table) Children(i int) []*Row {
	var out []*Row
	for _, r := range t.Rows {
		if r.Parent == i {
			out = append(out, r)
		}
	}
	return out
}

// Ref returns a short citation of the table ("表3 支出总表").
func (t *Table) Ref() string {
	if t.Number > 0 {
		return "表" + itoa(t.Number) + " " + t.Title
	}
	return t.Title
}
