package index

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/shopspring/decimal"

	"github.com/budgetqa/budgetqa/corpus"
)

// testIndex is built once per test binary from testDocs: loading jieba takes
// most of a second.
var testIndex *Index

func TestMain(m *testing.M) {
	var err error
	testIndex, err = Open("", testDocs(), Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	if err := testIndex.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	os.Exit(code)
}

const (
	noError  = false
	hasError = true
)

// testDocs returns two small documents written by hand after the 2023
// budget of 深圳市龙岗区信访局 and a 2026 budget of 上海市普陀区司法局.
func testDocs() []*corpus.Document {
	wan := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	lg := &corpus.Document{
		ID: "longgang-2023", File: "longgang-2023.txt", Department: "深圳市龙岗区信访局",
		Year: 2023, Kind: corpus.KindBudget, TextUnit: corpus.WanYuan,
		Units: []string{"深圳市龙岗区信访大厅管理中心"},
		Paragraphs: []corpus.Paragraph{
			{Text: "深圳市龙岗区信访局系统包括深圳市龙岗区信访局本级及深圳市龙岗区信访大厅管理中心共 2 家单位。行政编制总数 15 人，实有在编人数 12 人；事业编制总数 8 人，实有在编人数 5 人。", Line: 40, EndLine: 40, Section: "二、机构设置情况"},
			{Text: "8、信访稳定备用金项目预算 500 万元，主要包括：迅速妥善处理和解决本辖区信访稳定工作中的突出问题，对生活困难的信访人进行救助。", Line: 102, EndLine: 103, Section: "第七部分 重点项目预算绩效情况说明"},
			{Text: "2023 年一般公共预算“三公”经费预算数为 3.2 万元，比上年减少 0.5 万元，主要原因是公务用车运行维护费减少。", Line: 150, EndLine: 150, Section: "第五部分 一般公共预算“三公”经费预算情况"},
			{Text: "机关运行经费：指为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金。", Line: 300, EndLine: 300, Section: "第九部分 名词解释"},
		},
		Tables: []*corpus.Table{{
			Number: 5, Title: "项目支出总表", Unit: corpus.WanYuan, Line: 505,
			Columns: []corpus.Column{{Label: "合计", Meaning: "预算数"}, {Label: "一般公共预算拨款", Meaning: "一般公共预算拨款"}},
			Rows: []*corpus.Row{
				{Line: 511, Name: "信访工作", Parent: -1},
				{Line: 516, Name: "信访稳定备用金", Parent: -1},
			},
		}},
		Facts: []corpus.Fact{
			{Subject: "信访工作", Measure: "预算数", Year: 2023, Value: wan("587"), Unit: corpus.WanYuan,
				Source: corpus.Source{File: "longgang-2023.txt", Line: 511, Table: "表5 项目支出总表", Row: "信访工作", Column: "合计"}},
			{Subject: "信访稳定备用金", Measure: "预算数", Year: 2023, Value: wan("500"), Unit: corpus.WanYuan,
				Source: corpus.Source{File: "longgang-2023.txt", Line: 516, Table: "表5 项目支出总表", Row: "信访稳定备用金", Column: "合计"}},
			{Subject: "“三公”经费", Measure: "预算数", Year: 2023, Value: wan("3.2"), Unit: corpus.WanYuan,
				Source: corpus.Source{File: "longgang-2023.txt", Line: 150, TableIdx: -1, Sentence: "2023 年一般公共预算“三公”经费预算数为 3.2 万元"}},
			{Subject: "公务用车运行维护费", Measure: "预算数", Year: 2023, Value: wan("3.2"), Unit: corpus.WanYuan,
				Source: corpus.Source{File: "longgang-2023.txt", Line: 560, Table: "表9 一般公共预算“三公”经费支出表"}},
			{Subject: "一般公共预算拨款", Measure: "收入", Year: 2023, Value: wan("2494"), Unit: corpus.WanYuan,
				Source: corpus.Source{File: "longgang-2023.txt", Line: 420, Table: "表1 收支总表"}},
			{Subject: "行政运行", Code: "2013201", Measure: "基本支出", Year: 2023, Value: wan("1623.5"), Unit: corpus.WanYuan,
				Source: corpus.Source{File: "longgang-2023.txt", Line: 470, Table: "表3 支出总表", Row: "2013201 行政运行"}},
		},
		Terms: []corpus.Term{{Name: "机关运行经费", Definition: "指为保障行政单位运行用于购买货物和服务的各项资金。", Line: 300}},
	}
	pt := &corpus.Document{
		ID: "putuo-sifaju-2026", File: "putuo-sifaju-2026.txt", Department: "上海市普陀区司法局",
		Year: 2026, Kind: corpus.KindBudget, TextUnit: corpus.WanYuan,
		Paragraphs: []corpus.Paragraph{
			{Text: "普陀区司法局 2026 年度收入预算 5,012.34 万元，其中：一般公共预算拨款 5,012.34 万元。", Line: 60, EndLine: 60, Section: "二、收入预算情况"},
		},
		Facts: []corpus.Fact{
			{Subject: "行政运行", Code: "2040601", Measure: "预算数", Year: 2026, Value: wan("2100.10"), Unit: corpus.WanYuan,
				Source: corpus.Source{File: "putuo-sifaju-2026.txt", Line: 210, Table: "表3 一般公共预算支出功能分类预算表", Row: "2040601 行政运行"}},
			{Subject: "（一）社区矫正", Code: "2040610", Measure: "预算数", Year: 2026, Value: wan("310"), Unit: corpus.WanYuan,
				Source: corpus.Source{File: "putuo-sifaju-2026.txt", Line: 215, Table: "表3 一般公共预算支出功能分类预算表"}},
		},
	}
	return []*corpus.Document{lg, pt}
}

// hitString is the canonical form of a hit that tests compare: its type and
// the fact's subject or the paragraph's line, with its document.
func hitString(x *Index, h Hit) string {
	d := x.Document(h.DocID)
	if h.Type == TypeFact {
		return fmt.Sprintf("%s fact %s", h.DocID, d.Facts[h.Index].Subject)
	}
	return fmt.Sprintf("%s paragraph line:%d", h.DocID, d.Paragraphs[h.Index].Line)
}

func TestSearch(t *testing.T) {
	tests := []struct {
		name    string
		q       string
		f       Filter
		isError bool
		want    string // the top hit's hitString, "" for none
	}{
		{"loose fact, shorthand", "维稳 备用金", Filter{Type: TypeFact}, noError, "longgang-2023 fact 信访稳定备用金"},
		{"loose fact, question", "备用金多少", Filter{Type: TypeFact}, noError, "longgang-2023 fact 信访稳定备用金"},
		{"whole term", "信访稳定备用金", Filter{Type: TypeFact}, noError, "longgang-2023 fact 信访稳定备用金"},
		{"quoted term", "三公经费是多少", Filter{Type: TypeFact}, noError, "longgang-2023 fact “三公”经费"},
		{"sub-word of a term", "维护费", Filter{Type: TypeFact}, noError, "longgang-2023 fact 公务用车运行维护费"},
		{"paragraph by its words", "实有在编人数", Filter{Type: TypeParagraph}, noError, "longgang-2023 paragraph line:40"},
		{"paragraph by a defined term", "机关运行经费是什么", Filter{Type: TypeParagraph}, noError, "longgang-2023 paragraph line:300"},
		{"either type", "信访稳定备用金", Filter{}, noError, "longgang-2023 fact 信访稳定备用金"},
		{"code", "2040610", Filter{}, noError, "putuo-sifaju-2026 fact （一）社区矫正"},
		{"document filter", "行政运行", Filter{DocIDs: []string{"putuo-sifaju-2026"}}, noError, "putuo-sifaju-2026 fact 行政运行"},
		{"document filter, other", "行政运行", Filter{DocIDs: []string{"longgang-2023"}, Type: TypeFact}, noError, "longgang-2023 fact 行政运行"},
		{"full-width brackets", "社区矫正", Filter{Type: TypeFact}, noError, "putuo-sifaju-2026 fact （一）社区矫正"},
		{"stop words only", "是多少", Filter{}, noError, ""},
		{"no such document", "行政运行", Filter{DocIDs: []string{"nowhere"}}, noError, ""},
		{"empty", "  ", Filter{}, hasError, ""},
		{"bad type", "行政运行", Filter{Type: "table"}, hasError, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := testIndex.Search(tt.q, tt.f, 5)
			if (err != nil) != tt.isError {
				t.Fatalf("Search(%q) error = %v, want error %v", tt.q, err, tt.isError)
			}
			got := ""
			if len(hits) > 0 {
				got = hitString(testIndex, hits[0])
			}
			if got != tt.want {
				t.Errorf("Search(%q) top hit = %q, want %q (hits %+v)", tt.q, got, tt.want, hits)
			}
			for _, h := range hits {
				if tt.f.Type != "" && h.Type != tt.f.Type {
					t.Errorf("Search(%q) hit %+v, want type %s", tt.q, h, tt.f.Type)
				}
				if len(tt.f.DocIDs) > 0 && h.DocID != tt.f.DocIDs[0] {
					t.Errorf("Search(%q) hit %+v, want document %s", tt.q, h, tt.f.DocIDs[0])
				}
			}
		})
	}
}

