package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"

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
	// ReadOnly makes OpenDir open the index without writing to its folder
	// (a read-only volume shared by replicas); the index must then be up
	// to date with the documents, and Update fails.
	ReadOnly bool
}

// Index is a Bleve index over the facts and paragraphs of a set of documents,
// with the jieba segmenter and budget dictionary it was built with. Its
// methods are safe for concurrent use, except Close, which must come after
// every search has returned.
type Index struct {
	bleve    bleve.Index
	seg      *segmenter
	analyzer analysis.Analyzer // AnalyzerName, on seg
	mapping  *mapping.IndexMappingImpl
	docs     atomic.Pointer[map[string]*corpus.Document]
	terms    []string
	termSet  map[string]bool
	tmpDir   string // made by Open and removed by Close, or ""

	updateMu sync.Mutex // serialises Update
	readOnly bool       // opened by OpenDir with Options.ReadOnly
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
// that already holds every term (see the package comment). An index that
// outlives the process is OpenDir's.
func Open(dir string, docs []*corpus.Document, opts Options) (*Index, error) {
	byID, err := docsByID(docs)
	if err != nil {
		return nil, err
	}
	path, tmpDir := dir, ""
	if dir == "" {
		if tmpDir, err = os.MkdirTemp("", "budgetqa-index-*"); err != nil {
			return nil, fmt.Errorf("index: making temporary folder: %w", err)
		}
		path = filepath.Join(tmpDir, "bleve")
	}
	x, err := newIndex(Terms(docs), opts, func(x *Index) (bleve.Index, error) {
		// The index is rebuilt from the documents at every start, so
		// batches need not wait for their segments to reach disk.
		return bleve.NewUsing(path, x.mapping, scorch.Name, bleve.Config.DefaultKVStore, map[string]interface{}{"unsafe_batch": true})
	})
	if err != nil {
		if tmpDir != "" {
			os.RemoveAll(tmpDir)
		}
		if errors.Is(err, bleve.ErrorIndexPathExists) {
			return nil, fmt.Errorf("index: %s already holds an index, want a new or empty folder: %w", dir, err)
		}
		return nil, err
	}
	x.tmpDir = tmpDir
	x.setDocs(byID)
	if err := x.index(docs, nil); err != nil {
		x.Close()
		return nil, err
	}
	return x, nil
}

// docsByID maps docs by id, refusing a duplicate.
func docsByID(docs []*corpus.Document) (map[string]*corpus.Document, error) {
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
	return byID, nil
}

// errNoJieba marks the errors of loading jieba, which no other index
// folder would mend.
var errNoJieba = errors.New("index: jieba not loaded")

// newIndex returns an Index on the Bleve index that open makes or opens
// (with x.mapping, for a new one), its analyzer bound to jieba loaded with
// terms.
func newIndex(terms []string, opts Options, open func(x *Index) (bleve.Index, error)) (*Index, error) {
	x := &Index{mapping: newMapping(), terms: terms, termSet: make(map[string]bool, len(terms))}
	for _, t := range terms {
		x.termSet[t] = true
	}
	x.setDocs(nil)
	loadMu.Lock()
	seg, err := loadSegmenter(opts.DictDir, terms)
	if err != nil {
		loadMu.Unlock()
		return nil, fmt.Errorf("%w: %w", errNoJieba, err)
	}
	x.seg = seg
	idx, err := open(x)
	if err != nil {
		loadMu.Unlock()
		return nil, fmt.Errorf("index: %w", err)
	}
	// Build the analyzer now, while seg is the shared segmenter, so this
	// index keeps it even if a later Open loads another.
	a := idx.Mapping().AnalyzerNamed(AnalyzerName)
	loadMu.Unlock()
	x.bleve, x.analyzer = idx, a
	if !boundTo(a, seg) {
		x.Close()
		return nil, errors.New("index: analyzer " + AnalyzerName + " is not bound to the loaded jieba")
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

// index indexes the facts and paragraphs of docs, deleting those of the
// versions held before (see heldDoc). A document goes into one batch whole,
// with its deletions and the record of what is now held of it, so that a
// search sees all of it or none; batches are cut between documents once
// they hold batchSize parts. progress, when not nil, is called after each
// document.
func (x *Index) index(docs []*corpus.Document, progress func(done, total int)) error {
	b := x.bleve.NewBatch()
	flush := func(force bool, done int) error {
		if b.Size() == 0 || (!force && b.Size() < batchSize) {
			return nil
		}
		if err := x.bleve.Batch(b); err != nil {
			return fmt.Errorf("index: indexing batch: %w", err)
		}
		b.Reset()
		if progress != nil {
			progress(done, len(docs))
		}
		return nil
	}
	for n, d := range docs {
		if d == nil {
			continue
		}
		if old, ok, err := x.heldOf(d.ID); err != nil {
			return err
		} else if ok {
			old.delete(b, d.ID)
		}
		for i := range d.Facts {
			if err := b.Index(hitID(d.ID, d.Hash, TypeFact, i), newFactDoc(d, &d.Facts[i])); err != nil {
				return fmt.Errorf("index: %s fact %d: %w", d.ID, i, err)
			}
		}
		for i := range d.Paragraphs {
			p := &d.Paragraphs[i]
			pd := paragraphDoc{Type: TypeParagraph, Doc: d.ID, Text: p.Text, Section: p.Section, Line: float64(p.Line)}
			if err := b.Index(hitID(d.ID, d.Hash, TypeParagraph, i), pd); err != nil {
				return fmt.Errorf("index: %s paragraph %d: %w", d.ID, i, err)
			}
		}
		held, _ := json.Marshal(heldDoc{Hash: d.Hash, Facts: len(d.Facts), Paragraphs: len(d.Paragraphs)})
		b.SetInternal([]byte(heldPrefix+d.ID), held)
		if err := flush(false, n+1); err != nil {
			return err
		}
	}
	return flush(true, len(docs))
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
func (x *Index) Document(id string) *corpus.Document { return (*x.docs.Load())[id] }

// setDocs makes byID the indexed documents.
func (x *Index) setDocs(byID map[string]*corpus.Document) {
	if byID == nil {
		byID = map[string]*corpus.Document{}
	}
	x.docs.Store(&byID)
}

// Documents returns the indexed documents, ordered by id.
func (x *Index) Documents() []*corpus.Document {
	docs := *x.docs.Load()
	out := make([]*corpus.Document, 0, len(docs))
	for _, d := range docs {
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
