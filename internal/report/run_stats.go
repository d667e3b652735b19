package report

import (
	"math"

	"github.com/critmin/critmin/internal/result"
)

// at returns s[m][i], or NaN when the Result does not hold that value, so a Result with a
// series the engine left empty still renders (as blanks) instead of panicking.
func at(s [][]float64, m, i int) float64 {
	if m < 0 || m >= len(s) || i < 0 || i >= len(s[m]) {
		return math.NaN()
	}
	return s[m][i]
}

// at3 is at for series indexed [month][product][country].
func at3(s [][][]float64, m, p, c int) float64 {
	if m < 0 || m >= len(s) {
		return math.NaN()
	}
	return at(s[m], p, c)
}

// column returns series i of the [month][i] matrix s over the run's months.
func column(r *result.Run, s [][]float64, i int) []float64 {
	out := make([]float64, r.Months)
	for m := range out {
		out[m] = at(s, m, i)
	}
	return out
}

// column3 returns the series of product p and country c of s over the run's months.
func column3(r *result.Run, s [][][]float64, p, c int) []float64 {
	out := make([]float64, r.Months)
	for m := range out {
		out[m] = at3(s, m, p, c)
	}
	return out
}

// atMonth returns s[m], or NaN when s has no month m.
func atMonth(s []float64, m int) float64 {
	if m < 0 || m >= len(s) {
		return math.NaN()
	}
	return s[m]
}

// monthly returns the per-month series s over the run's months, NaN where missing.
func monthly(r *result.Run, s []float64) []float64 {
	out := make([]float64, r.Months)
	for m := range out {
		out[m] = atMonth(s, m)
	}
	return out
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// total sums the finite values of xs.
func total(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		if finite(x) {
			s += x
		}
	}
	return s
}

// peak returns the largest finite value of xs and its index, or NaN and -1 when there is
// none.
func peak(xs []float64) (float64, int) {
	best, at := math.NaN(), -1
	for i, x := range xs {
		if finite(x) && (at < 0 || x > best) {
			best, at = x, i
		}
	}
	return best, at
}

// first and last return the first and last values of xs, NaN when xs is empty.
func first(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	return xs[0]
}

func last(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	return xs[len(xs)-1]
}

// productStats are the horizon figures of one product for the importer.
type productStats struct {
	demandT, supplyT, shortfallT float64 // totals over the horizon, t
	// peakShare is the largest monthly shortfall as a share of that month's demand, in
	// month peakMonth (-1 when demand is never positive).
	peakShare float64
	peakMonth int
	// Prices at the first month, the highest of the horizon and the last month, USD/kg.
	outStart, outPeak, outEnd float64
	inStart, inPeak, inEnd    float64
}

// statsOf computes productStats for product p of r.
func statsOf(r *result.Run, p int) productStats {
	d, s, sh := column(r, r.Demand, p), column(r, r.Supply, p), column(r, r.Shortfall, p)
	st := productStats{demandT: total(d), supplyT: total(s), shortfallT: total(sh), peakShare: math.NaN(), peakMonth: -1}
	for m := range d {
		if d[m] > 0 && finite(sh[m]) {
			if share := sh[m] / d[m]; st.peakMonth < 0 || share > st.peakShare {
				st.peakShare, st.peakMonth = share, m
			}
		}
	}
	out, in := column(r, r.PriceOut, p), column(r, r.PriceIn, p)
	st.outStart, st.outEnd = first(out), last(out)
	st.outPeak, _ = peak(out)
	st.inStart, st.inEnd = first(in), last(in)
	st.inPeak, _ = peak(in)
	return st
}

// finalProducts returns the indexes of r's final products, in order.
func finalProducts(r *result.Run) []int {
	var ps []int
	for i, p := range r.Products {
		if p.Final {
			ps = append(ps, i)
		}
	}
	return ps
}
