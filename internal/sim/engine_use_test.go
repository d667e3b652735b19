package sim

import (
	"reflect"
	"slices"
	"testing"
)

// TestUseNeverWritesAModelsWeights rebinds one engine from a model whose weights follow
// capacity to one whose weights never change and back: the engine must keep its own
// copy for the first kind and never write the second's weights, and every run must match
// a fresh engine's.
func TestUseNeverWritesAModelsWeights(t *testing.T) {
	build := func(fraction float64) *Model {
		b := newTestBuilder(12, "USA", "CHN", "AUS")
		addSource(b, "CHN", "x/refined", 80)
		addSource(b, "AUS", "x/refined", 20)
		b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 50})
		b.AddDemand(Demand{Region: "CHN", Product: "x/refined", Sector: "ev", TPerMonth: 40})
		// Open-ended: the weights that follow capacity end the run unlike month 0's.
		b.AddOutage(Outage{Process: "make x/refined", Country: "AUS", Fraction: fraction, Window: Window{Start: testStart + 2}})
		return mustBuild(t, b)
	}
	follows, fixed := build(0.5), build(0)
	if len(follows.wUpd) == 0 || len(fixed.wUpd) != 0 {
		t.Fatalf("test models: weight updates %d and %d, want some and none", len(follows.wUpd), len(fixed.wUpd))
	}
	fixedWeights := slices.Clone(fixed.weights)
	e := NewEngine(follows)
	for i, m := range []*Model{fixed, follows, fixed, build(0.5)} {
		if !e.Use(m) {
			t.Fatalf("step %d: Use refused a model of the same shape", i)
		}
		got, want := NewResult(m), NewResult(m)
		e.Run(got)
		NewEngine(m).Run(want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("step %d: rebound engine's result differs from a fresh engine's", i)
		}
		if !slices.Equal(fixed.weights, fixedWeights) {
			t.Fatalf("step %d: the engine wrote a model's weights", i)
		}
	}
}

// TestStepAfterUse steps a rebound engine month by month without calling Reset: Use
// leaves the reset to the first Step, whose months must match a fresh engine's run.
func TestStepAfterUse(t *testing.T) {
	build := func(tPerMonth float64) *Model {
		b := newTestBuilder(12, "USA", "CHN", "AUS")
		addSource(b, "CHN", "x/refined", 80)
		addSource(b, "AUS", "x/refined", 20)
		b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: tPerMonth})
		return mustBuild(t, b)
	}
	first, second := build(50), build(70)
	e := NewEngine(first)
	e.Run(NewResult(first)) // leaves the engine at the end of the horizon
	if !e.Use(second) {
		t.Fatal("Use refused a model of the same shape")
	}
	if e.Month() != 0 {
		t.Fatalf("Month after Use = %d, want 0", e.Month())
	}
	got, want := NewResult(second), NewResult(second)
	for e.Month() < second.Months() {
		e.Step(got)
	}
	e.summarize(got)
	NewEngine(second).Run(want)
	if !reflect.DeepEqual(got, want) {
		t.Error("months stepped after Use differ from a fresh engine's run")
	}
}
