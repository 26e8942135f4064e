package corpus

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
)

const (
	noError  = true
	hasError = false
)

// TestParseBadInput feeds what is not a budget document: each gets a clear
// error naming the file, never a panic.
func TestParseBadInput(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrEmpty},
		{"blank lines", []byte("\n\n  \n\t\n"), ErrEmpty},
		{"binary", []byte{0x7f, 'E', 'L', 'F', 0, 1, 2, 3}, ErrBinary},
		{"invalid utf-8", []byte("预算\xff\xfe2023年"), ErrBinary},
		{"too large", bytes.Repeat([]byte("a"), MaxDocumentSize+1), ErrTooLarge},
		{"not a budget", []byte("今天天气很好，我们去公园散步。\n晚上吃饺子。\n"), ErrNotBudget},
		{"english", []byte("Annual report\nRevenue grew 5% in 2023.\n"), ErrNotBudget},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse("bad.txt", tt.data)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Parse: err = %v, want %v", err, tt.want)
			}
			if d != nil {
				t.Errorf("Parse returned a document with an error")
			}
			if !strings.HasPrefix(err.Error(), "bad.txt") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

// TestParseMessy covers the mess of real extractions, each case a small
// document and what must be read from it.
func TestParseMessy(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		check func(t *testing.T, d *Document)
	}{
		{
			name: "sentence broken mid-line with a page number between",
			doc:  "2023年测试局部门预算\n\n测试局部门预算收入 2,494 万元，比\n\n12\n\n2022 年增加 256 万元，增长 11%。\n",
			check: func(t *testing.T, d *Document) {
				wantFact(t, d, FactAmount, "部门预算收入", "2494", "万元")
				wantFact(t, d, FactChange, "部门预算收入", "256", "万元")
				wantFact(t, d, FactChangePct, "部门预算收入", "11", "%")
			},
		},
		{
			name: "full-width digits and thousands separators",
			doc:  "２０２３年测试局部门预算\n\n测试局“三公”经费预算１２，３４５．６７万元。\n",
			check: func(t *testing.T, d *Document) {
				if d.Year != 2023 {
					t.Errorf("year %d, want 2023", d.Year)
				}
				wantFact(t, d, FactAmount, "“三公”经费", "12345.67", "万元")
			},
		},
		{
			name: "table split across pages with its header repeated",
			doc: "2023年测试局部门预算\n\n表 3\n\n## 支出总表\n\n部门名称： 测试局\n\n单位： 万元\n\n" +
				"科目编码\t科目名称\t支出总计\t基本支出\t项目支出\n" +
				"201\t一般公共服务支出\t30\t10\t20\n" +
				"20103\t政府办公厅（室）及相关机构事务\t30\t10\t20\n\n5\n\n" +
				"表 3\n\n## 支出总表\n\n部门名称： 测试局\n\n单位： 万元\n\n" +
				"科目编码\t科目名称\t支出总计\t基本支出\t项目支出\n" +
				"2010301\t行政运行\t10\t10\t0\n" +
				"2010308\t信访事务\t20\t0\t20\n",
			check: func(t *testing.T, d *Document) {
				if len(d.Tables) != 1 {
					t.Fatalf("tables: got %d, want 1 reassembled table", len(d.Tables))
				}
				tb := d.Tables[0]
				if tb.Number != 3 || len(tb.Rows) != 4 {
					t.Errorf("table %s with %d rows, want 表3 with 4 rows", tb.Ref(), len(tb.Rows))
				}
				wantTableFact(t, d, "信访事务", "项目支出", "20")
				wantTableFact(t, d, "政府办公厅（室）及相关机构事务", "合计", "30")
			},
		},
		{
			name: "codes split into 类/款/项 and a table in 元",
			doc: "2026年测试局部门预算\n\n2026年部门支出预算总表\n编制部门：测试局 单位：元\n" +
				"类\t款\t项\t功能分类科目名称\t合计\t基本支出\t项目支出\n" +
				"204\t\t\t公共安全支出\t300.50\t100.50\t200.00\n" +
				"204\t06\t\t司法\t300.50\t100.50\t200.00\n" +
				"204\t06\t01\t行政运行\t300.50\t100.50\t200.00\n",
			check: func(t *testing.T, d *Document) {
				f := wantTableFact(t, d, "行政运行", "合计", "300.5")
				if f != nil && (f.Code != "2040601" || f.Unit != "元") {
					t.Errorf("code %s unit %s, want 2040601 元", f.Code, f.Unit)
				}
			},
		},
		{
			name: "empty table",
			doc: "2023年测试局部门预算\n\n表 10\n\n## 政府性基金预算支出表\n\n单位： 万元\n\n" +
				"科目编码\t科目名称\t支出总计\t基本支出\t项目支出\n\n注：本表本年无发生额。\n",
			check: func(t *testing.T, d *Document) {
				if len(d.Tables) != 1 || !d.Tables[0].Empty {
					t.Errorf("want one empty table, got %+v", d.Tables)
				}
			},
		},
		{
			name: "contents list a table the document lacks",
			doc: "2023年测试局部门预算\n\n目 录\n\n- (一) 收支总表\n- (二) 收入总表\n\n# 一、文字部分\n\n" +
				"表 1\n\n## 收支总表\n\n单位： 万元\n\n项目\t预算数\t项目\t预算数\n一、财政拨款\t10\t一、一般公共服务支出\t10\n",
			check: func(t *testing.T, d *Document) {
				if len(d.Listed) != 2 || !d.Listed[0].Found || d.Listed[1].Found {
					t.Errorf("listed: %+v, want 收支总表 found and 收入总表 missing", d.Listed)
				}
			},
		},
		{
			name: "名词解释 and reasons",
			doc: "2023年测试局部门预算\n\n第九部分 名词解释\n\n一、机关运行经费：为保障行政单位运行用于购买货物和服务的各项资金。\n\n" +
				"第十部分 其他\n\n机关运行经费预算78万元，比2022年增加8万元，主要原因是办公用房维修。\n",
			check: func(t *testing.T, d *Document) {
				if len(d.Terms) != 1 || d.Terms[0].Name != "机关运行经费" {
					t.Errorf("terms: %+v", d.Terms)
				}
				f := wantFact(t, d, FactChange, "机关运行经费", "8", "万元")
				if f != nil && f.Reason != "办公用房维修" {
					t.Errorf("reason %q, want 办公用房维修", f.Reason)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse("messy.txt", []byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, d)
		})
	}
}

