package api

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDocuments(t *testing.T) {
	env := newEnv(t, Config{})
	rec := do(t, env.h, http.MethodGet, "/v1/documents", nil)
	if rec.Code != http.StatusOK {
		t.Fatal(rec.Body.String())
	}
	got := decodeBody[documentsResponse](t, rec)
	want := documentsResponse{Documents: []documentSummary{
		{ID: "longgang", Format: "text", Verdict: "good", Name: "2023年深圳市龙岗区信访局部门预算", Title: "2023 年深圳市龙岗区信访局 部门预算", File: "longgang.txt",
			Department: "深圳市龙岗区信访局", Year: 2023, Kind: "部门预算", TextUnit: "万元", Lines: 700,
			Counts: counts{Tables: 1, Facts: 2, Paragraphs: 1, Terms: 1, Projects: 1}},
		{ID: "putuo", Format: "text", Verdict: "bad", Name: "2026年上海市普陀区司法局部门预算", Title: "上海市普陀区司法局2026年部门预算", File: "putuo.txt",
			Department: "上海市普陀区司法局", Year: 2026, Kind: "部门预算", TextUnit: "万元"},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("documents (-want +got):\n%s", diff)
	}
}

func TestDocument(t *testing.T) {
	env := newEnv(t, Config{})
	rec := do(t, env.h, http.MethodGet, "/v1/documents/longgang", nil)
	if rec.Code != http.StatusOK {
		t.Fatal(rec.Body.String())
	}
	got := decodeBody[map[string]any](t, rec)
	tables := got["tables"].([]any)
	if len(tables) != 1 {
		t.Fatalf("tables = %v", tables)
	}
	table := tables[0].(map[string]any)
	facts := got["facts"].([]any)
	fact := facts[0].(map[string]any)
	// A client finds the table a figure came from by index or by its citation.
	if fact["table_index"] != float64(0) || fact["row_index"] != float64(0) || fact["table"] != table["ref"] {
		t.Errorf("fact %v does not point at table %v", fact, table["ref"])
	}
	if table["ref"] != "表3 支出总表" {
		t.Errorf("ref = %v", table["ref"])
	}
	row := table["rows"].([]any)[0].(map[string]any)
	cell := row["cells"].([]any)[0].(map[string]any)
	if row["name"] != "信访事务" || row["code"] != "2010308" || cell["value"] != "587" || cell["raw"] != "587.00" {
		t.Errorf("row %v", row)
	}
	if col := table["columns"].([]any)[0].(map[string]any); col["meaning"] != "支出总计" {
		t.Errorf("column %v", col)
	}
	if text := facts[1].(map[string]any); text["table_index"] != nil || text["sentence"] == "" {
		t.Errorf("text fact %v, want a sentence and no table", text)
	}
	for _, key := range []string{"paragraphs", "terms", "sections", "counts"} {
		if got[key] == nil {
			t.Errorf("document lacks %s", key)
		}
	}

	// An empty document has empty lists, not nulls.
	empty := decodeBody[map[string]any](t, do(t, env.h, http.MethodGet, "/v1/documents/putuo", nil))
	for _, key := range []string{"tables", "facts", "paragraphs", "terms", "sections"} {
		if _, ok := empty[key].([]any); !ok {
			t.Errorf("%s = %v, want []", key, empty[key])
		}
	}
}

func TestDocumentNotFound(t *testing.T) {
	env := newEnv(t, Config{})
	wantError(t, do(t, env.h, http.MethodGet, "/v1/documents/nope", nil), http.StatusNotFound, codeDocumentNotFound)
}
