package profile

import (
	"slices"
	"testing"

	"github.com/critmin/critmin/internal/world"
)

func TestOfRareEarths(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	c, _ := ds.Commodity("rare_earths")
	p := Of(ds, c, 0)
	if len(p.Stages) != 4 {
		t.Fatalf("%d stages, want mine, separation, metal, magnet", len(p.Stages))
	}
	if !p.Stages[0].HasData || p.Stages[0].Top1 != "CHN" || p.Stages[2].HasData {
		t.Errorf("stages = %+v", p.Stages)
	}
	// Element prices (Dy, Tb oxide ...) belong to the parent's profile, with the deposits.
	var dy bool
	for _, pr := range p.Prices {
		dy = dy || pr.Commodity == "dysprosium"
	}
	if !dy || len(p.Deposits) == 0 {
		t.Errorf("profile lacks element prices (%v) or deposit distributions (%d)", dy, len(p.Deposits))
	}
	// Every cited source is listed once, sorted.
	seen := map[string]bool{}
	for i, s := range p.Sources {
		if seen[s.ID] || i > 0 && p.Sources[i-1].ID > s.ID {
			t.Fatalf("sources not unique and sorted: %v", p.Sources)
		}
		seen[s.ID] = true
	}
	for _, st := range p.Stages {
		for _, e := range st.Shares.Entries {
			if !seen[e.Source] {
				t.Errorf("stage %s cites %s, not in Sources", st.Stage, e.Source)
			}
		}
	}
}

func TestCoverages(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	cov := Coverages(ds)
	if len(cov) != len(ds.Commodities) {
		t.Fatalf("%d coverages for %d commodities", len(cov), len(ds.Commodities))
	}
	for _, c := range cov {
		if c.Commodity == "gallium" && (c.Figures == 0 || len(c.StagesData) != 1 || !slices.Equal(c.ImportersNI, []string{"EU27", "USA"})) {
			t.Errorf("gallium coverage = %+v", c)
		}
	}
}
