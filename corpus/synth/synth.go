// Package synth generates synthetic budget documents, for benchmarks only.
//
// Each document is one of the bundled documents (a template) with another
// department, year and scale: the department and its region are renamed
// wherever the text names them, every year near the template's is shifted
// by the same number of years, and every money figure (table cells the
// parser reads, figures with a money unit in the text) is multiplied by one
// factor per document (0.30 to 4.00) and rounded to the places it was
// printed with. What is scaled is not the printed figure but an estimate,
// within its rounding, that satisfies the template's sums exactly (a
// parent row the sum of its children, a 合计 row the sum of the level-1
// rows, 合计 the sum of 基本支出 and 项目支出), and that a less precise
// repetition shares (9628.22万元 in the text for 96,282,213.44元 in a
// table). A synthetic document's sums therefore hold within the rounding
// the documents allow (half a unit of the last printed digit of each
// figure), as its template's do; rates and shares stay as printed. Everything
// else (the text, the table layout, the projects, the 名词解释) is the
// template's.
//
// Every document says it is synthetic in its first line and its title, and
// names its department on a 部门名称 line, so corpus.Parse reads the
// department and year it was generated with. Output is deterministic for a
// seed: document i depends only on the seed and i, so the first 100
// documents of a 1,000-document corpus are the 100-document corpus.
package synth

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/budgetqa/budgetqa/corpus"
)

// Marker is the first line of every synthetic document.
const Marker = "【合成数据·仅供性能测试】"

// templateFS holds copies of the bundled documents (corpus/docs/*.txt),
// which the corpus package does not export as text. TestTemplatesAreBundled
// fails when they drift apart.
//
//go:embed templates/*.txt
var templateFS embed.FS

// loadTemplates parses the templates once.
var loadTemplates = sync.OnceValues(func() ([]*template, error) {
	names, err := fs.Glob(templateFS, "templates/*.txt")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []*template
	for _, n := range names {
		data, err := templateFS.ReadFile(n)
		if err != nil {
			return nil, fmt.Errorf("synth: %w", err)
		}
		t, err := newTemplate(strings.TrimPrefix(n, "templates/"), data)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("synth: no templates")
	}
	return out, nil
})

// Spec says what one synthetic document is.
type Spec struct {
	Index      int             // position in the generated corpus, from 0
	Name       string          // file name: synth-000042-2019-yusuan.txt
	Template   string          // file name of the bundled document it is built from
	Department string          // 杭州市西湖区教育局
	Region     string          // 杭州市西湖区
	Year       int             // fiscal year
	Kind       corpus.Kind     // the template's: 部门预算 or 部门决算
	Factor     decimal.Decimal // every money figure is multiplied by it

	t                              *template
	province, city, district, stem string
}

// Generator makes synthetic documents for one seed. It is safe for
// concurrent use.
type Generator struct {
	seed      uint64
	templates []*template
	perm      []int32 // document i has department-year perm[i]
}

// Max is the number of distinct department-years, the most documents a
// corpus can hold without two documents of one department and year.
func Max() int { return len(regions) * len(departments) * (LastYear - FirstYear + 1) }

// New returns a generator for seed.
func New(seed int64) (*Generator, error) {
	ts, err := loadTemplates()
	if err != nil {
		return nil, err
	}
	g := &Generator{seed: uint64(seed), templates: ts, perm: make([]int32, Max())}
	// A Fisher–Yates shuffle of the department-years, drawn from the seed.
	for i := range g.perm {
		g.perm[i] = int32(i)
	}
	for i := len(g.perm) - 1; i > 0; i-- {
		j := mix(g.seed, uint64(i), 5) % uint64(i+1)
		g.perm[i], g.perm[j] = g.perm[j], g.perm[i]
	}
	return g, nil
}

// Spec returns what document i is.
func (g *Generator) Spec(i int) (Spec, error) {
	if i < 0 || i >= Max() {
		return Spec{}, fmt.Errorf("synth: document %d out of range, want 0 to %d", i, Max()-1)
	}
	c := uint64(g.perm[i])
	nr, nd := uint64(len(regions)), uint64(len(departments))
	r := regions[c%nr]
	di := (c / nr) % nd
	year := FirstYear + int(c/(nr*nd))
	// A department keeps its template from year to year, as real ones keep
	// their layout; the scale varies per document.
	t := g.templates[mix(g.seed, c%(nr*nd), 3)%uint64(len(g.templates))]
	factor := decimal.New(int64(30+mix(g.seed, uint64(i), 4)%371), -2) // 0.30 to 4.00
	s := Spec{
		Index:      i,
		Template:   t.file,
		Department: r.name() + departments[di],
		Region:     r.name(),
		Year:       year,
		Kind:       t.kind,
		Factor:     factor,
		t:          t,
		province:   r.province,
		city:       r.city,
		district:   r.district,
		stem:       departments[di],
	}
	slug := "yusuan"
	if t.kind.IsFinal() {
		slug = "juesuan"
	}
	s.Name = fmt.Sprintf("synth-%06d-%d-%s.txt", i, year, slug)
	return s, nil
}

