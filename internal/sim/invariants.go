package sim

import (
	"errors"
	"fmt"
	"math"
)

// Tolerances of CheckInvariants.
const (
	invariantMassBalance = 1e-9 // relative to throughput
	invariantRelative    = 1e-9 // shares and identities, relative to the larger side
	maxInvariantErrors   = 20
)

// CheckInvariants checks a Result of m: the mass balance within 1e-9 of throughput every
// month; no negative inventory, stockpile, production, capacity or supply; positive
// prices; baseline sourcing weights summing to one per (product, buyer) that has any;
// shortfall = demand - supply; supply <= demand; rival-free supply <= supply. It reports
// up to 20 violations.
func CheckInvariants(m *Model, r *Result) error {
	var errs []error
	add := func(format string, args ...any) {
		if len(errs) < maxInvariantErrors {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	if r.Months != m.header.Months || len(r.Products) != m.np || len(r.Demand) != r.Months {
		return fmt.Errorf("result shape: %d months, %d products; model has %d months, %d products",
			r.Months, len(r.Products), m.header.Months, m.np)
	}
	nc := m.nc
	for p := range m.np {
		for b := range nc {
			sum := 0.0
			for x := range nc {
				w := m.weights[m.link(p, b, x)]
				if w < 0 {
					add("sourcing weight %s %s<-%s: negative %g", m.products[p].ID, m.countries[b], m.countries[x], w)
				}
				sum += w
			}
			if sum != 0 && math.Abs(sum-1) > invariantRelative {
				add("sourcing weights %s of %s: sum to %.12g, want 1", m.products[p].ID, m.countries[b], sum)
			}
		}
	}
	if m.rival >= 0 && len(r.RivalExportsByDestination) == r.Months {
		// The bilateral flows add up to the totals they break down (per-country series
		// are recorded unless RecordCountries turned them off: then all are zero).
		for t := range r.Months {
			for p := range m.np {
				sum := 0.0
				for _, v := range r.RivalExportsByDestination[t][p] {
					sum += v
				}
				total := r.CountryExports[t][p][m.rival]
				if math.Abs(sum-total) > invariantRelative*max(total, 1) {
					add("%s %s: rival exports by destination sum to %.12g, exports %.12g", r.Start+Month(t), m.products[p].ID, sum, total)
				}
				if a, b := r.ImportsByOrigin[t][p][m.rival], r.RivalExportsByDestination[t][p][m.importer]; a != b {
					add("%s %s: imports from the rival %.12g, rival exports to the importer %.12g", r.Start+Month(t), m.products[p].ID, a, b)
				}
			}
		}
	}
	for t := range r.Months {
		month := r.Start + Month(t)
		if mb := r.MassBalance[t]; !(mb <= invariantMassBalance) {
			add("%s: mass balance residual %.3g exceeds %.0g", month, mb, invariantMassBalance)
		}
		for p, info := range r.Products {
			d, s := r.Demand[t][p], r.Supply[t][p]
			scale := max(math.Abs(d), math.Abs(s), 1e-12)
			checks := []struct {
				ok   bool
				what string
			}{
				{r.Inventory[t][p] >= 0, "negative inventory"},
				{r.Stockpile[t][p] >= 0, "negative stockpile"},
				{r.Production[t][p] >= 0, "negative production"},
				{s >= 0, "negative supply"},
				{s <= d+invariantRelative*scale, "supply exceeds demand"},
				{math.Abs(r.Shortfall[t][p]-(d-s)) <= invariantRelative*scale, "shortfall != demand - supply"},
				{r.RivalFree[t][p] >= 0 && r.RivalFree[t][p] <= s+invariantRelative*scale, "rival-free supply outside [0, supply]"},
				{r.PriceOut[t][p] > 0 && r.PriceIn[t][p] > 0, "non-positive price"},
			}
			for _, c := range checks {
				if !c.ok {
					add("%s %s: %s (demand %g, supply %g, shortfall %g, inventory %g, stockpile %g)",
						month, info.ID, c.what, d, s, r.Shortfall[t][p], r.Inventory[t][p], r.Stockpile[t][p])
				}
			}
			for c := range r.Countries {
				if r.CountryProduction[t][p][c] < 0 || r.CountryCapacity[t][p][c] < 0 {
					add("%s %s %s: negative production or capacity", month, info.ID, r.Countries[c])
				}
			}
		}
	}
	return errors.Join(errs...)
}