func TestSearchHit(t *testing.T) {
	hits, err := testIndex.Search("实有在编人数", Filter{Type: TypeParagraph}, 1)
	if err != nil || len(hits) != 1 {
		t.Fatalf("Search = %v, %v; want one hit", hits, err)
	}
	h := hits[0]
	if h.DocID != "longgang-2023" || h.Index != 0 || h.Line != 40 || h.Score <= 0 {
		t.Errorf("hit = %+v, want longgang-2023 paragraph 0 at line 40 with a score", h)
	}
	if strings.Count(h.Fragment, "<mark>实有在编人数</mark>") != 2 {
		t.Errorf("fragment = %q, want the matched words marked", h.Fragment)
	}

	hits, err = testIndex.Search("三公经费", Filter{Type: TypeFact}, 1)
	if err != nil || len(hits) != 1 {
		t.Fatalf("Search = %v, %v; want one hit", hits, err)
	}
	if h := hits[0]; h.Line != 150 || !strings.Contains(h.Fragment, "<mark>") {
		t.Errorf("fact hit = %+v, want line 150 and its sentence marked", h)
	}
}

func TestOpen(t *testing.T) {
	docs := testDocs()
	t.Run("reuses jieba", func(t *testing.T) {
		x, err := Open(t.TempDir(), docs[1:], Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		if x.seg != testIndex.seg {
			t.Errorf("Open loaded a new jieba for documents whose terms the shared one knows")
		}
		hits, err := x.Search("社区矫正", Filter{}, 10)
		if err != nil || len(hits) == 0 || hits[0].DocID != "putuo-sifaju-2026" {
			t.Errorf("Search = %v, %v; want the 司法局 fact", hits, err)
		}
	})
	t.Run("new terms load a new jieba", func(t *testing.T) {
		d := &corpus.Document{ID: "new", Department: "甲乙丙丁新设局",
			Facts: []corpus.Fact{{Subject: "戊己庚辛专项经费", Measure: "预算数", Year: 2024}}}
		x, err := Open("", []*corpus.Document{d}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		if x.seg == testIndex.seg {
			t.Fatalf("Open reused a jieba that lacks the new terms")
		}
		if got := x.Segment("戊己庚辛专项经费是多少"); got[0] != "戊己庚辛专项经费" {
			t.Errorf("Segment = %q, want the new term whole", got)
		}
		if got := x.Segment("信访稳定备用金"); len(got) != 1 {
			t.Errorf("Segment = %q, want the new jieba to keep the old terms", got)
		}
		// The first index keeps the jieba it was built with.
		hits, err := testIndex.Search("备用金", Filter{Type: TypeFact}, 1)
		if err != nil || len(hits) != 1 || testIndex.Document(hits[0].DocID).Facts[hits[0].Index].Subject != "信访稳定备用金" {
			t.Errorf("old index Search = %v, %v; want 信访稳定备用金", hits, err)
		}
	})
	t.Run("not empty", func(t *testing.T) {
		dir := t.TempDir()
		x, err := Open(dir, docs, Options{})
		if err != nil {
			t.Fatal(err)
		}
		x.Close()
		if _, err := Open(dir, docs, Options{}); err == nil {
			t.Errorf("Open(%s) over an index succeeded, want an error", dir)
		}
	})
	t.Run("duplicate id", func(t *testing.T) {
		if _, err := Open("", []*corpus.Document{docs[0], docs[0]}, Options{}); err == nil {
			t.Errorf("Open with a duplicate id succeeded, want an error")
		}
	})
	t.Run("bad dict dir", func(t *testing.T) {
		_, err := Open("", docs, Options{DictDir: t.TempDir()})
		if err == nil || !strings.Contains(err.Error(), DictEnv) {
			t.Errorf("Open with an empty DictDir folder = %v, want an error naming %s", err, DictEnv)
		}
	})
	t.Run("temp dir removed", func(t *testing.T) {
		x, err := Open("", docs, Options{})
		if err != nil {
			t.Fatal(err)
		}
		tmp := x.tmpDir
		if err := x.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(tmp); !os.IsNotExist(err) {
			t.Errorf("Close left %s behind (stat: %v)", tmp, err)
		}
		if _, err := x.Search("行政运行", Filter{}, 1); err == nil {
			t.Errorf("Search on a closed index succeeded, want an error")
		}
	})
}

func TestNewQuery(t *testing.T) {
	tests := []struct {
		name    string
		words   []string
		f       Filter
		isError bool
		want    string // the query's clauses, "" for none
	}{
		{"words", []string{"备用金"}, Filter{}, noError, "words(10)"},
		{"type", []string{"备用金"}, Filter{Type: TypeFact}, noError, "words(8) type"},
		{"type and documents", []string{"备用金", "维稳"}, Filter{Type: TypeParagraph, DocIDs: []string{"a", "b"}}, noError, "words(2) type docs"},
		{"no words", nil, Filter{Type: TypeFact}, noError, ""},
		{"bad type", []string{"备用金"}, Filter{Type: "row"}, hasError, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := newQuery(tt.words, tt.f)
			if (err != nil) != tt.isError {
				t.Fatalf("newQuery error = %v, want error %v", err, tt.isError)
			}
			var got []string
			if c, ok := q.(*query.ConjunctionQuery); ok {
				for _, cq := range c.Conjuncts {
					switch cq := cq.(type) {
					case *query.TermQuery:
						got = append(got, cq.FieldVal)
					case *query.DisjunctionQuery:
						// The words: one disjunction per field searched.
						if _, ok := cq.Disjuncts[0].(*query.DisjunctionQuery); ok {
							got = append(got, fmt.Sprintf("words(%d)", len(cq.Disjuncts)))
						} else {
							got = append(got, "docs")
						}
					}
				}
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("newQuery clauses = %q, want %q", g, tt.want)
			}
		})
	}
}

func TestSearchConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := []string{"维稳 备用金", "实有在编人数"}[i%2]
			for range 20 {
				if hits, err := testIndex.Search(q, Filter{}, 3); err != nil || len(hits) == 0 {
					t.Errorf("Search(%q) = %v, %v", q, hits, err)
					return
				}
				testIndex.Segment(q)
			}
		}()
	}
	wg.Wait()
}

