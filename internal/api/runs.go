package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/runner"
	"github.com/critmin/critmin/internal/store"
)

// runRequest is the body of POST /runs.
type runRequest struct {
	// Scenario names a built-in or stored scenario; Version picks a stored version (0 or
	// absent: the latest).
	Scenario string `json:"scenario,omitempty"`
	Version  int    `json:"version,omitempty"`
	// YAML is an inline scenario file; it excludes Scenario and Version.
	YAML         string `json:"yaml,omitempty"`
	Seed         int64  `json:"seed,omitempty"`
	Replications int    `json:"replications,omitempty"`
}

// amendSchema says in the OpenAPI schema that yaml excludes scenario and version.
func (runRequest) amendSchema(s map[string]any) {
	s["description"] = "A built-in or stored scenario (scenario, optional version) or an inline file (yaml), not both: " +
		"yaml with scenario or version is a 400 on field yaml."
	s["not"] = map[string]any{"anyOf": []any{
		map[string]any{"required": []any{"scenario", "yaml"}},
		map[string]any{"required": []any{"version", "yaml"}},
	}}
	props := s["properties"].(map[string]any)
	props["yaml"].(map[string]any)["description"] = "an inline scenario file, named request.yaml in messages; excludes scenario and version"
	props["scenario"].(map[string]any)["description"] = "a built-in or stored scenario's name; excludes yaml"
}

// runView is a run with the addresses of what belongs to it.
type runView struct {
	store.Run
	Links runLinks `json:"links"`
}

type runLinks struct {
	Self   string `json:"self"`
	Events string `json:"events"`
	Result string `json:"result"`
	Report string `json:"report"`
}

func viewOf(run store.Run) runView {
	base := Prefix + "/runs/" + run.ID
	return runView{Run: run, Links: runLinks{Self: base, Events: base + "/events", Result: base + "/result", Report: base + "/report.html"}}
}

// runList is the body of GET /runs.
type runList struct {
	Runs []runView `json:"runs"`
}

func (s *Server) submitRun(w http.ResponseWriter, r *http.Request) error {
	b, err := readBody(r)
	if err != nil {
		return err
	}
	var req runRequest
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return badParam("body", "not a run request: %v", err)
	}
	if dec.More() {
		return badParam("body", "more than one JSON value")
	}
	run, err := s.rn.Submit(r.Context(), runner.Request{Scenario: req.Scenario, Version: req.Version,
		YAML: []byte(req.YAML), Seed: req.Seed, Replications: req.Replications})
	if err != nil {
		if req.YAML != "" {
			return inField("yaml", err)
		}
		return inField("scenario", err)
	}
	v := viewOf(run)
	w.Header().Set("Location", v.Links.Self)
	writeJSON(w, http.StatusAccepted, v)
	return nil
}

func (s *Server) listRuns(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := store.RunFilter{Scenario: q.Get("scenario"), Status: store.RunStatus(q.Get("status"))}
	if f.Scenario != "" {
		if err := runner.CheckName(f.Scenario); err != nil {
			return &paramError{field: "scenario", err: err}
		}
	}
	switch f.Status {
	case "", store.Queued, store.Running, store.Done, store.Failed, store.Interrupted:
	default:
		return badParam("status", "unknown status %q (want queued, running, done, failed or interrupted)", f.Status)
	}
	limit, err := intParam(r, "limit", 100)
	if err != nil {
		return err
	}
	if limit < 1 || limit > maxRunLimit {
		return badParam("limit", "must be within [1, %d], got %d", maxRunLimit, limit)
	}
	f.Limit = limit
	runs, err := s.st.Runs(r.Context(), f)
	if err != nil {
		return fmt.Errorf("list runs: %w", err)
	}
	out := runList{Runs: make([]runView, len(runs))}
	for i, run := range runs {
		out.Runs[i] = viewOf(run)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// maxRunLimit bounds GET /runs?limit=.
const maxRunLimit = 1000

// run reads the run the {id} path parameter names.
func (s *Server) run(r *http.Request, name string) (store.Run, error) {
	id := r.PathValue(name)
	if id == "" {
		id = r.URL.Query().Get(name)
	}
	if id == "" {
		return store.Run{}, badParam(name, "missing: give a run id")
	}
	run, err := s.st.Run(r.Context(), id)
	if isNotFound(err) || isInvalid(err) {
		return store.Run{}, notFound("run %q", id)
	}
	if err != nil {
		return store.Run{}, fmt.Errorf("get run: %w", err)
	}
	return run, nil
}

func (s *Server) getRun(w http.ResponseWriter, r *http.Request) error {
	run, err := s.run(r, "id")
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewOf(run))
	return nil
}

// doneRun reads a run that must be done to have a result.
func (s *Server) doneRun(r *http.Request, name string) (store.Run, error) {
	run, err := s.run(r, name)
	if err != nil {
		return run, err
	}
	switch run.Status {
	case store.Done:
	case store.Failed, store.Interrupted:
		return run, fmt.Errorf("run %s is %s (%s): it has no result: %w", run.ID, run.Status, run.Error, store.ErrConflict)
	default:
		return run, fmt.Errorf("run %s is %s: its result exists once it is done: %w", run.ID, run.Status, store.ErrConflict)
	}
	return run, nil
}

// resultMaxAge lets clients keep results: a done run's result never changes.
const resultMaxAge = "private, max-age=31536000, immutable"

func (s *Server) getResult(w http.ResponseWriter, r *http.Request) error {
	run, err := s.doneRun(r, "id")
	if err != nil {
		return err
	}
	// The ETag names the schema version: a client's copy in an earlier one is replaced.
	etag := `"` + run.ID + "-v" + strconv.Itoa(result.Version) + `"`
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		w.Header().Set("ETag", etag)
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	b, err := s.st.Result(r.Context(), run.ID)
	if err != nil {
		return fmt.Errorf("get result: %w", err)
	}
	// A document stored by an earlier schema version is served in the current one; a
	// current one is served as stored.
	if b, err = result.Upgrade(b); err != nil {
		return fmt.Errorf("result of run %s: %w", run.ID, err)
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", resultMaxAge)
	writeRaw(w, r, b, "application/json")
	return nil
}
