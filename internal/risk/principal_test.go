package risk

import (
	"testing"

	"github.com/critmin/critmin/internal/world"
)

// tinTwoForms adds US tin with a principal refined-tin mix and a larger single-source scrap
// mix, the shape of the USGS tin chapter: the scrap share must not become the top source.
var tinTwoForms = map[string]string{
	"commodities.csv": "tin,tin,,mine,\n",
	"reliance.csv":    "USA,tin,2024,75,eq,\"% of apparent consumption, refined tin\",reported,usgs-test,\n",
	"trade.csv": `USA,tin,Refined tin,2021-24,CHN,40,reported,usgs-test,
USA,tin,Refined tin,2021-24,ROW,60,reported,usgs-test,
USA,tin,Waste and scrap,2021-24,CAN,91,reported,usgs-test,
USA,tin,Waste and scrap,2021-24,ROW,9,reported,usgs-test,
`,
	"figures.csv": "tin,mine,production,CHN,2024,60000,t,tin content,reported,usgs-test,\ntin,mine,production,ROW,2024,240000,t,tin content,reported,usgs-test,\n",
}

const tinPrincipalRow = `commodity,category,rank,status,source,note
tin,Refined tin,1,reported,usgs-test,NIR defined on refined tin
`

func TestPrincipalForm(t *testing.T) {
	withRow := map[string]string{"principal_forms.csv": tinPrincipalRow}
	for k, v := range tinTwoForms {
		withRow[k] = v
	}
	tests := []struct {
		name       string
		extra      map[string]string
		top        string  // TopSource exporter, "" = none
		derivedPct float64 // CAN's derived reliance, -1 = must be absent
		geoCat     string  // GeoPolRisk category, "" = not computable
	}{
		{"principal form chosen", withRow, "CHN", -1, "Refined tin"},
		{"several forms and none known", tinTwoForms, "", -1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := lensFixture(t, tt.extra)
			r := CommodityOverview(ds, "USA", "tin", 0)
			got := ""
			if r.TopSource != nil {
				got = r.TopSource.Exporter
			}
			if got != tt.top {
				t.Errorf("top source %q, want %q", got, tt.top)
			}
			for _, m := range r.Details.Reliance.Mixes {
				for _, s := range m.Sources {
					if s.Exporter == "CAN" && s.ReliancePct != nil {
						t.Errorf("CAN has derived reliance %g through %q, a form the NIR is not defined on", *s.ReliancePct, m.Category)
					}
				}
			}
			if gc := r.Details.GeoPolRisk.Category; gc != tt.geoCat {
				t.Errorf("GeoPolRisk category %q, want %q", gc, tt.geoCat)
			}
			if tt.top != "" {
				if !r.Details.Reliance.Mixes[0].Principal || r.Details.Reliance.Mixes[0].Category != "Refined tin" {
					t.Errorf("first mix %+v, want the principal refined tin", r.Details.Reliance.Mixes[0])
				}
				// 0.75 x 40 = 30% of apparent consumption from China.
				for _, s := range r.Details.Reliance.Mixes[0].Sources {
					if v := lensDeref(s.ReliancePct); s.Exporter == "CHN" && !lensApprox(v, 30) {
						t.Errorf("CHN derived reliance %g, want 30", v)
					}
				}
			}
		})
	}
}

// TestEmbeddedTopSources checks the overview's top source against the USGS import lists of
// the form each NIR is defined on (issue 10: copper, tin, antimony, arsenic, tantalum and
// chromium were taken from ore, scrap or acid lists).
func TestEmbeddedTopSources(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		commodity, category, exporter string
		share                         float64
	}{
		{"copper", "Refined copper", "CHL", 68},
		{"tin", "Refined tin", "PER", 31},
		{"antimony", "Total metal and oxide", "CHN", 55},
		{"arsenic", "All forms of arsenic", "CHN", 45},
		{"tantalum", "Total", "CHN", 22},
		{"chromium", "Total imports", "ZAF", 31},
	}
	for _, tt := range tests {
		t.Run(tt.commodity, func(t *testing.T) {
			r := CommodityOverview(ds, "USA", tt.commodity, 0)
			if r.TopSource == nil {
				t.Fatal("no top source")
			}
			if got := *r.TopSource; got.Category != tt.category || got.Exporter != tt.exporter || got.SharePct != tt.share {
				t.Errorf("top source %+v, want %s %s %g", got, tt.category, tt.exporter, tt.share)
			}
			if g := r.Details.GeoPolRisk; g.Score != nil && g.Category != tt.category {
				t.Errorf("GeoPolRisk uses %q, want %q", g.Category, tt.category)
			}
		})
	}
}

// TestImporterWithoutNIR covers an importer group with BACI-style shares and no NIR (the
// EU27's extra-EU imports): GeoPolRisk weighs imports by share alone and says so, the
// overview names the top source, and no derived reliance is invented.
func TestImporterWithoutNIR(t *testing.T) {
	ds := lensFixture(t, map[string]string{"trade.csv": `EU27,rare_earths,HS 850511 permanent magnets of metal (BACI),2024,CHN,90,derived,usgs-test,fixture
EU27,rare_earths,HS 850511 permanent magnets of metal (BACI),2024,JPN,10,derived,usgs-test,fixture
`})
	imp, ok := ds.ResolveImporter("EU")
	if !ok || imp != "EU27" {
		t.Fatalf("ResolveImporter(EU) = %q %v, want EU27", imp, ok)
	}
	r := CommodityOverview(ds, imp, "rare_earths", 0)
	if r.TopSource == nil || r.TopSource.Exporter != "CHN" || r.TopSource.SharePct != 90 {
		t.Errorf("top source %+v, want CHN 90", r.TopSource)
	}
	g := r.Details.GeoPolRisk
	if !g.SharesOnly || g.ImportRisk == nil {
		t.Fatalf("GeoPolRisk %+v: want import risk from shares alone", g)
	}
	// g = 1 - WGI: CHN 0.70 x 0.90 + JPN 0.15 x 0.10 = 0.645.
	if !lensApprox(*g.ImportRisk, 0.645) {
		t.Errorf("import risk %g, want 0.645", *g.ImportRisk)
	}
	if !lensHasNote(g.Notes, "upper bounds") {
		t.Errorf("notes %q do not say the score is an upper bound", g.Notes)
	}
	for _, s := range r.Details.Reliance.Mixes[0].Sources {
		if s.ReliancePct != nil {
			t.Errorf("%s has derived reliance %g without a NIR", s.Exporter, *s.ReliancePct)
		}
	}
	if _, ok := ds.ResolveImporter("ROW"); ok {
		t.Error("ROW resolved as an importer")
	}
}
