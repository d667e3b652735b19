package compile

import (
	"strings"
	"testing"
)

// TestGroupQuota: one control naming several products sets one quota for them together:
// China's exports of rare-earth oxides and metals added up stay within the monthly quota,
// where a quota per product would let each ship the full tonnage.
func TestGroupQuota(t *testing.T) {
	const quota = 300.0
	r := runYAML(t, `controls:
  - id: q
    exporter: CHN
    products: [ndpr/separation, ndpr/metal, other/separation, dy/separation]
    destinations: [all]
    kind: quota
    quota_t_per_month: 300
    start: 2025-03
`)
	chn := countryIdx(t, r, "CHN")
	products := []int{prodIdx(t, r, "ndpr/separation"), prodIdx(t, r, "ndpr/metal"), prodIdx(t, r, "other/separation"), prodIdx(t, r, "dy/separation")}
	before := 0.0
	for _, p := range products {
		before += exports(r, mon(t, r, "2025-02"), p, chn)
	}
	if before <= 2*quota {
		t.Fatalf("baseline exports %.0f t/month: the fixture needs a binding quota", before)
	}
	for m := mon(t, r, "2025-03"); m < r.Months; m++ {
		sum := 0.0
		for _, p := range products {
			sum += exports(r, m, p, chn)
		}
		if sum > quota*(1+1e-9) {
			t.Fatalf("month %d: China exports %.1f t of the group, above the %.0f t quota", m, sum, quota)
		}
	}
}

// TestYearlyQuota: a quota per calendar year is released evenly over the year's months
// with what is unused carried forward, so a year's exports never exceed it, and a
// control starting in March gets ten twelfths of its first year.
func TestYearlyQuota(t *testing.T) {
	const year = 1200.0
	r := runYAML(t, `controls:
  - id: q
    exporter: CHN
    products: [other/separation]
    destinations: [all]
    kind: quota
    quota_t_per_year: 1200
    start: 2025-03
`)
	p, chn := prodIdx(t, r, "other/separation"), countryIdx(t, r, "CHN")
	sum := func(from, to string) float64 {
		s := 0.0
		for m := mon(t, r, from); m <= mon(t, r, to); m++ {
			s += exports(r, m, p, chn)
		}
		return s
	}
	if got := sum("2025-03", "2025-12"); got > year*10/12*(1+1e-9) || got < year*10/12*0.99 {
		t.Errorf("2025-03..12 exports %.1f t, want the 1000 t of ten months (binding)", got)
	}
	if got := sum("2026-01", "2026-12"); got > year*(1+1e-9) || got < year*0.99 {
		t.Errorf("2026 exports %.1f t, want the 1200 t quota (binding)", got)
	}
	if x := exports(r, mon(t, r, "2026-01"), p, chn); x > year/12*(1+1e-9) {
		t.Errorf("2026-01 exports %.1f t, above an even release of %.0f t", x, year/12)
	}
}

// TestAnnouncementRush: between a control's announcement and its start, buyers build
// stock: the US holds more magnets at the end of the announcement months than without
// the announcement, and China ships more to it then.
func TestAnnouncementRush(t *testing.T) {
	ctl := `controls:
  - {id: b, exporter: CHN, products: [ndfeb/magnet], destinations: [USA], kind: ban, start: 2025-06%s}
`
	plain := runYAML(t, sprintf(ctl, ""))
	rush := runYAML(t, sprintf(ctl, ", announced: 2025-03"))
	p := prodIdx(t, plain, "ndfeb/magnet")
	m := mon(t, plain, "2025-05")
	if !(rush.Inventory[m][p] > plain.Inventory[m][p]*1.05) {
		t.Errorf("US magnet stock before the ban %.0f t with the announcement, %.0f t without: want more with it", rush.Inventory[m][p], plain.Inventory[m][p])
	}
	if a := mon(t, plain, "2025-02"); rush.Inventory[a][p] != plain.Inventory[a][p] {
		t.Errorf("stocks differ before the announcement: %v vs %v", rush.Inventory[a][p], plain.Inventory[a][p])
	}
}

func sprintf(format, arg string) string { return strings.Replace(format, "%s", arg, 1) }
