package sim

import (
	"math"
	"testing"
)

// TestStockpilePurchasesSummary: CHN mines 100 t/month of x/refined and USA's users need
// 80; a USA stockpile plans to buy 50 t/month for the first 12 months of 24. Users are
// served first, so the stockpile gets at most the 20 t/month they leave. The summary's
// planned, requested and bought tonnes are recomputed from the run: bought is what the
// stockpile's level gained, requested the 50 t of each month whose opening price (the
// last month's outside price) was within the limit.
func TestStockpilePurchasesSummary(t *testing.T) {
	for _, limit := range []float64{0, 10.5} {
		b := newTestBuilder(24, "USA", "CHN")
		addSource(b, "CHN", "x/refined", 100)
		b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 80})
		b.AddStockpile(Stockpile{Holder: "USA", Product: "x/refined",
			Purchases: []Purchase{{Window: Window{Start: testStart, End: testStart + 11}, TPerMonth: 50, MaxUSDPerKg: limit}}})
		r := runChecked(t, mustBuild(t, b))
		x := productIndex(t, r, "x/refined")
		requested, price := 0.0, 10.0
		for month := range 12 {
			if limit == 0 || price <= limit {
				requested += 50
			}
			price = r.PriceOut[month][x]
		}
		bought := r.Stockpile[r.Months-1][x]
		if len(r.Summary.StockpilePurchases) != 1 {
			t.Fatalf("limit %g: StockpilePurchases = %+v, want one", limit, r.Summary.StockpilePurchases)
		}
		got := r.Summary.StockpilePurchases[0]
		if got.Holder != "USA" || got.Product != "x/refined" || got.PlannedT != 600 ||
			math.Abs(got.RequestedT-requested) > 1e-9 || math.Abs(got.BoughtT-bought) > 1e-9 {
			t.Errorf("limit %g: %+v, want planned 600, requested %g, bought %g", limit, got, requested, bought)
		}
		if bought <= 0 || bought > 20*12+1e-9 || bought >= requested {
			t.Errorf("limit %g: bought %g t, want more than 0 and at most the 240 t users leave, below the %g requested", limit, bought, requested)
		}
		if limit > 0 && requested >= 600 {
			t.Errorf("limit %g: the price never passed the limit (requested %g): the case checks nothing", limit, requested)
		}
	}
}
