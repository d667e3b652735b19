package scenario

import "slices"

// The fields methods below are the one description of the file format: the decoder reads
// files with them, and Schema turns them into JSON Schema. Each returns fields bound to
// its receiver.

func req(key, doc string, v value) field { return field{key: key, doc: doc, required: true, val: v} }
func opt(key, doc string, v value) field { return field{key: key, doc: doc, val: v} }

// reqWhy is req for a key whose absence needs explaining: why is said when it is missing.
func reqWhy(key, doc, why string, v value) field {
	return field{key: key, doc: doc, required: true, why: why, val: v}
}

// window returns the start and end fields of a window; startDoc says what starts.
func window(w *Window, startDoc string) []field {
	return []field{
		req("start", startDoc+", YYYY-MM (inclusive)", monthV{&w.Start}),
		opt("end", "last month, YYYY-MM (inclusive); absent: open to the end of the horizon", monthPtrV{&w.End}),
	}
}

func (sc *Scenario) fields() []field {
	return []field{
		req("name", "slug (lower-case letters, digits, hyphens), unique among built-ins", textV{&sc.Name, slugPattern, slugWhat}),
		opt("title", "one-line title", textV{p: &sc.Title}),
		opt("summary", "one line shown in scenario lists", textV{p: &sc.Summary}),
		opt("sources", "where the scenario's facts come from: source ids of the world dataset or short citations", stringsV{&sc.Sources}),
		opt("importer", "country whose shortfall, end items and independence are reported, or EU27 (the data gives EU demand for the group)", importerV{&sc.Importer}),
		opt("rival", "country independence is measured from", countryV{p: &sc.Rival}),
		opt("start", "first month simulated, YYYY-MM (default 2025-01)", monthV{&sc.Start}),
		opt("end", "last month simulated, YYYY-MM (default 2035-12)", monthV{&sc.End}),
		opt("extends", "name of a built-in scenario whose lists this file adds to", textV{&sc.Extends, slugPattern, slugWhat}),
		opt("controls", "export controls", listV[Control, *Control]{&sc.Controls}),
		opt("suspensions", "suspensions of controls", listV[Suspension, *Suspension]{&sc.Suspensions}),
		opt("tariffs", "import tariffs; rates on the same flow add up", listV[Tariff, *Tariff]{&sc.Tariffs}),
		opt("outages", "capacity outages", listV[Outage, *Outage]{&sc.Outages}),
		opt("demand_growth", "growth of final demand", listV[DemandGrowth, *DemandGrowth]{&sc.DemandGrowth}),
		opt("projects", "capacity projects", listV[Project, *Project]{&sc.Projects}),
		opt("emergency_powers", "emergency powers that shorten permitting", listV[EmergencyPower, *EmergencyPower]{&sc.EmergencyPowers}),
		opt("stockpiles", "strategic stockpiles", listV[Stockpile, *Stockpile]{&sc.Stockpiles}),
		opt("inventories", "commercial inventories held by users at the start", listV[Inventory, *Inventory]{&sc.Inventories}),
		opt("offtakes", "offtake agreements between countries; they add up", listV[Offtake, *Offtake]{&sc.Offtakes}),
		opt("recycling", "recycling capacity; entries add up", listV[Recycling, *Recycling]{&sc.Recycling}),
		opt("substitution", "demand reduction by thrifting or substitution", listV[Substitution, *Substitution]{&sc.Substitution}),
		opt("price_floors", "guaranteed minimum prices", listV[PriceFloor, *PriceFloor]{&sc.PriceFloors}),
		opt("priority", "sectors served first when supply is short", listV[Priority, *Priority]{&sc.Priority}),
		opt("parameters", "overrides of model parameters; absent keys keep the model's defaults", recordV{&sc.Parameters}),
		opt("correlations", "groups of uncertain numbers drawn with correlated ranks in Monte Carlo runs (Gaussian copula)", listV[Correlation, *Correlation]{&sc.Correlations}),
	}
}

