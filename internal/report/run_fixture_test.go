package report

import (
	"math"

	"github.com/critmin/critmin/internal/result"
)

// testRun returns a small, hand-built run: two final NdPr products (oxide and magnets),
// two countries, two sectors, two end items, 24 months from 2025-01. From month 3 China
// stops exporting; the importer's stockpile covers part of the gap until month 8 and its
// own capacity ramps up from month 6. embargoed scales the disruption: 0 is a calm
// baseline.
func testRun(embargoed float64) *result.Run {
	const months = 24
	start := result.Month(12*2025 + 0)
	r := &result.Run{
		Scenario:  "ndpr-embargo",
		Title:     "China stops NdPr exports, 2025",
		Start:     start,
		Months:    months,
		Importer:  "USA",
		Rival:     "CHN",
		Countries: []string{"CHN", "USA"},
		Sectors:   []string{"automotive", "defense"},
		Products: []result.ProductInfo{
			{ID: "ndpr/oxide", Material: "ndpr", Stage: "separation", Basis: "NdPr oxide", Final: true},
			{ID: "ndpr/magnet", Material: "ndpr", Stage: "magnet", Basis: "NdFeB magnet", Final: true},
		},
		EndItems: []result.EndItemInfo{
			{ID: "f35", Name: "F-35 fighter", Product: "ndpr/magnet", Sector: result.DefenseSector, KgLow: 200, KgHigh: 417, Source: "CRS R47405", UnitsPerYear: 1200, RateSource: "fixture rate", RateScope: "all customers"},
			{ID: "ddg51", Name: "DDG-51 destroyer", Product: "ndpr/magnet", KgLow: 1800, KgHigh: 2600, Source: "CRS R47405", UnitsPerYear: 60, RateSource: "fixture rate"},
			{ID: "ev_motor", Name: "EV motor", Product: "ndpr/magnet", Sector: "ev", KgLow: 1, KgHigh: 2, Source: "fixture BOM"},
		},
		CostByKind: []string{"capex", "stockpile", "price_floor", "offtake_premium"},
	}
	demand := []float64{60, 400} // t/month
	for m := range months {
		cut := 0.0 // share of demand lost this month
		if m >= 3 {
			cut = embargoed * math.Max(0, 0.6-0.03*float64(m-3))
		}
		stock := math.Max(0, 300-60*float64(m-3))
		if m < 3 {
			stock = 300
		}
		stock *= embargoed
		usCap := 10 + 25*math.Max(0, float64(m-6))*embargoed
		var dem, sup, short, inv, stk, free, prod, pout, pin []float64
		var cprod, ccap, cexp, ifrom, rto [][]float64
		for p, d := range demand {
			s := d * (1 - cut)
			dem = append(dem, d)
			sup = append(sup, s)
			short = append(short, d-s)
			inv = append(inv, d*0.5*(1-cut))
			stk = append(stk, stock*float64(p))
			free = append(free, math.Min(s, usCap*float64(p+1)))
			base := []float64{95, 140}[p]
			pout = append(pout, base*(1+2*cut))
			pin = append(pin, base*(1-0.2*cut))
			cn := []float64{5000, 7000}[p]
			prod = append(prod, cn*(1-cut/4)+usCap)
			cprod = append(cprod, []float64{cn * (1 - cut/4), usCap})
			ccap = append(ccap, []float64{cn * 1.2, usCap * 1.5})
			cexp = append(cexp, []float64{cn * 0.4 * (1 - cut), 0})
			// Half of China's exports go to the importer: its imports from CHN, and China's
			// exports to the USA.
			toUS := cn * 0.2 * (1 - cut)
			ifrom = append(ifrom, []float64{toUS, 0})
			rto = append(rto, []float64{0, toUS})
		}
		r.Demand = append(r.Demand, dem)
		r.Supply = append(r.Supply, sup)
		r.Shortfall = append(r.Shortfall, short)
		r.Inventory = append(r.Inventory, inv)
		r.Stockpile = append(r.Stockpile, stk)
		r.RivalFree = append(r.RivalFree, free)
		r.Production = append(r.Production, prod)
		r.PriceOut = append(r.PriceOut, pout)
		r.PriceIn = append(r.PriceIn, pin)
		r.CountryProduction = append(r.CountryProduction, cprod)
		r.CountryCapacity = append(r.CountryCapacity, ccap)
		r.CountryExports = append(r.CountryExports, cexp)
		r.ImportsByOrigin = append(r.ImportsByOrigin, ifrom)
		r.RivalExportsByDestination = append(r.RivalExportsByDestination, rto)
		tot := short[0] + short[1]
		r.SectorShortfall = append(r.SectorShortfall, []float64{0.7 * tot, 0.3 * tot})
		defenseKg := 0.05 * sup[1] * 1000 // 5% of magnets go to defense
		r.EndItemsLow = append(r.EndItemsLow, []float64{defenseKg * 0.6 / 200, defenseKg * 0.4 / 1800, defenseKg * 20})
		r.EndItemsHigh = append(r.EndItemsHigh, []float64{defenseKg * 0.6 / 417, defenseKg * 0.4 / 2600, defenseKg * 10})
		k := float64(m+1) * embargoed
		cost := []float64{12 * k, 4 * k, 1.5 * k, 0.5 * k}
		r.Cost = append(r.Cost, cost)
		r.CostTotal = append(r.CostTotal, cost[0]+cost[1]+cost[2]+cost[3])
		r.MassBalance = append(r.MassBalance, 1e-13*float64(m%5-2))
	}
	peakMonth, exhausted, ratioMonth := start+3, start+8, start+3
	r.Summary = result.Summary{
		PeakShortfallShare:    0.6 * embargoed,
		PeakShortfallT:        240 * embargoed,
		PeakShortfallProduct:  "ndpr/magnet",
		PeakShortfallMonth:    &peakMonth,
		MonthsShort:           int(17 * embargoed),
		EndItemsLostLow:       map[string]float64{"f35": 812.4 * embargoed, "ddg51": 45.1 * embargoed, "ev_motor": 90000 * embargoed},
		EndItemsLostHigh:      map[string]float64{"f35": 389.6 * embargoed, "ddg51": 31.2 * embargoed, "ev_motor": 45000 * embargoed},
		TotalCostMUSD:         r.CostTotal[months-1],
		PriceRatioPeak:        (1 + 1.2*embargoed) / (1 - 0.12*embargoed),
		PriceRatioPeakProduct: "ndpr/oxide",
		PriceRatioPeakMonth:   &ratioMonth,
		MaxMassBalance:        2e-13,
	}
	// The road: the importer's own capacity (from month 6) covers the oxide; the magnet
	// stage stays short by the part of demand its plant cannot make when embargoed.
	oxideFrom, magnetFrom := start+6, start
	r.Summary.Road = []result.StageCover{
		{Product: "ndpr/oxide", Stage: "ndpr/oxide", Month: &oxideFrom, NeedTPerYear: 720, CapacityTPerYear: 900, FedTPerYear: 900},
		{Product: "ndpr/magnet", Stage: "ndpr/magnet", Month: &magnetFrom, NeedTPerYear: 4800, CapacityTPerYear: 6000, FedTPerYear: 6000},
	}
	if embargoed > 0 {
		r.Summary.Road[1].Month, r.Summary.Road[1].FedTPerYear = nil, 3600
		r.Summary.Blocked = []result.Blocked{{Product: "ndpr/magnet", Stage: "ndpr/magnet", GapTPerYear: 1200, Until: start + months - 1}}
	}
	if embargoed > 0 {
		r.Summary.StockpileExhausted = &exhausted
	} else {
		r.Summary.PeakShortfallMonth, r.Summary.PriceRatioPeakMonth = nil, nil
		r.Summary.PeakShortfallProduct, r.Summary.PriceRatioPeakProduct = "", ""
		independence := start
		r.Summary.Independence = &independence
	}
	return r
}
