package report

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
)

// TestNoEffectCaveats: a military denial names the products the importer has no defense
// demand of (not the magnet, which it has), a control toward another country says
// nothing, and a stockpile released only to a sector without demand of its product is
// named as never drawn.
func TestNoEffectCaveats(t *testing.T) {
	r := testRun(0)
	r.DemandBasis = []result.DemandRow{
		{Product: "ndpr/magnet", Sector: "defense", TPerYear: 100, Status: "derived"},
		{Product: "ndpr/magnet", Sector: "automotive", TPerYear: 4000, Status: "derived"},
		{Product: "ndpr/oxide", Sector: "automotive", TPerYear: 720, Status: "derived"},
	}
	denial := func(dest string) scenario.Control {
		return scenario.Control{ID: "lic", Exporter: "CHN", Products: []string{"ndpr"}, Destinations: []string{dest},
			Kind: scenario.Licensing, Licensing: &scenario.LicensingRule{MilitaryDenied: true}}
	}
	sc := &scenario.Scenario{
		Controls: []scenario.Control{denial("USA"), denial("JPN")},
		Stockpiles: []scenario.Stockpile{
			{Holder: "USA", Product: "ndpr/oxide", Release: &scenario.Release{Sectors: []string{"defense"}}},
			{Holder: "USA", Product: "ndpr/magnet", Release: &scenario.Release{Sectors: []string{"defense"}}},
		},
	}
	want := []string{
		"The control lic denies military users, but the data gives USA no defense demand of NdPr oxide, so the denial changes nothing for it.",
		"The stockpile of NdPr oxide (stockpiles[0]) releases only to defense, which has no demand of it in the data: it is never drawn, and 'stockpile exhausted: never' says nothing of its size.",
	}
	if got := NoEffectCaveats(sc, r); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if got := NoEffectCaveats(nil, r); got != nil {
		t.Errorf("no scenario: got %q", got)
	}
	// A control after the horizon never applies; without demand rows nothing else is said.
	after := scenario.Month(r.Start) + scenario.Month(r.Months)
	late := &scenario.Scenario{Controls: []scenario.Control{{ID: "late", Exporter: "CHN", Products: []string{"ndpr"},
		Destinations: []string{"USA"}, Kind: scenario.Ban, Window: scenario.Window{Start: after}}}}
	r.DemandBasis = nil
	want = []string{"The control late (2027-01 to no end) lies outside the run's horizon (2025-01 to 2026-12): it never applies."}
	if got := NoEffectCaveats(late, r); !reflect.DeepEqual(got, want) {
		t.Errorf("late control: got %q\nwant %q", got, want)
	}
	// A control suspended for the whole horizon never applies; one suspended in part does.
	start := scenario.Month(r.Start)
	end := start + 3
	held := &scenario.Scenario{
		Controls:    []scenario.Control{{ID: "held", Exporter: "CHN", Products: []string{"ndpr"}, Destinations: []string{"USA"}, Kind: scenario.Ban, Window: scenario.Window{Start: start}}},
		Suspensions: []scenario.Suspension{{Control: "held", Window: scenario.Window{Start: start}}},
	}
	want = []string{"The control held is suspended for every month of the run's horizon it covers: it never applies."}
	if got := NoEffectCaveats(held, r); !reflect.DeepEqual(got, want) {
		t.Errorf("suspended control: got %q\nwant %q", got, want)
	}
	held.Suspensions[0].Window.End = &end
	if got := NoEffectCaveats(held, r); got != nil {
		t.Errorf("control suspended in part: got %q", got)
	}
}

// TestRunLead: the lead a run stores holds the verdict, the data caveats under their
// heading, the parts of the scenario that cannot act and the point values, in that order,
// each paragraph opening with a capital; without a scenario only the first two.
func TestRunLead(t *testing.T) {
	r := testRun(0)
	r.Importer = "EU27"
	r.TradeOrigins = []result.TradeOrigin{{Product: "ndpr/magnet", RunSharePct: 100, TradeSharePct: 35.9, Category: "HS 850511", Period: "2024"}}
	after := scenario.Month(r.Start) + scenario.Month(r.Months)
	sc := &scenario.Scenario{Controls: []scenario.Control{{ID: "late", Exporter: "CHN", Products: []string{"ndpr"},
		Destinations: []string{"EU27"}, Kind: scenario.Ban, Window: scenario.Window{Start: after}}}}
	lead := RunLead(r, sc)
	if len(lead) == 0 || !strings.HasPrefix(lead[0], "The EU ") {
		t.Fatalf("lead %q: want it to open with the verdict, capitalized", lead)
	}
	heading := slices.Index(lead, dataCaveatsHeading)
	late := slices.IndexFunc(lead, func(s string) bool { return strings.HasPrefix(s, "The control late") })
	if heading < 1 || late < heading {
		t.Errorf("lead %q: want the verdict, then the data caveats, then the inert control", lead)
	}
	if got := RunLead(r, nil); slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "The control late") }) {
		t.Errorf("lead without a scenario names its controls: %q", got)
	}
}

// TestTariffCaveats: each inert tariff is named with why it changes nothing, entries of
// one tariff with the same reason sharing a sentence, and a tariff after the horizon
// never applies.
func TestTariffCaveats(t *testing.T) {
	r := testRun(0)
	from, to := r.Start+2, r.Start+result.Month(r.Months-1)
	after := scenario.Month(r.Start) + scenario.Month(r.Months)
	sc := &scenario.Scenario{Tariffs: []scenario.Tariff{{}, {}, {}, {}, {Window: scenario.Window{Start: after}}}}
	r.InertTariffs = []result.InertTariff{
		{Index: 0, Exporter: "CHN", RatePct: 25, Product: "ndpr/magnet", From: from, To: to, Reason: result.TariffSoleSupplier, OtherMakers: []string{"ROW"}},
		{Index: 1, Exporter: "CHN", RatePct: 10, Product: "ndpr/oxide", From: from, To: to, Reason: result.TariffSoleSupplier},
		{Index: 2, Exporter: "all", RatePct: 100, Product: "ndpr/oxide", From: from, To: to, Reason: result.TariffUniform},
		{Index: 2, Exporter: "all", RatePct: 100, Product: "ndpr/magnet", From: from, To: to, Reason: result.TariffUniform},
		{Index: 3, Exporter: "CHN", RatePct: 0, Product: "ndpr/oxide", From: from, To: to, Reason: result.TariffZero},
	}
	const prices = "tariffs do not enter prices (docs/model.md, Sourcing weights)."
	want := []string{
		"The tariff tariffs[4] (2027-01 to no end) lies outside the run's horizon (2025-01 to 2026-12): it never applies.",
		"The 25% tariff on USA's imports of NdPr magnet from CHN (tariffs[0]) changes nothing in this run: USA receives NdPr magnet from no other country from 2025-03 to 2026-12 (the data's other makers, ROW, ship USA none), so the tariff shifts no sourcing, and " + prices,
		"The 10% tariff on USA's imports of NdPr oxide from CHN (tariffs[1]) changes nothing in this run: USA receives NdPr oxide from no other country from 2025-03 to 2026-12 (no other country makes it in the data), so the tariff shifts no sourcing, and " + prices,
		"The 100% tariff on USA's imports of NdPr oxide and NdPr magnet from every country (tariffs[2]) changes nothing in this run: it taxes all of USA's suppliers alike, so it shifts no sourcing, and " + prices,
		"The 0% tariff on USA's imports of NdPr oxide from CHN (tariffs[3]) is zero: it changes nothing in this run.",
	}
	if got := NoEffectCaveats(sc, r); !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
