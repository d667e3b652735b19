package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/critmin/critmin/examples"
	"github.com/critmin/critmin/internal/plan"
	"github.com/critmin/critmin/internal/runner"
	"github.com/critmin/critmin/internal/store"
)

// planRow is a plan as the pages show it.
type planRow struct {
	runner.PlanInfo
	Percent  int
	Created  string
	Finished string
}

func newPlanRow(p runner.PlanInfo) planRow {
	row := planRow{PlanInfo: p, Percent: int(min(max(p.Progress, 0), 1) * 100), Created: formatTime(p.CreatedAt)}
	if p.Status == store.Done {
		row.Percent = 100
	}
	if p.FinishedAt != nil {
		row.Finished = formatTime(*p.FinishedAt)
	}
	return row
}

// plansView is the content of /plans.
type plansView struct {
	ReadOnly bool
	// MaxReplications bounds a plan's runs on this server.
	MaxReplications int
	Examples        []planExample
	// Example is the example shown in the form, chosen by ?example=.
	Example planExample
	Plans   []planRow
}

// planExample is a built-in example plan file.
type planExample struct {
	Name, File, Title, YAML string
	Runs                    int
}

// planExamples lists the example plans shipped with the program, with the title and
// replications their file gives (read with the plan decoder; an example that does not
// parse here still shows, without them).
func (s *server) planExamples() []planExample {
	var out []planExample
	for _, e := range examples.Plans() {
		ex := planExample{Name: e.Name, File: e.File, YAML: string(e.YAML)}
		if s.Runner != nil {
			if spec, err := s.Runner.ParsePlan(e.File, e.YAML); err == nil {
				ex.Title, ex.Runs = spec.Title, spec.Runs
			}
		}
		out = append(out, ex)
	}
	return out
}

// planList serves /plans: a form to submit a plan, from a built-in example, and the
// plans this server holds.
func (s *server) planList(w http.ResponseWriter, r *http.Request) {
	v := plansView{ReadOnly: s.ReadOnly, MaxReplications: s.maxReplications(), Examples: s.planExamples()}
	if len(v.Examples) > 0 {
		v.Example = v.Examples[0]
	}
	if q := r.URL.Query().Get("example"); q != "" {
		found := false
		for _, e := range v.Examples {
			if e.Name == q {
				v.Example, found = e, true
			}
		}
		if !found {
			s.fail(w, r, http.StatusNotFound, "There is no example plan of that name; the plans page lists them.", nil)
			return
		}
	}
	if s.Runner != nil {
		for _, p := range s.Runner.Plans().List() {
			v.Plans = append(v.Plans, newPlanRow(p))
		}
	}
	s.render(w, http.StatusOK, "plans.html", page{Title: "Plans", Nav: "plans", Scripts: []string{"api.js", "plans.js"}, Data: v})
}

// planView is the content of a plan's page.
type planView struct {
	planRow
	Live   bool
	Done   bool
	Failed bool
	// Result is the done plan's output, with the frontier's rows.
	Result *plan.Output
	Rows   []frontierRow
}

// frontierRow is a frontier point as the table shows it.
type frontierRow struct {
	plan.Named
	Best bool
	// Recommended marks the cheaper portfolio within noise of Best (Output.WithinNoise).
	Recommended bool
	Candidates  string
	Binding     string
}

func namesText(names []string) string {
	if len(names) == 0 {
		return "(none)"
	}
	return strings.Join(names, " + ")
}

// planPage serves /plans/{id}: the plan's progress while it runs, then its frontier.
func (s *server) planPage(w http.ResponseWriter, r *http.Request) {
	if s.Runner == nil {
		s.notFound(w, r)
		return
	}
	info, ok := s.Runner.Plans().Get(r.PathValue("id"))
	if !ok {
		s.fail(w, r, http.StatusNotFound, "There is no plan with this id on this server (the 100 most recent finished plans are kept); the plans page lists them.", nil)
		return
	}
	v := planView{planRow: newPlanRow(info), Done: info.Status == store.Done,
		Live:   info.Status == store.Queued || info.Status == store.Running,
		Failed: info.Status == store.Failed || info.Status == store.Interrupted}
	if v.Done {
		out, err := s.Runner.Plans().Result(r.Context(), info.ID)
		if err != nil {
			s.fail(w, r, http.StatusInternalServerError, "", fmt.Errorf("plan result: %w", err))
			return
		}
		v.Result = out
		row := func(n plan.Named) frontierRow {
			return frontierRow{Named: n, Candidates: namesText(n.Candidates), Binding: plan.BindingText(n.Estimate.Binding)}
		}
		for _, f := range out.Frontier {
			fr := row(f)
			fr.Best = fmt.Sprint(f.Chosen) == fmt.Sprint(out.Best.Chosen)
			fr.Recommended = out.WithinNoise != nil && fmt.Sprint(f.Chosen) == fmt.Sprint(out.WithinNoise.Chosen)
			v.Rows = append(v.Rows, fr)
		}
	}
	title := info.Title
	if title == "" {
		title = "Plan " + info.ID
	}
	p := page{Title: title, Nav: "plans", Scripts: []string{"follow.js", "plan.js"}, Data: v}
	if v.Live {
		p.Refresh = liveRefreshSeconds
	}
	s.render(w, http.StatusOK, "plan.html", p)
}
