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
	// PriceCap φ >= 1 bounds the target price within [P0/φ, P0 x φ].
	PriceCap float64
	// DemandElasticity η >= 0 is the short-run own-price elasticity of final demand, as a
	// magnitude: demand is multiplied by (P/P0)^(-η).
	DemandElasticity float64
	// SupplyElasticity ξ >= 0 lowers utilisation when the producer's price falls below P0:
	// utilisation x min(1, (P/P0)^ξ). 0 switches the response off.
	SupplyElasticity float64
	// ArmingtonElasticity σ >= 0 shifts sourcing away from taxed exporters:
	// w' ∝ w x (1 + tariff)^(-σ).
	ArmingtonElasticity float64
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
		PriceAdjustment:        0.3,
		PriceElasticity:        0.5,
		PriceCap:               5,
		DemandElasticity:       0.05,
		SupplyElasticity:       0,
		ArmingtonElasticity:    3,
		QualificationLagMonths: 6,
		TargetStockMonths:      1,
		HomePriority:           true,
		IndependenceTolerance:  0.01,
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
	add("DemandElasticity", p.DemandElasticity, p.DemandElasticity >= 0, ">= 0")
	add("SupplyElasticity", p.SupplyElasticity, p.SupplyElasticity >= 0, ">= 0")
	add("ArmingtonElasticity", p.ArmingtonElasticity, p.ArmingtonElasticity >= 0, ">= 0")
	add("QualificationLagMonths", float64(p.QualificationLagMonths), p.QualificationLagMonths >= 0, ">= 0")
	add("TargetStockMonths", p.TargetStockMonths, p.TargetStockMonths >= 0, ">= 0")
	add("IndependenceTolerance", p.IndependenceTolerance, p.IndependenceTolerance >= 0 && p.IndependenceTolerance < 1, "within [0, 1)")
	return bad
}
