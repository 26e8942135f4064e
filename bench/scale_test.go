package bench

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/budgetqa/budgetqa/corpus"
	"github.com/budgetqa/budgetqa/corpus/synth"
	"github.com/budgetqa/budgetqa/index"
	"github.com/budgetqa/budgetqa/nlq"
)

// Settings of the benchmark. The largest corpus runs only with
// BUDGETQA_SCALE_10K=1: it takes minutes and gigabytes.
const (
	largeSize = 10000
	largeEnv  = "BUDGETQA_SCALE_10K"
	// maxIndexed is the largest corpus whose full-text index is built.
	maxIndexed = 1000
	// seed of the synthetic corpora: every run measures the same documents.
	seed = 1
	// questions is how many questions are timed per corpus.
	questions = 400
	// heapEnv names a file to write a heap profile to once the engine is
	// built (the largest size run wins), to see what the heap holds:
	// -memprofile is written at the end, when the corpus is gone.
	heapEnv = "BUDGETQA_SCALE_HEAPPROFILE"
)

var sizes = []int{10, 100, 1000, largeSize}

// BenchmarkScale builds a synthetic corpus of N documents in memory and
// reports, per corpus size:
//
//	parse-ms/doc  corpus.Parse, per document
//	build-s       nlq.New over the documents
//	docs-MiB      heap in use after parsing (documents only)
//	heap-MiB      heap in use after nlq.New (documents and engine)
//	p50-us p99-us latency of Engine.Ask over varied questions whose
//	              departments and years are drawn from the corpus
//	allocs/q      allocations per question
//	answered-%    share of the questions answered
//	index-s       index.Open (loading jieba with the corpus's terms, and
//	              indexing facts and paragraphs), N ≤ 1000 only
//	index-MiB     the index's size on disk, N ≤ 1000 only
//
// The latency per kind of question is logged. Run it once per size: go
// test ./bench -run XXX -bench . -benchtime 1x (scripts/scale.sh); with
// BUDGETQA_SCALE_HEAPPROFILE=FILE it also writes the heap profile of the
// built engine.
func BenchmarkScale(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			if n >= largeSize && os.Getenv(largeEnv) != "1" {
				b.Skipf("set %s=1 to run %d documents", largeEnv, n)
			}
			var r result
			for b.Loop() {
				r = measure(b, n)
			}
			r.report(b)
		})
	}
}

// result is what one run measured.
type result struct {
	n              int
	parse          time.Duration // all documents
	build          time.Duration
	docsHeap, heap uint64
	p50, p99       time.Duration
	allocsPerQ     float64
	answered       float64
	indexTime      time.Duration
	indexSize      int64
	indexed        bool
}

func (r result) report(b *testing.B) {
	b.ReportMetric(float64(r.parse.Microseconds())/1000/float64(r.n), "parse-ms/doc")
	b.ReportMetric(r.build.Seconds(), "build-s")
	b.ReportMetric(float64(r.docsHeap)/(1<<20), "docs-MiB")
	b.ReportMetric(float64(r.heap)/(1<<20), "heap-MiB")
	b.ReportMetric(float64(r.p50.Nanoseconds())/1000, "p50-us")
	b.ReportMetric(float64(r.p99.Nanoseconds())/1000, "p99-us")
	b.ReportMetric(r.allocsPerQ, "allocs/q")
	b.ReportMetric(r.answered, "answered-%")
	if r.indexed {
		b.ReportMetric(r.indexTime.Seconds(), "index-s")
		b.ReportMetric(float64(r.indexSize)/(1<<20), "index-MiB")
	}
}

// measure runs every stage over a corpus of n documents.
func measure(b *testing.B, n int) result {
	b.Helper()
	r := result{n: n}
	g, err := synth.New(seed)
	if err != nil {
		b.Fatal(err)
	}
	texts := make([][]byte, n)
	names := make([]string, n)
	for i := range n {
		s, data, err := g.Document(i)
		if err != nil {
			b.Fatal(err)
		}
		names[i], texts[i] = s.Name, data
	}

	docs := make([]*corpus.Document, n)
	start := time.Now()
	for i := range n {
		if docs[i], err = corpus.Parse(names[i], texts[i]); err != nil {
			b.Fatal(err)
		}
	}
	r.parse = time.Since(start)
	texts = nil
	r.docsHeap = heapInUse()

	start = time.Now()
	e := nlq.New(docs, nlq.Options{})
	r.build = time.Since(start)
	r.heap = heapInUse()
	if path := os.Getenv(heapEnv); path != "" {
		writeHeapProfile(b, path)
	}

	qs := questionSet(docs, questions)
	for _, q := range qs[:10] { // warm up
		e.Ask(q.req)
	}
	lat := make([]time.Duration, len(qs))
	byKind := map[string][]time.Duration{}
	answered := 0
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i, q := range qs {
		t := time.Now()
		resp := e.Ask(q.req)
		lat[i] = time.Since(t)
		if resp.Answered {
			answered++
		}
		byKind[q.kind] = append(byKind[q.kind], lat[i])
	}
	runtime.ReadMemStats(&after)
	for _, k := range []string{kindScoped, kindNamed, kindTwoYears, kindUnscoped, kindOffTopic} {
		ls := byKind[k]
		if len(ls) == 0 {
			continue
		}
		slices.Sort(ls)
		b.Logf("N=%d %-9s %3d questions: p50 %8.0f µs, max %9.0f µs", n, k, len(ls),
			float64(ls[len(ls)/2].Nanoseconds())/1000, float64(ls[len(ls)-1].Nanoseconds())/1000)
	}
	slices.Sort(lat)
	r.p50 = lat[len(lat)/2]
	r.p99 = lat[min(len(lat)-1, len(lat)*99/100)]
	r.allocsPerQ = float64(after.Mallocs-before.Mallocs) / float64(len(qs))
	r.answered = 100 * float64(answered) / float64(len(qs))

	if n <= maxIndexed {
		dir := filepath.Join(b.TempDir(), "index")
		start = time.Now()
		x, err := index.Open(dir, docs, index.Options{DictDir: os.Getenv(index.DictEnv)})
		if err != nil {
			b.Fatal(err)
		}
		r.indexTime = time.Since(start)
		r.indexSize = diskUsage(b, dir)
		r.indexed = true
		if err := x.Close(); err != nil {
			b.Fatal(err)
		}
	}
	runtime.KeepAlive(e)
	return r
}

