package sim

import (
	"math"
	"testing"
)

var testStart = MonthOf(2025, 1)

// testParams switches off the feedbacks that make hand computation tedious: no price
// response of demand, no target stock, a 3-month qualification lag.
func testParams() Params {
	p := DefaultParams()
	p.DemandElasticity = 0
	p.TargetStockMonths = 0
	p.QualificationLagMonths = 3
	return p
}

// newTestBuilder declares a model with importer USA, rival CHN, sectors defense and ev, and
// one final product x/refined at 10 USD/kg.
func newTestBuilder(months int, countries ...string) *Builder {
	b := NewBuilder(Header{Scenario: "test", Title: "test", Start: testStart, Months: months, Importer: "USA", Rival: "CHN"})
	b.SetParams(testParams())
	b.AddCountry(countries...)
	b.AddSector(DefenseSector, "ev")
	b.AddProduct(Product{ID: "x/refined", Basis: "x", PriceUSDPerKg: 10, Final: true})
	return b
}

// addSource declares a process making product from nothing (a mine) in a country.
func addSource(b *Builder, country, product string, capacity float64) {
	b.AddProcess(Process{ID: "make " + product, Country: country, CapacityTPerMonth: capacity, Utilisation: 1,
		Outputs: []Flow{{product, 1}}, ExternalInputT: 1})
}

func mustBuild(t testing.TB, b *Builder) *Model {
	t.Helper()
	m, err := b.Build()
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return m
}

// runChecked runs m and checks the invariants.
func runChecked(t testing.TB, m *Model) *Result {
	t.Helper()
	r := NewResult(m)
	Run(m, r)
	if err := CheckInvariants(m, r); err != nil {
		t.Fatalf("invariants: %v", err)
	}
	return r
}

func productIndex(t testing.TB, r *Result, id string) int {
	t.Helper()
	for i, p := range r.Products {
		if p.ID == id {
			return i
		}
	}
	t.Fatalf("no product %q", id)
	return -1
}

// column returns series[t][i] for every month.
func column(series [][]float64, i int) []float64 {
	out := make([]float64, len(series))
	for t := range series {
		out[t] = series[t][i]
	}
	return out
}

func near(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func checkSeries(t *testing.T, name string, got, want []float64) {
	t.Helper()
	if len(got) < len(want) {
		t.Fatalf("%s: %d months, want at least %d", name, len(got), len(want))
	}
	for i, w := range want {
		if !near(got[i], w) {
			t.Errorf("%s: got %v, want %v (first difference at month %d)", name, got[:len(want)], want, i)
			return
		}
	}
}
