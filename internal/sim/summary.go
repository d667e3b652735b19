package sim

// shortMonthShare is the shortfall, as a share of demand, from which a month counts as
// short in Summary.MonthsShort.
const shortMonthShare = 0.001

// independenceMonths is how many consecutive covered months make independence.
const independenceMonths = 12

// summarize fills out.Summary from the recorded months. Only final products count for
// shortfall, short months and independence.
func (e *Engine) summarize(out *Result) {
	m := e.m
	s := &out.Summary
	at := func(t int) *Month {
		if t < 0 {
			return nil
		}
		v := m.header.Start + Month(t)
		return &v
	}

	s.PeakShortfallShare, s.PeakShortfallT, s.PeakShortfallProduct = 0, 0, ""
	peak := -1
	s.MonthsShort = 0
	for t := range out.Months {
		short := false
		for p, info := range out.Products {
			d := out.Demand[t][p]
			if !info.Final || d <= 0 {
				continue
			}
			gap := out.Shortfall[t][p]
			if share := gap / d; share > s.PeakShortfallShare {
				s.PeakShortfallShare, s.PeakShortfallT, s.PeakShortfallProduct, peak = share, gap, info.ID, t
			}
			short = short || gap > shortMonthShare*d
		}
		if short {
			s.MonthsShort++
		}
	}
	s.PeakShortfallMonth = at(peak)

	if s.EndItemsLostLow == nil {
		s.EndItemsLostLow, s.EndItemsLostHigh = map[string]float64{}, map[string]float64{}
	}
	// A frozen end item keeps the losses of the run that filled its rows.
	for _, k := range e.live.endItems {
		item := &m.endItems[k]
		s.EndItemsLostLow[item.ID] = e.lostLow[k]
		s.EndItemsLostHigh[item.ID] = e.lostHigh[k]
	}

	exhausted := -1
	for p := range out.Products {
		had := false
		if j := m.stockpileOf[p*m.nc+m.importer]; j >= 0 {
			had = m.stockpiles[j].init > 0
		}
		for t := range out.Months {
			if out.Stockpile[t][p] > 0 {
				had = true
				continue
			}
			if had {
				if exhausted < 0 || t < exhausted {
					exhausted = t
				}
				break
			}
		}
	}
	s.StockpileExhausted = at(exhausted)
	s.Independence = at(e.independence(out, -1))
	s.IndependenceByProduct = s.IndependenceByProduct[:0]
	for p, info := range out.Products {
		if !info.Final || !demanded(out, p) {
			continue
		}
		s.IndependenceByProduct = append(s.IndependenceByProduct, ProductMonth{Product: info.ID, Month: at(e.independence(out, p))})
	}
	e.road(out, s)
	e.summarizeEntry(out, s)
	s.TotalCostMUSD = 0
	if out.Months > 0 {
		s.TotalCostMUSD = out.CostTotal[out.Months-1]
	}

	s.PriceRatioPeak = 1
	ratioAt, ratioP := -1, -1
	for t := range out.Months {
		for p := range out.Products {
			if in := out.PriceIn[t][p]; in > 0 {
				if r := out.PriceOut[t][p] / in; r > s.PriceRatioPeak {
					s.PriceRatioPeak, ratioAt, ratioP = r, t, p
				}
			}
		}
	}
	s.PriceRatioPeakProduct = ""
	if ratioP >= 0 {
		s.PriceRatioPeakProduct = out.Products[ratioP].ID
	}
	s.PriceRatioPeakMonth = at(ratioAt)

	s.DemandResponse = s.DemandResponse[:0]
	for p, info := range out.Products {
		if !info.Final {
			continue
		}
		base, lastBase := 0.0, 0.0
		for _, d := range m.demands {
			if d.p == p && d.c == m.importer {
				for t := range out.Months {
					base += d.series[t]
				}
				if out.Months > 0 {
					lastBase += d.series[out.Months-1]
				}
			}
		}
		if base <= 0 {
			continue
		}
		run := 0.0
		for t := range out.Months {
			run += out.Demand[t][p]
		}
		s.DemandResponse = append(s.DemandResponse, ProductDemand{Product: info.ID, AtBaselinePrice: base, AtRunPrices: run,
			LastAtBaselinePrice: lastBase, LastAtRunPrices: out.Demand[out.Months-1][p]})
	}

	e.summarizePurchases(s, out.Months)
	e.summarizeOfftakes(s, out.Months)

	s.PriceCapMonths = s.PriceCapMonths[:0]
	for _, p := range e.live.products {
		for mk, market := range [2]string{"outside", "inside"} {
			if mk == 1 && m.rival < 0 {
				continue
			}
			if n := e.capMonths[2*p+mk]; n > 0 {
				s.PriceCapMonths = append(s.PriceCapMonths, PriceCapCount{Product: out.Products[p].ID, Market: market, Bound: "cap", Months: n})
			}
			if n := e.floorMonths[2*p+mk]; n > 0 {
				s.PriceCapMonths = append(s.PriceCapMonths, PriceCapCount{Product: out.Products[p].ID, Market: market, Bound: "floor", Months: n})
			}
		}
	}

	s.MaxMassBalance = 0
	for _, v := range out.MassBalance {
		s.MaxMassBalance = max(s.MaxMassBalance, v)
	}
}

