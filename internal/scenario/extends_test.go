package scenario

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/critmin/critmin/internal/world"
)

// lookupOf serves scenarios from a map, as Env.Base does.
func lookupOf(scs ...*Scenario) func(string) (*Scenario, error) {
	return func(name string) (*Scenario, error) {
		for _, sc := range scs {
			if sc.Name == name {
				return sc, nil
			}
		}
		return nil, fmt.Errorf("scenario %q: %w", name, ErrNotFound)
	}
}

func TestResolveMerges(t *testing.T) {
	grand := &Scenario{Name: "grand", Title: "Grand", Importer: "USA", Rival: "CHN", End: MonthOf(2040, 12),
		Sources:    []string{"a"},
		Controls:   []Control{{ID: "g1"}},
		Parameters: Parameters{Utilisation: &Param{Value: 0.8}, ArmingtonElasticity: &Param{Value: 2}}}
	parent := &Scenario{Name: "parent", Extends: "grand", Rival: "RUS", Sources: []string{"a", "b"},
		Controls: []Control{{ID: "p1"}}, Tariffs: []Tariff{{Importer: "USA"}},
		Parameters: Parameters{Utilisation: &Param{Value: 0.9}}}
	child := &Scenario{Name: "child", Extends: "parent", Start: MonthOf(2026, 1),
		Controls: []Control{{ID: "c1"}, {ID: "c2"}}}

	got, err := Resolve(child, lookupOf(grand, parent))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range got.Controls {
		ids = append(ids, c.ID)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"lists appended, oldest first", strings.Join(ids, ","), "g1,p1,c1,c2"},
		{"other lists kept", len(got.Tariffs), 1},
		{"name from the child", got.Name, "child"},
		{"title not inherited", got.Title, ""},
		{"importer inherited", got.Importer, "USA"},
		{"rival overridden by the parent", got.Rival, "RUS"},
		{"start from the child", got.Start, MonthOf(2026, 1)},
		{"end inherited", got.End, MonthOf(2040, 12)},
		{"sources without repeats", strings.Join(got.Sources, ","), "a,b"},
		{"parameter overridden", got.Parameters.Utilisation.Value, 0.9},
		{"parameter inherited", got.Parameters.ArmingtonElasticity.Value, 2.0},
		{"extends cleared", got.Extends, ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	if len(parent.Controls) != 1 || len(grand.Controls) != 1 {
		t.Error("Resolve modified its inputs")
	}
}

func TestResolveDefaults(t *testing.T) {
	got, err := Resolve(&Scenario{Name: "x"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.Start != DefaultStart || got.End != DefaultEnd {
		t.Errorf("horizon %v..%v, want %v..%v", got.Start, got.End, DefaultStart, DefaultEnd)
	}
}

func TestResolveErrors(t *testing.T) {
	a := &Scenario{Name: "a", Extends: "b"}
	b := &Scenario{Name: "b", Extends: "c"}
	c := &Scenario{Name: "c", Extends: "a"}
	tests := []struct {
		name string
		sc   *Scenario
		want string
	}{
		{"cycle", a, "resolve scenario a: extends: cycle a -> b -> c -> a"},
		{"self", &Scenario{Name: "s", Extends: "s"}, "resolve scenario s: extends: cycle s -> s"},
		{"unknown", &Scenario{Name: "u", Extends: "nope"}, `resolve scenario u: extends: unknown scenario "nope"`},
	}
	for _, tt := range tests {
		_, err := Resolve(tt.sc, lookupOf(a, b, c))
		if err == nil || err.Error() != tt.want || !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v, want %s wrapping ErrInvalid", tt.name, err, tt.want)
		}
	}
}

func TestLibrary(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	lib := testLibrary(ds)
	names, err := lib.Names()
	if err != nil || strings.Join(names, ",") != "baseline-2025,cycle-a,cycle-b,with-controls" {
		t.Fatalf("Names() = %v, %v", names, err)
	}
	if sc, err := lib.Scenario("with-controls"); err != nil || len(sc.Controls) != 2 || sc.Extends != "baseline-2025" {
		t.Errorf("with-controls = %+v, %v", sc, err)
	}
	_, err = lib.Scenario("cycle-a")
	if want := "testdata/library/cycle-a.yaml:3:10: extends: cycle cycle-a -> cycle-b -> cycle-a"; err == nil || err.Error() != want {
		t.Errorf("cycle-a: %v, want %s", err, want)
	}
	if _, err := lib.Scenario("../parse_test"); !errors.Is(err, ErrNotFound) {
		t.Errorf("path outside the library: %v, want ErrNotFound", err)
	}
	if _, err := lib.All(); !errors.Is(err, ErrInvalid) {
		t.Errorf("All() with a cycle: %v, want ErrInvalid", err)
	}

	misnamed := NewLibrary(fstest.MapFS{"a.yaml": {Data: []byte("name: b\nimporter: USA\nrival: CHN\n")}}, "lib", Env{World: ds, Products: DefaultCatalogue})
	if _, err := misnamed.Scenario("a"); err == nil || err.Error() != `lib/a.yaml: name: must match the file name "a", got "b"` {
		t.Errorf("misnamed: %v", err)
	}
}
