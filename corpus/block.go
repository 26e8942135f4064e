package corpus

import "github.com/budgetqa/budgetqa/pdf"

// line is one line of the source text with its 1-based number. Text keeps
// its tabs (the column separators of extracted tables); full-width digits,
// letters and punctuation that matter to numbers are already folded to
// half-width by normalizeLine.
type line struct {
	Num  int
	Text string
	// Where the line was printed, for documents read from a PDF: its page
	// (0 for text input), its box and the box of each tab-separated cell.
	Page  int
	Box   pdf.Box
	Cells []pdf.Box
}

// tableBlock is the raw material of one table as the document-structure
// parser found it: its title, printed number and unit, and the lines under
// it up to the next table or text. When a table is split across pages the
// continuation pages' lines are appended, with their repeated header lines
// still in (the page furniture such as 部门名称/单位 lines and bare page
// numbers is already removed).
type tableBlock struct {
	Number int
	Title  string
	Unit   string // 元, 万元 or 亿元 ("" when the block does not say)
	Line   int    // line of the title
	Lines  []line
}
