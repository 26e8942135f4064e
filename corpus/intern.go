package corpus

import (
	"math/big"
	"strings"
	"unique"

	"github.com/shopspring/decimal"
)

// This file trims a parsed document to the memory its data needs: a corpus
// of thousands of documents repeats the same names (subjects, tables,
// columns, units) in every document, and a figure's provenance repeats
// them for every figure.

// share returns s, or an equal string already in use by any document: one
// copy of a name serves every fact and document that uses it. The copy
// holds only s, so the line s was cut from need not stay in memory.
func share(s string) string {
	if s == "" {
		return ""
	}
	return unique.Make(s).Value()
}

// arena holds the strings of one document that other documents do not
// repeat (paragraphs, sentences, the raw text of cells) in one block: one
// copy of each, next to each other, rather than scattered among what
// reading the document left behind.
type arena struct {
	fields []*string
}

// add puts the string *p in the arena; build sets it.
func (a *arena) add(p *string) {
	if *p != "" {
		a.fields = append(a.fields, p)
	}
}

// build copies the strings added into one block and points them there.
func (a *arena) build() {
	at := make(map[string]int, len(a.fields)) // offset of each distinct string
	size := 0
	for _, p := range a.fields {
		if _, ok := at[*p]; !ok {
			at[*p] = size
			size += len(*p)
		}
	}
	var b strings.Builder
	b.Grow(size)
	for _, p := range a.fields {
		if at[*p] == b.Len() {
			b.WriteString(*p)
		}
	}
	block := b.String()
	for _, p := range a.fields {
		off := at[*p]
		*p = block[off : off+len(*p)]
	}
}

// numbers copies the figures of one document next to each other, rather
// than scattered among what reading the document left behind. A figure
// shared by a cell and its fact stays shared. add notes where a figure is;
// build copies them all at once, so that nothing else is made in between.
type numbers struct {
	fields []*decimal.Decimal
}

func (n *numbers) add(p *decimal.Decimal) {
	if *p != (decimal.Decimal{}) && *p != decimal.Zero { // else no number of its own
		n.fields = append(n.fields, p)
	}
}

func (n *numbers) build() {
	type number struct {
		coef *big.Int
		exp  int32
	}
	at := make(map[decimal.Decimal]int, len(n.fields)) // index in distinct
	var distinct []number
	for _, p := range n.fields {
		if _, ok := at[*p]; !ok {
			at[*p] = len(distinct)
			distinct = append(distinct, number{p.Coefficient(), p.Exponent()})
		}
	}
	copies := make([]decimal.Decimal, len(distinct))
	for i, c := range distinct {
		copies[i] = decimal.NewFromBigInt(c.coef, c.exp)
	}
	for _, p := range n.fields {
		*p = copies[at[*p]]
	}
}

// trim returns s with no spare capacity: a copy when it has some, s itself
// otherwise. nil stays nil and empty stays empty.
func trim[T any](s []T) []T {
	if cap(s) == len(s) {
		return s
	}
	return append(make([]T, 0, len(s)), s...)
}

// Tidy shares the strings of a document read back from elsewhere than
// Parse (a store's parsed form, say) with those of the documents already
// in memory, and packs its data, as Parse does. It changes no value.
func Tidy(d *Document) { tidy(d) }

