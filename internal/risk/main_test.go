package risk

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/critmin/critmin/internal/world"
)

// lensFixture loads the small dataset in testdata/lenses with extra rows appended to its
// files (file name -> CSV lines without the header; a file the base lacks must include its
// header). The data is passed to world.Load as a fstest.MapFS layer.
func lensFixture(t testing.TB, extra map[string]string) *world.Dataset {
	t.Helper()
	fsys := fstest.MapFS{}
	entries, err := os.ReadDir(filepath.Join("testdata", "lenses"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join("testdata", "lenses", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fsys[e.Name()] = &fstest.MapFile{Data: data}
	}
	for name, rows := range extra {
		f, ok := fsys[name]
		if !ok {
			f = &fstest.MapFile{}
			fsys[name] = f
		}
		f.Data = append(append([]byte{}, f.Data...), []byte(strings.TrimLeft(rows, "\n"))...)
	}
	ds, err := world.Load(world.Layer{Name: "testdata/lenses", FS: fsys})
	if err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	return ds
}

// lensApprox reports whether got is within 1e-9 of want.
func lensApprox(got, want float64) bool { return math.Abs(got-want) <= 1e-9 }

// lensHasNote reports whether a note contains sub.
func lensHasNote(notes []string, sub string) bool {
	for _, n := range notes {
		if strings.Contains(n, sub) {
			return true
		}
	}
	return false
}

// lensDeref returns *p, or NaN for nil so that comparisons fail visibly.
func lensDeref(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}
