package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/world"
)

// The exit codes documented in rootLong.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitInvalidData = 3
)

// usageError marks a mistake in the command line.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// isCobraUsage recognises the argument errors cobra itself returns, which carry no type.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "accepts ", "requires at least", "unknown flag", "unknown shorthand flag", "if any flags in the group"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

// exitCode maps an error to the process exit code; this is the only place that does.
func exitCode(err error) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, world.ErrInvalidData), errors.Is(err, scenario.ErrInvalid), errors.Is(err, compile.ErrScenario):
		return exitInvalidData
	case errors.As(err, new(usageError)) || isCobraUsage(err):
		return exitUsage
	}
	return exitFailure
}
