package scenario

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
)

// TestBuiltins checks every file of builtin/: it parses and validates against the
// embedded world data, is named after its file, resolves, has a title and cites sources.
func TestBuiltins(t *testing.T) {
	files, err := fs.Glob(BuiltinFiles(), "*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no built-in scenarios: %v", err)
	}
	scs, err := Builtins()
	if err != nil {
		t.Fatalf("invalid built-in scenarios:\n%v", err)
	}
	if len(scs) != len(files) {
		t.Fatalf("%d scenarios from %d files", len(scs), len(files))
	}
	if !slices.IsSortedFunc(scs, func(a, b *Scenario) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("Builtins() is not sorted by name")
	}
	for _, sc := range scs {
		t.Run(sc.Name, func(t *testing.T) {
			if sc.Title == "" {
				t.Error("no title")
			}
			if len(sc.Sources) == 0 {
				t.Error("no sources: a built-in scenario must cite its events")
			}
			full, err := Resolve(sc, Builtin)
			if err != nil {
				t.Fatal(err)
			}
			if full.Importer == "" || full.Rival == "" || full.End < full.Start {
				t.Errorf("resolved scenario incomplete: importer %q, rival %q, %v..%v", full.Importer, full.Rival, full.Start, full.End)
			}
			again, err := Builtin(sc.Name)
			if err != nil || again != sc {
				t.Errorf("Builtin(%q) = %p, %v; want the scenario Builtins returned", sc.Name, again, err)
			}
		})
	}
}

func TestBaseline(t *testing.T) {
	sc, err := Builtin("baseline-2025")
	if err != nil {
		t.Fatal(err)
	}
	if sc.Importer != "USA" || sc.Rival != "CHN" || sc.Extends != "" {
		t.Errorf("baseline-2025: importer %s, rival %s, extends %q", sc.Importer, sc.Rival, sc.Extends)
	}
}

func TestBuiltinUnknown(t *testing.T) {
	if _, err := Builtin("no-such-scenario"); !errors.Is(err, ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
}
