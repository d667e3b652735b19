package risk

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/critmin/critmin/internal/world"
)

const euTol = 1e-9

func euResult(t *testing.T, rs []EUCRMResult, commodity string) EUCRMResult {
	t.Helper()
	for _, r := range rs {
		if r.Commodity == commodity {
			return r
		}
	}
	t.Fatalf("no result for %q", commodity)
	return EUCRMResult{}
}

func euStage(t *testing.T, r EUCRMResult, name string) EUCRMStage {
	t.Helper()
	for _, s := range r.Stages {
		if s.Stage == name {
			return s
		}
	}
	t.Fatalf("%s: no %s stage", r.Commodity, name)
	return EUCRMStage{}
}

// wantSR checks a *float64 SR against want; NaN means nil is expected.
func wantSR(t *testing.T, what string, got *float64, want float64) {
	t.Helper()
	switch {
	case math.IsNaN(want) && got != nil:
		t.Errorf("%s: SR = %v, want null", what, *got)
	case math.IsNaN(want):
	case got == nil:
		t.Errorf("%s: SR = null, want %v", what, want)
	case math.Abs(*got-want) > euTol:
		t.Errorf("%s: SR = %.12f, want %.12f", what, *got, want)
	}
}

func TestEUCRM(t *testing.T) {
	ds := loadEUFixture(t)
	rs := EUCRM(ds, 0)
	tests := []struct {
		commodity      string
		sr             float64 // NaN: null
		bottleneck     string
		sourcingMiss   bool
		proxy          string
		wgiFallback    int
		stageSR        map[string]float64
		noteContaining string
	}{
		{
			// Extraction, GSonly: COD 0.65, AUS 0.20, ROW 0.15 (fragmented, adds nothing).
			//   HHI = 0.65^2 x 9 x t 1.1 + 0.20^2 x 1 = 4.18275 + 0.04 = 4.22275
			//   SR  = 4.22275 x (1 - 0.20) x 0.9 = 3.04038
			// Processing, GS+EU (EU term missing: the only EU27 cobalt mix is magnets,
			// downstream): the 2020 shares, inside the EU's 2016-2020 window, replace the
			// 2024 production (CHN 0.8, AUS 0.2, which would give 2.7936).
			//   HHI = 0.6^2 x 6 = 2.16; SR = 2.16 x (1 - 0.2) x 0.9 = 1.5552
			// The "eu" scope t of 1.5 for COD must not enter.
			commodity: "cobalt", sr: 3.04038, bottleneck: Extraction,
			stageSR: map[string]float64{Extraction: 3.04038, Processing: 1.5552},
		},
		{
			// No dysprosium figures: rare_earths stands in at both stages.
			// Extraction: CHN 0.6, USA 0.2, MMR 0.1 (no WGI: median of CHN 0.4 and USA
			// 0.8 = 0.6 -> 4), ROW 0.1.
			//   HHI = 0.36 x 6 + 0.04 x 2 + 0.01 x 4 = 2.16 + 0.08 + 0.04 = 2.28
			//   SR  = 2.28 x (1 - 0.01) x 0.99 = 2.28 x 0.9801 = 2.234628
			// Processing (separation shares): CHN 0.9 with t 1.1.
			//   HHI = 0.81 x 6 x 1.1 = 5.346; SR = 5.346 x 0.9801 = 5.2396146
			commodity: "dysprosium", sr: 5.2396146, bottleneck: Processing, proxy: "rare_earths",
			stageSR: map[string]float64{Extraction: 2.234628, Processing: 5.2396146},
		},
		{
			// Processing only, GS+EU: CHN 100% of 2024 refined output.
			//   SR = 1 x 6 x (1 - 0) x 0.98 = 5.88
			commodity: "gallium", sr: 5.88, bottleneck: Processing, sourcingMiss: true,
			stageSR:        map[string]float64{Processing: 5.88},
			noteContaining: "global-supply term alone",
		},
		{
			// Mine: AUS 0.5, CHN 0.5: HHI = 0.25 x 1 + 0.25 x 6 = 1.75; x 0.94 = 1.645.
			// Refined, GS+EU with IR 100%: global supply CHN 0.3, AUS 0.7:
			//   HHI_GS = 0.09 x 6 + 0.49 x 1 = 1.03
			// EU sourcing, EU27 lithium carbonate imports CHN 0.5 (eu-scope t 1.2), AUS 0.3,
			// ROW 0.2 (unattributed); the graphite code is an extraction form:
			//   HHI_EU = 0.25 x 6 x 1.2 + 0.09 x 1 = 1.89
			//   SR = (1.03 x 0.5 + 1.89 x 0.5) x 0.94 = 1.46 x 0.94 = 1.3724
			commodity: "lithium", sr: 1.645, bottleneck: Extraction,
			stageSR: map[string]float64{Extraction: 1.645, Processing: 1.3724},
		},
		{
			// Only MMR produces and it has no score: the median of every scored country
			// (0.1, 0.4, 0.8, 0.9 -> 0.6 -> 4) stands in.
			//   SR = 1 x 4 x (1 - 0.01) x 0.98 = 4 x 0.9702 = 3.8808
			commodity: "tantalum", sr: 3.8808, bottleneck: Extraction, sourcingMiss: true, wgiFallback: 1,
			stageSR:        map[string]float64{Extraction: 3.8808},
			noteContaining: "WGI fallback: MMR",
		},
		{
			commodity: "germanium", sr: math.NaN(),
			stageSR:        map[string]float64{Processing: math.NaN()},
			noteContaining: "not computable",
		},
		{
			commodity: "natural rubber", sr: math.NaN(),
			noteContaining: "no critmin commodity",
		},
		{
			// The EU publishes no SI_SR for the HREE group.
			commodity: "hree", sr: math.NaN(),
			stageSR: map[string]float64{Extraction: math.NaN(), Processing: math.NaN()},
		},
	}
	for _, tt := range tests {
		t.Run(tt.commodity, func(t *testing.T) {
			r := euResult(t, rs, tt.commodity)
			wantSR(t, "material", r.SupplyRisk, tt.sr)
			if r.BottleneckStage != tt.bottleneck {
				t.Errorf("bottleneck = %q, want %q", r.BottleneckStage, tt.bottleneck)
			}
			if r.EUSourcingMissing != tt.sourcingMiss {
				t.Errorf("eu_sourcing_missing = %v, want %v", r.EUSourcingMissing, tt.sourcingMiss)
			}
			if r.Proxy != tt.proxy {
				t.Errorf("proxy = %q, want %q", r.Proxy, tt.proxy)
			}
			if r.WGIFallbackCountries != tt.wgiFallback {
				t.Errorf("wgi_fallback_countries = %d, want %d", r.WGIFallbackCountries, tt.wgiFallback)
			}
			for name, want := range tt.stageSR {
				s := euStage(t, r, name)
				wantSR(t, name, s.SupplyRisk, want)
				if math.IsNaN(want) && s.Missing == "" {
					t.Errorf("%s: null SR without a reason", name)
				}
			}
			if len(r.Stages) != len(tt.stageSR) {
				t.Errorf("%d stages, want %d", len(r.Stages), len(tt.stageSR))
			}
			if tt.noteContaining != "" && !slices.ContainsFunc(r.Notes, func(n string) bool { return strings.Contains(n, tt.noteContaining) }) {
				t.Errorf("notes %q lack %q", r.Notes, tt.noteContaining)
			}
			if !slices.Contains(r.Notes, euNoteEINotComputed) {
				t.Errorf("notes %q do not say EI is not computed", r.Notes)
			}
		})
	}
}

