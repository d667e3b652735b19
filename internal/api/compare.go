package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/critmin/critmin/internal/report"
	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/store"
)

// reportCSP allows the reports' inline style and data images and nothing else: they carry
// no script.
const reportCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"

// result reads and decodes the result of a done run.
func (s *Server) result(ctx context.Context, run store.Run) (*result.Run, error) {
	b, err := s.st.Result(ctx, run.ID)
	if err != nil {
		return nil, fmt.Errorf("get result of run %s: %w", run.ID, err)
	}
	res, err := result.Decode(b)
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", run.ID, err)
	}
	return res, nil
}

// studyResult reads and decodes the result of a done Monte Carlo study.
func (s *Server) studyResult(ctx context.Context, run store.Run) (*report.MCRun, error) {
	b, err := s.st.Result(ctx, run.ID)
	if err != nil {
		return nil, fmt.Errorf("get result of run %s: %w", run.ID, err)
	}
	mc, err := report.DecodeMCRun(b)
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", run.ID, err)
	}
	return mc, nil
}

func (s *Server) getReport(w http.ResponseWriter, r *http.Request) error {
	run, err := s.doneRun(r, "id")
	if err != nil {
		return err
	}
	// A done run's report never changes: it is rendered once, by the first request, on a
	// context that the client going away does not cancel, since others may wait for it.
	ctx := context.WithoutCancel(r.Context())
	doc, err := s.opts.Reports.Get("report/"+run.ID, func() ([]byte, error) {
		var buf bytes.Buffer
		opts := report.HTMLOptions{Generator: "critmin " + s.opts.Version, Provenance: provenance(run), CountryName: s.ds.CountryName}
		// A run whose scenario or data changed since still gets its report, without caveats.
		if sc, err := s.rn.Scenario(ctx, run); err == nil {
			opts.Caveats, opts.Scenario = report.PointCaveats(sc), sc
		}
		if run.Replications > 1 {
			mc, err := s.studyResult(ctx, run)
			if err != nil {
				return nil, err
			}
			if err := report.WriteMCHTML(&buf, mc, opts); err != nil {
				return nil, fmt.Errorf("write study report: %w", err)
			}
			return buf.Bytes(), nil
		}
		res, err := s.result(ctx, run)
		if err != nil {
			return nil, err
		}
		if err := report.WriteRunHTML(&buf, res, opts); err != nil {
			return nil, fmt.Errorf("write report: %w", err)
		}
		return buf.Bytes(), nil
	})
	if err != nil {
		return err
	}
	writeDocument(w, r, doc, "report-"+run.ID, "text/html; charset=utf-8")
	return nil
}

// writeDocument serves a cached document of done runs, which never changes: with an ETag
// of its key, kept by clients, compressed once.
func writeDocument(w http.ResponseWriter, r *http.Request, doc *report.Document, key, contentType string) {
	if strings.HasPrefix(contentType, "text/html") {
		w.Header().Set("Content-Security-Policy", reportCSP)
	}
	c := &cached{body: doc.Body, gz: doc.Gzip, etag: `"` + key + `"`, contentType: contentType}
	c.serve(w, r, resultMaxAge)
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
	for _, run := range []store.Run{runA, runB} {
		if run.Replications > 1 {
			return fmt.Errorf("run %s is a Monte Carlo study of %d replications: comparisons take deterministic runs (replications 1): %w",
				run.ID, run.Replications, store.ErrConflict)
		}
	}
	ctx := context.WithoutCancel(r.Context())
	key := "compare-" + format + "-" + runA.ID + "-" + runB.ID
	contentType := "application/json"
	if format == "html" {
		contentType = "text/html; charset=utf-8"
	}
	doc, err := s.opts.Reports.Get(key, func() ([]byte, error) {
		a, err := s.result(ctx, runA)
		if err != nil {
			return nil, err
		}
		b, err := s.result(ctx, runB)
		if err != nil {
			return nil, err
		}
		if format == "html" {
			var buf bytes.Buffer
			if err := report.WriteCompareHTML(&buf, a, b, report.HTMLOptions{Generator: "critmin " + s.opts.Version, CountryName: s.ds.CountryName}); err != nil {
				return nil, fmt.Errorf("write comparison: %w", err)
			}
			return buf.Bytes(), nil
		}
		js, err := json.Marshal(report.CompareSummary(a, b).Value)
		if err != nil {
			return nil, fmt.Errorf("encode comparison: %w", err)
		}
		return append(js, '\n'), nil
	})
	if err != nil {
		return err
	}
	writeDocument(w, r, doc, key, contentType)
	return nil
}
