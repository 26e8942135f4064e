package index

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/yanyiwu/gojieba"
)

// Name is the name the jieba tokenizer is registered under in Bleve's
// registry.
const Name = "budgetqa_jieba"

// AnalyzerName is the name of the analyzer for Chinese budget text: the jieba
// tokenizer, then FoldName, lowercase and StopName.
const AnalyzerName = "budgetqa_zh"

// FoldName is the name of the token filter that folds full-width ASCII
// (（, ０–９, Ａ–Ｚ) to half-width, so that 因公出国（境）费 and
// 因公出国(境)费 index alike.
const FoldName = "budgetqa_fold"

// StopName is the name of the Chinese stop word token map and of the stop
// filter built from it.
const StopName = "budgetqa_zh_stop"

// stopWords are the question words and particles that carry nothing a
// search can use. Stop filtering compares whole tokens, so 的 goes but 目的
// stays. Money units go too: every figure has one.
var stopWords = []string{
	"的", "了", "和", "与", "及", "以及", "或", "或者", "是", "在", "对", "为", "于",
	"将", "把", "被", "从", "向", "之", "其", "该", "这", "那", "这个", "那个",
	"吗", "呢", "吧", "啊", "呀", "么", "多少", "几", "什么", "哪些", "哪个", "哪",
	"怎么", "怎样", "如何", "是否", "是不是", "请", "请问", "问", "一下", "告诉",
	"我", "我们", "你", "您", "想", "想知道", "知道", "查询", "查", "有没有",
	"一共", "总共", "共计", "元", "万元", "亿元",
}

// errNoSegmenter is returned when Bleve builds the tokenizer before Open has
// loaded jieba.
var errNoSegmenter = errors.New("index: jieba tokenizer used before jieba was loaded; open the index with index.Open")

// tokenizer splits text into words with jieba's search mode: each word of
// the accurate cut, preceded by the dictionary words of two and three
// characters inside it, so that 备用金 finds 信访稳定备用金. Offsets are
// bytes; positions count the tokens kept, from 1. Tokens without a letter or
// digit (punctuation, spaces) are dropped.
type tokenizer struct {
	seg *segmenter
}

// Tokenize implements analysis.Tokenizer.
func (t *tokenizer) Tokenize(input []byte) analysis.TokenStream {
	if len(input) == 0 {
		return nil
	}
	words := t.seg.jieba.Tokenize(jiebaText(input), gojieba.SearchMode, true)
	toks := make([]analysis.Token, 0, len(words))
	for _, w := range words {
		if w.Start < 0 || w.End > len(input) || w.Start >= w.End {
			continue
		}
		term := input[w.Start:w.End]
		typ, ok := tokenType(term)
		if !ok {
			continue
		}
		toks = append(toks, analysis.Token{
			Start:    w.Start,
			End:      w.End,
			Term:     term,
			Position: len(toks) + 1,
			Type:     typ,
		})
	}
	rv := make(analysis.TokenStream, len(toks))
	for i := range toks {
		rv[i] = &toks[i]
	}
	return rv
}

// jiebaText returns b as jieba can take it, with the same byte offsets: NUL
// bytes (jieba reads a C string) and bytes that are not UTF-8 (cppjieba
// drops the whole text and logs an error) become spaces, which jieba treats
// as separators.
func jiebaText[T string | []byte](b T) string {
	ok := utf8.Valid([]byte(b))
	for i := 0; ok && i < len(b); i++ {
		ok = b[i] != 0
	}
	if ok {
		return string(b)
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune([]byte(b[i:]))
		if r == 0 || r == utf8.RuneError && n == 1 {
			out = append(out, ' ')
		} else {
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	return string(out)
}

// tokenType returns the type of a token's term, and false when it holds no
// letter or digit.
func tokenType(term []byte) (analysis.TokenType, bool) {
	letter, digit := false, false
	for i := 0; i < len(term); {
		r, n := utf8.DecodeRune(term[i:])
		i += n
		switch {
		case unicode.Is(unicode.Han, r):
			return analysis.Ideographic, true
		case unicode.IsLetter(r):
			letter = true
		case unicode.IsDigit(r) || (r >= '０' && r <= '９'):
			digit = true
		}
	}
	switch {
	case letter:
		return analysis.AlphaNumeric, true
	case digit:
		return analysis.Numeric, true
	}
	return 0, false
}

// tokenizerConstructor builds the tokenizer on the shared segmenter. Open
// loads the segmenter and makes its mapping build the analyzer while it holds
// loadMu, so an index keeps the jieba it was opened with.
func tokenizerConstructor(config map[string]interface{}, cache *registry.Cache) (analysis.Tokenizer, error) {
	s := shared.Load()
	if s == nil {
		return nil, errNoSegmenter
	}
	return &tokenizer{seg: s}, nil
}

// foldFilter folds full-width ASCII variants (U+FF01–U+FF5E) to ASCII.
type foldFilter struct{}

// Filter implements analysis.TokenFilter. It copies a term only when the term
// has something to fold.
func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if hasFullWidth(tok.Term) {
			tok.Term = []byte(foldWidth(string(tok.Term)))
		}
	}
	return input
}

// foldWidth returns s with full-width ASCII variants folded to ASCII.
func foldWidth(s string) string {
	if !hasFullWidth(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0
		}
		return r
	}, s)
}

// hasFullWidth reports whether b holds a full-width ASCII variant, encoded as
// EF BC 81–BF or EF BD 80–9E.
func hasFullWidth[T string | []byte](b T) bool {
	for i := 0; i+2 < len(b); i++ {
		if b[i] == 0xEF && (b[i+1] == 0xBC && b[i+2] >= 0x81 || b[i+1] == 0xBD && b[i+2] <= 0x9E) {
			return true
		}
	}
	return false
}

func foldFilterConstructor(config map[string]interface{}, cache *registry.Cache) (analysis.TokenFilter, error) {
	return foldFilter{}, nil
}

func stopTokenMapConstructor(config map[string]interface{}, cache *registry.Cache) (analysis.TokenMap, error) {
	m := analysis.NewTokenMap()
	for _, w := range stopWords {
		m.AddToken(w)
	}
	return m, nil
}

func stopFilterConstructor(config map[string]interface{}, cache *registry.Cache) (analysis.TokenFilter, error) {
	m, err := cache.TokenMapNamed(StopName)
	if err != nil {
		return nil, err
	}
	return stop.NewStopTokensFilter(m), nil
}

// analyzerConstructor builds the AnalyzerName analyzer from the cached
// tokenizer and filters.
func analyzerConstructor(config map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
	tok, err := cache.TokenizerNamed(Name)
	if err != nil {
		return nil, err
	}
	fold, err := cache.TokenFilterNamed(FoldName)
	if err != nil {
		return nil, err
	}
	lower, err := cache.TokenFilterNamed(lowercase.Name)
	if err != nil {
		return nil, err
	}
	stopper, err := cache.TokenFilterNamed(StopName)
	if err != nil {
		return nil, err
	}
	return &analysis.DefaultAnalyzer{
		Tokenizer:    tok,
		TokenFilters: []analysis.TokenFilter{fold, lower, stopper},
	}, nil
}

func init() {
	for _, err := range []error{
		registry.RegisterTokenizer(Name, tokenizerConstructor),
		registry.RegisterTokenFilter(FoldName, foldFilterConstructor),
		registry.RegisterTokenMap(StopName, stopTokenMapConstructor),
		registry.RegisterTokenFilter(StopName, stopFilterConstructor),
		registry.RegisterAnalyzer(AnalyzerName, analyzerConstructor),
	} {
		if err != nil {
			panic(err)
		}
	}
}
