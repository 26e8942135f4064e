package store

import (
	"bytes"
	"encoding/gob"
	"testing"

	"github.com/budgetqa/budgetqa/corpus"
)

// BenchmarkDecodeParsed decodes one bundled document's parsed form, with a
// new decoder each time (as Open reads each file) and with one decoder for
// a stream of them.
func BenchmarkDecodeParsed(b *testing.B) {
	docs, err := corpus.Bundled()
	if err != nil {
		b.Fatal(err)
	}
	form, err := encodeParsed(docs[0])
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("parsed form of %s: %d bytes", docs[0].ID, len(form))
	b.Run("new decoder", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var pf parsedForm
			if err := gob.NewDecoder(bytes.NewReader(form)).Decode(&pf); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("stream", func(b *testing.B) {
		var buf bytes.Buffer
		enc := gob.NewEncoder(&buf)
		n := 0
		for range b.N + 1 {
			enc.Encode(parsedForm{Parser: corpus.ParserVersion, Doc: docs[0]})
			n++
		}
		dec := gob.NewDecoder(&buf)
		var pf parsedForm
		dec.Decode(&pf) // types
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			var pf parsedForm
			if err := dec.Decode(&pf); err != nil {
				b.Fatal(err)
			}
		}
	})
}
