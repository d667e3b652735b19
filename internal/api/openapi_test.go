package api

import (
	"encoding/json"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// TestOpenAPIMatchesMux checks that every route the mux has is in the document and every
// operation of the document reaches its own route on the mux, with its path parameters
// declared.
func TestOpenAPIMatchesMux(t *testing.T) {
	ts := newTestServer(t, serverConfig{noWorkers: true})
	res := ts.do(t, "GET", "/api/v1/openapi.json", "")
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			OperationID string `json:"operationId"`
			Parameters  []struct {
				Name, In string
				Required bool
			} `json:"parameters"`
			Responses map[string]any `json:"responses"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(res.body), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	var documented []string
	ids := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			pattern := strings.ToUpper(method) + " " + path
			documented = append(documented, pattern)
			if ids[op.OperationID] || op.OperationID == "" {
				t.Errorf("%s: operationId %q missing or repeated", pattern, op.OperationID)
			}
			ids[op.OperationID] = true
			if op.Responses["200"] == nil && op.Responses["201"] == nil && op.Responses["202"] == nil {
				t.Errorf("%s documents no success response", pattern)
			}
			// Fill in the path parameters, which must be declared, and ask the mux.
			concrete := path
			for seg := range strings.SplitSeq(path, "/") {
				if !strings.HasPrefix(seg, "{") {
					continue
				}
				name := strings.Trim(seg, "{}")
				if !slices.ContainsFunc(op.Parameters, func(p struct {
					Name, In string
					Required bool
				}) bool {
					return p.Name == name && p.In == "path" && p.Required
				}) {
					t.Errorf("%s: path parameter %s not declared", pattern, name)
				}
				concrete = strings.Replace(concrete, seg, "x1", 1)
			}
			req := httptest.NewRequest(strings.ToUpper(method), concrete, nil)
			if _, got := ts.mux.Handler(req); got != pattern {
				t.Errorf("%s %s reaches mux pattern %q, want %q", strings.ToUpper(method), concrete, got, pattern)
			}
		}
	}
	registered := slices.Clone(ts.patterns)
	slices.Sort(registered)
	slices.Sort(documented)
	if !slices.Equal(registered, documented) {
		t.Errorf("mux routes and document differ:\nmux: %v\ndoc: %v", registered, documented)
	}
	for _, name := range []string{"api.errorBody", "api.runView", "runner.Progress", "result.Run", "profile.Commodity"} {
		if doc.Components.Schemas[name] == nil {
			t.Errorf("no schema %s", name)
		}
	}
	// The API serves the result contract, never the engine's types.
	for name := range doc.Components.Schemas {
		if strings.HasPrefix(name, "sim.") {
			t.Errorf("schema %s is the engine's: the API serves package result's types", name)
		}
	}
	if !strings.Contains(res.body, `"$ref": "#/components/schemas/`) {
		t.Error("no schema references")
	}
}

// TestOpenAPIDocumentsStudies checks that the document describes Monte Carlo studies:
// the aggregate result and the unit of progress.
func TestOpenAPIDocumentsStudies(t *testing.T) {
	d := string(openAPIDocument("test"))
	for _, want := range []string{"prob_any_shortfall", "requested_replications", `"unit"`, "Monte Carlo study"} {
		if !strings.Contains(d, want) {
			t.Errorf("the OpenAPI document lacks %s", want)
		}
	}
}

// TestOpenAPIDocumentsPlans: the plan endpoints are in the document with their bodies,
// down to the binding stage of a frontier point.
func TestOpenAPIDocumentsPlans(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	b := openAPIDocument("test")
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for path, method := range map[string]string{"/api/v1/plans": "post", "/api/v1/plans/{id}": "get", "/api/v1/plans/{id}/events": "get", "/api/v1/plans/{id}/result": "get"} {
		if _, ok := doc.Paths[path][method]; !ok {
			t.Errorf("the OpenAPI document lacks %s %s", method, path)
		}
	}
	post := string(doc.Paths["/api/v1/plans"]["post"])
	result := string(doc.Paths["/api/v1/plans/{id}/result"]["get"])
	for _, c := range []struct{ in, want string }{{post, "application/yaml"}, {post, "bearer"}, {post, `"422"`}, {result, "plan.Output"}, {string(b), `"frontier"`}, {string(b), `"gap_t_per_year"`}, {string(b), `"binding"`}} {
		if !strings.Contains(strings.ToLower(c.in), strings.ToLower(c.want)) {
			t.Errorf("the plan endpoints' document lacks %s", c.want)
		}
	}
}

// TestOpenAPIRunRequestExclusive: the run request's schema refuses scenario or version
// together with yaml, as the handler does.
func TestOpenAPIRunRequestExclusive(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Not struct {
					AnyOf []struct {
						Required []string `json:"required"`
					} `json:"anyOf"`
				} `json:"not"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPIDocument("test"), &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, alt := range doc.Components.Schemas["api.runRequest"].Not.AnyOf {
		got = append(got, strings.Join(alt.Required, "+"))
	}
	if want := []string{"scenario+yaml", "version+yaml"}; !slices.Equal(got, want) {
		t.Errorf("api.runRequest excludes %v, want %v", got, want)
	}
}
