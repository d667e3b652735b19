package world

import (
	"math"
	"testing"
)

// TestDefault checks that the embedded dataset loads and holds what the README promises.
func TestDefault(t *testing.T) {
	ds, err := Default()
	if err != nil {
		t.Fatalf("embedded data does not load: %v", err)
	}
	for _, id := range []string{"rare_earths", "dysprosium", "gallium", "germanium", "graphite_natural", "antimony", "tungsten", "cobalt", "lithium"} {
		if _, ok := ds.Commodity(id); !ok {
			t.Errorf("commodity %s missing", id)
		}
	}
	// China's share of 2024 rare-earth mine production is China's row over the world row of
	// USGS MCS 2026 (270,000 / 380,000 t REO).
	sh, ok := ds.Shares("rare_earths", Mine, 2024)
	if !ok {
		t.Fatal("no rare-earth mine shares for 2024")
	}
	var chn, wld float64
	for _, f := range ds.FiguresOf("rare_earths", Mine, Production) {
		if f.Year == 2024 && f.Country == "CHN" {
			chn = f.Tonnes()
		}
		if f.Year == 2024 && f.Country == World {
			wld = f.Tonnes()
		}
	}
	if got, want := sh.Share("CHN"), chn/wld; math.Abs(got-want) > 1e-12 || chn != 270000 || wld != 380000 {
		t.Errorf("China share = %v from %v / %v, want 270000/380000", got, chn, wld)
	}
	for _, f := range ds.Figures {
		if _, ok := ds.Source(f.Source); !ok {
			t.Fatalf("%s: source %q unknown", f.Origin, f.Source)
		}
	}
	// Every producing country has a governance score, which the EU CRM and GeoPolRisk lenses need.
	for _, f := range ds.Figures {
		if f.Measure != Production || f.Country == World || f.Country == OtherCountry {
			continue
		}
		if _, ok := ds.WGI(f.Country); !ok {
			t.Errorf("%s: producer %s has no WGI score", f.Origin, f.Country)
		}
	}
}

func BenchmarkLoadEmbedded(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(EmbeddedLayer()); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMyanmarName: the shipped data names MMR "Myanmar", the name Japan and the UN use,
// which the HTML report prints where the text prints MMR (trial 9 read "Burma" there);
// "Burma" stays an accepted alias.
func TestMyanmarName(t *testing.T) {
	ds, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if got := ds.CountryName("MMR"); got != "Myanmar" {
		t.Errorf("CountryName(MMR) = %q, want Myanmar", got)
	}
	for _, in := range []string{"Burma", "Myanmar", "MMR"} {
		if got, ok := ds.ResolveCountry(in); !ok || got != "MMR" {
			t.Errorf("ResolveCountry(%q) = %q, %v; want MMR", in, got, ok)
		}
	}
}
