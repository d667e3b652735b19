package compile

import (
	"testing"

	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

func builtinModel(b *testing.B, name string) *sim.Model {
	b.Helper()
	ds, err := world.Default()
	if err != nil {
		b.Fatal(err)
	}
	sc, err := scenario.Builtin(name)
	if err != nil {
		b.Fatal(err)
	}
	if sc, err = scenario.Resolve(sc, scenario.Builtin); err != nil {
		b.Fatal(err)
	}
	m, err := Compile(ds, sc)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// BenchmarkRunResponse is one deterministic 132-month run of the rare-earth response
// scenario over the full embedded world (every product and country of the data).
func BenchmarkRunResponse(b *testing.B) {
	m := builtinModel(b, "us-response-package")
	e := sim.NewEngine(m)
	r := sim.NewResult(m)
	b.ReportAllocs()
	for b.Loop() {
		e.Run(r)
	}
	b.ReportMetric(float64(m.Months()), "months/run")
}

// BenchmarkStepResponse is one month of the same model; it must not allocate.
func BenchmarkStepResponse(b *testing.B) {
	m := builtinModel(b, "us-response-package")
	e := sim.NewEngine(m)
	r := sim.NewResult(m)
	e.Run(r)
	b.ReportAllocs()
	for b.Loop() {
		if e.Month() >= m.Months() {
			e.Reset()
		}
		e.Step(r)
	}
}

// BenchmarkCompileResponse is the cost of turning world data and a scenario into a model.
func BenchmarkCompileResponse(b *testing.B) {
	ds, _ := world.Default()
	sc, _ := scenario.Builtin("us-response-package")
	sc, _ = scenario.Resolve(sc, scenario.Builtin)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(ds, sc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompileResponseReusing is the same compile handing back the previous model, as
// a Monte Carlo worker does (CompileReusing).
func BenchmarkCompileResponseReusing(b *testing.B) {
	ds, _ := world.Default()
	sc, _ := scenario.Builtin("us-response-package")
	sc, _ = scenario.Resolve(sc, scenario.Builtin)
	m, err := Compile(ds, sc)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if m, err = CompileReusing(ds, sc, m); err != nil {
			b.Fatal(err)
		}
	}
}
