// Package nlq answers Chinese questions about budget documents: it parses a
// question into a small typed Query (intent, department, year, document
// kind, items, measure, unit asked for, order) and evaluates the Query
// against the facts of the corpus into a Response that carries the figure,
// how the question was understood, the sources and any arithmetic. Nothing
// here invents a figure: every value comes from a document or from
// arithmetic on document figures that the answer shows, and figures stay
// decimals until they are written.
//
// The files, in the order a question meets them:
//
//   - engine.go: the Engine over a corpus and Ask, one request to one
//     response; query.go the Query and its enums; answer.go the Request and
//     Response types.
//   - normalize.go, parse.go, item.go, words.go (with the word lists in
//     data/), dept.go, names.go, simplify.go: the question read into a
//     Query: width and script folded, department and years taken out,
//     the intent found by the phrase patterns, the item cleaned of question
//     words; parse_across.go the words that make the scope a set of
//     departments or a region, questions about which documents are held,
//     and a department the library does not hold.
//   - session.go, followup.go, combine.go, clarify.go: conversations. A
//     session keeps each client's last turn; followup.go decides whether a
//     question is a follow-up and which slots it takes from the previous
//     turn (the inheritance table); combine.go adds or subtracts figures
//     already answered; clarify.go asks back which department is meant.
//   - eval.go: the documents in scope, and the dispatch on the intent to
//     amount.go (a figure; levels and totals), change.go (change and the
//     previous year), compare.go (share, sum, difference within one
//     department), rank.go (rankings and lists), rank_change.go (rankings by
//     the change on the year before), trend.go (one figure each year),
//     text.go (counts, definitions, reasons, targets), across.go and
//     across_answers.go (the same over a set of departments: the set, each
//     one's figure, then rank, compare, sum, share, trends) and holdings.go
//     (which documents the library holds).
//   - find.go, match.go, pick.go: finding the fact an item names, in one
//     document or, without a department, the best document of all.
//   - render.go: names, amounts, interpretations and sources as the answer
//     writes them; search.go the passages offered when nothing is answered.
package nlq
