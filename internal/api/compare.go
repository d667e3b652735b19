package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/critmin/critmin/internal/report"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/store"
)

// reportCSP allows the reports' inline style and data images and nothing else: they carry
// no script.
const reportCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"

// result reads and decodes the result of a done run.
func (s *Server) result(r *http.Request, run store.Run) (*sim.Result, error) {
	b, err := s.st.Result(r.Context(), run.ID)
	if err != nil {
		return nil, fmt.Errorf("get result of run %s: %w", run.ID, err)
	}
	var res sim.Result
	if err := json.Unmarshal(b, &res); err != nil {
		return nil, fmt.Errorf("decode result of run %s: %w", run.ID, err)
	}
	return &res, nil
}

func (s *Server) getReport(w http.ResponseWriter, r *http.Request) error {
	run, err := s.doneRun(r, "id")
	if err != nil {
		return err
	}
	res, err := s.result(r, run)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	opts := report.HTMLOptions{Generator: "critmin " + s.opts.Version, Provenance: provenance(run), CountryName: s.ds.CountryName}
	// A run whose scenario or data changed since still gets its report, without caveats.
	if sc, err := s.rn.Scenario(r.Context(), run); err == nil {
		opts.Caveats = report.PointCaveats(sc)
	}
	err = report.WriteRunHTML(&buf, res, opts)
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	writeHTML(w, r, buf.Bytes())
	return nil
}

// provenance is the footer of a run's report.
func provenance(run store.Run) []report.Fact {
	sc := run.Scenario
	if run.ScenarioVersion > 0 {
		sc = fmt.Sprintf("%s version %d", run.Scenario, run.ScenarioVersion)
	} else {
		sc += " (built-in)"
	}
	return []report.Fact{
		{Name: "Run", Value: run.ID},
		{Name: "Scenario", Value: sc},
		{Name: "Scenario hash", Value: run.ScenarioHash},
		{Name: "Seed", Value: fmt.Sprint(run.Seed)},
		{Name: "World data version", Value: run.DataVersion},
		{Name: "Program version", Value: run.ProgramVersion},
	}
}

func writeHTML(w http.ResponseWriter, r *http.Request, b []byte) {
	w.Header().Set("Content-Security-Policy", reportCSP)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	writeRaw(w, r, b, "text/html; charset=utf-8")
}

// compare gives report.CompareSummary of two done runs as JSON, or the HTML comparison.
func (s *Server) compare(w http.ResponseWriter, r *http.Request) error {
	format := r.URL.Query().Get("format")
	if format != "" && format != "json" && format != "html" {
		return badParam("format", "unknown format %q (want json or html)", format)
	}
	for _, name := range []string{"a", "b"} {
		if r.URL.Query().Get(name) == "" {
			return badParam(name, "missing: give a run id")
		}
	}
	runA, err := s.doneRun(r, "a")
	if err != nil {
		return err
	}
	runB, err := s.doneRun(r, "b")
	if err != nil {
		return err
	}
	a, err := s.result(r, runA)
	if err != nil {
		return err
	}
	b, err := s.result(r, runB)
	if err != nil {
		return err
	}
	if format == "html" {
		var buf bytes.Buffer
		if err := report.WriteCompareHTML(&buf, a, b, report.HTMLOptions{Generator: "critmin " + s.opts.Version, CountryName: s.ds.CountryName}); err != nil {
			return fmt.Errorf("write comparison: %w", err)
		}
		writeHTML(w, r, buf.Bytes())
		return nil
	}
	writeJSON(w, http.StatusOK, report.CompareSummary(a, b).Value)
	return nil
}
