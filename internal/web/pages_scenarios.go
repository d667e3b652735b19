package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/critmin/critmin/internal/runner"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/store"
)

// libraryView is the content of the scenario library.
type libraryView struct {
	ReadOnly bool
	// MaxReplications above 1 shows a replications field: runs of more are studies.
	MaxReplications int
	Builtins        []scenarioEntry
	Stored          []scenarioEntry
}

// scenarioEntry is one scenario of the library.
type scenarioEntry struct {
	// ReadOnly hides the entry's Run button.
	ReadOnly bool
	Name     string
	Title    string
	Summary  string
	Importer string
	Rival    string
	Version  int
	Created  string
}

// scenarioLibrary serves /scenarios: the built-in scenarios and the stored ones.
func (s *server) scenarioLibrary(w http.ResponseWriter, r *http.Request) {
	v := libraryView{ReadOnly: s.ReadOnly, MaxReplications: s.maxReplications()}
	builtins, err := s.Runner.Builtins()
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, "", fmt.Errorf("list built-in scenarios: %w", err))
		return
	}
	for _, sc := range builtins {
		v.Builtins = append(v.Builtins, scenarioEntry{ReadOnly: s.ReadOnly, Name: sc.Name, Title: sc.Title, Summary: sc.Summary,
			Importer: sc.Importer, Rival: sc.Rival})
	}
	stored, err := s.Store.Scenarios(r.Context())
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, "", fmt.Errorf("list stored scenarios: %w", err))
		return
	}
	for _, sc := range stored {
		v.Stored = append(v.Stored, scenarioEntry{ReadOnly: s.ReadOnly, Name: sc.Name, Title: sc.Title, Version: sc.Version,
			Created: formatTime(sc.CreatedAt)})
	}
	s.render(w, http.StatusOK, "scenarios.html", page{Title: "Scenarios", Nav: "scenarios",
		Scripts: []string{"api.js", "library.js"}, Data: v})
}

// editorView is the content of the scenario editor.
type editorView struct {
	ReadOnly bool
	// MaxReplications above 1 shows a replications field: runs of more are studies.
	MaxReplications int
	// Name is the stored scenario the text belongs to; empty for a new one.
	Name string
	// Origin says where the text came from, for the heading.
	Origin string
	// BuiltinName is set when the text is a built-in's, which cannot be overwritten.
	BuiltinName string
	YAML        string
	Version     int
	Versions    []store.Scenario
	// Problems are the results of a check without JavaScript (POST /scenarios/check).
	Checked  bool
	Problems []problem
}

// problem is one scenario error, positioned for the editor.
type problem struct {
	Line   int
	Column int
	Path   string
	Reason string
}

// blankScenario is the text of /scenarios/new without a starting point: a scenario that
// adds nothing to the 2025 baseline yet, with the format's sections named in comments.
const blankScenario = `# A new scenario: it runs the 2025 baseline and adds what you list below.
# docs/scenario-format.md describes every section (controls, suspensions, tariffs,
# outages, demand_growth, projects, stockpiles, price_floors, priority, ...).
name: my-scenario
title: My scenario
summary: One line that says what this scenario asks.
importer: USA
rival: CHN
extends: baseline-2025
controls:
  - id: my-control
    exporter: CHN
    products: [dy/separation, tb/separation]
    destinations: [USA]
    kind: licensing
    start: 2025-04
    licensing:
      approval: 0.5
      processing_working_days: 45
`

// scenarioNew serves /scenarios/new, optionally starting from ?from=NAME (a built-in or a
// stored scenario).
func (s *server) scenarioNew(w http.ResponseWriter, r *http.Request) {
	v := editorView{Origin: "a blank scenario", YAML: blankScenario}
	if from := r.URL.Query().Get("from"); from != "" {
		src, status, err := s.editorSource(r, from, 0)
		if err != nil {
			s.fail(w, r, status, "There is no scenario of that name to start from.", err)
			return
		}
		v.YAML, v.Origin, v.BuiltinName = src.YAML, src.Origin, src.BuiltinName
	}
	s.renderEditor(w, http.StatusOK, "New scenario", v)
}

