package montecarlo

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"

	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

// binsPerSeries is the number of inner bins of a monthly output or a continuous headline.
const binsPerSeries = 256

// headroom multiplies a tonnage or cost seen in the point run to bound it in draws; draws
// above the bound still count, in the overflow bin, with exact extremes.
const headroom = 2

// The measures of monthly series.
const (
	MeasureShortfall = "shortfall" // importer's shortfall of a final product, t/month
	MeasureSupply    = "supply"    // importer's delivered final demand, t/month
	MeasureDemand    = "demand"    // importer's final demand, t/month
	MeasurePriceOut  = "price_out" // price outside the rival's market, USD/kg
	MeasurePriceIn   = "price_in"  // price inside the rival's market, USD/kg
	MeasureStockpile = "stockpile" // importer's strategic stockpile, t
	MeasureCost      = "cost"      // cumulative cost of the responses, MUSD
)

// The scalar (per replication) outputs; independence has one per final product too, named
// "independence:" + product; the road one per stage of the point run's road, named
// "road:" + product + ":" + stage; end items two each, named ScalarEndItemsLow or
// ScalarEndItemsHigh + ":" + item.
const (
	ScalarPeakShortfall = "peak_shortfall_share" // share of demand, 0..1
	ScalarMonthsShort   = "months_short"         // months
	ScalarTotalCost     = "total_cost_musd"      // MUSD
	ScalarIndependence  = "independence"         // month index; Months = never
	ScalarExhaustion    = "stockpile_exhausted"  // month index; Months = never
	// ScalarRoad is the month from which capacity outside the rival with its own feed
	// covers the importer's need of a stage (sim.StageCover); Months = never.
	ScalarRoad = "road"
	// ScalarEndItemsLow and ScalarEndItemsHigh are an end item's units lost over the
	// horizon at the low and high bill of material (sim.Summary.EndItemsLostLow, High).
	ScalarEndItemsLow  = "end_items_lost_low"
	ScalarEndItemsHigh = "end_items_lost_high"
)

// Series is one monthly output.
type Series struct {
	Measure string `json:"measure"`
	Product string `json:"product,omitempty"`
	Unit    string `json:"unit"`
	Bins    Bins   `json:"bins"`
}

// Scalar is one output with one value per replication.
type Scalar struct {
	Name    string `json:"name"`
	Product string `json:"product,omitempty"`
	Unit    string `json:"unit"`
	Bins    Bins   `json:"bins"`
	// Month marks a month index (0 = Start) where the value Months means never.
	Month bool `json:"month,omitempty"`
	// Stage is the stage of a road output; Item the end item of an end-item output.
	Stage string `json:"stage,omitempty"`
	Item  string `json:"item,omitempty"`
	// RateScope is, for a programme's end-item output, whose units its build rate counts
	// (result.EndItemInfo.RateScope), printed beside the units lost.
	RateScope string `json:"rate_scope,omitempty"`
}

// Layout is what a study aggregates and how: the outputs with their bins and the
// uncertain inputs. It depends only on the study's data, scenario and seed, so that every
// worker derives the same one.
type Layout struct {
	Scenario string    `json:"scenario"`
	Title    string    `json:"title,omitempty"`
	Start    sim.Month `json:"start"`
	Months   int       `json:"months"`
	Importer string    `json:"importer"`
	Rival    string    `json:"rival"`
	Series   []Series  `json:"series"`
	Scalars  []Scalar  `json:"scalars"`
	Inputs   []Input   `json:"inputs"`
}

// plan is a study prepared to run: its layout and where each output is read.
type plan struct {
	layout      Layout
	fingerprint string
	product     []int    // per Series: product index in Result.Products, -1 for cost
	final       []int    // product indices of final products (short months)
	indep       []int    // per Scalar: index in Summary.IndependenceByProduct's products, or -1
	seriesBins  []binner // per Series
	scalarBins  []binner // per Scalar
	counts      int      // histogram bins of all Series and months
	scalarSlots int      // histogram bins of all Scalars

	// point is the model of the point scenario; frozen marks the products no uncertain
	// number reaches (nil for none), which replications take from its run.
	point  *sim.Model
	frozen []bool
	// pointSummary is the summary of the point run (each uncertain number at its point
	// value): the deterministic run a report sets beside the replications.
	pointSummary sim.Summary
	// constant marks, per Series, those of frozen products (all false without any);
	// live lists the others.
	constant []bool
	live     []int
}

