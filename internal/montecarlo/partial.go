package montecarlo

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/critmin/critmin/internal/sim"
)

// uScale is the fixed-point resolution of the sensitivity sums of CDF values in [0, 1].
const uScale = 1 << 32

// shortMonthShare is the shortfall, as a share of demand, from which a month counts as
// short, as in sim.Summary.MonthsShort.
const shortMonthShare = 0.001

// ErrMismatch is returned when merging partials of different studies, or a batch twice.
var ErrMismatch = errors.New("partials do not merge")

// Partial is the mergeable aggregate of some batches of a study. Every accumulator is an
// integer count or an exact fixed-point sum, or an exact minimum or maximum, so Merge is
// associative and commutative and the merge of any set of batches is bit-identical
// whatever the order. Its size depends on the months and outputs, not on replications.
type Partial struct {
	// Fingerprint identifies the study's layout and seed; only equal ones merge.
	Fingerprint string `json:"fingerprint"`
	// Batches are the ids of the batches merged, ascending; a batch merges once.
	Batches []int  `json:"batches"`
	N       uint64 `json:"n"` // replications
	// Series are per Layout.Series, per month.
	Series [][]Hist `json:"series"`
	// ShortMonths counts, per month, the replications in which the importer is short of
	// some final product (shortfall above 0.1 % of demand); AnyShort those short in any
	// month.
	ShortMonths []uint64 `json:"short_months"`
	AnyShort    uint64   `json:"any_short"`
	// Scalars are per Layout.Scalars.
	Scalars []Hist `json:"scalars"`
	// Sensitivity sums, per Layout.Inputs: Σu, Σu² and, per scalar and bin of the
	// scalar's histogram, Σu over the replications whose value fell in that bin, with u
	// the input's CDF value, in units of 2^-32.
	SumU    []Int128   `json:"sum_u"`
	SumU2   []Int128   `json:"sum_u2"`
	SumUBin [][]Int128 `json:"sum_u_bin"`
}

// newPartial returns an empty Partial shaped for pl. The histogram counts of all its
// Hists share one backing array, as do its per-bin sensitivity sums.
func (pl *plan) newPartial() *Partial {
	l := &pl.layout
	p := &Partial{Fingerprint: pl.fingerprint, Batches: []int{}, ShortMonths: make([]uint64, l.Months)}
	counts := make([]uint32, pl.counts+pl.scalarSlots)
	take := func(b Bins) Hist {
		n := b.N + 2
		h := newHistIn(counts[:n:n])
		counts = counts[n:]
		return h
	}
	hists := make([]Hist, len(l.Series)*l.Months)
	p.Series = make([][]Hist, len(l.Series))
	for i, s := range l.Series {
		p.Series[i] = hists[i*l.Months : (i+1)*l.Months : (i+1)*l.Months]
		for t := range p.Series[i] {
			p.Series[i][t] = take(s.Bins)
		}
	}
	p.Scalars = make([]Hist, len(l.Scalars))
	for i, s := range l.Scalars {
		p.Scalars[i] = take(s.Bins)
	}
	sums := make([]Int128, 2*len(l.Inputs)+len(l.Inputs)*pl.scalarSlots)
	p.SumU, p.SumU2 = sums[:len(l.Inputs):len(l.Inputs)], sums[len(l.Inputs):2*len(l.Inputs):2*len(l.Inputs)]
	sums = sums[2*len(l.Inputs):]
	p.SumUBin = make([][]Int128, len(l.Inputs))
	for k := range p.SumUBin {
		p.SumUBin[k] = sums[k*pl.scalarSlots : (k+1)*pl.scalarSlots : (k+1)*pl.scalarSlots]
	}
	return p
}

