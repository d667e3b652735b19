package risk

import (
	"math"
	"sort"
)

// Spearman returns Spearman's rank correlation of x and y: Pearson's correlation of
// their ranks, tied values sharing the average of the ranks they span. It is NaN when
// there are fewer than two pairs or either side is constant. x and y must have the
// same length.
func Spearman(x, y []float64) float64 {
	if len(x) != len(y) {
		panic("risk: Spearman of slices of different lengths")
	}
	if len(x) < 2 {
		return math.NaN()
	}
	return pearsonR(spearmanRanks(x), spearmanRanks(y))
}

// spearmanRanks returns the 1-based ranks of v, ties averaged.
func spearmanRanks(v []float64) []float64 {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return v[idx[a]] < v[idx[b]] })
	r := make([]float64, len(v))
	for i := 0; i < len(idx); {
		j := i + 1
		for j < len(idx) && v[idx[j]] == v[idx[i]] {
			j++
		}
		avg := float64(i+j+1) / 2 // mean of ranks i+1 .. j
		for k := i; k < j; k++ {
			r[idx[k]] = avg
		}
		i = j
	}
	return r
}

func pearsonR(x, y []float64) float64 {
	n := float64(len(x))
	mx, my := 0.0, 0.0
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx, my = mx/n, my/n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return math.NaN()
	}
	return sxy / math.Sqrt(sxx*syy)
}
