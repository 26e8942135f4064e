package questionlog

import (
	"sort"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/width"
)

// Group is the entries of one wording: the same question, however spaced,
// punctuated or wide its characters.
type Group struct {
	Question    string    `json:"question"` // the latest wording
	Count       int       `json:"count"`
	Last        time.Time `json:"last"`
	Departments []string  `json:"departments"`
	Intent      string    `json:"intent,omitempty"`
	Answer      string    `json:"answer,omitempty"` // for thumbs-down: the latest answer judged
}

// Summary is what the admin page shows: the questions not answered and
// those judged unhelpful, grouped by wording, most frequent first.
type Summary struct {
	Questions  int     `json:"questions"`
	Answered   int     `json:"answered"`
	Up         int     `json:"up"`
	Down       int     `json:"down"`
	Unanswered []Group `json:"unanswered"`
	Disliked   []Group `json:"disliked"`
}

// Summarize groups entries, keeping at most n groups of each list.
func Summarize(entries []Entry, n int) Summary {
	var s Summary
	unanswered, disliked := newGrouper(), newGrouper()
	for _, e := range entries {
		switch e.Kind {
		case KindQuestion:
			s.Questions++
			if e.Answered {
				s.Answered++
			} else {
				unanswered.add(e)
			}
		case KindFeedback:
			if e.Rating == RatingUp {
				s.Up++
			} else if e.Rating == RatingDown {
				s.Down++
				disliked.add(e)
			}
		}
	}
	s.Unanswered, s.Disliked = unanswered.top(n), disliked.top(n)
	return s
}

// Wording returns the form in which questions are grouped: half-width,
// lower case, without spaces or punctuation.
func Wording(q string) string {
	q = width.Fold.String(q)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, q)
}

// grouper collects groups by wording.
type grouper struct {
	byKey map[string]*Group
	depts map[string]map[string]bool
}

func newGrouper() *grouper {
	return &grouper{byKey: map[string]*Group{}, depts: map[string]map[string]bool{}}
}

func (g *grouper) add(e Entry) {
	k := Wording(e.Question)
	if k == "" {
		return
	}
	gr := g.byKey[k]
	if gr == nil {
		gr = &Group{Departments: []string{}}
		g.byKey[k] = gr
		g.depts[k] = map[string]bool{}
	}
	gr.Count++
	if !e.Time.Before(gr.Last) {
		gr.Last, gr.Question, gr.Intent = e.Time, e.Question, e.Intent
		if e.Answer != "" {
			gr.Answer = e.Answer
		}
	}
	if e.Department != "" && !g.depts[k][e.Department] {
		g.depts[k][e.Department] = true
		gr.Departments = append(gr.Departments, e.Department)
	}
}

// top returns the n largest groups, the most frequent and then the latest
// first.
func (g *grouper) top(n int) []Group {
	out := make([]Group, 0, len(g.byKey))
	for _, gr := range g.byKey {
		out = append(out, *gr)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Last.After(out[j].Last)
	})
	return out[:min(n, len(out))]
}
