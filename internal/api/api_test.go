package api

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/runner"
)

const token = "s3cret-token"

func bearer(tok string) []string { return []string{"Authorization", "Bearer " + tok} }

// TestReadEndpoints checks status codes, body shapes and error messages of the read
// endpoints and of unknown paths and methods.
func TestReadEndpoints(t *testing.T) {
	ts := newTestServer(t, serverConfig{noWorkers: true})
	tests := []struct {
		method, path string
		status       int
		want         []string // substrings of the body
		field        string   // of an error response
	}{
		{"GET", "/api/v1/health", 200, []string{`"status":"ok"`, `"read_only":true`, `"data_version":`}, ""},
		{"GET", "/api/v1/commodities", 200, []string{`"commodity":"gallium"`, `"stages_with_data":`}, ""},
		{"GET", "/api/v1/commodities/gallium", 200, []string{`"commodity":{"commodity":"gallium"`, `"stages":[`, `"sources":[`, `"hhi_points":`}, ""},
		{"GET", "/api/v1/commodities/rare_earths?year=2024", 200, []string{`"element_distribution":`}, ""},
		{"GET", "/api/v1/commodities/unobtainium", 404, []string{`unknown commodity \"unobtainium\"`}, ""},
		{"GET", "/api/v1/commodities/gallium?year=abc", 400, []string{`year: not an integer: \"abc\"`}, "year"},
		{"GET", "/api/v1/commodities?x=1", 400, []string{"x: unknown parameter (this endpoint takes no query parameters)"}, "x"},
		{"GET", "/api/v1/risk", 200, []string{`"commodity":"rare_earths"`}, ""},
		{"GET", "/api/v1/risk?importer=Atlantis", 400, []string{`importer: no import data for \"Atlantis\"; importers with data: ABW`}, "importer"},
		{"GET", "/api/v1/risk?importer=EU&commodity=rare_earths", 200, []string{`"importer":"EU27"`}, ""},
		{"GET", "/api/v1/commodities/gallium?year=1990", 400, []string{`year: gallium has no figures for 1990; years with figures: 2025, 2024`}, "year"},
		{"GET", "/api/v1/risk?year=2019", 400, []string{`year: no figures or net import reliance for 2019; years with data: 2025`}, "year"},
		{"GET", "/api/v1/risk?country=Atlantis&lens=chained", 400, []string{`country: unknown country \"Atlantis\"`}, "country"},
		{"GET", "/api/v1/risk?lens=astrology", 400, []string{`lens: unknown lens \"astrology\" (want overview, concentration`}, "lens"},
		{"GET", "/api/v1/risk?commodity=unobtainium", 400, []string{`commodity: unknown commodity \"unobtainium\"`}, "commodity"},
		{"GET", "/api/v1/risk?year=1800", 400, []string{"year: must be a year between 1900 and 2200"}, "year"},
		{"GET", "/api/v1/risk?lens=eu-crm&lens=usgs", 400, []string{"lens: given 2 times"}, "lens"},
		{"GET", "/api/v1/risk?importer=Japan&lens=reliance&commodity=gallium", 200, []string{`"importer":"JPN"`}, ""},
		{"GET", "/api/v1/risk?lens=chained&commodity=rare_earths&country=CHN", 200, []string{`"country":"CHN"`}, ""},
		{"GET", "/api/v1/risk?lens=eu-crm", 200, []string{`"published_supply_risk"`}, ""},
		{"GET", "/api/v1/scenarios", 200, []string{`"name":"apr2025-licensing","source":"builtin","version":0`}, ""},
		{"GET", "/api/v1/scenarios/apr2025-licensing", 200, []string{`"yaml":"`, `"scenario":{"name":"apr2025-licensing"`}, ""},
		{"GET", "/api/v1/scenarios/apr2025-licensing?version=2", 400, []string{"has no versions"}, "version"},
		{"GET", "/api/v1/scenarios/no-such", 404, []string{"scenario no-such: not found"}, ""},
		{"GET", "/api/v1/scenarios/Bad_Name", 400, []string{`invalid scenario name \"Bad_Name\"`}, "name"},
		{"GET", "/api/v1/scenarios/apr2025-licensing/versions", 404, []string{"built-in scenario: it has no stored versions"}, ""},
		{"GET", "/api/v1/runs", 200, []string{`{"runs":[]}`}, ""},
		{"GET", "/api/v1/runs?status=lost", 400, []string{`status: unknown status \"lost\"`}, "status"},
		{"GET", "/api/v1/runs?limit=0", 400, []string{"limit: must be within [1, 1000]"}, "limit"},
		{"GET", "/api/v1/runs/0123456789abcdef", 404, []string{`run \"0123456789abcdef\": not found`}, ""},
		{"GET", "/api/v1/runs/..%2F..%2Fetc/result", 404, []string{"not found"}, ""},
		{"GET", "/api/v1/runs/nope/result", 404, []string{"not found"}, ""},
		{"GET", "/api/v1/compare?a=x", 400, []string{"b: missing"}, "b"},
		{"GET", "/api/v1/compare?a=x&b=y&format=pdf", 400, []string{`format: unknown format \"pdf\"`}, "format"},
		{"GET", "/api/v1/nope", 404, []string{`"code":"not_found"`, "no endpoint /api/v1/nope"}, ""},
		{"DELETE", "/api/v1/runs", 405, []string{`"code":"method_not_allowed"`, "allowed: GET, POST"}, ""},
		{"GET", "/api/v1/openapi.json", 200, []string{`"openapi": "3.1.0"`}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			res := ts.do(t, tt.method, tt.path, "")
			if res.status != tt.status {
				t.Fatalf("status %d, want %d: %.300s", res.status, tt.status, res.body)
			}
			if ct := res.header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			for _, w := range tt.want {
				if !strings.Contains(res.body, w) {
					t.Errorf("body lacks %q: %.400s", w, res.body)
				}
			}
			if tt.status >= 400 {
				e := decode[apiErr](t, res.body)
				if e.Error.Code == "" || e.Error.Message == "" || e.Error.Field != tt.field {
					t.Errorf("error %+v, want a code, a message and field %q", e.Error, tt.field)
				}
			}
		})
	}
}

