package result

import (
	"maps"
	"slices"

	"github.com/critmin/critmin/internal/sim"
)

// FromSim converts the engine's result into a Run of the current Version. It is the one
// place the engine's layout meets the contract: a change to sim.Result is absorbed here,
// and what the store keeps and the API serves stays as documented. The Run shares no
// memory with r, which the engine may overwrite in its next run.
func FromSim(r *sim.Result) *Run {
	return &Run{
		SchemaVersion: Version,
		Scenario:      r.Scenario, Title: r.Title, Start: Month(r.Start), Months: r.Months,
		Importer: r.Importer, Rival: r.Rival,
		Products:  convert(r.Products, productInfo),
		Countries: slices.Clone(r.Countries),
		Sectors:   slices.Clone(r.Sectors),
		EndItems:  convert(r.EndItems, endItemInfo),

		Demand: clone2(r.Demand), Supply: clone2(r.Supply), Shortfall: clone2(r.Shortfall),
		Inventory: clone2(r.Inventory), Stockpile: clone2(r.Stockpile), RivalFree: clone2(r.RivalFree),

		Production: clone2(r.Production), PriceOut: clone2(r.PriceOut), PriceIn: clone2(r.PriceIn),

		CountryProduction: clone3(r.CountryProduction), CountryCapacity: clone3(r.CountryCapacity),
		CountryExports: clone3(r.CountryExports), ImportsByOrigin: clone3(r.ImportsByOrigin),
		RivalExportsByDestination: clone3(r.RivalExportsByDestination),

		SectorShortfall: clone2(r.SectorShortfall),
		EndItemsLow:     clone2(r.EndItemsLow), EndItemsHigh: clone2(r.EndItemsHigh),

		CostByKind: slices.Clone(r.CostByKind), Cost: clone2(r.Cost), CostTotal: slices.Clone(r.CostTotal),
		MassBalance: slices.Clone(r.MassBalance),

		Summary: SummaryFromSim(&r.Summary),
	}
}

// SummaryFromSim converts the engine's summary of a run.
func SummaryFromSim(s *sim.Summary) Summary {
	return Summary{
		PeakShortfallShare: s.PeakShortfallShare, PeakShortfallT: s.PeakShortfallT,
		PeakShortfallProduct: s.PeakShortfallProduct, PeakShortfallMonth: month(s.PeakShortfallMonth),
		MonthsShort:     s.MonthsShort,
		EndItemsLostLow: maps.Clone(s.EndItemsLostLow), EndItemsLostHigh: maps.Clone(s.EndItemsLostHigh),
		StockpileExhausted: month(s.StockpileExhausted), Independence: month(s.Independence),
		IndependenceByProduct: convert(s.IndependenceByProduct, func(p sim.ProductMonth) ProductMonth {
			return ProductMonth{Product: p.Product, Month: month(p.Month)}
		}),
		Road: convert(s.Road, func(c sim.StageCover) StageCover {
			return StageCover{Product: c.Product, Stage: c.Stage, Month: month(c.Month),
				NeedTPerYear: c.NeedTPerYear, CapacityTPerYear: c.CapacityTPerYear, FedTPerYear: c.FedTPerYear,
				OthersNeedTPerYear: c.OthersNeedTPerYear}
		}),
		Blocked: convert(s.Blocked, func(b sim.Blocked) Blocked {
			return Blocked{Product: b.Product, Stage: b.Stage, GapTPerYear: b.GapTPerYear, Until: Month(b.Until)}
		}),
		Entry: convert(s.Entry, func(e sim.EnteredCapacity) EnteredCapacity {
			return EnteredCapacity{Country: e.Country, Process: e.Process, Product: e.Product, TPerYear: e.TPerYear, First: Month(e.First)}
		}),
		DemandResponse: convert(s.DemandResponse, func(d sim.ProductDemand) ProductDemand {
			return ProductDemand{Product: d.Product, AtBaselinePrice: d.AtBaselinePrice, AtRunPrices: d.AtRunPrices,
				LastAtBaselinePrice: d.LastAtBaselinePrice, LastAtRunPrices: d.LastAtRunPrices}
		}),
		StockpilePurchases: convert(s.StockpilePurchases, func(p sim.StockpilePurchase) StockpilePurchase {
			return StockpilePurchase{Holder: p.Holder, Product: p.Product, PlannedT: p.PlannedT, RequestedT: p.RequestedT, BoughtT: p.BoughtT}
		}),
		Offtakes: convert(s.Offtakes, func(o sim.OfftakeDelivery) OfftakeDelivery {
			return OfftakeDelivery{Buyer: o.Buyer, Seller: o.Seller, Product: o.Product, ContractedT: o.ContractedT, RequestedT: o.RequestedT, ShippedT: o.ShippedT}
		}),
		TotalCostMUSD:  s.TotalCostMUSD,
		PriceRatioPeak: s.PriceRatioPeak, PriceRatioPeakProduct: s.PriceRatioPeakProduct,
		PriceRatioPeakMonth: month(s.PriceRatioPeakMonth),
		PriceCapMonths: convert(s.PriceCapMonths, func(c sim.PriceCapCount) PriceCapCount {
			return PriceCapCount{Product: c.Product, Market: c.Market, Bound: c.Bound, Months: c.Months}
		}),
		MaxMassBalance: s.MaxMassBalance,
	}
}

func productInfo(p sim.ProductInfo) ProductInfo {
	return ProductInfo{ID: p.ID, Material: p.Material, Stage: p.Stage, Basis: p.Basis, Final: p.Final}
}

func endItemInfo(e sim.EndItemInfo) EndItemInfo {
	return EndItemInfo{ID: e.ID, Name: e.Name, Product: e.Product, Sector: e.Sector, KgLow: e.KgLow, KgHigh: e.KgHigh,
		Source: e.Source, UnitsPerYear: e.UnitsPerYear, RateSource: e.RateSource, RateScope: e.RateScope}
}

func month(m *sim.Month) *Month {
	if m == nil {
		return nil
	}
	c := Month(*m)
	return &c
}

// convert maps a slice, keeping nil as nil and empty as empty: JSON tells null from [].
func convert[S ~[]E, E, T any](s S, f func(E) T) []T {
	if s == nil {
		return nil
	}
	out := make([]T, len(s))
	for i, e := range s {
		out[i] = f(e)
	}
	return out
}

func clone2(s [][]float64) [][]float64 { return convert(s, slices.Clone[[]float64]) }

func clone3(s [][][]float64) [][][]float64 { return convert(s, clone2) }
