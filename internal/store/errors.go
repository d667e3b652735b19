package store

import "fmt"

// The errors below wrap the sentinels of store.go; methods wrap them once more with the
// step and the key, as in "start run 3f2a...: run is done: conflict".
var (
	errDuplicateRun = fmt.Errorf("id already used: %w", ErrConflict)
	errNoMessage    = fmt.Errorf("empty failure message: %w", ErrInvalid)
)

// wrongStatus is the error of a status change that a run in status cannot make.
func wrongStatus(status RunStatus) error {
	return fmt.Errorf("run is %s: %w", status, ErrConflict)
}

// noResult is the error of asking for the result of a run that is not done.
func noResult(status RunStatus) error {
	return fmt.Errorf("run is %s, not done: no result: %w", status, ErrNotFound)
}

// scenarioNotFound is the error of asking for a missing scenario (version 0: any version).
func scenarioNotFound(name string, version int) error {
	if version == 0 {
		return fmt.Errorf("scenario %s: %w", name, ErrNotFound)
	}
	return fmt.Errorf("scenario %s version %d: %w", name, version, ErrNotFound)
}
