package store

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
)

// maxNameLen is the longest scenario name, in bytes.
const maxNameLen = 64

// maxIDLen is the longest run id a caller may choose, in bytes.
const maxIDLen = 64

// defaultRunLimit is how many runs Runs returns when RunFilter.Limit is 0.
const defaultRunLimit = 100

// checkName reports whether name is a scenario name: a lower-case slug of 1 to 64
// letters, digits and hyphens, as the built-in scenarios are named. The name ends up in
// URLs and file names, so nothing else is allowed.
func checkName(name string) error {
	if len(name) == 0 || len(name) > maxNameLen {
		return fmt.Errorf("scenario name %q: must be 1 to %d characters: %w", name, maxNameLen, ErrInvalid)
	}
	for _, c := range []byte(name) {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return fmt.Errorf("scenario name %q: must use only a-z, 0-9 and '-': %w", name, ErrInvalid)
		}
	}
	return nil
}

// checkID reports whether id can be a run id: 1 to 64 ASCII letters, digits, '-' or '_'.
// NewID's ids qualify; the rule keeps caller-chosen ids safe in URLs and logs.
func checkID(id string) error {
	if len(id) == 0 || len(id) > maxIDLen {
		return fmt.Errorf("run id %q: must be 1 to %d characters: %w", id, maxIDLen, ErrInvalid)
	}
	for _, c := range []byte(id) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return fmt.Errorf("run id %q: must use only letters, digits, '-' and '_': %w", id, ErrInvalid)
		}
	}
	return nil
}

// checkVersion reports whether v can name a scenario version (0 is the latest).
func checkVersion(v int) error {
	if v < 0 {
		return fmt.Errorf("scenario version %d: must not be negative: %w", v, ErrInvalid)
	}
	return nil
}

// newRun checks a run given to CreateRun and fills in what the store sets: the id (when
// empty), the creation time (when zero) and the queued state.
func newRun(r Run) (Run, error) {
	if r.ID == "" {
		r.ID = NewID()
	} else if err := checkID(r.ID); err != nil {
		return Run{}, err
	}
	if err := checkName(r.Scenario); err != nil {
		return Run{}, err
	}
	if r.ScenarioVersion < 0 {
		return Run{}, fmt.Errorf("run scenario version %d: must not be negative: %w", r.ScenarioVersion, ErrInvalid)
	}
	if r.Replications < 0 {
		return Run{}, fmt.Errorf("run replications %d: must not be negative: %w", r.Replications, ErrInvalid)
	}
	// A new run is queued; any other state given here is a caller bug, not a request.
	if r.Status != "" && r.Status != Queued || r.Error != "" || r.Progress != 0 || r.StartedAt != nil || r.FinishedAt != nil {
		return Run{}, fmt.Errorf("run %s: a new run must be queued with no progress, error or start and finish times: %w", r.ID, ErrInvalid)
	}
	r.Status = Queued
	if r.CreatedAt.IsZero() {
		r.CreatedAt = now()
	} else {
		r.CreatedAt = storedTime(r.CreatedAt)
	}
	return r, nil
}

// checkProgress reports whether p is a share of a run, 0..1.
func checkProgress(p float64) error {
	if math.IsNaN(p) || p < 0 || p > 1 {
		return fmt.Errorf("progress %v: must be within [0, 1]: %w", p, ErrInvalid)
	}
	return nil
}

// checkResult reports whether b is a result the store keeps: JSON, so that the API can
// serve it as it is.
func checkResult(b []byte) error {
	if !json.Valid(b) {
		return fmt.Errorf("result: not valid JSON: %w", ErrInvalid)
	}
	return nil
}

// checkFilter checks f and returns its limit with the default applied.
func checkFilter(f RunFilter) (int, error) {
	if f.Scenario != "" {
		if err := checkName(f.Scenario); err != nil {
			return 0, err
		}
	}
	switch f.Status {
	case "", Queued, Running, Done, Failed, Interrupted:
	default:
		return 0, fmt.Errorf("run status %q: unknown: %w", f.Status, ErrInvalid)
	}
	switch {
	case f.Limit < 0:
		return 0, fmt.Errorf("run limit %d: must not be negative: %w", f.Limit, ErrInvalid)
	case f.Limit == 0:
		return defaultRunLimit, nil
	}
	return f.Limit, nil
}

// newScenario checks a scenario given to PutScenario and fills in what the store sets:
// its hash and creation time; the version is set when it is written.
func newScenario(name, title string, yaml []byte) (Scenario, error) {
	if err := checkName(name); err != nil {
		return Scenario{}, err
	}
	sc := Scenario{Name: name, YAML: slices.Clone(yaml), Hash: scenarioHash(yaml), Title: title, CreatedAt: now()}
	if sc.YAML == nil {
		sc.YAML = []byte{}
	}
	return sc, nil
}