func (c *Control) at() *Origin { return &c.Origin }
func (c *Control) fields() []field {
	return slices.Concat([]field{
		req("id", "unique id that suspensions refer to", textV{p: &c.ID}),
		req("exporter", "country imposing the control", countryV{p: &c.Exporter}),
		req("products", "controlled products: material/stage ids or bare materials (all stages)", productsV{&c.Products}),
		req("destinations", `countries or groups the control applies to, or "all"`, countriesV{&c.Destinations, true}),
		opt("except", "countries or groups removed from destinations", countriesV{&c.Except, false}),
		req("kind", "ban: nothing leaves; quota: up to quota_t_per_month (or quota_t_per_year) leaves; licensing: shipments need a licence", enumV[ControlKind]{&c.Kind, []ControlKind{Ban, Quota, Licensing}}),
	}, window(&c.Window, "first month in force"), []field{
		opt("quota_t_per_month", "kind quota only: tonnes per month allowed to leave, for all the control's products together", optParamV{&c.QuotaTPerMonth, tonnes}),
		opt("quota_t_per_year", "kind quota only, instead of quota_t_per_month: tonnes per calendar year for all the control's products together, released evenly over the year", optParamV{&c.QuotaTPerYear, tonnes}),
		opt("announced", "month the control was announced, YYYY-MM, before start: buyers build stock until it takes effect", monthPtrV{&c.Announced}),
		opt("licensing", "kind licensing only (and required for it): how applications are treated", optRecordV[LicensingRule, *LicensingRule]{&c.Licensing}),
		opt("extraterritorial_min_content_pct", "re-exports of products with at least this percentage of controlled content from the exporter need its approval", optParamV{&c.ExtraterritorialMinContentPct, percent}),
	})
}

func (l *LicensingRule) fields() []field {
	return []field{
		req("approval", "share of applied tonnage approved, in [0, 1]", paramV{&l.Approval, fraction}),
		opt("approval_changes", "later approval rates, in increasing month order", listV[ApprovalChange, *ApprovalChange]{&l.ApprovalChanges}),
		req("processing_working_days", "statutory processing clock in working days (21 make a month)", paramV{&l.ProcessingWorkingDays, workingDays}),
		opt("validity_months", "months an approved licence covers shipments; absent: until the control ends", optParamV{&l.ValidityMonths, monthsPositive}),
		opt("military_denied", "defense-sector requests are never approved", boolV{&l.MilitaryDenied}),
	}
}

func (a *ApprovalChange) fields() []field {
	return []field{
		req("from", "month the new rate applies from, YYYY-MM", monthV{&a.From}),
		req("approval", "share of applied tonnage approved, in [0, 1]", paramV{&a.Approval, fraction}),
	}
}

func (s *Suspension) at() *Origin { return &s.Origin }
func (s *Suspension) fields() []field {
	return append([]field{
		req("control", "id of the suspended control", textV{p: &s.Control}),
	}, window(&s.Window, "first month suspended")...)
}

func (t *Tariff) at() *Origin { return &t.Origin }
func (t *Tariff) fields() []field {
	return append([]field{
		req("importer", `country or group levying the tariff, or "all"`, countryV{&t.Importer, true}),
		req("exporter", `country or group whose goods are taxed, or "all"`, countryV{&t.Exporter, true}),
		req("products", "products taxed: material/stage ids or bare materials", productsV{&t.Products}),
		req("rate_pct", "ad valorem rate in percent, >= 0 (may exceed 100)", paramV{&t.RatePct, tariffPct}),
	}, window(&t.Window, "first month in force")...)
}

func (o *Outage) at() *Origin { return &o.Origin }
func (o *Outage) fields() []field {
	return []field{
		req("country", "country losing capacity", countryV{p: &o.Country}),
		req("products", "products affected: material/stage ids or bare materials", productsV{&o.Products}),
		req("fraction", "share of capacity lost, in [0, 1]", paramV{&o.Fraction, fraction}),
		req("start", "first month of the outage, YYYY-MM", monthV{&o.Start}),
		req("months", "duration in months, > 0", paramV{&o.Months, monthsPositive}),
	}
}

