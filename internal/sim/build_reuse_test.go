package sim

import (
	"reflect"
	"testing"
)

// TestBuildReusing builds a chain of models of different shapes (countries, products,
// months, rings, projects), each reusing the model before it, and checks each against a
// fresh build, and its run.
func TestBuildReusing(t *testing.T) {
	licensed := func() *Builder {
		b := newPlantBuilder(30)
		b.AddControl(Control{ID: "lic", Product: "x/refined", Exporter: "CHN", Kind: Licensing, Windows: []Window{{}},
			Licensing: LicensingRule{Approval: 0.5, DelayMonths: 1, ValidityMonths: 1}, Extraterritorial: true})
		b.AddControl(Control{ID: "ban", Product: "x/ore", Exporter: "CAN", Kind: Ban, Windows: []Window{{}},
			Destinations: []string{"USA"}})
		return b
	}
	cached := func(f func() *Builder) func() *Builder {
		cache := &SeriesCache{}
		return func() *Builder {
			b := f()
			b.SetSeriesCache(cache)
			return b
		}
	}
	makers := map[string]func() *Builder{
		"chain":       func() *Builder { return chainBuilder(true) },
		"calm chain":  func() *Builder { return chainBuilder(false) },
		"plant":       func() *Builder { return newPlantBuilder(24) },
		"short plant": func() *Builder { return newPlantBuilder(6) },
		"licensed":    licensed,
		"cached":      cached(func() *Builder { return chainBuilder(true) }),
	}
	order := []string{"plant", "chain", "chain", "short plant", "licensed", "calm chain", "licensed", "chain",
		"plant", "cached", "cached", "chain", "licensed", "licensed", "cached", "short plant", "cached"}
	var old *Model
	for i, name := range order {
		fresh := mustBuild(t, makers[name]())
		m, err := makers[name]().BuildReusing(old)
		if err != nil {
			t.Fatalf("%d %s: %v", i, name, err)
		}
		if !reflect.DeepEqual(m, fresh) {
			t.Fatalf("%d %s: model built reusing %T differs from a fresh build", i, name, old)
		}
		if old != nil && cap(old.weights) >= len(m.weights) && &old.weights[:1][0] != &m.weights[:1][0] {
			t.Errorf("%d %s: the weights were not reused", i, name)
		}
		want, got := NewResult(fresh), NewResult(m)
		NewEngine(fresh).Run(want)
		NewEngine(m).Run(got)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%d %s: run of the model built reusing differs", i, name)
		}
		old = m
	}
	// A build that fails reports what Build reports.
	bad := func() *Builder {
		b := licensed()
		b.AddTariff(Tariff{Importer: "USA", Exporter: "CHN", Product: "x/refined", Rate: -2})
		return b
	}
	_, want := bad().Build()
	_, err := bad().BuildReusing(old)
	if err == nil || want == nil || err.Error() != want.Error() {
		t.Fatalf("BuildReusing error %v, want %v", err, want)
	}
}
