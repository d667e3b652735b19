package risk

import (
	"math"
	"testing"

	"github.com/critmin/critmin/internal/world"
)

func TestUSGSSupplyRisk(t *testing.T) {
	ds := lensFixture(t, nil)
	// Rare-earth mine 2024 (t REO of 390,000): CHN 270,000 (g 0.7), USA 45,000 (the
	// importer: g 0), MMR 31,000 (g 0.9), AUS 13,000 (g 0.15); ROW unattributed.
	// DP = (0.7*270^2 + 0*45^2 + 0.9*31^2 + 0.15*13^2) / 390^2
	//    = (51030 + 0 + 864.9 + 25.35) / 152100 = 51920.25 / 152100 = 0.34136...
	reDP := 51920.25 / 152100
	// For any other importer the U.S. production is foreign (g 0.2): add 0.2 * 45^2 = 405.
	reDPForeign := (51920.25 + 405) / 152100
	// Cobalt mine 2024 (t of 290,000): COD 220,000 (g 0.9), IDN 28,000 (no score: 0.5),
	// AUS 3,600 (g 0.15). DP = (0.9*48400 + 0.5*784 + 0.15*12.96) / 84100 = 43953.944 / 84100.
	coDP := 43953.944 / 84100
	tests := []struct {
		name, importer, commodity string
		opts                      USGSOptions
		dp, te                    float64 // NaN = nil
		note                      string
	}{
		{"rare earths", "USA", "rare_earths", USGSOptions{}, reDP, 0.80, "economic vulnerability not available"},
		{"bound NIR", "JPN", "rare_earths", USGSOptions{}, reDPForeign, 0.95, "trade exposure is a lower bound"},
		{"neutral governance", "USA", "cobalt", USGSOptions{Year: 2024}, coDP, 0.76, "no governance score for IDN"},
		{"net exporter", "CAN", "cobalt", USGSOptions{}, coDP, 0, "net exporter of cobalt: trade exposure 0"},
		{"importer without NIR", "MYS", "rare_earths", USGSOptions{}, reDPForeign, math.NaN(), "trade exposure not computable"},
		{"stage without data", "USA", "rare_earths", USGSOptions{Stage: world.Metal}, math.NaN(), 0.80, "not computable because rare_earths metal"},
		// Separation from shares: DP = 0.7 * 0.91^2 = 0.57967.
		{"separation stage", "USA", "rare_earths", USGSOptions{Stage: world.Separation}, 0.7 * 0.8281, 0.80, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := USGSSupplyRisk(ds, tt.importer, tt.commodity, tt.opts)
			check := func(what string, got *float64, want float64) {
				t.Helper()
				if math.IsNaN(want) {
					if got != nil {
						t.Errorf("%s = %g, want nil", what, *got)
					}
					return
				}
				if !lensApprox(lensDeref(got), want) {
					t.Errorf("%s = %.12g, want %.12g", what, lensDeref(got), want)
				}
			}
			check("DP", r.DP, tt.dp)
			check("TE", r.TE, tt.te)
			check("DP x TE", r.RiskWithoutEV, tt.dp*tt.te)
			if r.EV != nil {
				t.Errorf("EV = %g, want nil: critmin has no economic vulnerability data", *r.EV)
			}
			if !lensHasNote(r.Notes, "economic vulnerability not available") {
				t.Errorf("EV note missing from %q", r.Notes)
			}
			if tt.note != "" && !lensHasNote(r.Notes, tt.note) {
				t.Errorf("notes %q lack %q", r.Notes, tt.note)
			}
		})
	}
}

func TestUSGSDPTerms(t *testing.T) {
	ds := lensFixture(t, nil)
	r := USGSSupplyRisk(ds, "USA", "rare_earths", USGSOptions{})
	// Contributions: CHN 51030, MMR 864.9, AUS 25.35, USA 0 (all / 152100).
	want := []string{"CHN", "MMR", "AUS", "USA"}
	for i, c := range want {
		if i >= len(r.DPTerms) || r.DPTerms[i].Country != c {
			t.Fatalf("terms %+v, want order %v", r.DPTerms, want)
		}
	}
	if r.DPTerms[3].G != 0 || !r.DPTerms[3].GKnown {
		t.Errorf("the importer's own production should count with g = 0: %+v", r.DPTerms[3])
	}
	if r.Stage != world.Mine || r.Year != 2024 {
		t.Errorf("stage %s year %d, want mine 2024", r.Stage, r.Year)
	}
}