// TestCaching checks ETags, conditional requests and gzip on dataset responses.
func TestCaching(t *testing.T) {
	ts := newTestServer(t, serverConfig{noWorkers: true})
	first := ts.do(t, "GET", "/api/v1/risk?importer=USA", "")
	etag := first.header.Get("ETag")
	if first.status != 200 || etag == "" || first.header.Get("Cache-Control") == "" {
		t.Fatalf("first response %d, ETag %q, Cache-Control %q", first.status, etag, first.header.Get("Cache-Control"))
	}
	again := ts.do(t, "GET", "/api/v1/risk?importer=USA", "")
	if again.body != first.body || again.header.Get("ETag") != etag {
		t.Error("a second request gave a different body or ETag")
	}
	if res := ts.do(t, "GET", "/api/v1/risk?importer=USA", "", "If-None-Match", etag); res.status != http.StatusNotModified || res.body != "" {
		t.Errorf("If-None-Match: status %d, body %d bytes, want 304 and none", res.status, len(res.body))
	}
	gz := ts.do(t, "GET", "/api/v1/risk?importer=USA", "", "Accept-Encoding", "gzip")
	if gz.header.Get("Content-Encoding") != "gzip" || len(gz.body) >= len(first.body) {
		t.Errorf("gzip: Content-Encoding %q, %d bytes of %d", gz.header.Get("Content-Encoding"), len(gz.body), len(first.body))
	}
	for i := range cacheEntries + 10 {
		ts.do(t, "GET", fmt.Sprintf("/api/v1/risk?lens=concentration&commodity=gallium&year=%d", 1990+i%200), "")
	}
	if n := ts.cache.len(); n > cacheEntries {
		t.Errorf("cache holds %d entries, bound %d", n, cacheEntries)
	}
}

