// Package questionlog keeps what citizens asked, so that a department's
// staff can see what went unanswered or was judged unhelpful, and learn
// what to publish or add to its synonyms.
//
// An Entry is a question (its wording, time, channel, whether it was
// answered, the intent and department it was read as) or a piece of
// feedback (👍 or 👎 on an answer). Nothing identifies the person beyond a
// session id hashed with a key of the process (HashSession), which links
// the entries of one conversation and nothing else.
//
// A File log appends one JSON line per entry to a file in the index
// folder and rotates it when it grows past a bound, keeping a few old
// files; a Memory log keeps the latest entries in memory, for servers
// without a folder. Summarize groups the entries by wording for the admin
// page.
//
// log.go holds the Entry, the two logs and the session hash; summary.go
// the grouping.
package questionlog
