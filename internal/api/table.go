package api

import (
	"net/http"

	"github.com/critmin/critmin/internal/plan"
	"github.com/critmin/critmin/internal/profile"
	"github.com/critmin/critmin/internal/report"
	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/risk"
	"github.com/critmin/critmin/internal/runner"
)

// routes is the API: the mux and the OpenAPI document are both built from it, so they
// cannot disagree. Paths are below Prefix.
var routes = []route{
	{method: "GET", path: "/health", id: "getHealth", summary: "Server status: version, data version, read-only or not, run queue, plans",
		responses: []response{{status: 200, desc: "The server's status.", schema: health{}}},
		handle:    (*Server).getHealth},
	{method: "GET", path: "/openapi.json", id: "getOpenAPI", summary: "This document",
		responses: []response{{status: 200, desc: "The OpenAPI 3.1 document of the API.", schema: map[string]any{"type": "object"}}},
		handle:    (*Server).getOpenAPI},

	{method: "GET", path: "/commodities", id: "listCommodities", summary: "The commodities of the world data with their coverage (as 'critmin world --json')",
		responses: []response{{status: 200, desc: "One entry per commodity.", schema: []profile.Coverage{}}},
		handle:    (*Server).listCommodities},
	{method: "GET", path: "/commodities/{id}", id: "getCommodity",
		summary:   "One commodity: share tables by stage, reserves, capacity, prices and sources (as 'critmin world show ID --sources --json')",
		params:    []param{pathParam("id", "commodity id, e.g. rare_earths or gallium"), query("year", "integer", "data year (default: each stage's latest year with reported data)")},
		responses: []response{{status: 200, desc: "The commodity.", schema: profile.Commodity{}}},
		handle:    (*Server).getCommodity},
	{method: "GET", path: "/risk", id: "getRisk", summary: "A risk lens for an importer over every commodity (as 'critmin risk --json')",
		params: []param{
			query("importer", "string", "importing country: ISO3 code, name or alias (default USA)"),
			query("lens", "string", "the lens (default overview); docs/lenses.md has the formulas", risk.Lenses...),
			query("country", "string", "supplier country for concentration shares and chained exposure (default CHN)"),
			query("commodity", "string", "only this commodity (default: all)"),
			query("year", "integer", "data year (default: each stage's latest year with reported data)"),
		},
		responses: []response{{status: 200, desc: "One row per commodity (per stage for concentration); the row type depends on the lens.",
			schema: oneOf([]risk.CommodityRisk{}, []risk.StageConcentration{}, []risk.RelianceResult{}, []risk.EUCRMResult{},
				[]risk.USGSRisk{}, []risk.GeoPolRiskResult{}, []risk.ChainedResult{})}},
		handle: (*Server).getRisk},

	{method: "GET", path: "/scenarios", id: "listScenarios", summary: "The built-in scenarios and the latest version of every stored one, by name",
		responses: []response{{status: 200, desc: "The scenarios.", schema: []scenarioEntry{}}},
		handle:    (*Server).listScenarios},
	{method: "GET", path: "/scenarios/{name}", id: "getScenario", summary: "One scenario: its YAML file and its parsed form",
		params:    []param{pathParam("name", "scenario name"), query("version", "integer", "stored version (default: the latest)")},
		responses: []response{{status: 200, desc: "The scenario.", schema: scenarioDetail{}}},
		handle:    (*Server).getScenario},
	{method: "GET", path: "/scenarios/{name}/versions", id: "listScenarioVersions", summary: "Every stored version of a scenario, oldest first",
		params:    []param{pathParam("name", "scenario name")},
		responses: []response{{status: 200, desc: "The versions.", schema: []scenarioEntry{}}},
		handle:    (*Server).listScenarioVersions},
	{method: "PUT", path: "/scenarios/{name}", id: "putScenario", write: true,
		summary: "Check a scenario file and store it as the next version of its name (the file's name: must match)",
		params:  []param{pathParam("name", "scenario name; may not be a built-in's")},
		body:    &body{contentType: "application/yaml", desc: "The scenario file (docs/scenario-format.md).", schema: map[string]any{"type": "string"}},
		responses: []response{{status: 201, desc: "Stored; Location names the version.", schema: scenarioEntry{}},
			{status: 409, desc: "The name is a built-in scenario's.", schema: errorBody{}},
			{status: 422, desc: "The file is invalid or does not compile against the world data: nothing is stored; error.field is body, error.problems lists every problem with its position in request.yaml.", schema: errorBody{}}},
		handle: (*Server).putScenario},
	{method: "POST", path: "/scenarios/validate", id: "validateScenario", summary: "Check a scenario file without storing it (needs no token)",
		body: &body{contentType: "application/yaml", desc: "The scenario file.", schema: map[string]any{"type": "string"}},
		responses: []response{{status: 200, desc: "The file is valid.", schema: validation{}},
			{status: 422, desc: "The file is invalid or does not compile against the world data: error.field is body, error.problems lists every problem with its position in request.yaml.", schema: errorBody{}}},
		handle: (*Server).validateScenario},

	{method: "POST", path: "/runs", id: "submitRun", write: true,
		summary: "Queue a run of a built-in, stored or inline scenario; an inline file is checked and compiled first, then stored with the run as the next version of its name unless identical to the latest",
		body: &body{contentType: "application/json", desc: "What to run: a scenario (with an optional version) or an inline yaml file. " +
			"yaml excludes scenario and version: a request with both is a 400 on field yaml.", schema: runRequest{}},
		responses: []response{{status: 202, desc: "Queued; Location and links name the run.", schema: runView{}},
			{status: 422, desc: "The scenario is invalid or does not compile against the world data: nothing is stored; " +
				"error.field is yaml (positions in request.yaml) or scenario (positions in NAME.yaml), error.problems lists every problem.", schema: errorBody{}},
			{status: 503, desc: "The run queue is full (or the server is shutting down); retry after Retry-After seconds.", schema: errorBody{}}},
		handle: (*Server).submitRun},
	{method: "GET", path: "/runs", id: "listRuns", summary: "Runs, newest first",
		params: []param{query("scenario", "string", "only runs of this scenario"),
			query("status", "string", "only runs in this status", "queued", "running", "done", "failed", "interrupted"),
			query("limit", "integer", "at most this many runs, 1 to 1000 (default 100)")},
		responses: []response{{status: 200, desc: "The runs.", schema: runList{}}},
		handle:    (*Server).listRuns},
	{method: "GET", path: "/runs/{id}", id: "getRun", summary: "One run: status, progress (0..1), provenance",
		params:    []param{pathParam("id", "run id")},
		responses: []response{{status: 200, desc: "The run.", schema: runView{}}},
		handle:    (*Server).getRun},
	{method: "GET", path: "/runs/{id}/events", id: "runEvents",
		summary: "Live progress as Server-Sent Events: 'progress' events, then 'done' or 'failed'; data is a Progress",
		params:  []param{pathParam("id", "run id")},
		responses: []response{{status: 200, desc: "An event stream; each event's data is a Progress object.", contentType: "text/event-stream",
			schema: runner.Progress{}}},
		handle: (*Server).runEvents},
	{method: "GET", path: "/runs/{id}/result", id: "getResult",
		summary: "A done run's result: every monthly series and the summary, or for a Monte Carlo study (replications > 1) its aggregates: percentiles by month, headline distributions, milestones and sensitivity",
		params:  []param{pathParam("id", "run id")},
		responses: []response{{status: 200, desc: "The result of a deterministic run, or the aggregates of a study (as 'critmin run --runs N --json').",
			schema: oneOf(result.Run{}, report.MCRun{})},
			{status: 409, desc: "The run is not done.", schema: errorBody{}}},
		handle: (*Server).getResult},
	{method: "GET", path: "/runs/{id}/report.html", id: "getReport", summary: "A done run's self-contained HTML report with SVG charts (a study's: fan charts of the percentiles)",
		params: []param{pathParam("id", "run id")},
		responses: []response{{status: 200, desc: "The report.", contentType: "text/html", schema: map[string]any{"type": "string"}},
			{status: 409, desc: "The run is not done.", schema: errorBody{}}},
		handle: (*Server).getReport},
	{method: "POST", path: "/plans", id: "submitPlan", write: true,
		summary: "Queue a plan: the search for the portfolio of candidate measures that minimises a risk within a budget (the file 'critmin plan FILE' takes; docs/planner.md). Its scenario must be a built-in; its runs at most --max-replications. Plans run one at a time and are kept in the server's store: a restart resumes the waiting ones and marks a running one interrupted",
		body:    &body{contentType: "application/yaml", desc: "The plan file (docs/planner.md).", schema: map[string]any{"type": "string"}},
		responses: []response{{status: 202, desc: "Queued; Location and links name the plan.", schema: planView{}},
			{status: 422, desc: "The plan is invalid: error.problems lists every problem with its position in plan.yaml.", schema: errorBody{}},
			{status: 503, desc: "The plan queue is full (or the server is shutting down); retry after Retry-After seconds.", schema: errorBody{}}},
		handle: (*Server).submitPlan},
	{method: "GET", path: "/plans", id: "listPlans", summary: "The plans this server holds, newest first",
		responses: []response{{status: 200, desc: "The plans.", schema: planList{}}},
		handle:    (*Server).listPlans},
	{method: "GET", path: "/plans/{id}", id: "getPlan", summary: "One plan: status, portfolios evaluated, progress (0..1)",
		params:    []param{pathParam("id", "plan id")},
		responses: []response{{status: 200, desc: "The plan.", schema: planView{}}},
		handle:    (*Server).getPlan},
	{method: "GET", path: "/plans/{id}/events", id: "planEvents",
		summary: "Live progress as Server-Sent Events: 'progress' events (one per portfolio evaluated), then 'done' or 'failed'; data is the plan",
		params:  []param{pathParam("id", "plan id")},
		responses: []response{{status: 200, desc: "An event stream; each event's data is a plan.", contentType: "text/event-stream",
			schema: planView{}}},
		handle: (*Server).planEvents},
	{method: "GET", path: "/plans/{id}/result", id: "getPlanResult",
		summary: "A done plan's result (as 'critmin plan --json'): the chosen portfolio, the empty one, and the cost-risk frontier, each portfolio with its estimate and the binding stages of its road to independence",
		params:  []param{pathParam("id", "plan id")},
		responses: []response{{status: 200, desc: "The plan's result.", schema: plan.Output{}},
			{status: 409, desc: "The plan is not done.", schema: errorBody{}}},
		handle: (*Server).getPlanResult},
	{method: "GET", path: "/compare", id: "compareRuns", summary: "Two done runs side by side with the difference B minus A (as 'critmin compare')",
		params: []param{{name: "a", in: "query", typ: "string", required: true, desc: "run id of A"},
			{name: "b", in: "query", typ: "string", required: true, desc: "run id of B"},
			query("format", "string", "json (default) or html", "json", "html")},
		responses: []response{{status: 200, desc: "The comparison: JSON, or HTML with format=html.", schema: comparisonDoc{}},
			{status: 409, desc: "A run is not done, or is a Monte Carlo study (comparisons take deterministic runs).", schema: errorBody{}}},
		handle: (*Server).compare},
}

// health is the body of GET /health.
type health struct {
	Status      string       `json:"status"`
	Version     string       `json:"version"`
	DataVersion string       `json:"data_version"`
	ReadOnly    bool         `json:"read_only"`
	Runs        runner.Stats `json:"runs"`
	// Plans counts the plans waiting, running and kept.
	Plans runner.PlanStats `json:"plans"`
}

func (s *Server) getHealth(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, health{Status: "ok", Version: s.opts.Version, DataVersion: s.ds.Version, ReadOnly: s.ReadOnly(), Runs: s.rn.Stats(),
		Plans: s.rn.Plans().Stats()})
	return nil
}

func (s *Server) getOpenAPI(w http.ResponseWriter, r *http.Request) error {
	s.openapi.serve(w, r, "public, max-age=300")
	return nil
}

// comparisonDoc describes the JSON of report.CompareSummary for the document.
type comparisonDoc struct {
	A runDigestDoc `json:"a"`
	B runDigestDoc `json:"b"`
}

type runDigestDoc struct {
	Scenario string         `json:"scenario"`
	Title    string         `json:"title"`
	Summary  result.Summary `json:"summary"`
}
