package compile_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/world"
)

// TestTouchedCoversEveryKind checks Touched's hand-written list of element kinds against
// the scenario type: every list of elements whose entries name a product (a Product or
// Products field) must make Touched report that product, so that a new kind cannot
// leave its products frozen in Monte Carlo studies. The kinds that name no product are
// listed here, as Touched's comment lists them; a Product field added to one fails too.
func TestTouchedCoversEveryKind(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	const product = "ndfeb/magnet"
	noProduct := []string{"Suspensions", "EmergencyPowers", "Priority", "Correlations"}
	st := reflect.TypeFor[scenario.Scenario]()
	kinds := 0
	for i := range st.NumField() {
		f := st.Field(i)
		if f.Type.Kind() != reflect.Slice || f.Type.Elem().Kind() != reflect.Struct {
			continue
		}
		kinds++
		elem := reflect.New(f.Type.Elem()).Elem()
		named := false
		if pf := elem.FieldByName("Product"); pf.IsValid() && pf.Kind() == reflect.String {
			pf.SetString(product)
			named = true
		}
		if pf := elem.FieldByName("Products"); pf.IsValid() && pf.Type() == reflect.TypeFor[[]string]() {
			pf.Set(reflect.ValueOf([]string{product}))
			named = true
		}
		exempt := slices.Contains(noProduct, f.Name)
		switch {
		case named && exempt:
			t.Errorf("%s now names a product: take it off the no-product list and add it to compile.Touched", f.Name)
		case !named && !exempt:
			t.Errorf("%s names no product through a Product or Products field: say how it acts in compile.Touched's comment and list it here", f.Name)
		case named:
			var sc scenario.Scenario
			list := reflect.MakeSlice(f.Type, 0, 1)
			reflect.ValueOf(&sc).Elem().Field(i).Set(reflect.Append(list, elem))
			if got := compile.Touched(ds, &sc); !slices.Contains(got, product) {
				t.Errorf("compile.Touched misses the products of %s (got %v)", f.Name, got)
			}
		}
	}
	if kinds < 15 {
		t.Fatalf("found %d element kinds in scenario.Scenario; the reflection missed them", kinds)
	}
}
