package main

import (
	"bytes"
	"testing"

	"github.com/critmin/critmin/internal/plan"
	"github.com/critmin/critmin/internal/scenario"
)

// TestPlanMonths: a month-index objective is also given as calendar months, index 0
// being the scenario's start and the horizon's length "never"; other objectives print
// nothing more.
func TestPlanMonths(t *testing.T) {
	base := &scenario.Scenario{Start: scenario.MonthOf(2025, 1), End: scenario.MonthOf(2035, 12)}
	var b bytes.Buffer
	planMonths(&b, &plan.Spec{Objective: plan.ExpectedRoad, Base: base}, plan.Estimate{Mean: 29.1, P5: 19, P95: 132})
	if got, want := b.String(), "                   = 2027-06 on average (P5 2026-08, P95 never)\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	b.Reset()
	planMonths(&b, &plan.Spec{Objective: plan.ExpectedShortfall, Base: base}, plan.Estimate{Mean: 3})
	if b.Len() != 0 {
		t.Errorf("a tonnage objective printed %q", b.String())
	}
}
