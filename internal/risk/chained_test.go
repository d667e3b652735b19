package risk

import (
	"slices"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/world"
)

// publishedChain is a rare-earth chain with the shares IEA and USGS publish for China:
// 69% of mining, 91% of separation, 94% of magnets; the metal stage has no data.
var publishedChain = map[string]string{
	"commodities.csv": `
ree_chain,rare-earth chain (published shares),,mine;separation;metal;magnet,fixture
`,
	"figures.csv": `
ree_chain,mine,share,CHN,2024,69,%,,reported,usgs-test,
ree_chain,mine,share,ROW,2024,31,%,,derived,usgs-test,100 minus China
ree_chain,separation,share,CHN,2024,91,%,,reported,iea-test,
ree_chain,separation,share,ROW,2024,9,%,,derived,iea-test,100 minus China
ree_chain,magnet,share,CHN,2024,94,%,,reported,iea-test,
ree_chain,magnet,share,ROW,2024,6,%,,derived,iea-test,100 minus China
`,
	"reliance.csv": `
USA,ree_chain,2024,80,eq,% of apparent consumption,reported,usgs-test,
`,
}

func TestChainedExposurePublishedShares(t *testing.T) {
	ds := lensFixture(t, publishedChain)
	r := ChainedExposure(ds, "USA", "ree_chain", "CHN", 2024)
	// mine:       e = 0.69
	// separation: e = 0.91 + 0.09 * 0.69   = 0.9721
	// metal:      no data, skipped: e stays 0.9721
	// magnet:     e = 0.94 + 0.06 * 0.9721 = 0.998326
	want := []struct {
		stage     world.Stage
		available bool
		share, e  float64
	}{
		{world.Mine, true, 0.69, 0.69},
		{world.Separation, true, 0.91, 0.9721},
		{world.Metal, false, 0, 0.9721},
		{world.Magnet, true, 0.94, 0.998326},
	}
	if len(r.Chain) != len(want) {
		t.Fatalf("%d stages, want %d", len(r.Chain), len(want))
	}
	for i, w := range want {
		t.Run(string(w.stage), func(t *testing.T) {
			s := r.Chain[i]
			if !w.available {
				// A stage with no data: share and exposure unknown (JSON null), not 0.
				if s.Stage != w.stage || s.Available || s.Share != nil || s.Exposure != nil {
					t.Errorf("got %s available %v share %v exposure %v; want %s unavailable, share and exposure nil",
						s.Stage, s.Available, s.Share, s.Exposure, w.stage)
				}
				return
			}
			if s.Stage != w.stage || !s.Available || s.Share == nil || s.Exposure == nil ||
				!lensApprox(*s.Share, w.share) || !lensApprox(*s.Exposure, w.e) {
				t.Errorf("got %s available %v share %v exposure %v; want %s %v %g %.9g",
					s.Stage, s.Available, s.Share, s.Exposure, w.stage, w.available, w.share, w.e)
			}
		})
	}
	worldE := lensDeref(r.WorldExposure)
	t.Logf("China chained exposure of world magnet output: %.6f", worldE)
	if !lensApprox(worldE, 0.998326) || worldE <= 0.99 {
		t.Errorf("world exposure %.9g, want 0.998326 (> 0.99)", worldE)
	}
	if !lensHasNote(r.Notes, "stages without data (metal)") {
		t.Errorf("notes %q lack the missing-stage flag", r.Notes)
	}
	if !r.LowerBound || len(r.MissingStages) != 1 || r.MissingStages[0] != world.Metal {
		t.Errorf("lower bound %v, missing %v; want a lower bound with metal missing", r.LowerBound, r.MissingStages)
	}
	// Importer: no U.S. magnet mix, so imports follow world magnet shares (0.998326);
	// domestic share d = 1 - 0.80 = 0.2 draws on world separation output (0.9721):
	// 0.2 * 0.9721 + 0.8 * 0.998326 = 0.19442 + 0.7986608 = 0.9930808.
	if got := lensDeref(r.ImporterExposure); !lensApprox(got, 0.9930808) || !lensApprox(lensDeref(r.DomesticShare), 0.2) {
		t.Errorf("importer exposure %.9g domestic %g, want 0.9930808 and 0.2", got, lensDeref(r.DomesticShare))
	}
	if !lensHasNote(r.Notes, "imports assumed to follow world magnet shares") || r.ImportBasis != "world magnet shares" {
		t.Errorf("basis %q notes %q: the world-share fallback must be flagged", r.ImportBasis, r.Notes)
	}
}

