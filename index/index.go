package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/budgetqa/budgetqa/corpus"
)

// The document types of the index, as Hit.Type and Filter.Type name them.
const (
	TypeFact      = "fact"
	TypeParagraph = "paragraph"
)

// The fields of the index. Facts have type, doc, subject, code, measure,
// department, year, table, aliases and sentence; paragraphs have type, doc,
// text, section and line.
const (
	fieldType       = "type"
	fieldDoc        = "doc"
	fieldSubject    = "subject"
	fieldCode       = "code"
	fieldMeasure    = "measure"
	fieldDepartment = "department"
	fieldYear       = "year"
	fieldTable      = "table"
	fieldAliases    = "aliases"
	fieldSentence   = "sentence"
	fieldText       = "text"
	fieldSection    = "section"
	fieldLine       = "line"
)

// batchSize is how many Bleve documents go into one batch.
const batchSize = 1000

// Options configures Open.
type Options struct {
	// DictDir is a folder holding jieba's dictionary files (jieba.dict.utf8,
	// hmm_model.utf8, idf.utf8, stop_words.utf8 and optionally
	// user.dict.utf8). When empty, Open uses $BUDGETQA_JIEBA_DICT, then the
	// folder gojieba was built with.
	DictDir string
}

// Index is a Bleve index over the facts and paragraphs of a set of documents,
// with the jieba segmenter and budget dictionary it was built with. Its
// methods are safe for concurrent use, except Close, which must come after
// every search has returned.
type Index struct {
	bleve    bleve.Index
	seg      *segmenter
	analyzer analysis.Analyzer // AnalyzerName, on seg
	docs     map[string]*corpus.Document
	terms    []string
	termSet  map[string]bool
	tmpDir   string // made by Open and removed by Close, or ""
}

// factDoc is the Bleve document of one fact.
type factDoc struct {
	Type       string   `json:"type"`
	Doc        string   `json:"doc"`
	Subject    string   `json:"subject"`
	Code       string   `json:"code,omitempty"`
	Measure    string   `json:"measure,omitempty"`
	Department string   `json:"department,omitempty"`
	Year       string   `json:"year,omitempty"`
	Table      string   `json:"table,omitempty"`
	Aliases    []string `json:"aliases,omitempty"`
	Sentence   string   `json:"sentence,omitempty"`
}

// BleveType implements bleve's mapping.Classifier.
func (factDoc) BleveType() string { return TypeFact }

// paragraphDoc is the Bleve document of one paragraph.
type paragraphDoc struct {
	Type    string  `json:"type"`
	Doc     string  `json:"doc"`
	Text    string  `json:"text"`
	Section string  `json:"section,omitempty"`
	Line    float64 `json:"line"`
}

// BleveType implements bleve's mapping.Classifier.
func (paragraphDoc) BleveType() string { return TypeParagraph }

// newMapping returns the index mapping: every text field analysed with
// AnalyzerName, type and doc as keywords, and term vectors (the matched
// words' offsets) for the fields a hit's fragment comes from (text,
// sentence). Nothing is stored: hits are read back from the documents.
func newMapping() *mapping.IndexMappingImpl {
	keywordField := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}
	textField := func(locations bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = AnalyzerName
		f.Store = false
		f.IncludeTermVectors = locations
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}

	fact := bleve.NewDocumentStaticMapping()
	fact.AddFieldMappingsAt(fieldType, keywordField())
	fact.AddFieldMappingsAt(fieldDoc, keywordField())
	for _, name := range []string{fieldSubject, fieldCode, fieldMeasure, fieldDepartment, fieldYear, fieldTable, fieldAliases} {
		fact.AddFieldMappingsAt(name, textField(false))
	}
	fact.AddFieldMappingsAt(fieldSentence, textField(true))

	para := bleve.NewDocumentStaticMapping()
	para.AddFieldMappingsAt(fieldType, keywordField())
	para.AddFieldMappingsAt(fieldDoc, keywordField())
	para.AddFieldMappingsAt(fieldText, textField(true))
	para.AddFieldMappingsAt(fieldSection, textField(false))
	line := bleve.NewNumericFieldMapping()
	line.Store = false
	line.IncludeInAll = false
	line.DocValues = false
	para.AddFieldMappingsAt(fieldLine, line)

	m := bleve.NewIndexMapping()
	m.TypeField = fieldType
	m.DefaultType = TypeParagraph
	m.DefaultAnalyzer = AnalyzerName
	m.DefaultMapping = bleve.NewDocumentDisabledMapping()
	m.AddDocumentMapping(TypeFact, fact)
	m.AddDocumentMapping(TypeParagraph, para)
	m.ScoringModel = "bm25" // bleve_index_api.BM25Scoring: short fields (subject) rank fairly
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m
}

