package main

import (
	"slices"
	"strings"
	"testing"
)

// TestNeighbourhoods: on a 3x2 grid, each point's around is the mean of its own met and
// its neighbours' one step along one axis.
func TestNeighbourhoods(t *testing.T) {
	// met by index (i, j): i on the first axis (3 values), j on the second (2).
	met := [3][2]int{{10, 20}, {30, 40}, {50, 60}}
	var points []point
	for i := range 3 {
		for j := range 2 {
			points = append(points, point{idx: []int{i, j}, met: met[i][j]})
		}
	}
	neighbourhoods(points)
	want := map[[2]int]float64{
		{0, 0}: (10 + 30 + 20) / 3.0,
		{1, 0}: (30 + 10 + 50 + 40) / 4.0,
		{2, 1}: (60 + 40 + 50) / 3.0,
	}
	for _, p := range points {
		if w, ok := want[[2]int{p.idx[0], p.idx[1]}]; ok && p.around != w {
			t.Errorf("point %v: around %g, want %g", p.idx, p.around, w)
		}
	}
}

func TestSetAxes(t *testing.T) {
	saved := slices.Clone(grid)
	t.Cleanup(func() { grid = saved })
	if err := setAxes("price_adjustment=0.2/0.3;entry_hurdle=2"); err != nil {
		t.Fatal(err)
	}
	if i := slices.IndexFunc(grid, func(a axis) bool { return a.name == "price_adjustment" }); !slices.Equal(grid[i].values, []float64{0.2, 0.3}) {
		t.Errorf("price_adjustment axis %v, want [0.2 0.3]", grid[i].values)
	}
	if last := grid[len(grid)-1]; last.name != "entry_hurdle" || !slices.Equal(last.values, []float64{2}) {
		t.Errorf("added axis %+v, want entry_hurdle [2]", last)
	}
	for _, bad := range []string{"nonsense=1", "price_adjustment", "price_adjustment=x", "price_adjustment=0.1//0.2"} {
		if err := setAxes(bad); err == nil {
			t.Errorf("setAxes(%q) accepted", bad)
		} else if !strings.Contains(err.Error(), "grid axis") {
			t.Errorf("setAxes(%q): %v, want an error naming the grid axis", bad, err)
		}
	}
}

// FuzzSetAxes: any spec either fails with an error or leaves every axis with values.
func FuzzSetAxes(f *testing.F) {
	f.Add("price_adjustment=0.2/0.3;entry_hurdle=2")
	f.Add(";;=")
	f.Fuzz(func(t *testing.T, spec string) {
		saved := slices.Clone(grid)
		defer func() { grid = saved }()
		if err := setAxes(spec); err != nil {
			return
		}
		for _, a := range grid {
			if len(a.values) == 0 {
				t.Fatalf("spec %q left axis %s empty", spec, a.name)
			}
		}
	})
}