func TestChainedExposureImportMix(t *testing.T) {
	extra := map[string]string{}
	for k, v := range publishedChain {
		extra[k] = v
	}
	extra["trade.csv"] = `
USA,ree_chain,NdFeB magnets,2024,CHN,60,reported,usgs-test,
USA,ree_chain,NdFeB magnets,2024,JPN,30,reported,usgs-test,
USA,ree_chain,NdFeB magnets,2024,ROW,10,reported,usgs-test,
`
	ds := lensFixture(t, extra)
	r := ChainedExposure(ds, "USA", "ree_chain", "CHN", 0)
	// Imports: CHN magnets pass through China (1); JPN and ROW magnet makers draw on world
	// separation output (0.9721): 0.6 * 1 + 0.4 * 0.9721 = 0.98884.
	// Importer: 0.2 * 0.9721 + 0.8 * 0.98884 = 0.19442 + 0.791072 = 0.985492.
	if got := lensDeref(r.ImporterExposure); !lensApprox(got, 0.985492) {
		t.Errorf("importer exposure %.9g, want 0.985492", got)
	}
	if r.ImportBasis != `USA source mix "NdFeB magnets" (2024)` {
		t.Errorf("import basis %q", r.ImportBasis)
	}
}

func TestChainedExposureEdges(t *testing.T) {
	ds := lensFixture(t, nil)
	t.Run("final stage without data", func(t *testing.T) {
		// Cobalt: mine has data (COD, not CHN); refined has none.
		r := ChainedExposure(ds, "USA", "cobalt", "COD", 0)
		if !lensApprox(lensDeref(r.WorldExposure), 220.0/290) || r.ImporterExposure != nil {
			t.Errorf("world %g importer %v; want %g and nil", lensDeref(r.WorldExposure), r.ImporterExposure, 220.0/290)
		}
		if !lensHasNote(r.Notes, "final stage refined has no data") || !lensHasNote(r.Notes, "importer exposure not computable") {
			t.Errorf("notes %q", r.Notes)
		}
	})
	t.Run("country absent from later stages", func(t *testing.T) {
		// USA: 45/390 of mining; separation and magnet list only CHN and ROW, so the
		// exposure carries over: e = 0 + 1 * 45/390 at each later stage.
		r := ChainedExposure(ds, "", "rare_earths", "USA", 2024)
		if !lensApprox(lensDeref(r.WorldExposure), 45.0/390) || r.ImporterExposure != nil {
			t.Errorf("world %g importer %v", lensDeref(r.WorldExposure), r.ImporterExposure)
		}
	})
	t.Run("importer is the country", func(t *testing.T) {
		// China has no NIR in the fixture: its supply is taken as all imported, at world
		// magnet shares, so its exposure equals the world's (and says so).
		r := ChainedExposure(ds, "CHN", "rare_earths", "CHN", 2024)
		if !lensApprox(lensDeref(r.ImporterExposure), lensDeref(r.WorldExposure)) || !lensHasNote(r.Notes, "supply assumed all imported") {
			t.Errorf("importer %g world %g notes %q", lensDeref(r.ImporterExposure), lensDeref(r.WorldExposure), r.Notes)
		}
	})
	t.Run("net exporter producing through the country", func(t *testing.T) {
		ds := lensFixture(t, map[string]string{"reliance.csv": `
CHN,rare_earths,2024,0,net_exporter,% of apparent consumption,reported,usgs-test,
`})
		r := ChainedExposure(ds, "CHN", "rare_earths", "CHN", 2024)
		if !lensApprox(lensDeref(r.ImporterExposure), 1) || !lensApprox(lensDeref(r.DomesticShare), 1) {
			t.Errorf("importer %g domestic %g, want 1 and 1", lensDeref(r.ImporterExposure), lensDeref(r.DomesticShare))
		}
	})
	t.Run("no data at all", func(t *testing.T) {
		ds := lensFixture(t, map[string]string{"commodities.csv": "gallium,gallium,,refined,\n"})
		r := ChainedExposure(ds, "USA", "gallium", "CHN", 0)
		if r.WorldExposure != nil || !lensHasNote(r.Notes, "not computable because no stage of gallium") {
			t.Errorf("world %v notes %q", r.WorldExposure, r.Notes)
		}
	})
	t.Run("unknown commodity", func(t *testing.T) {
		r := ChainedExposure(ds, "USA", "unobtainium", "CHN", 0)
		if r.WorldExposure != nil || !lensHasNote(r.Notes, "not in the dataset") {
			t.Errorf("world %v notes %q", r.WorldExposure, r.Notes)
		}
	})
}

