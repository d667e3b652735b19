package risk

import (
	"math"
	"testing"

	"github.com/critmin/critmin/internal/world"
)

func TestGeoPolRisk(t *testing.T) {
	ds := lensFixture(t, nil)
	// Governance fixture: g = 1 - wgi_normalised. CHN 0.7, MMR 0.9, MYS 0.4, JPN 0.15,
	// EST 0.15, AUS 0.15, COD 0.9, CAN 0.1; ROW and IDN have none -> 0.5.
	reHHI := 76055.0 / 152100 // see TestConcentration
	// USA rare earths, NIR 0.80, mix CHN 70, MYS 13, JPN 6, EST 5, ROW 6:
	// sum g m = 0.7*0.70 + 0.4*0.13 + 0.15*0.06 + 0.15*0.05 + 0.5*0.06
	//         = 0.49 + 0.052 + 0.009 + 0.0075 + 0.03 = 0.5885; import risk = 0.8 * 0.5885 = 0.4708.
	reIR := 0.4708
	// Cobalt mine 2024: COD 220,000, IDN 28,000, AUS 3,600 of WLD 290,000 t.
	// HHI = (220^2 + 28^2 + 3.6^2) / 290^2 = 49196.96 / 84100.
	coHHI := 49196.96 / 84100
	// USA cobalt, NIR 0.76, mix CAN 40, JPN 20, COD 40:
	// sum g m = 0.1*0.4 + 0.15*0.2 + 0.9*0.4 = 0.04 + 0.03 + 0.36 = 0.43; import risk = 0.76 * 0.43 = 0.3268.
	coIR := 0.3268
	tests := []struct {
		name, importer, commodity string
		opts                      GeoPolRiskOptions
		hhi, importRisk, score    float64 // NaN = nil
		note                      string
	}{
		{"rare earths mine", "USA", "rare_earths", GeoPolRiskOptions{}, reHHI, reIR, reHHI * reIR, "approximated as NIR x import share"},
		// Separation HHI = 0.91^2 = 0.8281.
		{"rare earths separation", "USA", "rare_earths", GeoPolRiskOptions{Stage: world.Separation}, 0.8281, reIR, 0.8281 * reIR, "no governance score for ROW"},
		{"cobalt", "USA", "cobalt", GeoPolRiskOptions{Year: 2024}, coHHI, coIR, coHHI * coIR, ""},
		{"net exporter", "CAN", "cobalt", GeoPolRiskOptions{}, coHHI, 0, 0, "net exporter"},
		{"no source mix", "JPN", "rare_earths", GeoPolRiskOptions{}, reHHI, math.NaN(), math.NaN(), "no import sources"},
		{"no NIR", "MYS", "rare_earths", GeoPolRiskOptions{}, reHHI, math.NaN(), math.NaN(), "no net import reliance"},
		{"stage without data", "USA", "rare_earths", GeoPolRiskOptions{Stage: world.Metal}, math.NaN(), reIR, math.NaN(), "not computable because rare_earths metal"},
		{"unknown category", "USA", "rare_earths", GeoPolRiskOptions{Category: "magnets"}, reHHI, math.NaN(), math.NaN(), `no import category "magnets"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := GeoPolRisk(ds, tt.importer, tt.commodity, tt.opts)
			for _, c := range []struct {
				what string
				got  *float64
				want float64
			}{{"hhi", r.HHI, tt.hhi}, {"import risk", r.ImportRisk, tt.importRisk}, {"score", r.Score, tt.score}} {
				if math.IsNaN(c.want) {
					if c.got != nil {
						t.Errorf("%s = %g, want nil", c.what, *c.got)
					}
					continue
				}
				if !lensApprox(lensDeref(c.got), c.want) {
					t.Errorf("%s = %.12g, want %.12g", c.what, lensDeref(c.got), c.want)
				}
			}
			if tt.note != "" && !lensHasNote(r.Notes, tt.note) {
				t.Errorf("notes %q lack %q", r.Notes, tt.note)
			}
		})
	}
}

func TestGeoPolRiskTerms(t *testing.T) {
	ds := lensFixture(t, nil)
	r := GeoPolRisk(ds, "USA", "rare_earths", GeoPolRiskOptions{})
	// Contributions g x NIR x m: CHN 0.392, MYS 0.0416, ROW 0.024, JPN 0.0072, EST 0.006.
	want := []struct {
		c string
		v float64
	}{{"CHN", 0.392}, {"MYS", 0.0416}, {"ROW", 0.024}, {"JPN", 0.0072}, {"EST", 0.006}}
	if len(r.Terms) != len(want) {
		t.Fatalf("%d terms, want %d", len(r.Terms), len(want))
	}
	for i, w := range want {
		if r.Terms[i].Exporter != w.c || !lensApprox(r.Terms[i].Contribution, w.v) {
			t.Errorf("term %d = %s %g, want %s %g", i, r.Terms[i].Exporter, r.Terms[i].Contribution, w.c, w.v)
		}
	}
	if r.Terms[2].GKnown {
		t.Errorf("ROW g should be marked neutral")
	}
}

func TestGeoPolRiskReimport(t *testing.T) {
	// An importer listed among its own sources (re-imports) counts with g = 0.
	ds := lensFixture(t, map[string]string{
		"trade.csv": `
CHN,cobalt,all,2024,CHN,50,reported,usgs-test,
CHN,cobalt,all,2024,COD,50,reported,usgs-test,
`,
		"reliance.csv": `
CHN,cobalt,2024,90,eq,% of apparent consumption,reported,usgs-test,
`})
	r := GeoPolRisk(ds, "CHN", "cobalt", GeoPolRiskOptions{})
	// sum = 0 * 0.9 * 0.5 + 0.9 * 0.9 * 0.5 = 0.405.
	if !lensApprox(lensDeref(r.ImportRisk), 0.405) {
		t.Errorf("import risk %g, want 0.405", lensDeref(r.ImportRisk))
	}
}

func TestInstability(t *testing.T) {
	ds := lensFixture(t, nil)
	if g, year, known := Instability(ds, "CHN"); !lensApprox(g, 0.7) || year != 2023 || !known {
		t.Errorf("CHN g %g year %d known %v, want 0.7 2023 true", g, year, known)
	}
	if g, _, known := Instability(ds, "IDN"); g != NeutralInstability || known {
		t.Errorf("IDN g %g known %v, want neutral", g, known)
	}
}