func TestEUCRMStageDetails(t *testing.T) {
	rs := EUCRM(loadEUFixture(t), 0)
	dy := euResult(t, rs, "dysprosium")
	e := euStage(t, dy, Extraction)
	if e.Proxy != "rare_earths" || e.ShareCommodity != "rare_earths" || e.CritminStage != world.Mine || e.Year != 2024 {
		t.Errorf("extraction = %+v, want rare_earths mine 2024 as proxy", e)
	}
	// Median of CHN 0.4 and USA 0.8 = 0.6 -> 10 - 10 x 0.6 = 4.
	if !slices.Equal(e.WGIFallback, []string{"MMR"}) || math.Abs(e.WGIFallbackScaled-4) > euTol {
		t.Errorf("WGI fallback = %v at %v, want [MMR] at 4", e.WGIFallback, e.WGIFallbackScaled)
	}
	if !e.EUSourcingMissing || e.EUSourcing != SourcingGSandEU || e.SourcingUsed != SourcingGSOnly {
		t.Errorf("extraction sourcing = %q used %q missing %v", e.EUSourcing, e.SourcingUsed, e.EUSourcingMissing)
	}
	if e.IR == nil || math.Abs(*e.IR-0.8) > euTol || e.EoL == nil || math.Abs(*e.EoL-0.01) > euTol {
		t.Errorf("IR, EoL = %v, %v; want fractions 0.8, 0.01", e.IR, e.EoL)
	}
	p := euStage(t, dy, Processing)
	if p.CritminStage != world.Separation || p.EUSourcingMissing || len(p.WGIFallback) != 0 {
		t.Errorf("processing = %+v, want separation, GSonly, no fallback", p)
	}
	// The bottleneck's flags are the result's: the extraction fallback does not show.
	if dy.WGIFallbackCountries != 0 || dy.EUSourcingMissing {
		t.Errorf("result flags taken from the wrong stage: %+v", dy)
	}
}

