package nlq

import (
	"testing"
)

// benchQuestions are varied, so nothing is answered from a cache.
var benchQuestions = []Request{
	{Question: "信访稳定备用金多少", Department: "深圳市龙岗区信访局"},
	{Question: "三公经费比上年增加多少", Department: "深圳市龙岗区信访局"},
	{Question: "项目支出占总支出的比例", Department: "深圳市龙岗区信访局"},
	{Question: "哪个项目预算最多", Department: "深圳市龙岗区信访局"},
	{Question: "人大事务的行政运行支出多少", Department: "江苏省人大常委会办公厅", Year: 2018},
	{Question: "2019年比2017年基本支出增加多少", Department: "江苏省人大常委会办公厅"},
	{Question: "公务接待费年初预算是多少", Department: "上海市普陀区财政局"},
	{Question: "基本支出中人员经费是多少", Department: "上海市普陀区司法局"},
	{Question: "什么是机关运行经费", Department: "深圳市龙岗区信访局"},
	{Question: "信访局局长是谁", Department: "深圳市龙岗区信访局"},
}

// BenchmarkAsk measures one question end to end: parse, scope, match,
// answer, on the bundled corpus, without the full-text index.
func BenchmarkAsk(b *testing.B) {
	e := testEngine(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		e.Ask(benchQuestions[i%len(benchQuestions)])
		i++
	}
}

// BenchmarkParse measures question → Query alone.
func BenchmarkParse(b *testing.B) {
	s := Scope{Depts: testEngine(b).depts}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		Parse(benchQuestions[i%len(benchQuestions)].Question, s)
		i++
	}
}