func TestParseHitID(t *testing.T) {
	tests := []struct {
		name string
		id   string
		want string
	}{
		{"fact", "doc#h1#f3", "doc h1 fact 3"},
		{"paragraph", "doc#h1#p12", "doc h1 paragraph 12"},
		{"# in doc id", "a#b#h1#p0", "a#b h1 paragraph 0"},
		{"empty hash", "doc##f1", "doc  fact 1"},
		{"no hash", "doc#f3", "bad"},
		{"no index", "doc#h1#p", "bad"},
		{"bad type", "doc#h1#x1", "bad"},
		{"no separator", "doc", "bad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, ok := parseHitID(tt.id)
			got := "bad"
			if ok {
				got = fmt.Sprintf("%s %s %s %d", h.DocID, h.DocHash, h.Type, h.Index)
			}
			if got != tt.want {
				t.Errorf("parseHitID(%q) = %q, want %q", tt.id, got, tt.want)
			}
		})
	}
	if got := hitID("doc", "h1", TypeFact, 7); got != "doc#h1#f7" {
		t.Errorf("hitID = %q, want doc#h1#f7", got)
	}
}

func BenchmarkSearch(b *testing.B) {
	f := Filter{DocIDs: []string{"longgang-2023"}, Type: TypeFact}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := testIndex.Search("信访稳定备用金多少", f, 5); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSearchParagraphs(b *testing.B) {
	f := Filter{Type: TypeParagraph}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := testIndex.Search("实有在编人数", f, 5); err != nil {
			b.Fatal(err)
		}
	}
}