func TestEUCRMYear(t *testing.T) {
	rs := EUCRM(loadEUFixture(t), 2023)
	// 2023 refined gallium: CHN 0.8, AUS 0.2: HHI = 0.64 x 6 + 0.04 x 1 = 3.88;
	// SR = 3.88 x 0.98 = 3.8024.
	ga := euResult(t, rs, "gallium")
	wantSR(t, "gallium 2023", ga.SupplyRisk, 3.8024)
	if got := euStage(t, ga, Processing).Year; got != 2023 {
		t.Errorf("gallium year = %d, want 2023", got)
	}
	co := euResult(t, rs, "cobalt")
	wantSR(t, "cobalt 2023", co.SupplyRisk, math.NaN())
	if m := euStage(t, co, Extraction).Missing; !strings.Contains(m, "in 2023") {
		t.Errorf("cobalt missing = %q, want it to name 2023", m)
	}
}

func TestEUCRMSortedAndComplete(t *testing.T) {
	ds := loadEUFixture(t)
	rs := EUCRM(ds, 0)
	if len(rs) != len(ds.EUCRM) {
		t.Fatalf("%d results for %d materials", len(rs), len(ds.EUCRM))
	}
	if !slices.IsSortedFunc(rs, func(a, b EUCRMResult) int { return strings.Compare(a.Commodity, b.Commodity) }) {
		t.Error("results not sorted by commodity")
	}
}

func TestEUCRMJSONRequiredKeys(t *testing.T) {
	for _, r := range EUCRM(loadEUFixture(t), 0) {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("%s: marshal: %v", r.Commodity, err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: unmarshal: %v", r.Commodity, err)
		}
		for _, k := range []string{"commodity", "supply_risk", "economic_importance_published", "stages"} {
			if _, ok := m[k]; !ok {
				t.Errorf("%s: JSON lacks %q: %s", r.Commodity, k, b)
			}
		}
		if r.SupplyRisk == nil && m["supply_risk"] != nil {
			t.Errorf("%s: supply_risk = %v, want null", r.Commodity, m["supply_risk"])
		}
	}
}

func TestEUCRMNoGovernance(t *testing.T) {
	fs := cloneFS(euFixture)
	fs["governance.csv"] = &fstest.MapFile{Data: []byte("country,year,wgi_normalised,status,source,note\n")}
	ds, err := world.Load(world.Layer{Name: "fixture", FS: fs})
	if err != nil {
		t.Fatal(err)
	}
	r := euResult(t, EUCRM(ds, 0), "gallium")
	wantSR(t, "gallium without scores", r.SupplyRisk, math.NaN())
	if m := euStage(t, r, Processing).Missing; !strings.Contains(m, "WGI") {
		t.Errorf("missing = %q, want it to name the WGI", m)
	}
}

func BenchmarkEUCRM(b *testing.B) {
	ds, err := world.Default()
	if err != nil {
		b.Fatalf("load embedded dataset: %v", err)
	}
	b.ReportAllocs()
	for b.Loop() {
		EUCRM(ds, 0)
	}
	b.ReportMetric(float64(len(ds.EUCRM)), "materials")
}

