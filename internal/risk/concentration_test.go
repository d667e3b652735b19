package risk

import (
	"math"
	"testing"

	"github.com/critmin/critmin/internal/world"
)

func TestConcentration(t *testing.T) {
	ds := lensFixture(t, nil)
	// Rare-earth mine 2024, t REO: CHN 270,000, USA 45,000, MMR 31,000, AUS 13,000,
	// ROW 31,000, WLD 390,000.
	// HHI = (270^2 + 45^2 + 31^2 + 13^2) / 390^2 = (72900 + 2025 + 961 + 169) / 152100
	//     = 76055 / 152100 = 0.50003...; ROW is fragmented and not squared.
	mineHHI := 76055.0 / 152100
	tests := []struct {
		name      string
		stage     int // index in the chain mine, separation, metal, magnet
		available bool
		from      world.Measure
		hhi       float64
		top1      string
		top1Share float64
		top3      float64
		china     float64
		other     float64
		note      string
	}{
		{"mine from tonnages", 0, true, world.Production, mineHHI, "CHN", 270.0 / 390, (270.0 + 45 + 31) / 390, 270.0 / 390, 31.0 / 390, "HHI is a lower bound"},
		// Separation: CHN 91%, ROW 9% -> HHI = 0.91^2 = 0.8281.
		{"separation from shares", 1, true, world.Share, 0.8281, "CHN", 0.91, 0.91, 0.91, 0.09, "published shares"},
		{"metal has no data", 2, false, "", 0, "", 0, 0, 0, 0, "not computable because rare_earths metal"},
		// Magnet: CHN 94% -> HHI = 0.8836.
		{"magnet from shares", 3, true, world.Share, 0.8836, "CHN", 0.94, 0.94, 0.94, 0.06, "published shares"},
	}
	got := Concentration(ds, "rare_earths", 2024)
	if len(got) != 4 {
		t.Fatalf("got %d stages, want 4", len(got))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := got[tt.stage]
			if g.Available != tt.available || g.From != tt.from || g.Top1Country != tt.top1 || g.Country != "CHN" {
				t.Errorf("available, from, top1, country = %v, %q, %q, %q; want %v, %q, %q, CHN", g.Available, g.From, g.Top1Country, g.Country, tt.available, tt.from, tt.top1)
			}
			for _, c := range []struct {
				what      string
				got, want float64
			}{
				{"hhi", g.HHI, tt.hhi}, {"hhi points", g.HHIPoints, tt.hhi * 10000}, {"top1", g.Top1Share, tt.top1Share},
				{"top3", g.Top3Share, tt.top3}, {"china", g.CountryShare, tt.china}, {"other", g.Other, tt.other},
			} {
				if !lensApprox(c.got, c.want) {
					t.Errorf("%s = %.12g, want %.12g", c.what, c.got, c.want)
				}
			}
			if !lensHasNote(g.Notes, tt.note) {
				t.Errorf("notes %q lack %q", g.Notes, tt.note)
			}
		})
	}
	if got[0].Year != 2024 || got[0].WorldTonnes != 390000 || got[0].Basis != "REO equivalent" {
		t.Errorf("mine year, world, basis = %d, %g, %q", got[0].Year, got[0].WorldTonnes, got[0].Basis)
	}
}