// newPlan derives the layout from the point run m, r of sc: prices are bounded by the
// engine's cap around the baseline price; tonnages and cost by headroom x their largest
// point value; months and shares by their ranges.
func newPlan(ds *world.Dataset, sc *scenario.Scenario, seed uint64, m *sim.Model, r *sim.Result) *plan {
	T := r.Months
	l := Layout{Scenario: r.Scenario, Title: r.Title, Start: r.Start, Months: T, Importer: r.Importer, Rival: r.Rival, Inputs: Inputs(sc)}
	pl := &plan{}
	price0 := map[string]float64{}
	for _, p := range ds.SimProducts() {
		price0[p.ID] = p.PriceUSDPerKg
	}
	phi := m.Params().PriceCap
	peak := func(s [][]float64, p int) float64 {
		v := 0.0
		for t := range T {
			v = max(v, s[t][p])
		}
		return v
	}
	tonnes := func(v float64) Bins {
		return Bins{Scale: Linear, Lo: 0, Hi: math.Max(headroom*v, 1), N: binsPerSeries}
	}
	add := func(measure string, p int, unit string, b Bins) {
		id := ""
		if p >= 0 {
			id = r.Products[p].ID
		}
		l.Series = append(l.Series, Series{Measure: measure, Product: id, Unit: unit, Bins: b})
		pl.product = append(pl.product, p)
	}
	for p, info := range r.Products {
		if !info.Final || peak(r.Demand, p) <= 0 {
			continue
		}
		pl.final = append(pl.final, p)
		b := tonnes(peak(r.Demand, p))
		add(MeasureShortfall, p, "t/month", b)
		add(MeasureSupply, p, "t/month", b)
		add(MeasureDemand, p, "t/month", b)
	}
	for p, info := range r.Products {
		p0 := price0[info.ID]
		b := Bins{Scale: Log, Lo: p0 / phi, Hi: p0 * phi, N: binsPerSeries}
		if !(p0 > 0) {
			b = Bins{Scale: Linear, Lo: 0, Hi: 1, N: binsPerSeries}
		}
		add(MeasurePriceOut, p, "USD/kg", b)
		add(MeasurePriceIn, p, "USD/kg", b)
	}
	held := map[string]bool{}
	for _, s := range sc.Stockpiles {
		if s.Holder == r.Importer {
			held[s.Product] = true
		}
	}
	for p, info := range r.Products {
		if held[info.ID] || peak(r.Stockpile, p) > 0 {
			add(MeasureStockpile, p, "t", tonnes(peak(r.Stockpile, p)))
		}
	}
	cost := tonnes(r.Summary.TotalCostMUSD)
	add(MeasureCost, -1, "MUSD", cost)

	months := Bins{Scale: Integer, Lo: 0, Hi: float64(T), N: T + 1}
	l.Scalars = []Scalar{
		{Name: ScalarPeakShortfall, Unit: "share of demand", Bins: Bins{Scale: Linear, Lo: 0, Hi: 1, N: binsPerSeries}},
		{Name: ScalarMonthsShort, Unit: "months", Bins: months},
		{Name: ScalarTotalCost, Unit: "MUSD", Bins: cost},
		{Name: ScalarIndependence, Unit: "month", Bins: months, Month: true},
	}
	pl.indep = []int{-1, -1, -1, -1}
	for k, pm := range r.Summary.IndependenceByProduct {
		l.Scalars = append(l.Scalars, Scalar{Name: ScalarIndependence + ":" + pm.Product, Product: pm.Product, Unit: "month", Bins: months, Month: true})
		pl.indep = append(pl.indep, k)
	}
	l.Scalars = append(l.Scalars, Scalar{Name: ScalarExhaustion, Unit: "month", Bins: months, Month: true})
	pl.indep = append(pl.indep, -1)
	for _, sc := range r.Summary.Road {
		l.Scalars = append(l.Scalars, Scalar{Name: ScalarRoad + ":" + sc.Product + ":" + sc.Stage, Product: sc.Product, Stage: sc.Stage,
			Unit: "month", Bins: months, Month: true})
		pl.indep = append(pl.indep, -1)
	}
	for _, e := range r.EndItems {
		for _, o := range []struct {
			name  string
			point float64
		}{{ScalarEndItemsLow, r.Summary.EndItemsLostLow[e.ID]}, {ScalarEndItemsHigh, r.Summary.EndItemsLostHigh[e.ID]}} {
			// A programme loses at most what it builds over the horizon.
			b := tonnes(o.point)
			if e.UnitsPerYear > 0 {
				b = Bins{Scale: Linear, Lo: 0, Hi: math.Max(e.UnitsPerYear*float64(T)/12, 1), N: binsPerSeries}
			}
			l.Scalars = append(l.Scalars, Scalar{Name: o.name + ":" + e.ID, Item: e.ID, Unit: "units", Bins: b, RateScope: e.RateScope})
			pl.indep = append(pl.indep, -1)
		}
	}

	pl.layout = l
	for _, s := range l.Series {
		pl.seriesBins = append(pl.seriesBins, newBinner(s.Bins))
		pl.counts += T * (s.Bins.N + 2)
	}
	for _, s := range l.Scalars {
		pl.scalarBins = append(pl.scalarBins, newBinner(s.Bins))
		pl.scalarSlots += s.Bins.N + 2
	}
	b, err := json.Marshal(struct {
		Layout
		Seed uint64
	}{l, seed})
	if err != nil {
		panic(fmt.Sprintf("montecarlo: layout: %v", err)) // only numbers and strings
	}
	sum := sha256.Sum256(b)
	pl.fingerprint = hex.EncodeToString(sum[:8])
	return pl
}
