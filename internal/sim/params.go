package sim

import (
	"fmt"
	"math"
)

// Params are the model parameters; docs/model.md explains each with its equation.
type Params struct {
	// PriceAdjustment θ in (0, 1] is the share of the gap to the target price closed each
	// month.
	PriceAdjustment float64
	// PriceElasticity ε > 0 is the price elasticity of the market balance: the target price
	// is P0 x (D/S)^(1/ε).
	PriceElasticity float64
	// PriceCap φ >= 1 bounds the target price within [P0/φ, P0 x φ]. Months in which a
	// market's target sits at the cap are counted in Summary.PriceCapMonths.
	PriceCap float64
	// InventoryAdjustmentMonths τ >= 1 is how many months users take to close the gap
	// between their stock and its target: they request need + (target - stock) / τ.
	InventoryAdjustmentMonths float64
	// LongRunDemandElasticity η_L >= 0 is the elasticity of demand intensity (thrifting,
	// substitution, redesign) to a sustained price: intensity moves towards (P/P0)^(-η_L)
	// when that is below it, and never recovers (demand destruction persists).
	LongRunDemandElasticity float64
	// ThriftMonths is the time constant, in months (>= 1), of that move.
	ThriftMonths float64
	// RushCoverMonths is how many months of need users add to their target stock of a
	// product between a control's announcement and its effect (>= 0).
	RushCoverMonths float64
	// DemandElasticity η >= 0 is the short-run own-price elasticity of final demand, as a
	// magnitude: demand is multiplied by (P/P0)^(-η).
	DemandElasticity float64
	// SupplyElasticity ξ >= 0 moves utilisation u with the producer's price P: below P0 it
	// falls to u (P/P0)^ξ; above P0 idle capacity restarts, u + (1 - u)(1 - (P0/P)^ξ).
	// 0 switches the response off.
	SupplyElasticity float64
	// EntryElasticity ψ >= 0 sizes price-triggered entry: producers whose expected price
	// ratio E exceeds EntryHurdle h order new capacity up to ψ ln(E/h) of their capacity,
	// delivered EntryLeadMonths later; 0 switches entry off.
	EntryElasticity float64
	// EntryHurdle h >= 1 is the expected price, as a multiple of P0, above which
	// producers order new capacity.
	EntryHurdle float64
	// EntryLeadMonths >= 1 is the time from an order of new capacity to its first month
	// of output.
	EntryLeadMonths int
	// ExpectedPriceMonths >= 1 is the time constant, in months, over which producers
	// smooth the price ratio they invest on: E += (r - E) / ExpectedPriceMonths.
	ExpectedPriceMonths float64
	// ArmingtonElasticity σ >= 0 shifts sourcing away from taxed exporters:
	// w' ∝ w x (1 + tariff)^(-σ).
	ArmingtonElasticity float64
	// FeedAdjustmentMonths T is how many months a process takes to plan for the feed it
	// gets: a plant that made less than planned because an input was short moves its
	// utilisation factor towards what it could run, one that made its plan back towards
	// 1, by 1/T a month (feed.go; T <= 1: at once). 0 switches the response off.
	FeedAdjustmentMonths float64
	// ArbitrageElasticity α >= 0 lets an exporter other than the rival that cannot fill
	// every request serve the rival's market and the other one in proportion to their
	// prices (fill shares in the ratio (P_in/P_out)^α, each at most 1), and lets buyers
	// abroad bid for the rival's output as the outside price rises above the inside one
	// (their weight against its users rises by 1 - (P_in/P_out)^α). 0 fills every
	// request to the same share and serves the rival's users first, whatever the prices
	// (docs/model.md, Allocation e).
	ArbitrageElasticity float64
	// QualificationLagMonths is how many months after its first unmet request a buyer
	// needs before it can source from an exporter it did not use at baseline, and after a
	// new exporter's first month of capacity before default sourcing weights count it.
	QualificationLagMonths int
	// TargetStockMonths N is the users' target stock, in months of their monthly need, where
	// no initial stock sets it.
	TargetStockMonths float64
	// HomePriority makes every exporter serve its own country's users before exporting.
	HomePriority bool
	// IndependenceTolerance is the share of demand rival-free supply may miss and still
	// count as covering it (mixing in stocks never dilutes rival content to exactly 0).
	IndependenceTolerance float64
}