func (g *DemandGrowth) at() *Origin { return &g.Origin }
func (g *DemandGrowth) fields() []field {
	return append([]field{
		req("importer", `country or group whose demand grows, or "all"`, countryV{&g.Importer, true}),
		req("sector", `demand sector, or "all"`, sectorV{&g.Sector, true}),
		req("products", "products whose final demand grows: material/stage ids or bare materials", productsV{&g.Products}),
		req("pct_per_year", "growth in percent per year, compounded monthly; negative shrinks, > -100", paramV{&g.PctPerYear, growthPctFinite}),
	}, window(&g.Window, "first month of growth")...)
}

func (p *Project) at() *Origin { return &p.Origin }
func (p *Project) fields() []field {
	return []field{
		req("name", "unique name of the project", textV{p: &p.Name}),
		req("country", "country where the plant is built", countryV{p: &p.Country}),
		req("product", "product made, material/stage", productV{&p.Product}),
		req("capacity_t_per_year", "full capacity in tonnes of product per year, > 0", paramV{&p.CapacityTPerYear, positiveTonnes}),
		opt("capex_musd", "capital cost in million USD (default 0: unknown)", paramV{&p.CapexMUSD, capexMUSD}),
		req("announced", "month the project was announced, YYYY-MM", monthV{&p.Announced}),
		opt("permitting_months", "months of permitting after the announcement (default 0)", paramV{&p.PermittingMonths, monthsNonNeg}),
		opt("construction_months", "months of construction after permitting (default 0)", paramV{&p.ConstructionMonths, monthsNonNeg}),
		opt("ramp_months", "months of linear ramp from 0 to full capacity (default 0)", paramV{&p.RampMonths, monthsNonNeg}),
		opt("delay_risk_months", "Monte Carlo spread of the start in months; deterministic runs use no delay (default 0)", paramV{&p.DelayRiskMonths, monthsNonNeg}),
		opt("offtake", "share of output reserved for a buyer", optRecordV[ProjectOfftake, *ProjectOfftake]{&p.Offtake}),
		opt("sources", "where the project's facts come from", stringsV{&p.Sources}),
	}
}

func (o *ProjectOfftake) fields() []field {
	return []field{
		req("buyer", "country buying", countryV{p: &o.Buyer}),
		req("sector", "sector served", sectorV{&o.Sector, false}),
		req("share", "share of output reserved, in [0, 1]", paramV{&o.Share, fraction}),
	}
}

func (e *EmergencyPower) at() *Origin { return &e.Origin }
func (e *EmergencyPower) fields() []field {
	return append([]field{
		req("country", "country using the powers", countryV{p: &e.Country}),
		req("permitting_reduction_pct", "percentage by which permitting of projects in the country is shortened, in [0, 100]", paramV{&e.PermittingReductionPct, percent}),
	}, window(&e.Window, "first month in force")...)
}

func (s *Stockpile) at() *Origin { return &s.Origin }
func (s *Stockpile) fields() []field {
	return []field{
		req("holder", "country holding the stockpile", countryV{p: &s.Holder}),
		req("product", "product stocked, material/stage", productV{&s.Product}),
		opt("initial_t", "tonnes held at the start (default 0)", paramV{&s.InitialT, tonnes}),
		reqWhy("release", "when and to whom the stockpile releases (to hold without releasing, give max_t_per_month: 0)",
			"a stockpile without a release rule never releases; give release: {shortfall_trigger: 0.1, max_t_per_month: ...}, or max_t_per_month: 0 to hold it",
			optRecordV[Release, *Release]{&s.Release}),
		opt("purchases", "purchases into the stockpile", listV[Purchase, *Purchase]{&s.Purchases}),
	}
}

