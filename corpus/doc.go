// Package corpus reads Chinese government budget documents (部门预算, 部门决算,
// 单位预算) into a typed model: the document's department, year and kind, its
// text sections and paragraphs, its tables as rows with 科目编码 and one decimal
// value per column, and the facts read from both, each with its provenance
// (file, line, table, row, column or sentence).
//
// The model is independent of the source layout. Today's source is text
// extracted from the published PDFs, with tables as tab-separated rows; the
// parser for it is in parse.go (document structure), table*.go (tables) and
// text*.go (paragraphs and the facts stated in them). Consistency checks that
// recompute what a document states are the rules of check_rule.go, one row
// each (id, severity, Chinese description), run by Check (check.go) and
// grouped by what they compare: the rows and columns of one table
// (check_table.go, check_columns.go), tables with each other
// (check_cross.go), the text with the figures (check_text.go,
// check_parts.go, check_vs_table.go, check_direction.go, check_item.go)
// and the words (check_words.go).
//
// Amounts are decimal.Decimal from parse to answer, never float64.
package corpus
