package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/critmin/critmin/internal/report"
	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/store"
)

// runsShown bounds the runs listed on /runs and offered by the compare form.
const runsShown = 200

// liveRefreshSeconds is how often a page of a run in progress reloads itself for readers
// without JavaScript; with it, the page follows the run's events instead.
const liveRefreshSeconds = 5

// runRow is a run as the lists show it.
type runRow struct {
	store.Run
	Percent  int
	Created  string
	Finished string
	// Title is the scenario's title, or its name when it has none; the run picker lists
	// runs by it.
	Title string
}

func newRunRow(r store.Run) runRow {
	row := runRow{Run: r, Percent: percent(r), Created: formatTime(r.CreatedAt)}
	if r.FinishedAt != nil {
		row.Finished = formatTime(*r.FinishedAt)
	}
	return row
}

// percent is a run's progress in whole percent.
func percent(r store.Run) int {
	if r.Status == store.Done {
		return 100
	}
	return int(min(max(r.Progress, 0), 1) * 100)
}

// formatTime formats t in UTC to the minute, the same for every reader.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// runsView is the content of /runs.
type runsView struct {
	Status   string
	Statuses []store.RunStatus
	Runs     []runRow
	Limit    int
}

var runStatuses = []store.RunStatus{store.Queued, store.Running, store.Done, store.Failed, store.Interrupted}

// runList serves /runs, newest first, optionally only those of ?status=.
func (s *server) runList(w http.ResponseWriter, r *http.Request) {
	v := runsView{Statuses: runStatuses, Limit: runsShown}
	f := store.RunFilter{Limit: runsShown}
	if q := r.URL.Query().Get("status"); q != "" {
		ok := false
		for _, st := range runStatuses {
			if string(st) == q {
				f.Status, v.Status, ok = st, q, true
			}
		}
		if !ok {
			s.fail(w, r, http.StatusBadRequest, "Unknown run status; use queued, running, done, failed or interrupted.", nil)
			return
		}
	}
	runs, err := s.Store.Runs(r.Context(), f)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, "", fmt.Errorf("list runs: %w", err))
		return
	}
	for _, run := range runs {
		if run.Replications > 1 {
			continue // a study has its own report; comparisons take deterministic runs
		}
		v.Runs = append(v.Runs, newRunRow(run))
	}
	s.render(w, http.StatusOK, "runs.html", page{Title: "Runs", Nav: "runs", Data: v})
}

// runView is the content of a run's page.
type runView struct {
	runRow
	Live   bool // queued or running: the page follows its progress
	Done   bool
	Failed bool // failed or interrupted
}

// runPage serves /runs/{id}: the run's progress while it runs, then its report.
func (s *server) runPage(w http.ResponseWriter, r *http.Request) {
	run, err := s.Store.Run(r.Context(), r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		s.fail(w, r, http.StatusNotFound, "There is no run with this id; the runs page lists them.", nil)
		return
	}
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, "", fmt.Errorf("load run: %w", err))
		return
	}
	v := runView{runRow: newRunRow(run), Done: run.Status == store.Done,
		Live:   run.Status == store.Queued || run.Status == store.Running,
		Failed: run.Status == store.Failed || run.Status == store.Interrupted}
	p := page{Title: "Run " + run.ID + ": " + run.Scenario, Nav: "runs", Scripts: []string{"follow.js", "run.js"}, Data: v}
	if v.Live {
		p.Refresh = liveRefreshSeconds
	}
	s.render(w, http.StatusOK, "run.html", p)
}

// runReport serves /runs/{id}/report: report.WriteRunHTML of a finished run, the same
// document 'critmin run --out' writes, which the run page frames.
func (s *server) runReport(w http.ResponseWriter, r *http.Request) {
	run, status, err := s.loadRun(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, status, "This run has no result: it is unknown or has not finished.", err)
		return
	}
	// A done run's report never changes: it is rendered once, on a context the first
	// reader going away does not cancel, since others may be waiting for it.
	ctx := context.WithoutCancel(r.Context())
	doc, err := s.Reports.Get("report/"+run.ID, func() ([]byte, error) {
		var buf bytes.Buffer
		opts := report.HTMLOptions{Generator: "critmin " + s.Version, Provenance: runProvenance(run), CountryName: s.countryName}
		opts.Caveats, opts.Scenario = s.pointCaveats(ctx, run)
		if run.Replications > 1 {
			b, err := s.Store.Result(ctx, run.ID)
			if err != nil {
				return nil, fmt.Errorf("load result of study %s: %w", run.ID, err)
			}
			mc, err := report.DecodeMCRun(b)
			if err != nil {
				return nil, fmt.Errorf("study %s: %w", run.ID, err)
			}
			if err := report.WriteMCHTML(&buf, mc, opts); err != nil {
				return nil, fmt.Errorf("render report of study %s: %w", run.ID, err)
			}
			return buf.Bytes(), nil
		}
		res, _, _, err := s.loadResult(ctx, run.ID)
		if err != nil {
			return nil, err
		}
		if err := report.WriteRunHTML(&buf, res, opts); err != nil {
			return nil, fmt.Errorf("render report of run %s: %w", run.ID, err)
		}
		return buf.Bytes(), nil
	})
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, "", err)
		return
	}
	writeReport(w, doc.Body)
}