// tidy shares the document's strings and trims its slices, once it is
// fully read. It changes no value.
func tidy(d *Document) {
	pool := &arena{}
	defer pool.build()
	nums := &numbers{}
	defer nums.build()
	d.ID, d.File, d.Title, d.Department, d.Region = share(d.ID), share(d.File), share(d.Title), share(d.Department), share(d.Region)
	d.TextUnit = share(d.TextUnit)
	pool.add(&d.Hash)
	d.Units = trim(d.Units)
	for i := range d.Units {
		d.Units[i] = share(d.Units[i])
	}
	d.Sections = trim(d.Sections)
	for i := range d.Sections {
		d.Sections[i].Heading = share(d.Sections[i].Heading)
	}
	d.Paragraphs = trim(d.Paragraphs)
	for i := range d.Paragraphs {
		p := &d.Paragraphs[i]
		p.Section, p.Parent, p.File = share(p.Section), share(p.Parent), share(p.File)
		pool.add(&p.Text)
	}
	d.Tables = trim(d.Tables)
	for _, t := range d.Tables {
		tidyTable(t, pool, nums)
	}
	d.Listed = trim(d.Listed)
	for i := range d.Listed {
		d.Listed[i].Title = share(d.Listed[i].Title)
	}
	d.Facts = trim(d.Facts)
	for i := range d.Facts {
		f := &d.Facts[i]
		nums.add(&f.Value)
		f.Subject, f.Code, f.Measure, f.Unit = share(f.Subject), share(f.Code), share(f.Measure), share(f.Unit)
		f.Doubt = share(f.Doubt)
		pool.add(&f.Reason)
		s := &f.Source
		s.File, s.Table, s.Row, s.Column = share(s.File), share(s.Table), share(s.Row), share(s.Column)
		pool.add(&s.Sentence)
	}
	d.Terms = trim(d.Terms)
	for i := range d.Terms {
		t := &d.Terms[i]
		t.Name = share(t.Name)
		pool.add(&t.Definition)
	}
	d.Targets = trim(d.Targets)
	for i := range d.Targets {
		t := &d.Targets[i]
		t.Project, t.Level1, t.Level2, t.Name = share(t.Project), share(t.Level1), share(t.Level2), share(t.Name)
		t.Value, t.Op, t.Unit = share(t.Value), share(t.Op), share(t.Unit)
		nums.add(&t.Number)
	}
	d.Projects = trim(d.Projects)
	for i := range d.Projects {
		p := &d.Projects[i]
		p.Name = share(p.Name)
		pool.add(&p.Reason)
		pool.add(&p.Content)
		for _, a := range []*Amount{p.Amount, p.Change, p.Pct} {
			if a != nil {
				a.Unit = share(a.Unit)
				nums.add(&a.Value)
			}
		}
	}
	d.Lists = trim(d.Lists)
	for i := range d.Lists {
		l := &d.Lists[i]
		l.Name = share(l.Name)
		pool.add(&l.Sentence)
		l.Items = trim(l.Items)
		for j := range l.Items {
			l.Items[j] = share(l.Items[j])
		}
	}
	d.Warnings = trim(d.Warnings)
	for i := range d.Warnings {
		w := &d.Warnings[i]
		w.File = share(w.File)
		pool.add(&w.Message)
	}
}

// tidyTable is tidy for one table. Its rows are moved into one block.
func tidyTable(t *Table, pool *arena, nums *numbers) {
	t.Title, t.Unit, t.File = share(t.Title), share(t.Unit), share(t.File)
	t.Columns = trim(t.Columns)
	for i := range t.Columns {
		c := &t.Columns[i]
		c.Label, c.Meaning, c.Group = share(c.Label), share(c.Meaning), share(c.Group)
	}
	t.Rows = trim(t.Rows)
	block := make([]Row, len(t.Rows))
	for i, r := range t.Rows {
		if r == nil {
			continue
		}
		block[i] = *r
		r = &block[i]
		t.Rows[i] = r
		r.Code, r.Name, r.Doubt = share(r.Code), share(r.Name), share(r.Doubt)
		r.Cells = trim(r.Cells)
		for j := range r.Cells {
			pool.add(&r.Cells[j].Raw)
			nums.add(&r.Cells[j].Value)
		}
	}
	t.Notes = trim(t.Notes)
	for i := range t.Notes {
		pool.add(&t.Notes[i])
	}
	t.Doubts = trim(t.Doubts)
	for i := range t.Doubts {
		pool.add(&t.Doubts[i].Message)
	}
	t.Confirmed = trim(t.Confirmed)
	for i := range t.Confirmed {
		t.Confirmed[i] = share(t.Confirmed[i])
	}
}