// reset empties p, a Partial of newPartial, to aggregate another batch into it.
func (p *Partial) reset() {
	p.Batches = p.Batches[:0]
	p.N = 0
	for i := range p.Series {
		for t := range p.Series[i] {
			p.Series[i][t].reset()
		}
	}
	clear(p.ShortMonths)
	p.AnyShort = 0
	clear(p.SumU)
	clear(p.SumU2)
	off := 0
	for i := range p.Scalars {
		h := &p.Scalars[i]
		lo, hi := h.span()
		for k := range p.SumUBin {
			clear(p.SumUBin[k][off+lo : off+hi])
		}
		off += len(h.Counts)
		h.reset()
	}
}

// record adds one replication: its result r and the CDF values u of its inputs. Its
// series values wait in buf, which addBuffered empties into p when it is full and at the
// end of the batch; the series of frozen products, the same in every replication, are
// left to recordConstant.
func (p *Partial) record(pl *plan, r *sim.Result, u []float64, buf *seriesBuffer) {
	p.N++
	buf.add(pl, r)
	if buf.n == seriesBufferReps {
		p.addBuffered(pl, buf)
	}
	p.addRest(pl, r, u)
}

// recordConstant adds n replications of the series of frozen products, whose values are
// those of r in every replication: n additions of the same value, done at once.
func (p *Partial) recordConstant(pl *plan, r *sim.Result, n uint64) {
	for i := range pl.layout.Series {
		if !pl.constant[i] {
			continue
		}
		h, bn, rows := p.Series[i][:pl.layout.Months], &pl.seriesBins[i], pl.seriesRows(i, r)
		// Values often repeat from one month to the next (prices at a cap, zero
		// shortfalls): their bin is then the previous month's.
		last, lastK := math.NaN(), 0
		for t := range h {
			v := pl.seriesValue(i, r, rows, t)
			if v != last {
				last, lastK = v, bn.index(v)
			}
			h[t].addBinN(v, lastK, n)
		}
	}
}

// seriesBufferReps is how many replications a seriesBuffer holds: 8 gave the same
// Monte Carlo CPU time as 16 and 32 (docs/performance.md), with the smallest buffer.
const seriesBufferReps = 8

// seriesBuffer holds the values of the series of live products of up to
// seriesBufferReps replications, so that addBuffered visits each histogram once for all
// of them. Adding each replication as it came touched every histogram of every live
// series and month once per replication (for the rare-earth response scenario 33 x 132
// histograms over 7 MB of counts, 280 KB in the buffer): most of the cost was cache
// misses.
type seriesBuffer struct {
	n    int       // replications held
	vals []float64 // [(rep*len(pl.live) + j)*months + t], for series pl.live[j]
}

// add copies the series of live products of r into the next free replication of b.
func (b *seriesBuffer) add(pl *plan, r *sim.Result) {
	T, nl := pl.layout.Months, len(pl.live)
	if b.vals == nil {
		b.vals = make([]float64, seriesBufferReps*nl*T)
	}
	for j, i := range pl.live {
		rows, vals := pl.seriesRows(i, r), b.vals[(b.n*nl+j)*T:(b.n*nl+j+1)*T]
		for t := range vals {
			vals[t] = pl.seriesValue(i, r, rows, t)
		}
	}
	b.n++
}

// addBuffered adds the replications held in b to their histograms and empties b. The
// sums, counts and extremes of a Hist do not depend on the order of additions, so
// neither does p.
func (p *Partial) addBuffered(pl *plan, b *seriesBuffer) {
	T, nl := pl.layout.Months, len(pl.live)
	for j, i := range pl.live {
		h, bn := p.Series[i][:T], &pl.seriesBins[i]
		// Values often repeat from one month or replication to the next (prices at a
		// cap, zero shortfalls): their bin is then the previous value's.
		last, lastK := math.NaN(), 0
		for t := range h {
			for rep := range b.n {
				v := b.vals[(rep*nl+j)*T+t]
				if v != last {
					last, lastK = v, bn.index(v)
				}
				h[t].addBin(v, lastK)
			}
		}
	}
	b.n = 0
}