// independence returns the first month index from which, for independenceMonths
// consecutive months, the importer's rival-free supply of every final product with demand
// (or of product only, when product >= 0) covers that demand within the tolerance; -1 if
// none.
func (e *Engine) independence(out *Result, product int) int {
	keep := 1 - e.m.params.IndependenceTolerance
	run := 0
	for t := range out.Months {
		covered := true
		for p, info := range out.Products {
			if product >= 0 && p != product {
				continue
			}
			if d := out.Demand[t][p]; info.Final && d > 0 && out.RivalFree[t][p] < keep*d {
				covered = false
				break
			}
		}
		if !covered {
			run = 0
			continue
		}
		run++
		if run == independenceMonths {
			return t - independenceMonths + 1
		}
	}
	return -1
}

// demanded reports whether the importer demands product p in any month.
func demanded(out *Result, p int) bool {
	for t := range out.Months {
		if out.Demand[t][p] > 0 {
			return true
		}
	}
	return false
}

// summarizePurchases fills s.StockpilePurchases. A frozen product's stockpile (Freeze)
// keeps the figures of the run that filled its rows, as its series do.
func (e *Engine) summarizePurchases(s *Summary, months int) {
	m := e.m
	kept := s.StockpilePurchases
	s.StockpilePurchases = nil
	for j, sp := range m.stockpiles {
		planned := 0.0
		for _, pu := range sp.purchases {
			for t := range months {
				if pu.span.has(t) {
					planned += pu.t
				}
			}
		}
		if planned <= 0 {
			continue
		}
		holder, product := m.countries[sp.holder], m.products[sp.p].ID
		if len(e.live.frozen) > 0 && e.live.frozen[sp.p] {
			for _, k := range kept {
				if k.Holder == holder && k.Product == product {
					s.StockpilePurchases = append(s.StockpilePurchases, k)
				}
			}
			continue
		}
		s.StockpilePurchases = append(s.StockpilePurchases, StockpilePurchase{Holder: holder, Product: product,
			PlannedT: planned, RequestedT: e.spAsked[j], BoughtT: e.spBought[j]})
	}
}

// summarizeOfftakes fills s.Offtakes, one entry per offtake in the model's order. A frozen
// product's offtakes (Freeze) keep the figures of the run that filled their rows: the
// model is the same, so that run listed the same offtakes in the same order.
func (e *Engine) summarizeOfftakes(s *Summary, months int) {
	m := e.m
	kept := s.Offtakes
	s.Offtakes = nil
	for j, o := range m.offtakes {
		contracted := 0.0
		for t := range min(months, len(o.qty)) {
			contracted += o.qty[t]
		}
		if contracted <= 0 {
			continue
		}
		d := OfftakeDelivery{Buyer: m.countries[o.b], Seller: m.countries[o.e], Product: m.products[o.p].ID,
			ContractedT: contracted, RequestedT: e.offAsked[j], ShippedT: e.offGot[j]}
		if i := len(s.Offtakes); len(e.live.frozen) > 0 && e.live.frozen[o.p] && i < len(kept) {
			d = kept[i]
		}
		s.Offtakes = append(s.Offtakes, d)
	}
}
