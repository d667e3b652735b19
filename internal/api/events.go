package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/critmin/critmin/internal/runner"
	"github.com/critmin/critmin/internal/store"
)

// heartbeatEvery keeps idle event streams open through proxies.
const heartbeatEvery = 15 * time.Second

// runEvents streams a run's progress as Server-Sent Events: "progress" events while it is
// queued or running, then one "done" or "failed" event (failed also covers interrupted),
// each with a runner.Progress as data. A stream ends early, without a final event, when
// the server shuts down; clients reconnect.
func (s *Server) runEvents(w http.ResponseWriter, r *http.Request) error {
	run, err := s.run(r, "id")
	if err != nil {
		return err
	}
	ch, cancel := s.rn.Subscribe(run.ID)
	defer cancel()
	rc := startStream(w)
	heartbeat := time.NewTicker(heartbeatEvery)
	defer heartbeat.Stop()
	for {
		select {
		case p, ok := <-ch:
			if !ok {
				return nil
			}
			if err := writeEvent(w, p); err != nil {
				return nil // the client went away
			}
			rc.Flush()
			if p.Final() {
				return nil
			}
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

func writeEvent(w http.ResponseWriter, p runner.Progress) error {
	return writeStatusEvent(w, p.Status, p)
}

// startStream sends the headers of a Server-Sent Events stream and returns its
// controller. A stream lasts as long as what it follows: the server's read and write
// timeouts, meant for ordinary requests, do not apply to it. (Writers that cannot clear
// deadlines, such as test recorders, have none to clear.)
func startStream(w http.ResponseWriter) *http.ResponseController {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Time{})
	rc.SetWriteDeadline(time.Time{})
	rc.Flush()
	return rc
}

// writeStatusEvent writes v as one event named after status: "done", "failed" (also for
// interrupted) or "progress".
func writeStatusEvent(w http.ResponseWriter, status store.RunStatus, v any) error {
	event := "progress"
	switch status {
	case store.Done:
		event = "done"
	case store.Failed, store.Interrupted:
		event = "failed"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, b)
	return err
}