// TestAuth checks the write endpoints: refused on a read-only server with a message that
// says how to enable them, refused without the right token, allowed with it.
func TestAuth(t *testing.T) {
	readOnly := newTestServer(t, serverConfig{noWorkers: true})
	withToken := newTestServer(t, serverConfig{token: token, noWorkers: true})
	run := `{"scenario":"baseline-2025"}`
	yaml := string(shortYAML("mine"))
	tests := []struct {
		name   string
		ts     *testServer
		method string
		path   string
		body   string
		header []string
		status int
		want   string
	}{
		{"read-only run", readOnly, "POST", "/api/v1/runs", run, nil, 403, "start critmin serve with --token"},
		{"read-only put", readOnly, "PUT", "/api/v1/scenarios/mine", yaml, nil, 403, "read-only"},
		{"read-only validate", readOnly, "POST", "/api/v1/scenarios/validate", yaml, nil, 200, `"ok":true`},
		{"no header", withToken, "POST", "/api/v1/runs", run, nil, 401, "Authorization: Bearer"},
		{"wrong token", withToken, "POST", "/api/v1/runs", run, bearer("guess"), 401, "wrong bearer token"},
		{"basic auth", withToken, "PUT", "/api/v1/scenarios/mine", yaml, []string{"Authorization", "Basic eDp5"}, 401, "Authorization: Bearer"},
		{"right token", withToken, "POST", "/api/v1/runs", run, bearer(token), 202, `"status":"queued"`},
		{"put", withToken, "PUT", "/api/v1/scenarios/mine", yaml, bearer(token), 201, `"version":1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.ts.do(t, tt.method, tt.path, tt.body, tt.header...)
			if res.status != tt.status || !strings.Contains(res.body, tt.want) {
				t.Errorf("%d %s, want %d with %q", res.status, res.body, tt.status, tt.want)
			}
			if res.status == 401 && res.header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
}

// shortYAML is a small valid scenario named name.
func shortYAML(name string) []byte {
	return fmt.Appendf(nil, "name: %s\ntitle: Test %s\nimporter: USA\nrival: CHN\nextends: baseline-2025\nend: 2025-06\n", name, name)
}

// TestScenarioWrites checks storing versions and the problems of invalid files.
func TestScenarioWrites(t *testing.T) {
	ts := newTestServer(t, serverConfig{token: token, noWorkers: true, maxBody: 4096})
	auth := bearer(token)
	for v := 1; v <= 2; v++ {
		res := ts.do(t, "PUT", "/api/v1/scenarios/mine", string(shortYAML("mine")), auth...)
		if res.status != 201 || !strings.Contains(res.body, fmt.Sprintf(`"version":%d`, v)) {
			t.Fatalf("put %d: %d %s", v, res.status, res.body)
		}
		if loc := res.header.Get("Location"); loc != fmt.Sprintf("/api/v1/scenarios/mine?version=%d", v) {
			t.Errorf("Location %q", loc)
		}
	}
	if res := ts.do(t, "GET", "/api/v1/scenarios/mine/versions", ""); res.status != 200 || strings.Count(res.body, `"name":"mine"`) != 2 {
		t.Errorf("versions: %d %s", res.status, res.body)
	}
	if res := ts.do(t, "GET", "/api/v1/scenarios/mine?version=1", ""); res.status != 200 || !strings.Contains(res.body, `"source":"stored","version":1`) {
		t.Errorf("version 1: %d %.300s", res.status, res.body)
	}
	if res := ts.do(t, "GET", "/api/v1/scenarios", ""); !strings.Contains(res.body, `"name":"mine","source":"stored","version":2`) {
		t.Errorf("list lacks the stored scenario: %.300s", res.body)
	}

	bad := "name: mine\nimporter: USA\nrival: CHN\ncontrols:\n  - id: c1\n    exporter: CHN\n    products: [dy]\n    destinations: [all]\n    kind: licensing\n    start: 2025-04\n    licensing:\n      approval: 1.4\n      processing_working_days: 45\n"
	tests := []struct {
		name, method, path, body string
		status                   int
		problem                  problem // the first problem expected
		want                     string
	}{
		{"invalid", "PUT", "/api/v1/scenarios/mine", bad, 422, problem{Line: 12, Column: 17, Path: "controls[0].licensing.approval", Reason: "must be within [0, 1], got 1.4"}, ""},
		{"validate invalid", "POST", "/api/v1/scenarios/validate", bad, 422, problem{Line: 12, Column: 17, Path: "controls[0].licensing.approval", Reason: "must be within [0, 1], got 1.4"}, ""},
		{"overflowing growth", "POST", "/api/v1/scenarios/validate", "name: mine\nimporter: USA\nrival: CHN\ndemand_growth:\n  - {importer: all, sector: all, products: [dy], pct_per_year: 1e308, start: 2025-01}\n", 422,
			problem{Line: 5, Column: 64, Path: "demand_growth[0].pct_per_year", Reason: "must be within (-100, 100], got 1e+308"}, ""},
		{"overflowing floor", "POST", "/api/v1/scenarios/validate", "name: mine\nimporter: USA\nrival: CHN\nprice_floors:\n  - {product: ndpr/separation, producers: [USA], usd_per_kg: 1e308, payer: USA, start: 2025-10}\n", 422,
			problem{Line: 5, Column: 62, Path: "price_floors[0].usd_per_kg", Reason: "must be within (0, 1e+06], got 1e+308"}, ""},
		{"name mismatch", "PUT", "/api/v1/scenarios/other", string(shortYAML("mine")), 422, problem{Path: "name", Reason: `must equal the scenario's name in the request, "other", got "mine"`}, ""},
		{"syntax", "POST", "/api/v1/scenarios/validate", "name: [", 422, problem{}, ""},
		// Valid YAML the data cannot simulate: refused as `critmin scenario check` refuses it,
		// with the importer's position, by validate and by PUT alike.
		{"importer without demand", "POST", "/api/v1/scenarios/validate", "name: mine\nimporter: KOR\nrival: CHN\n", 422,
			problem{Line: 2, Column: 11, Path: "importer", Reason: "KOR has no final demand in the simulation data, which gives it for CHN, EU27, JPN, USA only (every other country's demand is inside ROW), so a run would report KOR never short and independent of any rival whatever happens; `critmin risk --importer KOR` reads its trade data instead"}, ""},
		{"store importer without demand", "PUT", "/api/v1/scenarios/mine", "name: mine\nimporter: KOR\nrival: CHN\n", 422,
			problem{Line: 2, Column: 11, Path: "importer", Reason: "KOR has no final demand in the simulation data, which gives it for CHN, EU27, JPN, USA only (every other country's demand is inside ROW), so a run would report KOR never short and independent of any rival whatever happens; `critmin risk --importer KOR` reads its trade data instead"}, ""},
		// Files that parse but that the compiler refuses: PUT stores nothing (checked below).
		{"store stockpile holder with no use", "PUT", "/api/v1/scenarios/bad-stockpile", badStockpile, 422,
			problem{Line: 7, Column: 13, Path: "stockpiles[0].holder"}, ""},
		{"validate offtake from a non-producer", "POST", "/api/v1/scenarios/validate", badOfftake, 422,
			problem{Line: 8, Column: 13, Path: "offtakes[0].seller"}, ""},
		{"builtin", "PUT", "/api/v1/scenarios/apr2025-licensing", string(shortYAML("apr2025-licensing")), 409, problem{}, "is a built-in scenario"},
		{"bad name", "PUT", "/api/v1/scenarios/My%20File", "x", 400, problem{}, "invalid scenario name"},
		{"empty", "PUT", "/api/v1/scenarios/mine", "", 400, problem{}, "body: empty"},
		{"too large", "PUT", "/api/v1/scenarios/mine", string(shortYAML("mine")) + "# " + strings.Repeat("x", 5000) + "\n", 413, problem{}, "the limit is 4096 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := ts.do(t, tt.method, tt.path, tt.body, auth...)
			if res.status != tt.status {
				t.Fatalf("status %d, want %d: %s", res.status, tt.status, res.body)
			}
			e := decode[apiErr](t, res.body)
			if !strings.Contains(e.Error.Message, tt.want) {
				t.Errorf("message %q, want %q", e.Error.Message, tt.want)
			}
			if tt.status != 422 {
				return
			}
			// The file came as the request body, and is named as every endpoint names a
			// file sent in a request.
			if e.Error.Field != "body" || !strings.HasPrefix(e.Error.Message, runner.InlineFile+":") {
				t.Errorf("field %q, message %q: want field body and a message naming %s", e.Error.Field, e.Error.Message, runner.InlineFile)
			}
			if len(e.Error.Problems) == 0 {
				t.Fatalf("no problems: %s", res.body)
			}
			got := e.Error.Problems[0]
			if tt.problem.Reason == "" {
				got.Reason = ""
			}
			if tt.problem != (problem{}) && got != tt.problem {
				t.Errorf("problem %+v, want %+v", e.Error.Problems[0], tt.problem)
			}
		})
	}
	if res := ts.do(t, "GET", "/api/v1/scenarios/bad-stockpile/versions", ""); res.status != 404 {
		t.Errorf("a refused PUT stored a version: %d %s", res.status, res.body)
	}
}