// Open builds an index of docs in dir, which must be new or empty; when dir
// is "" it builds in a temporary folder that Close removes. It loads jieba
// with the budget dictionary Terms(docs) first, reusing the loaded one when
// that already holds every term (see the package comment).
func Open(dir string, docs []*corpus.Document, opts Options) (*Index, error) {
	byID := make(map[string]*corpus.Document, len(docs))
	for _, d := range docs {
		if d == nil {
			continue
		}
		if _, dup := byID[d.ID]; dup {
			return nil, fmt.Errorf("index: duplicate document id %q, want each document once", d.ID)
		}
		byID[d.ID] = d
	}
	terms := Terms(docs)

	m := newMapping()
	loadMu.Lock()
	seg, err := loadSegmenter(opts.DictDir, terms)
	if err != nil {
		loadMu.Unlock()
		return nil, err
	}
	// Build the analyzer now, while seg is the shared segmenter, so this
	// index keeps it even if a later Open loads another.
	_, err = m.AnalyzeText(AnalyzerName, nil)
	loadMu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("index: building analyzer: %w", err)
	}
	a := m.AnalyzerNamed(AnalyzerName)
	if !boundTo(a, seg) {
		return nil, errors.New("index: analyzer " + AnalyzerName + " is not bound to the loaded jieba")
	}

	x := &Index{seg: seg, analyzer: a, docs: byID, terms: terms, termSet: make(map[string]bool, len(terms))}
	for _, t := range terms {
		x.termSet[t] = true
	}
	path := dir
	if dir == "" {
		if x.tmpDir, err = os.MkdirTemp("", "budgetqa-index-*"); err != nil {
			return nil, fmt.Errorf("index: making temporary folder: %w", err)
		}
		path = filepath.Join(x.tmpDir, "bleve")
	}
	// The index is rebuilt from the documents at every start, so batches need
	// not wait for their segments to reach disk.
	x.bleve, err = bleve.NewUsing(path, m, scorch.Name, bleve.Config.DefaultKVStore, map[string]interface{}{"unsafe_batch": true})
	if err != nil {
		x.removeTmp()
		if errors.Is(err, bleve.ErrorIndexPathExists) {
			return nil, fmt.Errorf("index: %s already holds an index, want a new or empty folder: %w", dir, err)
		}
		return nil, fmt.Errorf("index: creating index in %s: %w", path, err)
	}
	if err := x.add(docs); err != nil {
		x.Close()
		return nil, err
	}
	return x, nil
}

// boundTo reports whether a is the AnalyzerName analyzer on seg.
func boundTo(a analysis.Analyzer, seg *segmenter) bool {
	da, ok := a.(*analysis.DefaultAnalyzer)
	if !ok {
		return false
	}
	t, ok := da.Tokenizer.(*tokenizer)
	return ok && t.seg == seg
}

// add indexes the facts and paragraphs of docs in batches.
func (x *Index) add(docs []*corpus.Document) error {
	b := x.bleve.NewBatch()
	flush := func(force bool) error {
		if b.Size() == 0 || (!force && b.Size() < batchSize) {
			return nil
		}
		if err := x.bleve.Batch(b); err != nil {
			return fmt.Errorf("index: indexing batch: %w", err)
		}
		b.Reset()
		return nil
	}
	for _, d := range docs {
		if d == nil {
			continue
		}
		for i := range d.Facts {
			if err := b.Index(hitID(d.ID, TypeFact, i), newFactDoc(d, &d.Facts[i])); err != nil {
				return fmt.Errorf("index: %s fact %d: %w", d.ID, i, err)
			}
			if err := flush(false); err != nil {
				return err
			}
		}
		for i := range d.Paragraphs {
			p := &d.Paragraphs[i]
			pd := paragraphDoc{Type: TypeParagraph, Doc: d.ID, Text: p.Text, Section: p.Section, Line: float64(p.Line)}
			if err := b.Index(hitID(d.ID, TypeParagraph, i), pd); err != nil {
				return fmt.Errorf("index: %s paragraph %d: %w", d.ID, i, err)
			}
			if err := flush(false); err != nil {
				return err
			}
		}
	}
	return flush(true)
}

// newFactDoc returns the Bleve document of fact f of d.
func newFactDoc(d *corpus.Document, f *corpus.Fact) factDoc {
	fd := factDoc{
		Type:       TypeFact,
		Doc:        d.ID,
		Subject:    f.Subject,
		Code:       f.Code,
		Measure:    f.Measure,
		Department: d.Department,
		Table:      f.Source.Table,
		Aliases:    aliases(f.Subject),
		Sentence:   f.Source.Sentence,
	}
	if f.Year != 0 {
		fd.Year = strconv.Itoa(f.Year)
	}
	return fd
}

// Close closes the index and removes its folder when Open made it.
func (x *Index) Close() error {
	var err error
	if x.bleve != nil {
		err = x.bleve.Close()
		x.bleve = nil
	}
	if rerr := x.removeTmp(); err == nil {
		err = rerr
	}
	if err != nil {
		return fmt.Errorf("index: closing: %w", err)
	}
	return nil
}

func (x *Index) removeTmp() error {
	if x.tmpDir == "" {
		return nil
	}
	err := os.RemoveAll(x.tmpDir)
	x.tmpDir = ""
	return err
}

// Document returns the indexed document with the given id, or nil.
func (x *Index) Document(id string) *corpus.Document { return x.docs[id] }

// Documents returns the indexed documents, ordered by id.
func (x *Index) Documents() []*corpus.Document {
	out := make([]*corpus.Document, 0, len(x.docs))
	for _, d := range x.docs {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Terms returns the budget dictionary the index was built with, sorted.
func (x *Index) Terms() []string { return slices.Clone(x.terms) }

// HasTerm reports whether word is in the index's budget dictionary.
func (x *Index) HasTerm(word string) bool { return x.termSet[word] }

// Segment cuts text into words with the index's jieba and budget dictionary,
// in jieba's accurate mode with its HMM for unknown words: the words cover
// the text once, in order, without the overlapping sub-words the index adds
// for search. Whitespace is dropped; punctuation stays.
func (x *Index) Segment(text string) []string { return x.seg.cut(text) }
