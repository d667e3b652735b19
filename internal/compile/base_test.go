package compile

import (
	"reflect"
	"sync"
	"testing"

	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/world"
)

// TestCompileConcurrently compiles every built-in scenario from several goroutines at once
// over one dataset, as a parallel Monte Carlo study does: what the compiles share (the
// dataset's cached base, constant series, pooled builders) must leave each with the model
// a lone compile over a dataset of its own gives.
func TestCompileConcurrently(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	own, err := world.Load(world.EmbeddedLayer())
	if err != nil {
		t.Fatal(err)
	}
	all, err := scenario.Builtins()
	if err != nil {
		t.Fatal(err)
	}
	var scs []*scenario.Scenario
	for _, sc := range all {
		resolved, err := scenario.Resolve(sc, scenario.Builtin)
		if err != nil {
			t.Fatalf("%s: resolve: %v", sc.Name, err)
		}
		scs = append(scs, resolved)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for _, sc := range scs {
				if _, err := Compile(ds, sc); err != nil {
					t.Errorf("%s: %v", sc.Name, err)
				}
			}
		})
	}
	for _, sc := range scs {
		want, err := Compile(own, sc)
		if err != nil {
			t.Fatalf("%s: %v", sc.Name, err)
		}
		got, err := Compile(ds, sc)
		if err != nil {
			t.Fatalf("%s: %v", sc.Name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the model compiled alongside others differs from a lone compile's", sc.Name)
		}
	}
	wg.Wait()
}