// scenarioEdit serves /scenarios/{name}/edit: the latest version of a stored scenario (or
// ?version=N), or a built-in's file to save under a new name.
func (s *server) scenarioEdit(w http.ResponseWriter, r *http.Request) {
	version := 0
	if q := r.URL.Query().Get("version"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 {
			s.fail(w, r, http.StatusBadRequest, "The version must be a whole number from 1.", nil)
			return
		}
		version = n
	}
	v, status, err := s.editorSource(r, r.PathValue("name"), version)
	if err != nil {
		s.fail(w, r, status, "There is no scenario or version of that name.", err)
		return
	}
	title := "Edit " + r.PathValue("name")
	s.renderEditor(w, http.StatusOK, title, v)
}

// errNoScenario means a name or version the editor cannot open.
var errNoScenario = errors.New("no such scenario")

// editorSource loads the text of a built-in or stored scenario. The name is only
// compared with the built-ins' names or passed to the store, never used as a path.
func (s *server) editorSource(r *http.Request, name string, version int) (editorView, int, error) {
	if runner.CheckName(name) != nil {
		return editorView{}, http.StatusNotFound, errNoScenario
	}
	if s.Runner.IsBuiltin(name) {
		if version != 0 {
			return editorView{}, http.StatusNotFound, errNoScenario
		}
		b, err := s.Runner.BuiltinYAML(name)
		if err != nil {
			return editorView{}, http.StatusInternalServerError, fmt.Errorf("read built-in %s: %w", name, err)
		}
		return editorView{YAML: string(b), Origin: "the built-in scenario " + name, BuiltinName: name}, 0, nil
	}
	sc, err := s.Store.Scenario(r.Context(), name, version)
	if errors.Is(err, store.ErrNotFound) {
		return editorView{}, http.StatusNotFound, errNoScenario
	}
	if err != nil {
		return editorView{}, http.StatusInternalServerError, fmt.Errorf("load scenario %s: %w", name, err)
	}
	versions, err := s.Store.ScenarioVersions(r.Context(), name)
	if err != nil {
		return editorView{}, http.StatusInternalServerError, fmt.Errorf("list versions of %s: %w", name, err)
	}
	return editorView{Name: sc.Name, YAML: string(sc.YAML), Version: sc.Version, Versions: versions,
		Origin: fmt.Sprintf("version %d of %s", sc.Version, sc.Name)}, 0, nil
}

// maxScenarioBytes bounds a scenario posted to the no-script check.
const maxScenarioBytes = 1 << 20

// scenarioCheck serves POST /scenarios/check, the editor's check for readers without
// JavaScript: it validates the posted text and shows the editor again with the problems.
// It stores nothing, so it needs no token.
func (s *server) scenarioCheck(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxScenarioBytes)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, http.StatusRequestEntityTooLarge, "The scenario is too large to check (at most 1 MiB).", nil)
		return
	}
	text := strings.ReplaceAll(r.PostForm.Get("yaml"), "\r\n", "\n")
	v := editorView{YAML: text, Origin: "your text", Checked: true, BuiltinName: r.PostForm.Get("builtin")}
	if name := r.PostForm.Get("name"); runner.CheckName(name) == nil {
		v.Name = name
	}
	v.Problems = checkScenario(s.Runner, text)
	s.renderEditor(w, http.StatusOK, "Check scenario", v)
}

// checkScenario checks text as POST /api/v1/scenarios/validate does, parsed and compiled
// against the world data, and returns its problems.
func checkScenario(rn *runner.Runner, text string) []problem {
	_, err := rn.CheckScenario(runner.InlineFile, "", []byte(text))
	if err == nil {
		return nil
	}
	var list *scenario.ErrorList
	if errors.As(err, &list) {
		out := make([]problem, 0, len(list.Errors))
		for _, e := range list.Errors {
			out = append(out, problem{Line: e.Line, Column: e.Column, Path: e.Path, Reason: e.Reason})
		}
		return out
	}
	var one *scenario.Error
	if errors.As(err, &one) {
		return []problem{{Line: one.Line, Column: one.Column, Path: one.Path, Reason: one.Reason}}
	}
	return []problem{{Reason: err.Error()}}
}

// maxReplications is the runner's limit, 1 without a runner.
func (s *server) maxReplications() int {
	if s.Runner == nil {
		return 1
	}
	return s.Runner.MaxReplications()
}

// renderEditor renders the editor page.
func (s *server) renderEditor(w http.ResponseWriter, status int, title string, v editorView) {
	v.ReadOnly, v.MaxReplications = s.ReadOnly, s.maxReplications()
	s.render(w, status, "editor.html", page{Title: title, Nav: "scenarios",
		Scripts: []string{"api.js", "editor.js"}, Data: v})
}
