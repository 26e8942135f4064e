// Package suggest offers what to ask about a set of budget documents: the
// completions of a half-typed question (GET /v1/suggest?q=…) and, per
// department, a few questions the engine is known to answer.
//
// A Suggester collects the names of each department's documents (fact
// subjects, project names, 名词解释 terms), weighted by how often they occur,
// at once; the questions once FindQuestions has asked the engine, which
// takes seconds, so package api runs it in the background.
//
// Completions are ranked by whole budget terms: what is typed is matched
// against the start of a name ("三公" → 三公经费), at a point where a word may
// start, never in the middle of one ("三公" never → 三 + 公务接待费).
//
// suggester.go holds the names and the questions, complete.go the
// completions.
package suggest
