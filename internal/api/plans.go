package api

import (
	"fmt"
	"net/http"
	"time"

	"github.com/critmin/critmin/internal/runner"
	"github.com/critmin/critmin/internal/store"
)

// planFileName names a submitted plan file in error messages (file:line:col).
const planFileName = "plan.yaml"

// planView is a plan with the addresses of what belongs to it.
type planView struct {
	runner.PlanInfo
	Links planLinks `json:"links"`
}

type planLinks struct {
	Self   string `json:"self"`
	Events string `json:"events"`
	Result string `json:"result"`
}

func planViewOf(p runner.PlanInfo) planView {
	base := Prefix + "/plans/" + p.ID
	return planView{PlanInfo: p, Links: planLinks{Self: base, Events: base + "/events", Result: base + "/result"}}
}

// planList is the body of GET /plans.
type planList struct {
	Plans []planView `json:"plans"`
}

// submitPlan checks a plan file and queues its search.
func (s *Server) submitPlan(w http.ResponseWriter, r *http.Request) error {
	b, err := readBody(r)
	if err != nil {
		return err
	}
	info, err := s.rn.Plans().Submit(r.Context(), planFileName, b)
	if err != nil {
		return err
	}
	v := planViewOf(info)
	w.Header().Set("Location", v.Links.Self)
	writeJSON(w, http.StatusAccepted, v)
	return nil
}

func (s *Server) listPlans(w http.ResponseWriter, r *http.Request) error {
	plans := s.rn.Plans().List()
	out := planList{Plans: make([]planView, len(plans))}
	for i, p := range plans {
		out.Plans[i] = planViewOf(p)
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, out)
	return nil
}

// plan reads the plan the {id} path parameter names.
func (s *Server) plan(r *http.Request) (runner.PlanInfo, error) {
	id := r.PathValue("id")
	p, ok := s.rn.Plans().Get(id)
	if !ok {
		return p, notFound("plan %q (the 100 most recent finished plans are kept)", id)
	}
	return p, nil
}

func (s *Server) getPlan(w http.ResponseWriter, r *http.Request) error {
	p, err := s.plan(r)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, planViewOf(p))
	return nil
}

func (s *Server) getPlanResult(w http.ResponseWriter, r *http.Request) error {
	p, err := s.plan(r)
	if err != nil {
		return err
	}
	out, err := s.rn.Plans().Result(r.Context(), p.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// planEvents streams a plan's state as Server-Sent Events: "progress" events while it
// is queued or running (one per portfolio evaluated), then one "done" or "failed"
// event (failed also covers interrupted), each with the plan as data.
func (s *Server) planEvents(w http.ResponseWriter, r *http.Request) error {
	p, err := s.plan(r)
	if err != nil {
		return err
	}
	rc := startStream(w)
	heartbeat := time.NewTicker(heartbeatEvery)
	defer heartbeat.Stop()
	var last *runner.PlanInfo
	for {
		info, changed, ok := s.rn.Plans().Watch(p.ID)
		if !ok {
			return nil // forgotten meanwhile
		}
		if last == nil || info != *last {
			if err := writePlanEvent(w, info); err != nil {
				return nil // the client went away
			}
			rc.Flush()
			last = &info
		}
		switch info.Status {
		case store.Done, store.Failed, store.Interrupted:
			return nil
		}
		select {
		case <-changed:
		case <-heartbeat.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return nil
			}
			rc.Flush()
		case <-r.Context().Done():
			return nil
		case <-s.streamsDone:
			return nil
		}
	}
}

func writePlanEvent(w http.ResponseWriter, p runner.PlanInfo) error {
	return writeStatusEvent(w, p.Status, planViewOf(p))
}
