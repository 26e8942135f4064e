package api

import (
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func TestOpenAPIMatchesRoutes(t *testing.T) {
	assets := fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}, "widget.js": {Data: []byte("//")}}
	for _, tt := range []struct {
		name string
		cfg  Config
	}{
		{"default", Config{}},
		{"wechat, admin and assets", Config{WeChatToken: testToken, AdminToken: "admin", Assets: assets}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env := newEnv(t, tt.cfg)
			var registered []string
			param := regexp.MustCompile(`:([a-z_]+)`)
			for _, r := range env.srv.engine.Routes() {
				registered = append(registered, r.Method+" "+param.ReplaceAllString(r.Path, "{$1}"))
			}
			sort.Strings(registered)

			rec := do(t, env.h, http.MethodGet, "/openapi.json", nil)
			if rec.Code != http.StatusOK {
				t.Fatal(rec.Code)
			}
			var doc struct {
				OpenAPI string                               `json:"openapi"`
				Paths   map[string]map[string]map[string]any `json:"paths"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(doc.OpenAPI, "3.") {
				t.Errorf("openapi = %q, want 3.x", doc.OpenAPI)
			}
			var described []string
			for path, ops := range doc.Paths {
				for method, op := range ops {
					described = append(described, strings.ToUpper(method)+" "+path)
					if op["operationId"] == nil || op["responses"] == nil {
						t.Errorf("%s %s lacks operationId or responses", method, path)
					}
				}
			}
			sort.Strings(described)
			if diff := cmp.Diff(registered, described); diff != "" {
				t.Errorf("routes (-registered +described):\n%s", diff)
			}
		})
	}
}

func TestOpenAPIReferencesResolve(t *testing.T) {
	env := newEnv(t, Config{WeChatToken: testToken})
	var doc map[string]any
	if err := json.Unmarshal(do(t, env.h, http.MethodGet, "/openapi.json", nil).Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	var walk func(v any)
	refs := 0
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if k == "$ref" {
					refs++
					if !resolves(doc, x.(string)) {
						t.Errorf("$ref %s does not resolve", x)
					}
					continue
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	if refs == 0 {
		t.Error("no references checked")
	}
	// Every status of the code table has its shared response.
	responses := doc["components"].(map[string]any)["responses"].(map[string]any)
	for code, status := range codeStatus {
		if responses[strconv.Itoa(status)] == nil {
			t.Errorf("code %s: no response for status %d", code, status)
		}
	}
}

// resolves reports whether a local reference points at something in doc.
func resolves(doc map[string]any, ref string) bool {
	var cur any = doc
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		if cur, ok = m[part]; !ok {
			return false
		}
	}
	return cur != nil
}
