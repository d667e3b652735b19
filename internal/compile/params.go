package compile

import (
	"math"

	"github.com/critmin/critmin/internal/scenario"
)

// params sets the engine parameters from sim_parameters.csv (read once per dataset,
// base.dataParams), then the scenario's overrides. Parameters the data does not hold keep
// the engine's defaults (docs/model.md).
func (c *compiler) params() {
	p := c.base.params
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
	if sp.EntryLeadMonths != nil {
		p.EntryLeadMonths = int(math.Round(sp.EntryLeadMonths.Point()))
	}
	if sp.QualificationLagMonths != nil {
		p.QualificationLagMonths = int(math.Round(sp.QualificationLagMonths.Point()))
	}
	for _, o := range []struct {
		v *scenario.Param
		f *float64
	}{
		{sp.PriceAdjustment, &p.PriceAdjustment},
		{sp.PriceElasticity, &p.PriceElasticity},
		{sp.PriceCap, &p.PriceCap},
		{sp.InventoryAdjustmentMonths, &p.InventoryAdjustmentMonths},
		{sp.ThriftMonths, &p.ThriftMonths},
		{sp.RushCoverMonths, &p.RushCoverMonths},
		{sp.EntryElasticity, &p.EntryElasticity},
		{sp.EntryHurdle, &p.EntryHurdle},
		{sp.ExpectedPriceMonths, &p.ExpectedPriceMonths},
		{sp.ArbitrageElasticity, &p.ArbitrageElasticity},
		{sp.FeedAdjustmentMonths, &p.FeedAdjustmentMonths},
	} {
		if o.v != nil {
			*o.f = o.v.Point()
		}
	}
	if sp.LongRunDemandElasticity != nil {
		p.LongRunDemandElasticity = math.Abs(sp.LongRunDemandElasticity.Point())
	}
	c.b.SetParams(p)
	// Product-specific qualification lags (magnets take longer to qualify) apply to every
	// buyer unless the scenario sets one lag for all.
	if sp.QualificationLagMonths == nil {
		for i, prod := range c.base.products {
			lag := c.base.qualLag[i]
			if !c.base.hasQualLag[i] || lag == p.QualificationLagMonths {
				continue
			}
			for _, country := range c.countries {
				c.b.SetQualificationLag(country, prod.ID, lag)
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
