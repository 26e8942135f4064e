package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
)

// Part is one file of a document published as several (a text part and a
// tables part), as Assemble joined it.
type Part struct {
	ID     string `json:"id"`
	File   string `json:"file"`
	Hash   string `json:"hash"`
	Format string `json:"format,omitempty"`
	Pages  int    `json:"pages,omitempty"`
	// Where the part's facts and paragraphs begin in the joined document's.
	FactOffset int `json:"-"`
	ParaOffset int `json:"-"`
}

// PartOf returns the id of the part of d read from file: d's own id for a
// document of one file.
func (d *Document) PartOf(file string) string {
	for _, p := range d.Parts {
		if p.File == file {
			return p.ID
		}
	}
	return d.ID
}

// IndexIDs returns the ids under which d's facts and paragraphs are
// indexed for search: its parts', or its own.
func (d *Document) IndexIDs() []string {
	if len(d.Parts) == 0 {
		return []string{d.ID}
	}
	ids := make([]string, len(d.Parts))
	for i, p := range d.Parts {
		ids[i] = p.ID
	}
	return ids
}

// Locate maps a search hit (the id and hash of the document indexed, the
// index of a fact, or of a paragraph when para) to the index in d's own
// facts or paragraphs; false when the hit is of another version of d.
func (d *Document) Locate(id, hash string, para bool, i int) (int, bool) {
	if len(d.Parts) == 0 {
		return i, id == d.ID && hash == d.Hash
	}
	for _, p := range d.Parts {
		if p.ID == id && p.Hash == hash {
			if para {
				return p.ParaOffset + i, true
			}
			return p.FactOffset + i, true
		}
	}
	return 0, false
}

// Assemble returns docs with the parts of each document published as
// several files joined into one: documents of the same department, year
// and kind where one holds the text and no tables and the others the
// tables and little text. Every fact keeps its own file in its source.
// Other documents are returned as they are, in their order.
func Assemble(docs []*Document) []*Document {
	type key struct {
		dept string
		year int
		kind Kind
	}
	groups := map[key][]int{}
	for i, d := range docs {
		if d.Year > 0 && d.Department != "" {
			k := key{CanonicalDepartment(d.Department), d.Year, d.Kind}
			groups[k] = append(groups[k], i)
		}
	}
	merged := map[int]*Document{} // by the index of the group's first doc
	skip := map[int]bool{}
	for _, idx := range groups {
		if len(idx) < 2 || !complementary(docs, idx) {
			continue
		}
		parts := make([]*Document, len(idx))
		for i, j := range idx {
			parts[i] = docs[j]
			skip[j] = true
		}
		merged[idx[0]] = join(parts)
	}
	if len(merged) == 0 {
		return docs
	}
	out := make([]*Document, 0, len(docs))
	for i, d := range docs {
		switch {
		case merged[i] != nil:
			out = append(out, merged[i])
		case !skip[i]:
			out = append(out, d)
		}
	}
	return out
}

// complementary reports whether the documents at idx are parts of one: a
// single one holds most of the text, the others most of the tables (three
// times as many paragraphs, three times as many table rows). Two complete
// documents of the same department, year and kind are not parts.
func complementary(docs []*Document, idx []int) bool {
	rows := func(d *Document) int {
		n := 0
		for _, t := range d.Tables {
			n += len(t.Rows)
		}
		return n
	}
	text := idx[0]
	for _, i := range idx[1:] {
		if len(docs[i].Paragraphs) > len(docs[text].Paragraphs) {
			text = i
		}
	}
	for _, i := range idx {
		if i == text {
			continue
		}
		if len(docs[text].Paragraphs) < 3*len(docs[i].Paragraphs) || rows(docs[i]) < 3*rows(docs[text]) || rows(docs[i]) == 0 {
			return false
		}
	}
	return true
}

// join joins the parts of one document, the text part first.
func join(parts []*Document) *Document {
	sort.SliceStable(parts, func(i, j int) bool { return len(parts[i].Tables) < len(parts[j].Tables) })
	first := parts[0]
	d := &Document{
		ID: commonID(parts), File: first.File, Title: first.Title, Department: first.Department,
		Region: first.Region, Year: first.Year, Kind: first.Kind, TextUnit: first.TextUnit,
		Format: first.Format,
	}
	h := sha256.New()
	for _, p := range parts {
		d.Parts = append(d.Parts, Part{ID: p.ID, File: p.File, Hash: p.Hash, Format: p.Format, Pages: p.Pages,
			FactOffset: len(d.Facts), ParaOffset: len(d.Paragraphs)})
		h.Write([]byte(p.Hash))
		offset := len(d.Tables)
		d.Units = append(d.Units, p.Units...)
		d.Sections = append(d.Sections, p.Sections...)
		d.Paragraphs = append(d.Paragraphs, p.Paragraphs...)
		d.Tables = append(d.Tables, p.Tables...)
		d.Listed = append(d.Listed, p.Listed...)
		for _, f := range p.Facts {
			if f.Source.TableIdx >= 0 && f.Source.Table != "" {
				f.Source.TableIdx += offset
			}
			d.Facts = append(d.Facts, f)
		}
		d.Terms = append(d.Terms, p.Terms...)
		d.Targets = append(d.Targets, p.Targets...)
		d.Projects = append(d.Projects, p.Projects...)
		d.Lists = append(d.Lists, p.Lists...)
		d.Warnings = append(d.Warnings, p.Warnings...)
		d.Lines += p.Lines
		d.Pages += p.Pages
	}
	d.Hash = hex.EncodeToString(h.Sum(nil)[:8])
	for i := range d.Listed {
		d.Listed[i].Found = false
	}
	matchListed(d)
	return d
}

// commonID is the parts' ids' common prefix without a trailing separator
// ("jiangsu-renda-2019-yusuan" of "…-text" and "…-tables"), or the first
// id and "+" when they share too little.
func commonID(parts []*Document) string {
	prefix := parts[0].ID
	for _, p := range parts[1:] {
		for !strings.HasPrefix(p.ID, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	prefix = strings.TrimRight(prefix, "-_. ")
	if len([]rune(prefix)) < 4 {
		return parts[0].ID + "+"
	}
	return prefix
}
