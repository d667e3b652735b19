package risk

import (
	"testing"

	"github.com/critmin/critmin/internal/world"
)

func TestConcentrationChecksEmbedded(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatalf("embedded data: %v", err)
	}
	checks := ConcentrationChecks(ds)
	if len(checks) < 30 {
		t.Fatalf("only %d checks", len(checks))
	}
	found := false
	for _, c := range checks {
		if !c.Matches() {
			t.Errorf("%s %s %d %s: lens %.6f, source %.6f (%s)", c.Commodity, c.Stage, c.Year, c.Country, c.LensShare, c.PublishedShare, c.Published)
		}
		if c.Commodity == "rare_earths" && c.Stage == world.Mine && c.Country == "CHN" {
			found = true
			// USGS MCS 2026: 270,000 of 380,000 t REO in 2024.
			if c.Year != 2024 || c.PublishedShare != 270000.0/380000 {
				t.Errorf("rare-earth mine check = %+v, want 2024 and 270000/380000", c)
			}
		}
	}
	if !found {
		t.Error("no check of China's rare-earth mine share")
	}
}
