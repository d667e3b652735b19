package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/runner"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/store"
)

// The API's own sentinel errors; statusOf maps them with those of the other packages.
var (
	errBadParam         = errors.New("bad parameter")
	errUnauthorized     = errors.New("unauthorized")
	errReadOnly         = errors.New("read-only server")
	errMethodNotAllowed = errors.New("method not allowed")
)

// paramError is a mistake in one parameter of a request, named as the API names it
// ("importer", "body.replications").
type paramError struct {
	field string
	err   error
}

func (e *paramError) Error() string   { return e.field + ": " + e.err.Error() }
func (e *paramError) Unwrap() []error { return []error{errBadParam, e.err} }

// badParam returns a paramError with a formatted reason.
func badParam(field, format string, args ...any) error {
	return &paramError{field: field, err: fmt.Errorf(format, args...)}
}

// fileError is a refused scenario file (a 422) with the request field that carried it:
// "body" for PUT /scenarios/{name} and POST /scenarios/validate, "yaml" or "scenario"
// for POST /runs.
type fileError struct {
	field string
	err   error
}

func (e *fileError) Error() string { return e.err.Error() }
func (e *fileError) Unwrap() error { return e.err }

// inField names field as the carrier of the scenario file err refuses; any other error
// is returned as it is.
func inField(field string, err error) error {
	if errors.Is(err, scenario.ErrInvalid) || errors.Is(err, compile.ErrScenario) {
		return &fileError{field: field, err: err}
	}
	return err
}

// errorBody is the body of every error response.
type errorBody struct {
	Error errorDetail `json:"error"`
}

// errorDetail describes what went wrong: Code is stable for programs, Message is for
// people, Field names the parameter at fault and Problems list a scenario's mistakes.
type errorDetail struct {
	Code     string    `json:"code"`
	Message  string    `json:"message"`
	Field    string    `json:"field,omitempty"`
	Problems []problem `json:"problems,omitempty"`
}

// problem is one mistake in a scenario file. Line and Column count from 1; 0 means not
// known.
type problem struct {
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// statusOf maps an error to its HTTP status and code. It is the only place that does.
func statusOf(err error) (int, string) {
	switch {
	case errors.As(err, new(*http.MaxBytesError)):
		return http.StatusRequestEntityTooLarge, "body_too_large"
	case errors.Is(err, errBadParam), errors.Is(err, runner.ErrInvalidRequest), errors.Is(err, store.ErrInvalid):
		return http.StatusBadRequest, "bad_request"
	case errors.Is(err, errUnauthorized):
		return http.StatusUnauthorized, "unauthorized"
	case errors.Is(err, errReadOnly):
		return http.StatusForbidden, "read_only"
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, "not_found"
	case errors.Is(err, errMethodNotAllowed):
		return http.StatusMethodNotAllowed, "method_not_allowed"
	case errors.Is(err, store.ErrConflict):
		return http.StatusConflict, "conflict"
	case errors.Is(err, scenario.ErrInvalid), errors.Is(err, compile.ErrScenario):
		return http.StatusUnprocessableEntity, "invalid_scenario"
	case errors.Is(err, runner.ErrQueueFull):
		return http.StatusServiceUnavailable, "queue_full"
	case errors.Is(err, runner.ErrClosed):
		return http.StatusServiceUnavailable, "shutting_down"
	}
	return http.StatusInternalServerError, "internal"
}

// retryAfterSeconds is what a client told the queue is full should wait.
const retryAfterSeconds = 5

// writeError writes err as an error response. Internal errors are logged, and their
// message is not shown to the client.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, code := statusOf(err)
	d := errorDetail{Code: code, Message: err.Error()}
	if status < http.StatusInternalServerError {
		// The client's mistake: worth a line, not an alarm.
		s.log.Info("request refused", "method", r.Method, "path", r.URL.Path, "status", status, "err", err)
	}
	switch status {
	case http.StatusInternalServerError:
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		d.Message = "internal error: the server log has the details"
	case http.StatusRequestEntityTooLarge:
		d.Message = fmt.Sprintf("request body too large: the limit is %d bytes (critmin serve --max-body)", s.opts.MaxBodyBytes)
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="critmin"`)
	case http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds))
	case http.StatusUnprocessableEntity:
		d.Problems = problemsOf(err)
	}
	if pe, ok := errors.AsType[*paramError](err); ok {
		d.Field = pe.field
	} else if re, ok := errors.AsType[*runner.RequestError](err); ok {
		d.Field = re.Field
	} else if fe, ok := errors.AsType[*fileError](err); ok {
		d.Field = fe.field
	}
	writeJSON(w, status, errorBody{Error: d})
}

// problemsOf lists a scenario's problems with their positions; an error without positions
// (one the compiler found) is one problem.
func problemsOf(err error) []problem {
	if list, ok := errors.AsType[*scenario.ErrorList](err); ok {
		out := make([]problem, 0, len(list.Errors)+1)
		for _, e := range list.Errors {
			out = append(out, problem{Line: e.Line, Column: e.Column, Path: e.Path, Reason: e.Reason})
		}
		if list.Dropped > 0 {
			out = append(out, problem{Reason: fmt.Sprintf("... and %d more problems", list.Dropped)})
		}
		return out
	}
	if e, ok := errors.AsType[*scenario.Error](err); ok {
		return []problem{{Line: e.Line, Column: e.Column, Path: e.Path, Reason: e.Reason}}
	}
	return []problem{{Reason: err.Error()}}
}

// isInvalid reports whether the store refused a key as malformed.
func isInvalid(err error) bool { return errors.Is(err, store.ErrInvalid) }