// TestChainedNamesFeedFromOutsideTheChain: graphite's anode stage (natural and synthetic,
// 2,266 kt) makes far more than natural-graphite mining (1,550 kt), so the lens says the
// exposure it carries from the mine is overstated; gallium's single stage says nothing.
func TestChainedNamesFeedFromOutsideTheChain(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	has := func(commodity string) bool {
		r := ChainedExposure(ds, "EU27", commodity, DefaultCountry, 0)
		return slices.ContainsFunc(r.Notes, func(n string) bool { return strings.Contains(n, "takes feed the chain does not model") })
	}
	if !has("graphite_natural") {
		t.Error("graphite: no note that the anode stage takes feed from outside the chain")
	}
	if has("gallium") {
		t.Error("gallium: a note of feed from outside a single-stage chain")
	}
}

// TestUnlistedSupplierIsNotZero: a supplier the stage's figures do not name, where some
// output is unattributed, is flagged (its share lies between 0 and the unattributed
// share) and makes the chained exposure a lower bound: Russia at rare-earth separation,
// whose published shares name China alone (91 %).
func TestUnlistedSupplierIsNotZero(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	var sep *StageConcentration
	for _, s := range ConcentrationOf(ds, "rare_earths", 0, "RUS") {
		if s.Stage == world.Separation {
			sep = &s
		}
	}
	if sep == nil || !sep.CountryUnlisted || sep.Other <= 0 {
		t.Errorf("RUS at separation: %+v, want flagged as unlisted with unattributed output", sep)
	}
	if r := ChainedExposure(ds, "", "rare_earths", "RUS", 0); !r.LowerBound {
		t.Error("RUS chained exposure: not a lower bound though RUS is unnamed at separation")
	}
	for _, s := range ConcentrationOf(ds, "rare_earths", 0, "CHN") {
		if s.CountryUnlisted {
			t.Errorf("CHN at %s flagged unlisted, though the figures name it", s.Stage)
		}
	}
}

// TestChainedImporterBounds: the importer's exposure is an upper bound when the data has
// no NIR (all supply taken as imported; domestic supply passes less through the
// supplier) or an NIR "<X", and a lower bound with an NIR ">X"; the note on the domestic
// share names the reliance row's own source and what it measures (the EU CRM's at the
// processing stage, USGS's for the commodity), not always USGS.
func TestChainedImporterBounds(t *testing.T) {
	for _, c := range []struct {
		name, reliance string
		lower, upper   bool
		note           string
	}{
		{"no NIR", "", false, true, "no net import reliance for USA ree_chain: supply assumed all imported, so the exposure is an upper bound"},
		{"USGS NIR", "USA,ree_chain,2024,80,eq,% of apparent consumption,reported,usgs-test,\n", false, false,
			"domestic share 1 - NIR uses the USA NIR of ree_chain (80, 2024) from usgs-test, which gives it for the commodity, not for the magnet stage"},
		{"EU CRM NIR", "USA,ree_chain,2024,42,eq,\"% of apparent consumption, EU27, processing stage, 2016-2020 average\",reported,iea-test,\n", false, false,
			"domestic share 1 - NIR uses the USA NIR of ree_chain (42 (proc), 2024) from iea-test, which gives it at the processing stage (% of apparent consumption, EU27, processing stage, 2016-2020 average)"},
		{"NIR at least", "USA,ree_chain,2024,50,gt,% of apparent consumption,reported,usgs-test,\n", true, false, "NIR >50 is a lower bound"},
		{"NIR at most", "USA,ree_chain,2024,25,lt,% of apparent consumption,reported,usgs-test,\n", false, true, "NIR <25 is an upper bound"},
	} {
		t.Run(c.name, func(t *testing.T) {
			extra := map[string]string{}
			for k, v := range publishedChain {
				extra[k] = v
			}
			extra["reliance.csv"] = "\n" + c.reliance
			// The metal stage has no data in the fixture; give it some, so that only the
			// NIR decides the bounds.
			extra["figures.csv"] += "ree_chain,metal,share,CHN,2024,90,%,,reported,iea-test,\nree_chain,metal,share,ROW,2024,10,%,,derived,iea-test,100 minus China\n"
			r := ChainedExposure(lensFixture(t, extra), "USA", "ree_chain", "CHN", 0)
			if r.LowerBound != c.lower || r.UpperBound != c.upper {
				t.Errorf("lower %v upper %v, want %v %v (notes %q)", r.LowerBound, r.UpperBound, c.lower, c.upper, r.Notes)
			}
			if !lensHasNote(r.Notes, c.note) {
				t.Errorf("notes %q lack %q", r.Notes, c.note)
			}
			if (r.NIR == nil) != (c.reliance == "") {
				t.Errorf("NIR %+v", r.NIR)
			}
		})
	}
}
