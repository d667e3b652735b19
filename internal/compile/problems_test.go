package compile

import (
	"errors"
	"fmt"
	"testing"

	"github.com/critmin/critmin/internal/scenario"
)

// TestProblems: the compiler's joined problems become one scenario.Error each, with the
// file, line, column and path their message names; a message without a position keeps
// the given file; other errors and nil pass through.
func TestProblems(t *testing.T) {
	compiled := fmt.Errorf("%w: x: %w", ErrScenario, errors.Join(
		errors.New("x.yaml:2:11: importer: KOR has no final demand"),
		errors.New("x.yaml:9:5: controls[c1]: CHN: no demand or production in the model"),
		errors.New("parameters.utilisation: not supported by the compiler"),
	))
	err := Problems(compiled, "x.yaml")
	list, ok := errors.AsType[*scenario.ErrorList](err)
	if !ok || !errors.Is(err, scenario.ErrInvalid) {
		t.Fatalf("Problems = %v, want a *scenario.ErrorList", err)
	}
	want := []scenario.Error{
		{File: "x.yaml", Line: 2, Column: 11, Path: "importer", Reason: "KOR has no final demand"},
		{File: "x.yaml", Line: 9, Column: 5, Path: "controls[c1]", Reason: "CHN: no demand or production in the model"},
		{File: "x.yaml", Reason: "parameters.utilisation: not supported by the compiler"},
	}
	if len(list.Errors) != len(want) {
		t.Fatalf("%d problems, want %d: %v", len(list.Errors), len(want), list.Errors)
	}
	for i, w := range want {
		if *list.Errors[i] != w {
			t.Errorf("problem %d: %+v, want %+v", i, *list.Errors[i], w)
		}
	}
	other := errors.New("disk full")
	if got := Problems(other, "x.yaml"); got != other {
		t.Errorf("Problems(other) = %v, want it unchanged", got)
	}
	if Problems(nil, "x.yaml") != nil {
		t.Error("Problems(nil) is not nil")
	}
}