func (r *Release) fields() []field {
	return []field{
		req("shortfall_trigger", "release when the holder's shortfall exceeds this share of demand, in [0, 1]", paramV{&r.ShortfallTrigger, fraction}),
		req("max_t_per_month", "most tonnes released per month", paramV{&r.MaxTPerMonth, tonnes}),
		opt("sectors", "sectors that may draw; absent: all", sectorsV{&r.Sectors}),
	}
}

func (p *Purchase) fields() []field {
	return append(window(&p.Window, "first month of buying"),
		req("t_per_month", "tonnes bought per month", paramV{&p.TPerMonth, tonnes}),
		opt("max_usd_per_kg", "highest price paid in USD per kg; absent: no limit", optParamV{&p.MaxUSDPerKg, usdPerKg}),
	)
}

func (i *Inventory) at() *Origin { return &i.Origin }
func (i *Inventory) fields() []field {
	return []field{
		req("country", `country or group of the users, or "all"`, countryV{&i.Country, true}),
		req("products", "products held: material/stage ids or bare materials", productsV{&i.Products}),
		req("months_of_cover", "initial stock in months of demand", paramV{&i.MonthsOfCover, monthsNonNeg}),
	}
}

func (o *Offtake) at() *Origin { return &o.Origin }
func (o *Offtake) fields() []field {
	return append([]field{
		req("buyer", "country buying", countryV{p: &o.Buyer}),
		req("seller", "country selling", countryV{p: &o.Seller}),
		req("product", "product delivered, material/stage", productV{&o.Product}),
		req("t_per_year", "tonnes per year", paramV{&o.TPerYear, tonnes}),
	}, window(&o.Window, "first month of deliveries")...)
}

func (r *Recycling) at() *Origin { return &r.Origin }
func (r *Recycling) fields() []field {
	return append([]field{
		req("country", "country recycling", countryV{p: &r.Country}),
		req("product", "product recovered, material/stage", productV{&r.Product}),
		req("t_per_year", "full output in tonnes per year", paramV{&r.TPerYear, tonnes}),
		opt("ramp_months", "months of linear ramp to full output (default 0)", paramV{&r.RampMonths, monthsNonNeg}),
	}, window(&r.Window, "first month of output")...)
}

func (s *Substitution) at() *Origin { return &s.Origin }
func (s *Substitution) fields() []field {
	return append([]field{
		req("importer", `country or group reducing demand, or "all"`, countryV{&s.Importer, true}),
		req("sector", `demand sector, or "all"`, sectorV{&s.Sector, true}),
		req("product", "product whose demand falls, material/stage", productV{&s.Product}),
		req("reduction_pct", "demand reduction at full ramp in percent, in [0, 100]", paramV{&s.ReductionPct, percent}),
		opt("ramp_months", "months of linear ramp to the full reduction (default 0)", paramV{&s.RampMonths, monthsNonNeg}),
	}, window(&s.Window, "first month of the reduction")...)
}

func (f *PriceFloor) at() *Origin { return &f.Origin }
func (f *PriceFloor) fields() []field {
	return append([]field{
		req("product", "product whose price is floored, material/stage", productV{&f.Product}),
		req("producers", `countries or groups whose producers are covered, or "all"`, countriesV{&f.Producers, true}),
		req("usd_per_kg", "floor price in USD per kg", paramV{&f.USDPerKg, usdPerKg}),
		req("payer", "country paying (floor - market price) x covered tonnage", countryV{p: &f.Payer}),
	}, window(&f.Window, "first month in force")...)
}

func (p *Priority) at() *Origin { return &p.Origin }
func (p *Priority) fields() []field {
	return append([]field{
		req("importer", "country whose allocation the rule orders", countryV{p: &p.Importer}),
		req("sector", "sector served first", sectorV{&p.Sector, false}),
	}, window(&p.Window, "first month in force")...)
}