// seriesRows returns the rows of r that series i reads, indexed [t][product]; nil for
// the total cost.
func (pl *plan) seriesRows(i int, r *sim.Result) [][]float64 {
	switch pl.layout.Series[i].Measure {
	case MeasureShortfall:
		return r.Shortfall
	case MeasureSupply:
		return r.Supply
	case MeasureDemand:
		return r.Demand
	case MeasurePriceOut:
		return r.PriceOut
	case MeasurePriceIn:
		return r.PriceIn
	case MeasureStockpile:
		return r.Stockpile
	}
	return nil
}

// seriesValue is series i of r in month t, read from rows (seriesRows).
func (pl *plan) seriesValue(i int, r *sim.Result, rows [][]float64, t int) float64 {
	if rows == nil {
		return r.CostTotal[t]
	}
	return rows[t][pl.product[i]]
}

// addRest adds what record adds besides the series: short months, scalars and the
// sensitivity sums of one replication.
func (p *Partial) addRest(pl *plan, r *sim.Result, u []float64) {
	l := &pl.layout
	T := l.Months
	short := false
	for t := range T {
		for _, pr := range pl.final {
			if d := r.Demand[t][pr]; d > 0 && r.Shortfall[t][pr] > shortMonthShare*d {
				p.ShortMonths[t]++
				short = true
				break
			}
		}
	}
	if short {
		p.AnyShort++
	}
	sum := &r.Summary
	month := func(m *sim.Month) float64 {
		if m == nil {
			return float64(T)
		}
		return float64(*m - l.Start)
	}
	off := 0
	for i, s := range l.Scalars {
		var v float64
		switch {
		case s.Name == ScalarPeakShortfall:
			v = sum.PeakShortfallShare
		case s.Name == ScalarMonthsShort:
			v = float64(sum.MonthsShort)
		case s.Name == ScalarTotalCost:
			v = sum.TotalCostMUSD
		case s.Name == ScalarIndependence:
			v = month(sum.Independence)
		case s.Name == ScalarExhaustion:
			v = month(sum.StockpileExhausted)
		case s.Stage != "": // one stage of the road
			v = float64(T)
			for _, sc := range sum.Road {
				if sc.Product == s.Product && sc.Stage == s.Stage {
					v = month(sc.Month)
				}
			}
		case s.Item != "" && strings.HasPrefix(s.Name, ScalarEndItemsLow+":"):
			v = sum.EndItemsLostLow[s.Item]
		case s.Item != "":
			v = sum.EndItemsLostHigh[s.Item]
		default: // one product's independence
			v = float64(T)
			for _, pm := range sum.IndependenceByProduct {
				if pm.Product == s.Product {
					v = month(pm.Month)
				}
			}
		}
		b := pl.scalarBins[i].index(v)
		p.Scalars[i].addBin(v, b)
		for k, uk := range u {
			p.SumUBin[k][off+b].AddInt(int64(math.Round(uk * uScale)))
		}
		off += s.Bins.N + 2
	}
	for k, uk := range u {
		p.SumU[k].AddInt(int64(math.Round(uk * uScale)))
		p.SumU2[k].AddInt(int64(math.Round(uk * uk * uScale)))
	}
}

// sameShape reports whether o has p's series, months, histogram bins and sensitivity
// sums, so that merging it cannot index out of range (o may come from the network).
func (p *Partial) sameShape(o *Partial) bool {
	if len(p.Series) != len(o.Series) || len(p.Scalars) != len(o.Scalars) || len(p.SumU) != len(o.SumU) ||
		len(p.SumU2) != len(o.SumU2) || len(p.SumUBin) != len(o.SumUBin) || len(p.ShortMonths) != len(o.ShortMonths) {
		return false
	}
	sameHists := func(a, b []Hist) bool {
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if len(a[i].Counts) != len(b[i].Counts) {
				return false
			}
		}
		return true
	}
	for i := range p.Series {
		if !sameHists(p.Series[i], o.Series[i]) {
			return false
		}
	}
	if !sameHists(p.Scalars, o.Scalars) {
		return false
	}
	for k := range p.SumUBin {
		if len(p.SumUBin[k]) != len(o.SumUBin[k]) {
			return false
		}
	}
	return true
}