// runProvenance are the facts of a run its report's footer lists.
func runProvenance(run store.Run) []report.Fact {
	scen := run.Scenario + " (built-in)"
	if run.ScenarioVersion > 0 {
		scen = run.Scenario + " version " + strconv.Itoa(run.ScenarioVersion)
	}
	fs := []report.Fact{
		{Name: "Run", Value: run.ID},
		{Name: "Scenario file", Value: scen},
		{Name: "Scenario hash", Value: run.ScenarioHash},
		{Name: "Seed", Value: strconv.FormatInt(run.Seed, 10)},
		{Name: "Replications", Value: strconv.Itoa(run.Replications)},
		{Name: "World data version", Value: run.DataVersion},
		{Name: "Program version", Value: run.ProgramVersion},
	}
	if run.FinishedAt != nil {
		fs = append(fs, report.Fact{Name: "Finished", Value: formatTime(*run.FinishedAt)})
	}
	return fs
}

// writeReport sends a report document, under the report policy: it carries its own
// inline style and no script.
func writeReport(w http.ResponseWriter, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", reportCSP)
	h.Set("Cache-Control", "no-cache")
	_, _ = w.Write(body)
}

// loadResult returns the result of a finished run, or the status to answer with.
func (s *server) loadResult(ctx context.Context, id string) (*result.Run, store.Run, int, error) {
	run, status, err := s.loadRun(ctx, id)
	if err != nil {
		return nil, run, status, err
	}
	b, err := s.Store.Result(ctx, id)
	if err != nil {
		return nil, run, http.StatusInternalServerError, fmt.Errorf("load result of run %s: %w", id, err)
	}
	res, err := result.Decode(b)
	if err != nil {
		return nil, run, http.StatusInternalServerError, fmt.Errorf("run %s: %w", id, err)
	}
	return res, run, 0, nil
}

// compareView is the content of /compare.
type compareView struct {
	Runs []runRow // finished runs, for the form
	A, B string
	// Ready is set when both runs are finished and the comparison can be shown.
	Ready   bool
	Problem string
}

// comparePage serves /compare: a form to pick two finished runs and, once picked, their
// comparison.
func (s *server) comparePage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := compareView{A: q.Get("a"), B: q.Get("b")}
	runs, err := s.Store.Runs(r.Context(), store.RunFilter{Status: store.Done, Limit: runsShown})
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, "", fmt.Errorf("list finished runs: %w", err))
		return
	}
	for _, run := range runs {
		if run.Replications > 1 {
			continue // a study has its own report; comparisons take deterministic runs
		}
		row := newRunRow(run)
		row.Title = s.scenarioTitle(r.Context(), run)
		v.Runs = append(v.Runs, row)
	}
	status := http.StatusOK
	if v.A != "" || v.B != "" {
		v.Ready, v.Problem = true, ""
		for _, side := range []struct{ name, id string }{{"A", v.A}, {"B", v.B}} {
			if side.id == "" {
				v.Ready, v.Problem = false, "Pick run "+side.name+" too."
				break
			}
			if _, st, err := s.loadRun(r.Context(), side.id); err != nil {
				v.Ready, v.Problem, status = false, "Run "+side.name+" is unknown or has not finished.", st
				break
			}
		}
	}
	s.render(w, status, "compare.html", page{Title: "Compare runs", Nav: "compare", Scripts: []string{"run.js"}, Data: v})
}

// loadRun returns a finished run without its result.
func (s *server) loadRun(ctx context.Context, id string) (store.Run, int, error) {
	run, err := s.Store.Run(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return run, http.StatusNotFound, err
	}
	if err != nil {
		return run, http.StatusInternalServerError, fmt.Errorf("load run %s: %w", id, err)
	}
	if run.Status != store.Done {
		return run, http.StatusConflict, fmt.Errorf("run %s is %s", id, run.Status)
	}
	return run, 0, nil
}

// compareReport serves /compare/report?a=&b=: report.WriteCompareHTML of two finished runs.
func (s *server) compareReport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	runA, status, err := s.loadRun(r.Context(), q.Get("a"))
	if err != nil {
		s.fail(w, r, status, "Run A has no result: it is unknown or has not finished.", err)
		return
	}
	runB, status, err := s.loadRun(r.Context(), q.Get("b"))
	if err != nil {
		s.fail(w, r, status, "Run B has no result: it is unknown or has not finished.", err)
		return
	}
	if runA.Replications > 1 || runB.Replications > 1 {
		s.fail(w, r, http.StatusConflict, "Comparisons take deterministic runs; a Monte Carlo study has its own report.", nil)
		return
	}
	ctx := context.WithoutCancel(r.Context())
	doc, err := s.Reports.Get("compare-html-"+runA.ID+"-"+runB.ID, func() ([]byte, error) {
		a, _, _, err := s.loadResult(ctx, runA.ID)
		if err != nil {
			return nil, err
		}
		b, _, _, err := s.loadResult(ctx, runB.ID)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := report.WriteCompareHTML(&buf, a, b, report.HTMLOptions{Generator: "critmin " + s.Version, CountryName: s.countryName}); err != nil {
			return nil, fmt.Errorf("render comparison: %w", err)
		}
		return buf.Bytes(), nil
	})
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, "", err)
		return
	}
	writeReport(w, doc.Body)
}

// scenarioTitle is the title of the scenario a run ran: a stored scenario's version or a
// built-in's; the scenario's name when neither gives a title.
func (s *server) scenarioTitle(ctx context.Context, run store.Run) string {
	if run.ScenarioVersion > 0 {
		if sc, err := s.Store.Scenario(ctx, run.Scenario, run.ScenarioVersion); err == nil && sc.Title != "" {
			return sc.Title
		}
		return run.Scenario
	}
	if sc, err := scenario.Builtin(run.Scenario); err == nil && sc.Title != "" {
		return sc.Title
	}
	return run.Scenario
}