func (p *Parameters) fields() []field {
	return []field{
		opt("armington_elasticity", "elasticity of substitution between suppliers, > 0", optParamV{&p.ArmingtonElasticity, elasticityPos}),
		opt("demand_price_elasticity", "own-price elasticity of final demand, <= 0", optParamV{&p.DemandPriceElasticity, elasticityNeg}),
		opt("supply_price_elasticity", "price elasticity of capacity utilisation, >= 0", optParamV{&p.SupplyPriceElasticity, elasticityNonNeg}),
		opt("qualification_lag_months", "months a buyer needs to qualify a new supplier, >= 0, rounded to whole months (a drawn value too)", optParamV{&p.QualificationLagMonths, monthsNonNeg}),
		opt("utilisation", "not supported: the compiler refuses it, since each process's utilisation is its 2024 production over its capacity (kept in the language so that the error names it)", optParamV{&p.Utilisation, fraction}),
		opt("working_days_per_month", "working days per month for licensing clocks, in (0, 31] (model default 21)", optParamV{&p.WorkingDaysPerMonth, daysPerMonth}),
		opt("price_adjustment", "share of the gap to the target price closed each month, in (0, 1]", optParamV{&p.PriceAdjustment, adjustment}),
		opt("price_elasticity", "elasticity of the market balance in the target price, > 0", optParamV{&p.PriceElasticity, elasticityPos}),
		opt("price_cap", "the target price stays within [P0/cap, P0 x cap], >= 1", optParamV{&p.PriceCap, priceCap}),
		opt("inventory_adjustment_months", "months users take to close the gap to their target stock, >= 1", optParamV{&p.InventoryAdjustmentMonths, monthsAtLeastOne}),
		opt("long_run_demand_elasticity", "elasticity of persistent demand intensity (thrift, substitution), <= 0", optParamV{&p.LongRunDemandElasticity, elasticityNeg}),
		opt("thrift_months", "time constant of the fall of demand intensity, months, >= 1", optParamV{&p.ThriftMonths, monthsAtLeastOne}),
		opt("entry_elasticity", "new capacity ordered per log of the expected price over the hurdle, share of capacity, >= 0 (0: no price-triggered entry)", optParamV{&p.EntryElasticity, elasticityNonNeg}),
		opt("entry_hurdle", "expected price, as a multiple of the baseline price, above which producers order new capacity, >= 1", optParamV{&p.EntryHurdle, priceMultiple}),
		opt("entry_lead_months", "months from an order of new capacity to its first output, >= 1, rounded to whole months (a drawn value too)", optParamV{&p.EntryLeadMonths, monthsAtLeastOne}),
		opt("expected_price_months", "time constant over which producers smooth the price they invest on, months, >= 1", optParamV{&p.ExpectedPriceMonths, monthsAtLeastOne}),
		opt("feed_adjustment_months", "months a process takes to plan for the feed it gets when an input is short (and back to its full rate when it is not), >= 0 (0: off; up to 1: at once)", optParamV{&p.FeedAdjustmentMonths, monthsNonNeg}),
		opt("arbitrage_elasticity", "how strongly exporters follow the dearer of the rival's market and the rest: an exporter short of stock fills their requests in the ratio of the two prices to this power, and the rival's producers let buyers abroad bid as the outside price rises, >= 0 (0: one share for all, home first)", optParamV{&p.ArbitrageElasticity, elasticityNonNeg}),
		opt("rush_cover_months", "months of need buyers add to their stock between a control's announcement and its start, >= 0", optParamV{&p.RushCoverMonths, monthsNonNeg}),
	}
}

// ByName returns a pointer to each of p's parameters by its key in a scenario file, from
// the same field list the decoder uses, so callers that set parameters by name (the
// calibration tools) never keep a list of their own.
func (p *Parameters) ByName() map[string]**Param {
	out := map[string]**Param{}
	for _, f := range p.fields() {
		if v, ok := f.val.(optParamV); ok {
			out[f.key] = v.p
		}
	}
	return out
}
