package scenario

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalid is wrapped by every error caused by the content of a scenario file, so that
// callers can tell a bad file (exit code 3) from a failure to read it.
var ErrInvalid = errors.New("invalid scenario")

// ErrNotFound is wrapped by a scenario library's error for a name it does not hold.
var ErrNotFound = errors.New("no such scenario")

// maxErrors bounds how many problems one file reports, so that a wholly wrong file does
// not bury the first, most useful messages.
const maxErrors = 50

// Error is one problem in a scenario file. Its message is "file:line:col: path: reason";
// Column is 0 when only the line is known, Line is 0 when the problem concerns the whole
// file.
type Error struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	// Path names the field in the file's structure, e.g. "controls[0].licensing.approval";
	// it is empty for problems of the YAML syntax.
	Path   string `json:"path,omitempty"`
	Reason string `json:"reason"`
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	if e.Path != "" {
		b.WriteString(": ")
		b.WriteString(e.Path)
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap returns ErrInvalid.
func (e *Error) Unwrap() error { return ErrInvalid }

// ErrorList is every problem found in one file, in file order, up to a bound. It is the
// error Parse and Load return for invalid content; use errors.As to get at the positions.
type ErrorList struct {
	Errors []*Error
	// Dropped counts the problems left out after the bound was reached.
	Dropped int
}

func (l *ErrorList) Error() string {
	lines := make([]string, 0, len(l.Errors)+1)
	for _, e := range l.Errors {
		lines = append(lines, e.Error())
	}
	if l.Dropped > 0 {
		lines = append(lines, fmt.Sprintf("... and %d more problems", l.Dropped))
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns ErrInvalid, so that errors.Is(err, ErrInvalid) holds for any list.
func (l *ErrorList) Unwrap() error { return ErrInvalid }

// add records a problem unless the bound is reached.
func (l *ErrorList) add(e *Error) {
	if len(l.Errors) >= maxErrors {
		l.Dropped++
		return
	}
	l.Errors = append(l.Errors, e)
}

// err returns the list as an error, or nil when it is empty.
func (l *ErrorList) err() error {
	if len(l.Errors) == 0 && l.Dropped == 0 {
		return nil
	}
	return l
}
