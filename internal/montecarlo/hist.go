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
// replications: the count, an exact fixed-point sum, the exact extremes with how many
// values equal each, and a fixed-bin histogram. Merging two Hists is exact and
// commutative.
type Hist struct {
	N   uint64  `json:"n"`
	Sum Int128  `json:"sum"`
	Min float64 `json:"min"`
	Max float64 `json:"max"`
	// AtMin and AtMax count the values equal to Min and to Max, so that a quantile whose
	// rank falls among them is exact: many replications are exactly 0 short, and an
	// interpolation inside the first bin would read 0.2 % where half of them are 0.
	AtMin  uint64   `json:"at_min"`
	AtMax  uint64   `json:"at_max"`
	Counts []uint32 `json:"counts"` // underflow, N bins, overflow

	// When tracked, every non-zero count lies in Counts[lo:hi] (empty when lo == hi),
	// so that merging and resetting a sparse batch touch only that range. A Hist built
	// any other way than newHist (or reset) is untracked: its whole Counts is used.
	tracked bool
	lo, hi  int32
}

func newHist(b Bins) Hist {
	return newHistIn(make([]uint32, b.N+2))
}

// newHistIn returns an empty Hist counting in counts, which must be zero.
func newHistIn(counts []uint32) Hist {
	return Hist{Min: math.Inf(1), Max: math.Inf(-1), Counts: counts, tracked: true}
}

// add records v and returns its bin.
func (h *Hist) add(b Bins, v float64) int {
	k := b.index(v)
	h.addBin(v, k)
	return k
}

// addBin records v, whose bin is k.
func (h *Hist) addBin(v float64, k int) {
	h.N++
	h.Sum.AddInt(fixed(v))
	h.extremes(v, v, 1, 1)
	h.Counts[k]++
	h.track(k)
}

// extremes folds into h a minimum lo held by nLo values and a maximum hi held by nHi.
// The counts follow the comparison of values, so the result does not depend on the
// order of the calls (-0 and 0 count as one value, and min keeps -0 whatever the order).
func (h *Hist) extremes(lo, hi float64, nLo, nHi uint64) {
	switch {
	case lo < h.Min:
		h.AtMin = nLo
	case lo == h.Min:
		h.AtMin += nLo
	}
	switch {
	case hi > h.Max:
		h.AtMax = nHi
	case hi == h.Max:
		h.AtMax += nHi
	}
	h.Min, h.Max = min(h.Min, lo), max(h.Max, hi)
}

// track widens the tracked span of a tracked h to bin k.
func (h *Hist) track(k int) {
	if h.tracked {
		switch k32 := int32(k); {
		case h.lo == h.hi:
			h.lo, h.hi = k32, k32+1
		case k32 < h.lo:
			h.lo = k32
		case k32 >= h.hi:
			h.hi = k32 + 1
		}
	}
}

// addBinN records v, whose bin is k, n times: the same as n calls of addBin.
func (h *Hist) addBinN(v float64, k int, n uint64) {
	if n == 0 {
		return
	}
	h.N += n
	h.Sum.AddMul(fixed(v), n)
	h.extremes(v, v, n, n)
	h.Counts[k] += uint32(n)
	h.track(k)
}

// span returns the range of Counts that may be non-zero.
func (h *Hist) span() (lo, hi int) {
	if h.tracked {
		return int(h.lo), int(h.hi)
	}
	return 0, len(h.Counts)
}

func (h *Hist) merge(o *Hist) {
	h.N += o.N
	h.Sum.Add(o.Sum)
	if o.N > 0 {
		h.extremes(o.Min, o.Max, o.AtMin, o.AtMax)
	}
	lo, hi := o.span()
	dst := h.Counts[lo:hi]
	for i, c := range o.Counts[lo:hi] {
		dst[i] += c
	}
	switch {
	case !h.tracked:
	case !o.tracked:
		h.tracked = false
	case o.lo == o.hi:
	case h.lo == h.hi:
		h.lo, h.hi = o.lo, o.hi
	default:
		h.lo, h.hi = min(h.lo, o.lo), max(h.hi, o.hi)
	}
}

// reset empties h, keeping its Counts.
func (h *Hist) reset() {
	lo, hi := h.span()
	clear(h.Counts[lo:hi])
	*h = Hist{Min: math.Inf(1), Max: math.Inf(-1), Counts: h.Counts, tracked: true}
}

// Mean returns the mean of the recorded values, NaN for none.
func (h *Hist) Mean() float64 {
	if h.N == 0 {
		return math.NaN()
	}
	return h.Sum.Float() / fixedScale / float64(h.N)
}

// Quantile estimates the q-quantile, the k-th smallest value with k = max(1, ceil(q N)).
// When k falls among the values equal to the minimum (k <= AtMin) or to the maximum
// (k > N - AtMax), it is that extreme, exactly. Otherwise it finds the bin holding the
// k-th value and interpolates linearly in it by rank:
// lo + (k - before - 1/2) / count x (hi - lo), clamped to the exact extremes. The k-th
// value lies in that bin, so the error is at most one bin width (linear), a factor of
// (Hi/Lo)^(1/N) (log), or zero (integer). In the underflow or overflow bin the bin is
// [Min, Lo] or [Hi, Max]; in the bin of an extreme, the values equal to it are left out
// of the interpolation. NaN for no values.
func (h *Hist) Quantile(b Bins, q float64) float64 {
	if h.N == 0 {
		return math.NaN()
	}
	k := uint64(math.Ceil(q * float64(h.N)))
	k = min(max(k, 1), h.N)
	switch {
	case k <= h.AtMin:
		return h.Min
	case k > h.N-min(h.AtMax, h.N):
		return h.Max
	}
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
		// The k-th value is neither extreme: in the bin of an extreme it lies among the
		// bin's other values, strictly between the extreme and the bin's far edge.
		n := uint64(c)
		if i == b.index(h.Min) && h.AtMin < n {
			before, n, lo = before+h.AtMin, n-h.AtMin, math.Max(lo, h.Min)
		}
		if i == b.index(h.Max) && h.AtMax < n {
			n, hi = n-h.AtMax, math.Min(hi, h.Max)
		}
		v := lo + (float64(k-before)-0.5)/float64(n)*(hi-lo)
		return min(max(v, h.Min), h.Max)
	}
	return h.Max
}

// The scales of a binner.
const (
	binLinear uint8 = iota
	binLog
	binInteger
)

// binner is Bins with the constants of index precomputed; its index is bit-for-bit that
// of Bins.index (the same operations on the same values).
type binner struct {
	scale    uint8 // binLinear, binLog or binInteger
	lo       float64
	span     float64 // Hi - Lo
	logRatio float64 // log(Hi / Lo), for Log bins
	n        int
}

func newBinner(b Bins) binner {
	bn := binner{scale: binLinear, lo: b.Lo, span: b.Hi - b.Lo, n: b.N}
	switch b.Scale {
	case Integer:
		bn.scale = binInteger
	case Log:
		bn.scale = binLog
		bn.logRatio = math.Log(b.Hi / b.Lo)
	}
	return bn
}

// index is Bins.index.
func (b *binner) index(v float64) int {
	var f float64
	switch b.scale {
	case binInteger:
		k := int(math.Round(v - b.lo))
		return min(max(k+1, 0), b.n+1)
	case binLog:
		if v <= 0 {
			return 0
		}
		f = math.Log(v/b.lo) / b.logRatio
	default:
		f = (v - b.lo) / b.span
	}
	switch {
	case f < 0:
		return 0
	case f > 1:
		return b.n + 1
	}
	return min(int(f*float64(b.n)), b.n-1) + 1
}