func wantFact(t *testing.T, d *Document, kind FactKind, subject, value, unit string) *Fact {
	t.Helper()
	for i, f := range d.Facts {
		if f.Kind == kind && f.Subject == subject && f.Value.String() == value && f.Unit == unit && !f.Source.FromTable() {
			return &d.Facts[i]
		}
	}
	t.Errorf("no %s fact %s = %s%s; facts:\n%s", kind, subject, value, unit, summarize(d))
	return nil
}

func wantTableFact(t *testing.T, d *Document, subject, measure, value string) *Fact {
	t.Helper()
	for i, f := range d.Facts {
		if f.Source.FromTable() && f.Subject == subject && f.Measure == measure && f.Value.String() == value {
			return &d.Facts[i]
		}
	}
	t.Errorf("no table fact %s %s = %s; document:\n%s", subject, measure, value, summarize(d))
	return nil
}

// FuzzParse checks that Parse never panics and that what it accepts is a
// consistent document. Seeds: the bundled documents' first lines and the
// interesting inputs kept in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	docs, _ := os.ReadDir("docs")
	for _, e := range docs {
		if data, err := os.ReadFile("docs/" + e.Name()); err == nil && strings.HasSuffix(e.Name(), ".txt") {
			f.Add(data[:min(len(data), 4000)])
		}
	}
	f.Add([]byte("2023年测试局部门预算\n表 1\n收支总表\n\t\t\t\n1\t2\t3\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse("fuzz.txt", data)
		if err != nil {
			if d != nil {
				t.Fatal("document returned with an error")
			}
			return
		}
		for _, fact := range d.Facts {
			if fact.Source.File != "fuzz.txt" || fact.Source.Line < 1 || fact.Source.Line > d.Lines {
				t.Fatalf("fact with a bad source: %+v", fact.Source)
			}
		}
		_ = Check(d)
	})
}

// BenchmarkParse reports the time and allocations of parsing each bundled
// document.
func BenchmarkParse(b *testing.B) {
	entries, err := os.ReadDir("docs")
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".txt") {
			continue
		}
		data, err := os.ReadFile("docs/" + e.Name())
		if err != nil {
			b.Fatal(err)
		}
		b.Run(strings.TrimSuffix(e.Name(), ".txt"), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Parse(e.Name(), data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestContentsEnd: the first heading after a 目录 of entries with leaders
// is the body's, not one more entry ("X（部门）主要职能" on the next page).
func TestContentsEnd(t *testing.T) {
	text := strings.Join([]string{
		"上海市普陀区2025年区级部门预算",
		"预算主管部门：上海市普陀区某某局",
		"目录",
		"一、部门主要职能……………………………………",
		"二、部门机构设置……………………………………",
		"三、部门预算表………………………………………",
		"上海市普陀区某某局（部门）主要职能",
		"上海市普陀区某某局是区政府工作部门，主要职能包括：",
		"一、负责某某工作。",
		"上海市普陀区某某局（部门）机构设置",
		"本部门包括本级和下属单位2家。",
		"2025年部门财务收支预算总表",
		"编制部门：上海市普陀区某某局\t单位：元",
		"项目\t预算数",
		"一般公共预算拨款收入\t100.00",
		"收入总计\t100.00",
	}, "\n")
	d, err := Parse("toc.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Sections) == 0 || d.Sections[0].Heading != "上海市普陀区某某局（部门）主要职能" {
		t.Errorf("sections %+v, want the 主要职能 heading first", d.Sections)
	}
	if len(d.Paragraphs) == 0 || d.Paragraphs[0].Section != "上海市普陀区某某局（部门）主要职能" {
		t.Errorf("first paragraph %+v, want it under the 主要职能 heading", d.Paragraphs)
	}
}
