package risk

import (
	"testing"

	"github.com/critmin/critmin/internal/world"
)

func TestImportReliance(t *testing.T) {
	ds := lensFixture(t, nil)
	tests := []struct {
		name, importer, commodity string
		year                      int
		available                 bool
		nirYear                   int
		display                   string
		mixes                     int
		chinaReliance             float64 // derived, percent; -1 = absent
		note                      string
	}{
		// NIR 80%, China 70% of imports -> 0.80 x 70 = 56% of apparent consumption.
		{"latest NIR", "USA", "rare_earths", 0, true, 2024, "80", 1, 56, ""},
		// NIR >90 in 2023 -> 0.90 x 70 = 63, a lower bound.
		{"bound", "USA", "rare_earths", 2023, true, 2023, ">90", 1, 63, "derived reliance on exporters is a lower bound"},
		{"year before any NIR falls back to latest", "USA", "rare_earths", 2019, true, 2024, "80", 1, 56, "no net import reliance for USA rare_earths in 2019; used 2024"},
		{"net exporter", "CAN", "cobalt", 0, true, 2024, "E", 0, -1, "net exporter"},
		{"NIR without source mix", "JPN", "rare_earths", 0, true, 2024, ">95", 0, -1, "no import sources for JPN rare_earths"},
		{"importer without data", "MYS", "rare_earths", 0, false, 0, "", 0, -1, "not computable because the dataset has no net import reliance and no import sources for MYS rare_earths"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ImportReliance(ds, tt.importer, tt.commodity, tt.year)
			if r.Available != tt.available || len(r.Mixes) != tt.mixes {
				t.Fatalf("available %v mixes %d; want %v %d", r.Available, len(r.Mixes), tt.available, tt.mixes)
			}
			if tt.display == "" {
				if r.NIR != nil {
					t.Errorf("NIR %+v, want none", r.NIR)
				}
			} else if r.NIR == nil || r.NIR.Display != tt.display || r.NIR.Year != tt.nirYear {
				t.Errorf("NIR %+v, want %s in %d", r.NIR, tt.display, tt.nirYear)
			}
			if tt.chinaReliance >= 0 {
				chn := r.Mixes[0].Sources[0]
				if chn.Exporter != "CHN" || !lensApprox(lensDeref(chn.ReliancePct), tt.chinaReliance) {
					t.Errorf("first source %s reliance %g, want CHN %g", chn.Exporter, lensDeref(chn.ReliancePct), tt.chinaReliance)
				}
			}
			if tt.note != "" && !lensHasNote(r.Notes, tt.note) {
				t.Errorf("notes %q lack %q", r.Notes, tt.note)
			}
		})
	}
}

func TestImportRelianceMixOrder(t *testing.T) {
	ds := lensFixture(t, nil)
	r := ImportReliance(ds, "USA", "rare_earths", 0)
	var got []string
	for _, s := range r.Mixes[0].Sources {
		got = append(got, s.Exporter)
	}
	want := []string{"CHN", "MYS", "JPN", "ROW", "EST"} // 70, 13, 6 (JPN before ROW by code), 6, 5
	for i := range want {
		if i >= len(got) || got[i] != want[i] {
			t.Fatalf("order %v, want %v", got, want)
		}
	}
	if r.Mixes[0].Category != "compounds and metals" || r.Mixes[0].Period != "2020-23" {
		t.Errorf("mix %q %q", r.Mixes[0].Category, r.Mixes[0].Period)
	}
}

func TestRelianceOn(t *testing.T) {
	ds := lensFixture(t, nil)
	tests := []struct {
		name, importer, commodity, country string
		ok                                 bool
		listed                             bool
		reliance                           float64
		note                               string
	}{
		{"listed exporter", "USA", "rare_earths", "CHN", true, true, 56, "derived"}, // 0.80 x 70
		{"small exporter", "USA", "rare_earths", "EST", true, true, 4, "derived"},   // 0.80 x 5
		{"unlisted exporter", "USA", "rare_earths", "AUS", true, false, 0, "may supply part of the 6%"},
		{"cobalt", "USA", "cobalt", "COD", true, true, 30.4, "NIR is for 2024 and the source mix for 2020-23"}, // 0.76 x 40
		{"no source mix", "JPN", "rare_earths", "CHN", false, false, 0, "no import sources"},
		{"no NIR", "MYS", "rare_earths", "CHN", false, false, 0, "no net import reliance"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, ok, reason := RelianceOn(ds, tt.importer, tt.commodity, tt.country, 0)
			if ok != tt.ok {
				t.Fatalf("ok %v (%s), want %v", ok, reason, tt.ok)
			}
			if !ok {
				if !lensHasNote([]string{reason}, tt.note) {
					t.Errorf("reason %q lacks %q", reason, tt.note)
				}
				return
			}
			c := out[0]
			if c.Listed != tt.listed || !lensApprox(c.ReliancePct, tt.reliance) || c.Bound != world.Exact {
				t.Errorf("listed %v reliance %g bound %s; want %v %g eq", c.Listed, c.ReliancePct, c.Bound, tt.listed, tt.reliance)
			}
			if !lensHasNote(c.Notes, tt.note) {
				t.Errorf("notes %q lack %q", c.Notes, tt.note)
			}
		})
	}
}

// TestTopSourceForm: the overview's top share of a USGS category (the USA's) needs no
// form beside it, a customs or trade-data form (Japan's customs) does; a trial read
// Japan's 79.6 % of all forms beside the EU's 46.3 % of metals as one measure.
func TestTopSourceForm(t *testing.T) {
	ds := lensFixture(t, map[string]string{
		"sources.csv": "jp-customs-test,Japanese customs,Test customs,https://example.org/jp,2024-07,,fixture\n",
		"trade.csv": `JPN,rare_earths,"rare earths, all forms (Japanese customs)",2024-01..06,CHN,79.6,reported,jp-customs-test,
JPN,rare_earths,"rare earths, all forms (Japanese customs)",2024-01..06,ROW,20.4,reported,jp-customs-test,
`,
	})
	for _, c := range []struct {
		importer string
		usgs     bool
		category string
	}{
		{"USA", true, "compounds and metals"},
		{"JPN", false, "rare earths, all forms (Japanese customs)"},
	} {
		r := CommodityOverview(ds, c.importer, "rare_earths", 0)
		if r.TopSource == nil {
			t.Fatalf("%s: no top source", c.importer)
		}
		if got := r.TopSource.USGSCategory(); got != c.usgs || r.TopSource.Category != c.category {
			t.Errorf("%s: USGS category %v, form %q (source %q); want %v, %q",
				c.importer, got, r.TopSource.Category, r.TopSource.Source, c.usgs, c.category)
		}
	}
}
