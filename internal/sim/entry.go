package sim

import "math"

// Price-triggered entry (docs/model.md, "Entry"). Each producer smooths the ratio it
// invests on, r = the smaller of max(P, floor) / P0 of its first output and its margin
// over inputs against the margin at P0, both in its own market, into an expected ratio
// E; while E is above the hurdle h and its inputs do not starve it, it wants new
// capacity worth ψ ln(E/h) of its scheduled capacity, orders what it has not ordered
// yet, and gets each order EntryLeadMonths later. Capacity once built stays: orders are
// never cancelled and nothing retires, so entry is where a shock leaves a lasting mark
// on supply.

// starvedShare is how far below its run rate a process's output must fall for its
// inputs, not its capacity, to count as what limits it.
const starvedShare = 1e-6

// entryState is the engine's entry bookkeeping, allocated only when entry is on.
type entryState struct {
	on bool
	// lead is EntryLeadMonths and months the horizon, for cum's stride.
	lead, months int
	// expected is each process's expected price ratio E, 1 at the start.
	expected []float64
	// made is each process's output this month, reference units: a process its inputs
	// starve (made below its run rate) orders nothing.
	made []float64
	// margin0 is each process's margin over its inputs at P0, per reference unit.
	margin0 []float64
	// ordered is the share of its scheduled capacity each process has ordered so far.
	ordered []float64
	// cum is, per process, [k*(months+1) + j], the capacity ordered in months before j,
	// t reference unit per month: what is installed in month t is cum at t - lead + 1.
	cum []float64
	// changed lists the products whose entered capacity changed this month (their
	// default sourcing weights follow capacity); mark de-duplicates it, per product.
	changed []int32
	mark    []bool
}

// resetEntry prepares the entry state for a run of e.m: off, or zeroed with every
// expected ratio at 1.
func (e *Engine) resetEntry() {
	m := e.m
	s := &e.entry
	s.on = m.params.EntryElasticity > 0
	if !s.on {
		return
	}
	s.lead, s.months = m.params.EntryLeadMonths, m.header.Months
	n, stride := len(m.procs), m.header.Months+1
	s.expected = resized(s.expected, n)
	s.ordered = resized(s.ordered, n)
	s.made = resized(s.made, n)
	clear(s.made)
	s.margin0 = resized(s.margin0, n)
	for k, pr := range m.procs {
		// Summed in the order orderCapacity sums the month's margin, so that at P0 the
		// two are equal to the last bit.
		v := 0.0
		for _, f := range pr.out {
			v += f.coef * m.price0[f.p]
		}
		for _, f := range pr.in {
			v -= f.coef * m.price0[f.p]
		}
		s.margin0[k] = v
	}
	s.cum = resized(s.cum, n*stride)
	for k := range s.expected {
		s.expected[k] = 1
	}
	clear(s.ordered)
	clear(s.cum)
	if len(s.mark) != m.np {
		// Step never allocates: changed holds every product at most once.
		s.mark, s.changed = make([]bool, m.np), make([]int32, 0, m.np)
	}
	clear(s.mark)
	s.changed = s.changed[:0]
}

// entered is the capacity entry has installed at process k in month t, t reference unit
// per month: the orders placed up to month t - lead.
func (e *Engine) entered(k, t int) float64 {
	s := &e.entry
	if !s.on {
		return 0
	}
	j := t - s.lead + 1
	if j <= 0 {
		return 0
	}
	return s.cum[k*(s.months+1)+min(j, s.months)]
}

// orderCapacity updates, after the month's prices, each live process's expected price
// ratio and places its orders for new capacity. Nothing is ordered in the reference
// month, and the last month's orders would arrive after the horizon.
func (e *Engine) orderCapacity() {
	s := &e.entry
	if !s.on || e.reference {
		return
	}
	m, t, nc := e.m, e.t, e.m.nc
	par := &m.params
	psi, hurdle, smooth := par.EntryElasticity, par.EntryHurdle, 1/par.ExpectedPriceMonths
	stride := s.months + 1
	for _, k := range e.live.procs {
		pr := &m.procs[k]
		c := pr.country
		price := e.pOut
		if e.market(c) == 1 {
			price = e.pIn
		}
		o := pr.out[0].p
		ratio := max(price[o], e.floorNow[o*nc+c]) / m.price0[o]
		if margin0 := s.margin0[k]; margin0 > 0 {
			// The margin per reference unit at this month's prices (a floor above the
			// market price counts for what it covers) over the margin at P0.
			margin := 0.0
			for _, f := range pr.out {
				margin += f.coef * max(price[f.p], e.floorNow[f.p*nc+c])
			}
			for _, f := range pr.in {
				margin -= f.coef * price[f.p]
			}
			ratio = min(ratio, margin/margin0)
		}
		ex := s.expected[k] + smooth*(ratio-s.expected[k])
		s.expected[k] = ex
		row := s.cum[k*stride : (k+1)*stride]
		row[t+1] = row[t]
		// Only a producer whose capacity binds invests: one its inputs starve would
		// add capacity it cannot feed.
		if ex <= hurdle || s.made[k] < e.run[k]*(1-starvedShare) {
			continue
		}
		if want := psi * math.Log(ex/hurdle); want > s.ordered[k] {
			row[t+1] += (want - s.ordered[k]) * pr.capacity[t]
			s.ordered[k] = want
		}
	}
}

// enteredNow is the capacity entry has installed at live process k in month t; when it
// differs from month t-1's, k's output products join the month's changed list, whose
// default sourcing weights follow capacity (updateWeights). beginMonth calls it once per
// process, after forgetEntered.
func (e *Engine) enteredNow(k, t int) float64 {
	v := e.entered(k, t)
	if t == 0 || v == e.entered(k, t-1) {
		return v
	}
	s := &e.entry
	for _, f := range e.m.procs[k].out {
		if !s.mark[f.p] {
			s.mark[f.p] = true
			s.changed = append(s.changed, int32(f.p))
		}
	}
	return v
}

// forgetEntered empties the changed list of the month before.
func (e *Engine) forgetEntered() {
	s := &e.entry
	for _, p := range s.changed {
		s.mark[p] = false
	}
	s.changed = s.changed[:0]
}

// EnteredCapacity is the capacity price-triggered entry installed at one process by the
// horizon.
type EnteredCapacity struct {
	Country string `json:"country"`
	Process string `json:"process"`
	// Product is the process's first output, in whose units TPerYear counts.
	Product  string  `json:"product"`
	TPerYear float64 `json:"t_per_year"`
	// First is the first month with entered capacity.
	First Month `json:"first"`
}

// summarizeEntry fills s.Entry from the entered capacity recorded in out.
func (e *Engine) summarizeEntry(out *Result, s *Summary) {
	m := e.m
	s.Entry = s.Entry[:0]
	if out.Months == 0 || !out.enteredSet {
		return
	}
	last := out.entered[out.Months-1]
	for k, pr := range m.procs {
		if last[k] <= 0 {
			continue
		}
		first := 0
		for out.entered[first][k] <= 0 {
			first++
		}
		s.Entry = append(s.Entry, EnteredCapacity{
			Country:  m.countries[pr.country],
			Process:  pr.id,
			Product:  m.products[pr.out[0].p].ID,
			TPerYear: 12 * last[k] * pr.out[0].coef,
			First:    m.header.Start + Month(first),
		})
	}
}
