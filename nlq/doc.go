// Package nlq answers Chinese questions about budget documents: it parses a
// question into a small typed Query (intent, department, year, document
// kind, item, measure, unit asked for, comparison) and evaluates the Query
// against the facts of the corpus into an Answer that carries the figure,
// how the question was understood, the sources and any arithmetic.
//
// Parsing (parse.go, with the word lists in data/) and evaluation (eval.go)
// are separate, as are the normalisation of the question (normalize.go) and
// the matching of item names to facts (match.go). Nothing here invents a
// figure: every value comes from a document or from arithmetic on document
// figures that the answer shows.
package nlq
