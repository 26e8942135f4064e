package nlq

import (
	"regexp"
	"regexp/syntax"
	"strings"
)

// wordTest returns a test for whether re matches somewhere in a string.
// When re matches only the words of a small finite set (an alternation of
// words, with optional parts), the test looks for each word with
// strings.Contains, which is much faster than running re; otherwise it is
// re.MatchString.
func wordTest(re *regexp.Regexp) func(string) bool {
	prog, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return re.MatchString
	}
	words, ok := language(prog)
	if !ok {
		return re.MatchString
	}
	for _, w := range words {
		if w == "" {
			return func(string) bool { return true }
		}
	}
	return func(s string) bool {
		for _, w := range words {
			if strings.Contains(s, w) {
				return true
			}
		}
		return false
	}
}

// maxWords bounds the language that wordTest spells out.
const maxWords = 256

// language returns the strings re matches, when they are few and re has no
// anchors, repetition or case folding.
func language(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch:
		return []string{""}, true
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		return []string{string(re.Rune)}, true
	case syntax.OpCharClass:
		var out []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if len(out) >= maxWords {
					return nil, false
				}
				out = append(out, string(r))
			}
		}
		return out, true
	case syntax.OpCapture:
		return language(re.Sub[0])
	case syntax.OpQuest:
		sub, ok := language(re.Sub[0])
		return append([]string{""}, sub...), ok
	case syntax.OpAlternate:
		var out []string
		for _, s := range re.Sub {
			sub, ok := language(s)
			if !ok || len(out)+len(sub) > maxWords {
				return nil, false
			}
			out = append(out, sub...)
		}
		return out, true
	case syntax.OpConcat:
		out := []string{""}
		for _, s := range re.Sub {
			sub, ok := language(s)
			if !ok || len(out)*len(sub) > maxWords {
				return nil, false
			}
			var next []string
			for _, a := range out {
				for _, b := range sub {
					next = append(next, a+b)
				}
			}
			out = next
		}
		return out, true
	}
	return nil, false
}