// Merge adds o to p. It fails, leaving p unchanged, when o is of another study or holds a
// batch p already holds.
func (p *Partial) Merge(o *Partial) error {
	if p.Fingerprint != o.Fingerprint {
		return fmt.Errorf("%w: study %s and %s", ErrMismatch, p.Fingerprint, o.Fingerprint)
	}
	if !p.sameShape(o) {
		return fmt.Errorf("%w: shapes differ", ErrMismatch)
	}
	for _, b := range o.Batches {
		if _, found := slices.BinarySearch(p.Batches, b); found {
			return fmt.Errorf("%w: batch %d merged twice", ErrMismatch, b)
		}
	}
	p.Batches = append(p.Batches, o.Batches...)
	slices.Sort(p.Batches)
	p.N += o.N
	for i := range p.Series {
		for t := range p.Series[i] {
			p.Series[i][t].merge(&o.Series[i][t])
		}
	}
	for t, c := range o.ShortMonths {
		p.ShortMonths[t] += c
	}
	p.AnyShort += o.AnyShort
	for k := range p.SumU {
		p.SumU[k].Add(o.SumU[k])
		p.SumU2[k].Add(o.SumU2[k])
	}
	// Only the bins a scalar of o may have used can hold non-zero sums.
	off := 0
	for i := range o.Scalars {
		h := &o.Scalars[i]
		lo, hi := h.span()
		for k := range p.SumUBin {
			dst, src := p.SumUBin[k][off+lo:off+hi], o.SumUBin[k][off+lo:off+hi]
			for b := range src {
				dst[b].Add(src[b])
			}
		}
		off += len(p.Scalars[i].Counts)
	}
	for i := range p.Scalars {
		p.Scalars[i].merge(&o.Scalars[i])
	}
	return nil
}

// histJSON is the wire form of a Hist: counts as sparse (bin, count) pairs, extremes only
// when something was recorded (JSON has no infinities).
type histJSON struct {
	N      uint64   `json:"n"`
	Sum    Int128   `json:"sum"`
	Min    *float64 `json:"min,omitempty"`
	Max    *float64 `json:"max,omitempty"`
	AtMin  uint64   `json:"at_min,omitempty"`
	AtMax  uint64   `json:"at_max,omitempty"`
	Len    int      `json:"len"`
	Sparse []uint64 `json:"bins,omitempty"`
}

// MarshalJSON writes h compactly: only non-empty bins.
func (h Hist) MarshalJSON() ([]byte, error) {
	j := histJSON{N: h.N, Sum: h.Sum, AtMin: h.AtMin, AtMax: h.AtMax, Len: len(h.Counts)}
	if h.N > 0 {
		j.Min, j.Max = &h.Min, &h.Max
	}
	for i, c := range h.Counts {
		if c != 0 {
			j.Sparse = append(j.Sparse, uint64(i), uint64(c))
		}
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads the form MarshalJSON writes.
func (h *Hist) UnmarshalJSON(b []byte) error {
	var j histJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	if len(j.Sparse)%2 != 0 || j.Len < 0 || j.Len > 1<<20 || j.AtMin > j.N || j.AtMax > j.N {
		return errors.New("montecarlo: malformed histogram")
	}
	*h = Hist{N: j.N, Sum: j.Sum, Min: math.Inf(1), Max: math.Inf(-1), AtMin: j.AtMin, AtMax: j.AtMax, Counts: make([]uint32, j.Len)}
	if j.Min != nil && j.Max != nil {
		h.Min, h.Max = *j.Min, *j.Max
	}
	for i := 0; i < len(j.Sparse); i += 2 {
		k, c := j.Sparse[i], j.Sparse[i+1]
		if k >= uint64(j.Len) || c > math.MaxUint32 {
			return errors.New("montecarlo: malformed histogram")
		}
		h.Counts[k] = uint32(c)
	}
	return nil
}