// Custom returns the spec of one document made to order, for tests that
// need a region of departments with known figures: file is a bundled
// document's file name (shanghai-putuo-sifaju-2026-yusuan.txt), the
// department is stem (教育局) in the region province/city/district, and
// every money figure is the template's times factor.
func (g *Generator) Custom(file, province, city, district, stem string, year int, factor decimal.Decimal) (Spec, error) {
	var t *template
	for _, c := range g.templates {
		if c.file == file {
			t = c
		}
	}
	if t == nil {
		return Spec{}, fmt.Errorf("synth: no template %q", file)
	}
	r := region{province, city, district}
	s := Spec{Template: t.file, Department: r.name() + stem, Region: r.name(), Year: year, Kind: t.kind, Factor: factor,
		t: t, province: province, city: city, district: district, stem: stem}
	slug := "yusuan"
	if t.kind.IsFinal() {
		slug = "juesuan"
	}
	s.Name = fmt.Sprintf("synth-%s%s-%d-%s.txt", district, stem, year, slug)
	return s, nil
}

// Document returns document i: its spec and its text.
func (g *Generator) Document(i int) (Spec, []byte, error) {
	s, err := g.Spec(i)
	if err != nil {
		return Spec{}, nil, err
	}
	return s, s.Render(), nil
}

// Render returns the text of the document s describes.
func (s Spec) Render() []byte {
	t := s.t
	var b bytes.Buffer
	b.Grow(len(t.text) + len(t.text)/16)
	kind := t.kind.String()
	fmt.Fprintf(&b, "%s\n%d年%s%s（合成数据）\n部门名称：%s\n\n", Marker, s.Year, s.Department, kind, s.Department)
	names := s.names()
	delta := s.Year - t.year
	prev := t.headEnd
	for _, st := range t.sites {
		b.WriteString(t.text[prev:st.start])
		switch st.kind {
		case siteMoney:
			b.WriteString(formatMoney(st.exact.Mul(s.Factor), st.places, st.commas))
		case siteYear:
			b.WriteString(strconv.Itoa(st.year + delta))
		case siteName:
			b.WriteString(names[st.name])
		}
		prev = st.end
	}
	b.WriteString(t.text[prev:])
	return b.Bytes()
}

// names returns the replacement of each of the template's names.
func (s Spec) names() [nameCount]string {
	var n [nameCount]string
	n[nameDept] = s.Department
	n[nameLastAndStem] = s.district + s.stem
	n[nameRegion] = s.Region
	if s.t.levels == 1 {
		n[nameRegion] = s.province
	}
	n[nameProvince] = s.province
	n[nameCity] = s.city
	n[nameDistrict] = s.district
	n[nameStem] = s.stem
	return n
}

// Generate writes n synthetic documents for seed to out, in order.
func Generate(n int, seed int64, out func(name string, data []byte) error) error {
	if n < 0 || n > Max() {
		return fmt.Errorf("synth: %d documents wanted, want 0 to %d", n, Max())
	}
	g, err := New(seed)
	if err != nil {
		return err
	}
	for i := range n {
		s, data, err := g.Document(i)
		if err != nil {
			return err
		}
		if err := out(s.Name, data); err != nil {
			return err
		}
	}
	return nil
}

// formatMoney prints v rounded half away from zero to places, with
// thousands separators when the template printed them.
func formatMoney(v decimal.Decimal, places int32, commas bool) string {
	s := v.Round(places).StringFixed(places)
	if !commas {
		return s
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i := range len(intPart) {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(intPart[i])
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// mix hashes a seed and two values (splitmix64), so that every choice is a
// function of the seed and what it is for, not of the order of calls.
func mix(seed, v, salt uint64) uint64 {
	z := seed ^ (v+1)*0x9e3779b97f4a7c15 ^ salt*0xbf58476d1ce4e5b9
	z ^= z >> 30
	z *= 0xbf58476d1ce4e5b9
	z ^= z >> 27
	z *= 0x94d049bb133111eb
	z ^= z >> 31
	return z
}