func TestConcentrationEdges(t *testing.T) {
	ds := lensFixture(t, map[string]string{"figures.csv": `
cobalt,refined,share,JPN,2024,40,%,,reported,iea-test,
cobalt,refined,share,CHN,2024,40,%,,reported,iea-test,
cobalt,refined,share,ROW,2024,20,%,,reported,iea-test,
`})
	t.Run("tie for top place", func(t *testing.T) {
		// CHN and JPN 40% each: top-1 is CHN by code; HHI = 0.16 + 0.16 = 0.32.
		g := Concentration(ds, "cobalt", 2024)[1]
		if g.Top1Country != "CHN" || !lensApprox(g.Top1Share, 0.4) || !lensApprox(g.HHI, 0.32) || !lensApprox(g.Top3Share, 0.8) {
			t.Errorf("top1 %s %g, hhi %g, top3 %g; want CHN 0.4, 0.32, 0.8", g.Top1Country, g.Top1Share, g.HHI, g.Top3Share)
		}
		if !lensHasNote(g.Notes, "tie for the largest share: CHN, JPN") {
			t.Errorf("no tie note in %q", g.Notes)
		}
	})
	t.Run("other country", func(t *testing.T) {
		g := ConcentrationOf(ds, "rare_earths", 2024, "USA")[0]
		if g.Country != "USA" || !lensApprox(g.CountryShare, 45.0/390) {
			t.Errorf("USA share %g, want %g", g.CountryShare, 45.0/390)
		}
	})
	t.Run("unlisted country", func(t *testing.T) {
		g := ConcentrationOf(ds, "rare_earths", 2024, "JPN")[0]
		if g.CountryShare != 0 || !lensHasNote(g.Notes, "JPN is not listed") {
			t.Errorf("JPN share %g, notes %q", g.CountryShare, g.Notes)
		}
	})
	t.Run("year without data falls back", func(t *testing.T) {
		g := Concentration(ds, "rare_earths", 2025)[0]
		if !g.Available || g.Year != 2024 || !lensHasNote(g.Notes, "no data for 2025; used 2024") {
			t.Errorf("available %v year %d notes %q", g.Available, g.Year, g.Notes)
		}
	})
	t.Run("unknown commodity", func(t *testing.T) {
		if g := Concentration(ds, "unobtainium", 0); g != nil {
			t.Errorf("got %v, want nil", g)
		}
	})
	t.Run("all commodities in slug order", func(t *testing.T) {
		all := ConcentrationAll(ds, 0, "CHN")
		var order []string
		for _, s := range all {
			order = append(order, s.Commodity+"/"+string(s.Stage))
		}
		want := []string{"cobalt/mine", "cobalt/refined", "rare_earths/mine", "rare_earths/separation", "rare_earths/metal", "rare_earths/magnet"}
		if len(order) != len(want) {
			t.Fatalf("order %v, want %v", order, want)
		}
		for i := range want {
			if order[i] != want[i] {
				t.Fatalf("order %v, want %v", order, want)
			}
		}
	})
}

// TestDefaultRareEarthMineChina cross-checks the lens against the raw USGS MCS 2026 figures
// in the embedded data: China's share of 2024 rare-earth mine production is CHN / WLD.
func TestDefaultRareEarthMineChina(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Skipf("embedded data does not load yet: %v", err)
	}
	var chn, wld float64
	for _, f := range ds.FiguresOf("rare_earths", world.Mine, world.Production) {
		if f.Year != 2024 {
			continue
		}
		switch f.Country {
		case "CHN":
			chn = f.Tonnes()
		case world.World:
			wld = f.Tonnes()
		}
	}
	// USGS MCS 2026: China 270,000 t of 2024 mine production (REO equivalent) out of a
	// world total of 380,000 t. MCS 2025 had given 390,000 t for the same year, hence the
	// share of about 0.69 quoted before; MCS 2026 revised the world total, and the lens
	// divides by the source's own world row, so the share is 270,000 / 380,000 = 0.7105.
	if chn != 270000 || wld != 380000 {
		t.Fatalf("2024 rare-earth mine production: CHN %g t, WLD %g t; want 270000 and 380000 (USGS MCS 2026)", chn, wld)
	}
	var mine *StageConcentration
	for _, s := range Concentration(ds, "rare_earths", 2024) {
		if s.Stage == world.Mine {
			mine = &s
		}
	}
	if mine == nil || !mine.Available || mine.Year != 2024 {
		t.Fatalf("lens has no 2024 rare-earth mine stage: %+v", mine)
	}
	raw := chn / wld
	t.Logf("China share of 2024 rare-earth mine production: lens %.6f, raw %g / %g t = %.6f; HHI %.0f points",
		mine.CountryShare, chn, wld, raw, mine.HHIPoints)
	if math.Abs(mine.CountryShare-raw) > 1e-12 {
		t.Errorf("lens share %.12f differs from raw CHN/WLD %.12f (world total used: %g t)", mine.CountryShare, raw, mine.WorldTonnes)
	}
}
