package compile

import (
	"errors"
	"regexp"
	"strconv"

	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/world"
)

// Check resolves sc against base (the scenarios it may extend) and compiles it over ds,
// as a run would, returning what the compiler refuses as Problems does, or nil: the check
// behind `critmin scenario check` and the server's validate and PUT, for a file that
// parsed but may ask for what the data cannot represent.
func Check(ds *world.Dataset, sc *scenario.Scenario, base func(name string) (*scenario.Scenario, error), file string) error {
	res, err := scenario.Resolve(sc, base)
	if err != nil {
		return err
	}
	_, err = Compile(ds, res)
	return Problems(err, file)
}

// Problems turns an error of Compile that wraps ErrScenario into a *scenario.ErrorList
// whose entries carry the file, line and column the compiler's messages name (its
// "file:line:col: reason" form), so that a command or an API reports a scenario the data
// cannot represent as it reports a malformed one. file names the entries whose message
// has no position. Any other error is returned as it is; nil stays nil.
func Problems(err error, file string) error {
	if err == nil || !errors.Is(err, ErrScenario) {
		return err
	}
	var msgs []error
	// Compile wraps ErrScenario and the errors.Join of the compiler's problems.
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			if jj, ok := e.(interface{ Unwrap() []error }); ok {
				msgs = append(msgs, jj.Unwrap()...)
			}
		}
	}
	if len(msgs) == 0 {
		msgs = []error{err}
	}
	list := &scenario.ErrorList{}
	for _, m := range msgs {
		e := &scenario.Error{File: file, Reason: m.Error()}
		if g := placed.FindStringSubmatch(m.Error()); g != nil {
			e.File, e.Reason = g[1], g[4]
			e.Line, _ = strconv.Atoi(g[2])
			e.Column, _ = strconv.Atoi(g[3])
			// The compiler writes "path: reason" after the position, as the parser does;
			// a path has no spaces ("importer", "controls[c1]").
			if p := pathed.FindStringSubmatch(e.Reason); p != nil {
				e.Path, e.Reason = p[1], p[2]
			}
		}
		list.Errors = append(list.Errors, e)
	}
	return list
}

// placed matches the compiler's "file:line:col: reason" messages, and pathed a reason
// that starts with the field's path.
var (
	placed = regexp.MustCompile(`^(.+?):(\d+):(\d+): (.*)$`)
	pathed = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_.\[\]-]*): (.*)$`)
)