// heapInUse returns the heap in use after a full collection.
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// writeHeapProfile writes the heap profile to path.
func writeHeapProfile(b *testing.B, path string) {
	b.Helper()
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := pprof.WriteHeapProfile(f); err != nil {
		b.Fatal(err)
	}
}

// diskUsage returns the bytes the files under dir take on disk, as du
// counts them (allocated blocks).
func diskUsage(b *testing.B, dir string) int64 {
	b.Helper()
	var total int64
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if st, ok := info.Sys().(*syscall.Stat_t); ok {
			total += st.Blocks * 512
		} else {
			total += info.Size()
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return total
}

// scoped are questions asked with a department and year, as the website
// widget asks them.
var scoped = []string{
	"部门预算总额是多少",
	"基本支出是多少",
	"项目支出多少",
	"项目支出占总支出的比例",
	"三公经费比上年增加多少",
	"公务接待费是多少",
	"哪个项目预算最多",
	"有哪些项目支出",
	"什么是机关运行经费",
	"工资福利支出里面哪一项最多",
	"办公费的项目支出是多少",
	"一般公共服务支出多少",
	"预算为什么增加",
	"机关运行经费是多少",
	"住房公积金多少",
	"部门预算增长率",
	"会议费和培训费加起来一共多少",
	"公务用车有几辆",
}

// Kinds of question in the set, to report latency per kind.
const (
	kindScoped   = "scoped"    // department and year given, as the widget asks
	kindNamed    = "named"     // department (short form) and year in the question
	kindTwoYears = "two-years" // two years of one department compared
	kindUnscoped = "unscoped"  // neither department nor year
	kindOffTopic = "off-topic" // answered false
)

// question is a request and its kind.
type question struct {
	req  nlq.Request
	kind string
}

// questionSet returns n questions over docs, the same for the same corpus:
// most scoped to a document's department and year, some naming the
// department in the question or comparing two of its years, some with no
// scope at all, and some off topic.
func questionSet(docs []*corpus.Document, n int) []question {
	years := map[string][]int{}
	for _, d := range docs {
		years[d.Department] = append(years[d.Department], d.Year)
	}
	rng := rand.New(rand.NewPCG(seed, uint64(len(docs))))
	out := make([]question, 0, n)
	for len(out) < n {
		d := docs[rng.IntN(len(docs))]
		switch k := rng.IntN(20); {
		case k < 13:
			out = append(out, question{nlq.Request{Question: scoped[rng.IntN(len(scoped))], Department: d.Department, Year: d.Year}, kindScoped})
		case k < 15:
			out = append(out, question{nlq.Request{Question: fmt.Sprintf("%s%d年部门预算总额是多少", shortName(d.Department), d.Year)}, kindNamed})
		case k < 16:
			ys := years[d.Department]
			if len(ys) < 2 {
				continue
			}
			y := ys[rng.IntN(len(ys))]
			if y == d.Year {
				continue
			}
			out = append(out, question{nlq.Request{Question: fmt.Sprintf("%d年比%d年基本支出增加多少", max(y, d.Year), min(y, d.Year)), Department: d.Department}, kindTwoYears})
		case k < 18:
			out = append(out, question{nlq.Request{Question: scoped[rng.IntN(len(scoped))]}, kindUnscoped})
		default:
			out = append(out, question{nlq.Request{Question: "局长是谁", Department: d.Department}, kindOffTopic})
		}
	}
	return out
}

// shortName drops the city from a department's name: 杭州市西湖区教育局 →
// 西湖区教育局.
func shortName(dept string) string {
	if _, rest, ok := strings.Cut(dept, "市"); ok && rest != "" {
		return rest
	}
	return dept
}
