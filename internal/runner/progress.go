package runner

import (
	"context"
	"sync"
	"time"

	"github.com/critmin/critmin/internal/store"
)

// Progress is the state of one run as subscribers see it.
type Progress struct {
	RunID  string          `json:"run_id"`
	Status store.RunStatus `json:"status"`
	// Done and Total count simulated months of a deterministic run, or finished
	// replications of a Monte Carlo study (Unit says which); Total is 0 when not known.
	Done  int    `json:"done"`
	Total int    `json:"total"`
	Unit  string `json:"unit"`
	// Error says why a run failed or was interrupted.
	Error string `json:"error,omitempty"`
}

// Final reports whether p is the last state of its run.
func (p Progress) Final() bool {
	switch p.Status {
	case store.Done, store.Failed, store.Interrupted:
		return true
	}
	return false
}

// hub keeps the state of the runs this runner has queued or is executing and fans their
// progress out to subscribers.
type hub struct {
	mu     sync.Mutex
	states map[string]Progress
	subs   map[string]map[*subscriber]struct{}
	closed bool
}

// subscriber holds at most one undelivered state: a newer state replaces it, so a slow
// reader never blocks a worker and always ends with the final state.
type subscriber struct{ ch chan Progress }

func (h *hub) init() {
	h.states = map[string]Progress{}
	h.subs = map[string]map[*subscriber]struct{}{}
}

// known reports whether the run is queued or running here.
func (h *hub) known(id string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	_, ok := h.states[id]
	return ok
}

// track records the state of a run without telling subscribers.
func (h *hub) track(p Progress) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.states[p.RunID] = p
}

// publish records p and sends it to the run's subscribers; a final state ends their
// subscriptions and forgets the run.
func (h *hub) publish(p Progress) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs[p.RunID] {
		s.offer(p)
	}
	if !p.Final() {
		h.states[p.RunID] = p
		return
	}
	delete(h.states, p.RunID)
	for s := range h.subs[p.RunID] {
		close(s.ch)
	}
	delete(h.subs, p.RunID)
}

// offer delivers p without blocking, replacing an undelivered older state. Only the hub
// sends, under its lock, so after the drain the send cannot block.
func (s *subscriber) offer(p Progress) {
	select {
	case s.ch <- p:
		return
	default:
	}
	select {
	case <-s.ch:
	default:
	}
	s.ch <- p
}

// subscribe registers a subscriber of a run queued or running here, with its current
// state already delivered. ok is false when the hub does not hold the run.
func (h *hub) subscribe(id string) (sub *subscriber, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	p, ok := h.states[id]
	if !ok || h.closed {
		return nil, false
	}
	sub = &subscriber{ch: make(chan Progress, 1)}
	sub.ch <- p
	if h.subs[id] == nil {
		h.subs[id] = map[*subscriber]struct{}{}
	}
	h.subs[id][sub] = struct{}{}
	return sub, true
}

func (h *hub) unsubscribe(id string, sub *subscriber) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[id][sub]; !ok {
		return // already ended by a final state
	}
	delete(h.subs[id], sub)
	if len(h.subs[id]) == 0 {
		delete(h.subs, id)
	}
	close(sub.ch)
}

// closeAll ends every subscription; the runs stay as they are in the store.
func (h *hub) closeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for id, subs := range h.subs {
		for s := range subs {
			close(s.ch)
		}
		delete(h.subs, id)
	}
}

// Subscribe returns the live progress of one run: its current state first, then its
// updates until the final state (done, failed or interrupted), after which the channel is
// closed. Intermediate updates a slow reader has not taken are replaced by newer ones; the
// final state is always delivered. A run this runner does not hold (finished, or queued
// by another server) gives its stored state once; an unknown run gives a closed channel.
// The channel is also closed by cancel and by Close. Call cancel when done.
func (r *Runner) Subscribe(id string) (<-chan Progress, func()) {
	if sub, ok := r.hub.subscribe(id); ok {
		return sub.ch, func() { r.hub.unsubscribe(id, sub) }
	}
	ch := make(chan Progress, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if run, err := r.st.Run(ctx, id); err == nil {
		p := storedProgress(run)
		if !p.Final() {
			// The run may have been queued here between the two looks.
			if sub, ok := r.hub.subscribe(id); ok {
				return sub.ch, func() { r.hub.unsubscribe(id, sub) }
			}
		}
		ch <- p
	}
	close(ch)
	return ch, func() {}
}

// storedProgress is the state of a run the runner does not hold, from the store: a
// study counts its replications (all of them once done); a deterministic run's months
// are not stored, so its counts are 0 ("not known") with the unit still named.
func storedProgress(run store.Run) Progress {
	p := Progress{RunID: run.ID, Status: run.Status, Error: run.Error, Unit: unitMonths}
	// A deterministic run is stored with 1 replication, as everywhere else (execute,
	// startProgress): only more than one makes a study.
	if run.Replications > 1 {
		p.Unit, p.Total = unitReplications, run.Replications
		p.Done = int(run.Progress * float64(run.Replications))
		if run.Status == store.Done {
			p.Done = p.Total
		}
	}
	return p
}
