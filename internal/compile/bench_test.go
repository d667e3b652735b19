package compile

import (
	"testing"

	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

// builtinModel compiles a built-in scenario, resolved, over the embedded data.
func builtinModel(b testing.TB, name string) *sim.Model {
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
// scenario over the full embedded world (every product and country of the data). It
// reports the time of a run in ms/run next to its target, target-ms/run (RunTargetMS).
func BenchmarkRunResponse(b *testing.B) {
	m := builtinModel(b, "us-response-package")
	e := sim.NewEngine(m)
	r := sim.NewResult(m)
	b.ReportAllocs()
	for b.Loop() {
		e.Run(r)
	}
	b.ReportMetric(float64(m.Months()), "months/run")
	b.ReportMetric(b.Elapsed().Seconds()*1e3/float64(b.N), "ms/run")
	b.ReportMetric(RunTargetMS, "target-ms/run")
}

// BenchmarkStepResponse is one month of the same model; it must not allocate. Its
// target, target-ns/step, is a month's share of RunTargetMS.
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
	b.ReportMetric(RunTargetMS*1e6/float64(m.Months()), "target-ns/step")
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
