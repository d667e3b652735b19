package compile

import "testing"

// TestMyanmarOutageHitsHeavyRareEarths: Myanmar's rare-earth output is ion-adsorption
// clay, China's feed of dysprosium and terbium (27,000 of the 47,280 t of ionic-clay REO
// China separates, sim_processes.csv). Stopping it for a year must cut China's Dy and Tb
// oxide by about that share while leaving its NdPr oxide, made mostly from hard-rock ore,
// within a few per cent. With one rare-earth concentrate for every ore (before
// 2026-12-08) the same outage cut no oxide: two months of stock of all ore outlast a
// year of Myanmar's.
func TestMyanmarOutageHitsHeavyRareEarths(t *testing.T) {
	const header = `name: kachin
importer: USA
rival: CHN
start: 2025-01
end: 2027-12
extends: baseline-2025
`
	base := runYAML(t, header)
	r := runYAML(t, header+`outages:
  - {country: MMR, products: [ionic_clay/mine], fraction: 1, start: 2025-03, months: 12}
`)
	chn := countryIdx(t, r, "CHN")
	// Six months in: the separators' feed stock (two months of cover) is gone.
	m := mon(t, r, "2025-09")
	cut := func(id string) float64 {
		p := prodIdx(t, r, id)
		return 1 - r.CountryProduction[m][p][chn]/base.CountryProduction[m][p][chn]
	}
	const myanmarShare = 27000.0 / 47280
	t.Logf("China's output cut in 2025-09: Dy oxide %.1f%%, Tb oxide %.1f%%, NdPr oxide %.1f%% (Myanmar's share of the ionic-clay feed %.1f%%)",
		100*cut("dy/separation"), 100*cut("tb/separation"), 100*cut("ndpr/separation"), 100*myanmarShare)
	for _, id := range []string{"dy/separation", "tb/separation"} {
		if got := cut(id); got < 0.8*myanmarShare || got > 1.05*myanmarShare {
			t.Errorf("China's %s output cut by %.1f%% in 2025-09, want about Myanmar's %.1f%% of the ionic-clay feed", id, 100*got, 100*myanmarShare)
		}
	}
	if got := cut("ndpr/separation"); got < 0 || got > 0.05 {
		t.Errorf("China's NdPr oxide output cut by %.1f%% in 2025-09, want under 5%% (ionic clay carries about 4%% of it)", 100*got)
	}
}

// TestDysprosiumProjectInChinaExpandsIonicClay: China runs ionic-clay separation, whose
// main product is Dy oxide, so a Dy project there expands it, joint Tb oxide and all (a
// project elsewhere is a dedicated plant: TestDedicatedCoProductPlant).
func TestDysprosiumProjectInChinaExpandsIonicClay(t *testing.T) {
	const header = `name: dy
importer: USA
rival: CHN
start: 2025-01
end: 2025-12
extends: baseline-2025
`
	base := runYAML(t, header)
	r := runYAML(t, header+`projects:
  - {name: dy, country: CHN, product: dy/separation, capacity_t_per_year: 120, announced: 2025-02}
`)
	chn := countryIdx(t, r, "CHN")
	added := func(id string) float64 {
		p := prodIdx(t, r, id)
		return r.CountryCapacity[1][p][chn] - base.CountryCapacity[1][p][chn]
	}
	if got := added("dy/separation"); !near(got, 10, 1e-9) {
		t.Errorf("China's Dy oxide capacity up %g t/month, want 10", got)
	}
	// 0.15107 t Tb4O7 per t Dy2O3 (sim_recipes.csv, ionic_separation CHN).
	if got := added("tb/separation"); !near(got, 10*0.15107, 1e-9) {
		t.Errorf("China's Tb oxide capacity up %g t/month, want the joint %g", got, 10*0.15107)
	}
}
