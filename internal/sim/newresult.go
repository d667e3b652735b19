package sim

import "slices"

// NewResult allocates a Result shaped for m, with its descriptive fields filled. Allocate
// it once per model and reuse it across runs.
func NewResult(m *Model) *Result {
	h, T := m.header, m.header.Months
	r := &Result{
		Scenario:  h.Scenario,
		Title:     h.Title,
		Start:     h.Start,
		Months:    T,
		Importer:  h.Importer,
		Rival:     h.Rival,
		Products:  slices.Clone(m.products),
		Countries: slices.Clone(m.countries),
		Sectors:   slices.Clone(m.sectors),
		EndItems:  slices.Clone(m.endItems),

		Demand:     matrix(T, m.np),
		Supply:     matrix(T, m.np),
		Shortfall:  matrix(T, m.np),
		Inventory:  matrix(T, m.np),
		Stockpile:  matrix(T, m.np),
		RivalFree:  matrix(T, m.np),
		Production: matrix(T, m.np),
		PriceOut:   matrix(T, m.np),
		PriceIn:    matrix(T, m.np),

		CountryProduction:         cube(T, m.np, m.nc),
		CountryCapacity:           cube(T, m.np, m.nc),
		CountryExports:            cube(T, m.np, m.nc),
		ImportsByOrigin:           cube(T, m.np, m.nc),
		RivalExportsByDestination: cube(T, m.np, m.nc),
		SectorShortfall:           matrix(T, m.ns),
		EndItemsLow:               matrix(T, len(m.endItems)),
		EndItemsHigh:              matrix(T, len(m.endItems)),

		CostByKind:  slices.Clone(costKinds[:]),
		Cost:        matrix(T, numCostKinds),
		CostTotal:   make([]float64, T),
		MassBalance: make([]float64, T),

		entered: matrix(T, len(m.procs)),
	}
	r.Summary.EndItemsLostLow = make(map[string]float64, len(m.endItems))
	r.Summary.EndItemsLostHigh = make(map[string]float64, len(m.endItems))
	for _, e := range m.endItems {
		r.Summary.EndItemsLostLow[e.ID] = 0
		r.Summary.EndItemsLostHigh[e.ID] = 0
	}
	return r
}

// matrix returns rows x cols zeros sharing one backing array.
func matrix(rows, cols int) [][]float64 {
	back := make([]float64, rows*cols)
	out := make([][]float64, rows)
	for i := range out {
		out[i] = back[i*cols : (i+1)*cols : (i+1)*cols]
	}
	return out
}

func cube(a, b, c int) [][][]float64 {
	back := matrix(a*b, c)
	out := make([][][]float64, a)
	for i := range out {
		out[i] = back[i*b : (i+1)*b : (i+1)*b]
	}
	return out
}