// TestEUCRMSourcingTerm: the EU sourcing term comes from the EU27 import mix of the
// stage's form, with the EU-scope trade parameters, and the global supply from the EU's
// 2016-2020 window when the dataset has shares in it and no year is asked for.
func TestEUCRMSourcingTerm(t *testing.T) {
	ds := loadEUFixture(t)
	li := euStage(t, euResult(t, EUCRM(ds, 0), "lithium"), Processing)
	if li.HHIWGItEU == nil || math.Abs(*li.HHIWGItEU-1.89) > euTol {
		t.Errorf("lithium HHI_EU = %v, want 1.89", li.HHIWGItEU)
	}
	if li.SourcingUsed != SourcingGSandEU || li.EUSourcingMissing || li.EUSourcingCategory != "HS 283691 lithium carbonate (BACI)" || li.EUSourcingPeriod != "2024" {
		t.Errorf("lithium sourcing = %q missing %v from %q %q", li.SourcingUsed, li.EUSourcingMissing, li.EUSourcingCategory, li.EUSourcingPeriod)
	}
	if math.Abs(li.EUSourcingUnattributed-0.2) > euTol {
		t.Errorf("lithium EU unattributed = %v, want 0.2 (ROW)", li.EUSourcingUnattributed)
	}
	co := euStage(t, euResult(t, EUCRM(ds, 0), "cobalt"), Processing)
	if !co.EUPeriod || !slices.Equal(co.Years, []int{2020}) || co.Year != 2020 {
		t.Errorf("cobalt processing period = %v years %v year %d, want the 2020 shares", co.EUPeriod, co.Years, co.Year)
	}
	if !co.EUSourcingMissing || !strings.Contains(co.EUSourcingNote, "no EU27 import mix") {
		t.Errorf("cobalt processing: missing %v note %q, want the magnets mix refused", co.EUSourcingMissing, co.EUSourcingNote)
	}
	// An explicit year is the user's: no window.
	co24 := euStage(t, euResult(t, EUCRM(ds, 2024), "cobalt"), Processing)
	if co24.EUPeriod || co24.Year != 2024 {
		t.Errorf("cobalt 2024: period %v year %d, want 2024 production", co24.EUPeriod, co24.Year)
	}
	// EUonly: the EU sourcing term alone, whatever the global supply (CHN 100%, HHI 6).
	//   HHI_EU = 0.36 x 1 + 0.16 x 2 = 0.68; SR = 0.68 x (1 - 0.1) x 0.9 = 0.5508
	ni := euStage(t, euResult(t, EUCRM(ds, 0), "nickel"), Processing)
	wantSR(t, "nickel EUonly", ni.SupplyRisk, 0.5508)
	if ni.SourcingUsed != SourcingEUOnly || math.Abs(ni.HHIWGIt-6) > euTol {
		t.Errorf("nickel: sourcing %q, HHI_GS %v; want EUonly with HHI_GS 6 reported", ni.SourcingUsed, ni.HHIWGIt)
	}
	// Switched off, the lens is the global-supply term at the latest year.
	old := euStage(t, euResult(t, euCRM(ds, 0, euOptions{}), "lithium"), Processing)
	wantSR(t, "lithium GS only", old.SupplyRisk, 0.9682)
}

func TestEUCRMAveragedWindow(t *testing.T) {
	a := world.ShareTable{Year: 2016, Entries: []world.CountryShare{{Country: "CHN", Share: 0.6}, {Country: "AUS", Share: 0.3}}, Other: 0.1}
	b := world.ShareTable{Year: 2020, Entries: []world.CountryShare{{Country: "CHN", Share: 0.8}}, Other: 0.2}
	got := euAverageTables([]world.ShareTable{a, b}, 2020)
	want := []world.CountryShare{{Country: "CHN", Share: 0.7}, {Country: "AUS", Share: 0.15}}
	if len(got.Entries) != 2 || got.Year != 2020 || math.Abs(got.Other-0.15) > euTol {
		t.Fatalf("average = %+v", got)
	}
	for i, w := range want {
		if got.Entries[i].Country != w.Country || math.Abs(got.Entries[i].Share-w.Share) > euTol {
			t.Errorf("entry %d = %+v, want %+v", i, got.Entries[i], w)
		}
	}
	if s := euYearsWords([]int{2016, 2020}); s != "mean of 2016, 2020" {
		t.Errorf("euYearsWords = %q", s)
	}
}
