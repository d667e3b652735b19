package api

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/critmin/critmin/internal/runner"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/store"
)

// The sources of scenarios.
const (
	sourceBuiltin = "builtin"
	sourceStored  = "stored"
)

// scenarioEntry is one scenario of GET /scenarios: a built-in (version 0) or the latest
// version of a stored one.
type scenarioEntry struct {
	Name      string     `json:"name"`
	Source    string     `json:"source"`
	Version   int        `json:"version"`
	Hash      string     `json:"hash"` // of the YAML file, 12 hex digits of its SHA-256
	Title     string     `json:"title"`
	Summary   string     `json:"summary,omitempty"`
	Extends   string     `json:"extends,omitempty"`
	CreatedAt *time.Time `json:"created_at,omitempty"`
}

// scenarioDetail is the body of GET /scenarios/{name}: the file and its parsed form.
type scenarioDetail struct {
	scenarioEntry
	YAML string `json:"yaml"`
	// Scenario is the file as written, parsed; null when it no longer checks against the
	// server's data, and Problems say why.
	Scenario *scenario.Scenario `json:"scenario"`
	Problems []problem          `json:"problems,omitempty"`
}

// validation is the body of a successful POST /scenarios/validate.
type validation struct {
	OK    bool   `json:"ok"`
	Name  string `json:"name"`
	Title string `json:"title"`
}

func yamlHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:12]
}

func storedEntry(sc store.Scenario) scenarioEntry {
	at := sc.CreatedAt
	return scenarioEntry{Name: sc.Name, Source: sourceStored, Version: sc.Version, Hash: sc.Hash, Title: sc.Title, CreatedAt: &at}
}

func (s *Server) listScenarios(w http.ResponseWriter, r *http.Request) error {
	builtins, err := s.rn.Builtins()
	if err != nil {
		return err
	}
	stored, err := s.st.Scenarios(r.Context())
	if err != nil {
		return fmt.Errorf("list scenarios: %w", err)
	}
	out := make([]scenarioEntry, 0, len(builtins)+len(stored))
	for _, sc := range builtins {
		yaml, err := s.rn.BuiltinYAML(sc.Name)
		if err != nil {
			return err
		}
		out = append(out, scenarioEntry{Name: sc.Name, Source: sourceBuiltin, Hash: yamlHash(yaml), Title: sc.Title, Summary: sc.Summary, Extends: sc.Extends})
	}
	for _, sc := range stored {
		out = append(out, storedEntry(sc))
	}
	slices.SortFunc(out, func(a, b scenarioEntry) int { return strings.Compare(a.Name, b.Name) })
	writeJSON(w, http.StatusOK, out)
	return nil
}

// scenarioName reads and checks the {name} path parameter.
func scenarioName(r *http.Request) (string, error) {
	name := r.PathValue("name")
	if err := runner.CheckName(name); err != nil {
		return "", &paramError{field: "name", err: err}
	}
	return name, nil
}

func (s *Server) getScenario(w http.ResponseWriter, r *http.Request) error {
	name, err := scenarioName(r)
	if err != nil {
		return err
	}
	version, err := intParam(r, "version", 0)
	if err != nil {
		return err
	}
	if version < 0 {
		return badParam("version", "must be 1 or more (or left out for the latest), got %d", version)
	}
	var d scenarioDetail
	var yaml []byte
	if s.rn.IsBuiltin(name) {
		if version != 0 {
			return badParam("version", "%q is a built-in scenario, which has no versions", name)
		}
		if yaml, err = s.rn.BuiltinYAML(name); err != nil {
			return err
		}
		d.scenarioEntry = scenarioEntry{Name: name, Source: sourceBuiltin, Hash: yamlHash(yaml)}
	} else {
		sc, err := s.st.Scenario(r.Context(), name, version)
		if err != nil {
			return fmt.Errorf("get scenario: %w", err)
		}
		yaml, d.scenarioEntry = sc.YAML, storedEntry(sc)
	}
	d.YAML = string(yaml)
	parsed, err := scenario.Parse(name+".yaml", yaml, s.rn.Env())
	switch {
	case err == nil:
		d.Scenario, d.Title, d.Summary, d.Extends = parsed, parsed.Title, parsed.Summary, parsed.Extends
	case errors.Is(err, scenario.ErrInvalid):
		d.Problems = problemsOf(err)
	default:
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) listScenarioVersions(w http.ResponseWriter, r *http.Request) error {
	name, err := scenarioName(r)
	if err != nil {
		return err
	}
	if s.rn.IsBuiltin(name) {
		return notFound("%q is a built-in scenario: it has no stored versions", name)
	}
	vs, err := s.st.ScenarioVersions(r.Context(), name)
	if err != nil {
		return fmt.Errorf("list versions: %w", err)
	}
	if len(vs) == 0 {
		return notFound("scenario %q", name)
	}
	out := make([]scenarioEntry, len(vs))
	for i, v := range vs {
		out[i] = storedEntry(v)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// putScenario checks a file and stores it as the next version of its name.
func (s *Server) putScenario(w http.ResponseWriter, r *http.Request) error {
	name, err := scenarioName(r)
	if err != nil {
		return err
	}
	if s.rn.IsBuiltin(name) {
		return fmt.Errorf("%q is a built-in scenario; store yours under another name: %w", name, store.ErrConflict)
	}
	yaml, err := readBody(r)
	if err != nil {
		return err
	}
	// Checked whole (parsed and compiled) before anything is stored: a refused file
	// leaves the store as it was.
	sc, err := s.rn.CheckScenario(runner.InlineFile, name, yaml)
	if err != nil {
		return inField("body", err)
	}
	stored, err := s.st.PutScenario(r.Context(), name, sc.Title, yaml)
	if err != nil {
		return fmt.Errorf("store scenario: %w", err)
	}
	w.Header().Set("Location", fmt.Sprintf("%s/scenarios/%s?version=%d", Prefix, name, stored.Version))
	writeJSON(w, http.StatusCreated, storedEntry(stored))
	return nil
}

// validateScenario checks a file without storing it.
func (s *Server) validateScenario(w http.ResponseWriter, r *http.Request) error {
	yaml, err := readBody(r)
	if err != nil {
		return err
	}
	sc, err := s.rn.CheckScenario(runner.InlineFile, "", yaml)
	if err != nil {
		return inField("body", err)
	}
	writeJSON(w, http.StatusOK, validation{OK: true, Name: sc.Name, Title: sc.Title})
	return nil
}

// readBody reads a request body within the size limit the route wrapper set.
func readBody(r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(r.Body)
	if _, tooLarge := errors.AsType[*http.MaxBytesError](err); err != nil && !tooLarge {
		// A body shorter than its Content-Length, or a connection cut mid-body, is the
		// client's doing: a 400, not a 500.
		return nil, badParam("body", "read: %v", err)
	}
	if err != nil {
		return nil, fmt.Errorf("read request body: %w", err)
	}
	if len(b) == 0 {
		return nil, badParam("body", "empty: send the scenario file as the request body")
	}
	return b, nil
}
