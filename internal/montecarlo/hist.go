package montecarlo

import (
	"math"
)

// Scale is how a Hist spaces its bins over [Lo, Hi].
type Scale string

// The bin scales.
const (
	// Linear bins have equal widths (Hi - Lo) / Bins.
	Linear Scale = "linear"
	// Log bins have equal ratios (Hi / Lo)^(1/Bins); Lo > 0.
	Log Scale = "log"
	// Integer bins hold one integer each from Lo to Hi: Bins = Hi - Lo + 1.
	Integer Scale = "integer"
)

// Bins is the fixed binning of one output, the same for every replication and worker,
// chosen from bounds known before any replication runs.
type Bins struct {
	Scale Scale   `json:"scale"`
	Lo    float64 `json:"lo"`
	Hi    float64 `json:"hi"`
	N     int     `json:"n"`
}

// index returns the bin of v: 0 below Lo (underflow), 1..N inside, N+1 above Hi
// (overflow).
func (b Bins) index(v float64) int {
	var f float64
	switch b.Scale {
	case Integer:
		k := int(math.Round(v - b.Lo))
		return min(max(k+1, 0), b.N+1)
	case Log:
		if v <= 0 {
			return 0
		}
		f = math.Log(v/b.Lo) / math.Log(b.Hi/b.Lo)
	default:
		f = (v - b.Lo) / (b.Hi - b.Lo)
	}
	switch {
	case f < 0:
		return 0
	case f > 1:
		return b.N + 1
	}
	return min(int(f*float64(b.N)), b.N-1) + 1
}

// edges returns the lower and upper edge of inner bin k (1..N).
func (b Bins) edges(k int) (lo, hi float64) {
	x0, x1 := float64(k-1)/float64(b.N), float64(k)/float64(b.N)
	switch b.Scale {
	case Integer:
		return b.Lo + float64(k-1), b.Lo + float64(k-1)
	case Log:
		r := math.Log(b.Hi / b.Lo)
		return b.Lo * math.Exp(x0*r), b.Lo * math.Exp(x1*r)
	}
	return b.Lo + x0*(b.Hi-b.Lo), b.Lo + x1*(b.Hi-b.Lo)
}

// Hist accumulates the values of one output at one month (or one scalar output) over
// replications: the count, an exact fixed-point sum, the exact extremes and a fixed-bin
// histogram. Merging two Hists is exact and commutative.
type Hist struct {
	N      uint64   `json:"n"`
	Sum    Int128   `json:"sum"`
	Min    float64  `json:"min"`
	Max    float64  `json:"max"`
	Counts []uint32 `json:"counts"` // underflow, N bins, overflow
}

func newHist(b Bins) Hist {
	return Hist{Min: math.Inf(1), Max: math.Inf(-1), Counts: make([]uint32, b.N+2)}
}

// add records v and returns its bin.
func (h *Hist) add(b Bins, v float64) int {
	h.N++
	h.Sum.AddInt(fixed(v))
	h.Min, h.Max = min(h.Min, v), max(h.Max, v)
	k := b.index(v)
	h.Counts[k]++
	return k
}

func (h *Hist) merge(o *Hist) {
	h.N += o.N
	h.Sum.Add(o.Sum)
	h.Min, h.Max = min(h.Min, o.Min), max(h.Max, o.Max)
	for i, c := range o.Counts {
		h.Counts[i] += c
	}
}

// Mean returns the mean of the recorded values, NaN for none.
func (h *Hist) Mean() float64 {
	if h.N == 0 {
		return math.NaN()
	}
	return h.Sum.Float() / fixedScale / float64(h.N)
}

// Quantile estimates the q-quantile, the k-th smallest value with k = max(1, ceil(q N)).
// It finds the bin holding that value and interpolates linearly in it by rank:
// lo + (k - before - 1/2) / count x (hi - lo), clamped to the exact extremes. The k-th
// value lies in that bin, so the error is at most one bin width (linear), a factor of
// (Hi/Lo)^(1/N) (log), or zero (integer). In the underflow or overflow bin the bin is
// [Min, Lo] or [Hi, Max]. NaN for no values.
func (h *Hist) Quantile(b Bins, q float64) float64 {
	if h.N == 0 {
		return math.NaN()
	}
	k := uint64(math.Ceil(q * float64(h.N)))
	k = min(max(k, 1), h.N)
	var before uint64
	for i, c := range h.Counts {
		if c == 0 || before+uint64(c) < k {
			before += uint64(c)
			continue
		}
		var lo, hi float64
		switch i {
		case 0:
			lo, hi = h.Min, math.Min(h.Max, b.Lo)
		case b.N + 1:
			lo, hi = math.Max(h.Min, b.Hi), h.Max
		default:
			lo, hi = b.edges(i)
		}
		if b.Scale == Integer && i > 0 && i <= b.N {
			return lo
		}
		v := lo + (float64(k-before)-0.5)/float64(c)*(hi-lo)
		return min(max(v, h.Min), h.Max)
	}
	return h.Max
}