// manyDocs returns n copies of testDocs under distinct ids: 8n facts and
// 5n paragraphs.
func manyDocs(n int) []*corpus.Document {
	var out []*corpus.Document
	for i := range n {
		for _, d := range testDocs() {
			d.ID = fmt.Sprintf("%s-%03d", d.ID, i)
			out = append(out, d)
		}
	}
	return out
}

var (
	largeOnce  sync.Once
	largeIndex *Index
	largeErr   error
)

// BenchmarkSearchLarge searches an index of 400 documents (1600 facts, 1000
// paragraphs), about the size of a few years of a dozen departments.
func BenchmarkSearchLarge(b *testing.B) {
	largeOnce.Do(func() { largeIndex, largeErr = Open(b.TempDir(), manyDocs(200), Options{}) })
	if largeErr != nil {
		b.Fatal(largeErr)
	}
	for _, bm := range []struct {
		name string
		q    string
		f    Filter
	}{
		{"fact in one document", "信访稳定备用金多少", Filter{DocIDs: []string{"longgang-2023-007"}, Type: TypeFact}},
		{"fact anywhere", "信访稳定备用金多少", Filter{Type: TypeFact}},
		{"anything", "一般公共预算“三公”经费", Filter{}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := largeIndex.Search(bm.q, bm.f, 10); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkOpen builds an index of 100 documents (400 facts, 250
// paragraphs) with jieba already loaded.
func BenchmarkOpen(b *testing.B) {
	docs := manyDocs(50)
	b.ReportAllocs()
	for b.Loop() {
		x, err := Open("", docs, Options{})
		if err != nil {
			b.Fatal(err)
		}
		x.Close()
	}
}
