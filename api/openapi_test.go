package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	legacyrouter "github.com/getkin/kin-openapi/routers/legacy"
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

// fullConfig turns on every route, for the OpenAPI document that
// describes them all.
func fullConfig() Config {
	return Config{
		WeChatToken: testToken, AdminToken: "admin",
		Assets: fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}, "widget.js": {Data: []byte("//")}},
	}
}

// spec is the OpenAPI document of fullConfig, loaded and validated once by
// kin-openapi, with a router to find the operation of a request.
var spec struct {
	once   sync.Once
	doc    *openapi3.T
	router routers.Router
	err    error
}

// loadSpec returns the document and its router.
func loadSpec(t *testing.T) (*openapi3.T, routers.Router) {
	t.Helper()
	spec.once.Do(func() {
		data, err := openAPIJSON(fullConfig())
		if err != nil {
			spec.err = err
			return
		}
		loader := openapi3.NewLoader()
		if spec.doc, spec.err = loader.LoadFromData(data); spec.err != nil {
			return
		}
		if spec.err = spec.doc.Validate(loader.Context); spec.err != nil {
			return
		}
		spec.router, spec.err = legacyrouter.NewRouter(spec.doc)
	})
	if spec.err != nil {
		t.Fatalf("the OpenAPI document: %v", spec.err)
	}
	return spec.doc, spec.router
}

func TestOpenAPIValid(t *testing.T) {
	doc, _ := loadSpec(t)
	if len(doc.Paths.Map()) < 15 {
		t.Errorf("%d paths, want every route", len(doc.Paths.Map()))
	}
	// The admin routes want the bearer token.
	for path, item := range doc.Paths.Map() {
		for method, o := range item.Operations() {
			admin := strings.HasPrefix(path, "/v1/admin/") || path == "/admin"
			if secured := o.Security != nil && len(*o.Security) > 0; admin && path != "/admin" && !secured {
				t.Errorf("%s %s has no security requirement", method, path)
			}
		}
	}
}

// checkResponse validates a response against the OpenAPI document: its
// status is one the operation lists, and a JSON body fits the schema. A
// request no operation describes (an unknown route), or a route this
// server's configuration leaves out (a 404 not_found), is not checked.
func checkResponse(t *testing.T, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	if rec.Code == http.StatusNotFound && strings.Contains(rec.Body.String(), `"code":"`+codeNotFound+`"`) {
		return
	}
	_, router := loadSpec(t)
	r := req.Clone(req.Context())
	r.URL.Scheme, r.URL.Host = "", ""
	route, params, err := router.FindRoute(r)
	if err != nil {
		return
	}
	ct := rec.Header().Get("Content-Type")
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route},
		Status:                 rec.Code,
		Header:                 rec.Header(),
		Body:                   io.NopCloser(bytes.NewReader(rec.Body.Bytes())),
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true,
			ExcludeResponseBody:   !strings.HasPrefix(ct, "application/json") || req.Method == http.MethodHead,
			MultiError:            true,
		},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s: response %d does not fit the OpenAPI document: %v\nbody: %.300s", req.Method, req.URL, rec.Code, err, rec.Body.String())
	}
}

// TestOpenAPIClarify: a response that asks back (which department?)
// validates, and the schema names each of its fields, the clarification's
// included: kin-openapi lets through properties a schema does not list.
func TestOpenAPIClarify(t *testing.T) {
	env := newEnv(t, Config{})
	rec := postJSON(t, env.h, "/v1/ask", `{"question":"办公费多少","session_id":"s1"}`)
	r := decodeBody[map[string]any](t, rec)
	clarify, _ := r["clarify"].(map[string]any)
	if r["answered"] != false || clarify == nil || len(clarify["options"].([]any)) != 2 {
		t.Fatalf("response %s, want a clarification with 2 options", rec.Body.String())
	}
	doc, _ := loadSpec(t)
	if missing := undescribed(doc.Components.Schemas["AskResponse"], r, "AskResponse"); len(missing) > 0 {
		t.Errorf("fields the schema does not describe: %q", missing)
	}
}

// TestOpenAPIItems: answers over several departments or years, whose
// items carry their department, year and source, validate, and the schema
// names each of their fields: a ranking of departments read from PDFs
// (page and box), and a trend over the bundled documents.
func TestOpenAPIItems(t *testing.T) {
	fake := newEnv(t, Config{})
	real := newEnvNotReady(t, Config{})
	if err := real.srv.SetBackend(bundledBackend(t)); err != nil {
		t.Fatal(err)
	}
	doc, _ := loadSpec(t)
	for _, tt := range []struct {
		name, question, intent string
		env                    *testEnv
	}{
		{"rank of departments", "普陀区2025年哪个部门三公经费最多", "rank", fake},
		{"trend", "江苏人大2017到2019年会议费每年多少", "trend", real},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := postJSON(t, tt.env.h, "/v1/ask", `{"question":"`+tt.question+`"}`)
			r := decodeBody[map[string]any](t, rec)
			items, _ := r["answer"].(map[string]any)["items"].([]any)
			if r["intent"] != tt.intent || len(items) < 2 {
				t.Fatalf("response %.300s, want %s with several items", rec.Body.String(), tt.intent)
			}
			for _, it := range items {
				it := it.(map[string]any)
				if it["department"] == nil || it["year"] == nil || it["source"] == nil {
					t.Errorf("item %v, want its department, year and source", it)
				}
			}
			if missing := undescribed(doc.Components.Schemas["AskResponse"], r, "AskResponse"); len(missing) > 0 {
				t.Errorf("fields the schema does not describe: %q", missing)
			}
		})
	}
}

// undescribed returns the paths of the fields of v (decoded JSON) that the
// schema s does not list, following $ref, allOf and array items.
func undescribed(s *openapi3.SchemaRef, v any, path string) []string {
	if s == nil || s.Value == nil {
		return []string{path}
	}
	var out []string
	switch v := v.(type) {
	case map[string]any:
		props := openapi3.Schemas{}
		for _, part := range append(openapi3.SchemaRefs{s}, s.Value.AllOf...) {
			for k, p := range part.Value.Properties {
				props[k] = p
			}
		}
		for k, x := range v {
			out = append(out, undescribed(props[k], x, path+"."+k)...)
		}
	case []any:
		for i, x := range v {
			out = append(out, undescribed(s.Value.Items, x, path+"["+strconv.Itoa(i)+"]")...)
		}
	}
	return out
}