// DefaultParams returns the parameters used when a scenario overrides none.
func DefaultParams() Params {
	return Params{
		PriceAdjustment:           0.3,
		PriceElasticity:           0.5,
		PriceCap:                  100,
		InventoryAdjustmentMonths: 1,
		LongRunDemandElasticity:   0,
		ThriftMonths:              12,
		RushCoverMonths:           1,
		DemandElasticity:          0.05,
		SupplyElasticity:          0,
		EntryElasticity:           0,
		EntryHurdle:               2,
		EntryLeadMonths:           30,
		ExpectedPriceMonths:       12,
		ArmingtonElasticity:       3,
		ArbitrageElasticity:       0,
		FeedAdjustmentMonths:      0,
		QualificationLagMonths:    6,
		TargetStockMonths:         1,
		HomePriority:              true,
		IndependenceTolerance:     0.01,
	}
}

func (p Params) check() []string {
	var bad []string
	add := func(name string, v float64, ok bool, want string) {
		if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
			bad = append(bad, fmt.Sprintf("params: %s: must be %s, got %v", name, want, v))
		}
	}
	add("PriceAdjustment", p.PriceAdjustment, p.PriceAdjustment > 0 && p.PriceAdjustment <= 1, "within (0, 1]")
	add("PriceElasticity", p.PriceElasticity, p.PriceElasticity > 0, "> 0")
	add("PriceCap", p.PriceCap, p.PriceCap >= 1, ">= 1")
	add("InventoryAdjustmentMonths", p.InventoryAdjustmentMonths, p.InventoryAdjustmentMonths >= 1, ">= 1")
	add("LongRunDemandElasticity", p.LongRunDemandElasticity, p.LongRunDemandElasticity >= 0, ">= 0")
	add("ThriftMonths", p.ThriftMonths, p.ThriftMonths >= 1, ">= 1")
	add("RushCoverMonths", p.RushCoverMonths, p.RushCoverMonths >= 0, ">= 0")
	add("DemandElasticity", p.DemandElasticity, p.DemandElasticity >= 0, ">= 0")
	add("SupplyElasticity", p.SupplyElasticity, p.SupplyElasticity >= 0, ">= 0")
	add("EntryElasticity", p.EntryElasticity, p.EntryElasticity >= 0, ">= 0")
	add("EntryHurdle", p.EntryHurdle, p.EntryHurdle >= 1, ">= 1")
	add("EntryLeadMonths", float64(p.EntryLeadMonths), p.EntryLeadMonths >= 1, ">= 1")
	add("ExpectedPriceMonths", p.ExpectedPriceMonths, p.ExpectedPriceMonths >= 1, ">= 1")
	add("ArmingtonElasticity", p.ArmingtonElasticity, p.ArmingtonElasticity >= 0, ">= 0")
	add("FeedAdjustmentMonths", p.FeedAdjustmentMonths, p.FeedAdjustmentMonths >= 0, ">= 0")
	add("ArbitrageElasticity", p.ArbitrageElasticity, p.ArbitrageElasticity >= 0, ">= 0")
	add("QualificationLagMonths", float64(p.QualificationLagMonths), p.QualificationLagMonths >= 0, ">= 0")
	add("TargetStockMonths", p.TargetStockMonths, p.TargetStockMonths >= 0, ">= 0")
	add("IndependenceTolerance", p.IndependenceTolerance, p.IndependenceTolerance >= 0 && p.IndependenceTolerance < 1, "within [0, 1)")
	return bad
}
