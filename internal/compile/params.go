package compile

import (
	"math"

	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

// params sets the engine parameters from sim_parameters.csv, then the scenario's
// overrides. Parameters the data does not hold keep the engine's defaults (docs/model.md).
func (c *compiler) params() {
	p := sim.DefaultParams()
	get := func(name string) (float64, bool) {
		v, _, ok := c.ds.SimParameter(name, world.AllKey)
		return v, ok
	}
	if v, ok := get("demand_elasticity"); ok {
		p.DemandElasticity = math.Abs(v)
	}
	if v, ok := get("supply_elasticity"); ok {
		p.SupplyElasticity = v
	}
	if v, ok := get("armington_elasticity"); ok {
		p.ArmingtonElasticity = v
	}
	if v, ok := get("qualification_lag_months"); ok {
		p.QualificationLagMonths = int(math.Round(v))
	}
	if v, ok := get("rival_home_priority"); ok {
		p.HomePriority = v >= 0.5
	}
	if v, ok := get("inventory_target_months"); ok {
		p.TargetStockMonths = v
	}
	sp := c.sc.Parameters
	if sp.Utilisation != nil {
		// Each process's utilisation is its 2024 production over capacity (new plants 1);
		// one scenario-wide value has no place in the model, and ignoring it silently
		// would run something other than the file says.
		c.err("parameters.utilisation: not supported by the compiler (utilisation is 2024 production / capacity per process); remove it")
	}
	if sp.ArmingtonElasticity != nil {
		p.ArmingtonElasticity = sp.ArmingtonElasticity.Point()
	}
	if sp.DemandPriceElasticity != nil {
		p.DemandElasticity = math.Abs(sp.DemandPriceElasticity.Point())
	}
	if sp.SupplyPriceElasticity != nil {
		p.SupplyElasticity = sp.SupplyPriceElasticity.Point()
	}
	if sp.QualificationLagMonths != nil {
		p.QualificationLagMonths = int(math.Round(sp.QualificationLagMonths.Point()))
	}
	c.b.SetParams(p)
	// Product-specific qualification lags (magnets take longer to qualify) apply to every
	// buyer unless the scenario sets one lag for all.
	if sp.QualificationLagMonths == nil {
		for _, prod := range c.products {
			v, _, ok := c.ds.SimParameter("qualification_lag_months", prod.ID)
			if !ok || int(math.Round(v)) == p.QualificationLagMonths {
				continue
			}
			for _, country := range c.countries {
				c.b.SetQualificationLag(country, prod.ID, int(math.Round(v)))
			}
		}
	}
}

// workingDaysPerMonth converts a licensing clock in working days to months.
func (c *compiler) workingDaysPerMonth() float64 {
	if w := c.sc.Parameters.WorkingDaysPerMonth; w != nil {
		return w.Point()
	}
	return 21
}
