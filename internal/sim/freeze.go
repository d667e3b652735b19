package sim

import (
	"fmt"
	"slices"
)

// Linked returns, per product, whether it shares a process with one of the seed products,
// directly or through a chain of processes: the products a change to the seeds can reach.
// Products interact only through processes (a process's inputs and outputs) and through
// what a scenario declares for them, so a product not linked to any product a scenario
// touches runs the same way whatever the scenario's numbers are.
func (m *Model) Linked(seeds []bool) []bool {
	parent := make([]int, m.np)
	for p := range parent {
		parent[p] = p
	}
	find := func(p int) int {
		for parent[p] != p {
			parent[p] = parent[parent[p]]
			p = parent[p]
		}
		return p
	}
	for _, pr := range m.procs {
		root := find(pr.out[0].p)
		for _, fs := range [][]flow{pr.in, pr.out} {
			for _, f := range fs {
				if r := find(f.p); r != root {
					parent[r] = root
				}
			}
		}
	}
	hit := make([]bool, m.np)
	for p, s := range seeds {
		if s {
			hit[find(p)] = true
		}
	}
	out := make([]bool, m.np)
	for p := range out {
		out[p] = hit[find(p)]
	}
	return out
}

// live is what the engine visits each month: everything, or only what Freeze left live.
type live struct {
	procs     []int   // process indices
	rankProcs [][]int // processes by rank
	rankProds [][]int // products by rank
	products  []int
	demands   []int // indices into Model.demands
	activeIdx []int // p*nc+c pairs that can hold stock or trade
	endItems  []int // end items of live products
	frozen    []bool
	// spans are the runs [lo, hi) of consecutive live products, ascending: beginMonth
	// zeroes the flows of those only.
	spans [][2]int
}

// productSpans returns the runs [lo, hi) of consecutive products in ps, which is
// ascending.
func productSpans(ps []int) [][2]int {
	var out [][2]int
	for _, p := range ps {
		if n := len(out); n > 0 && out[n-1][1] == p {
			out[n-1][1] = p + 1
		} else {
			out = append(out, [2]int{p, p + 1})
		}
	}
	return out
}

// allLive is the live set of a model with nothing frozen: the model's own lists.
func allLive(m *Model) live {
	l := live{rankProcs: m.rankProcs, rankProds: m.rankProducts, activeIdx: m.activeIdx}
	l.procs = make([]int, len(m.procs))
	for k := range l.procs {
		l.procs[k] = k
	}
	l.products = make([]int, m.np)
	for p := range l.products {
		l.products[p] = p
	}
	l.demands = make([]int, len(m.demands))
	for j := range l.demands {
		l.demands[j] = j
	}
	l.endItems = make([]int, len(m.endItems))
	for k := range l.endItems {
		l.endItems[k] = k
	}
	l.spans = [][2]int{{0, m.np}}
	return l
}

// Freeze makes the engine skip the products marked in frozen (indexed like
// Model.Products; nil thaws everything): it neither runs the processes that make them nor
// trades, prices or records them, so a Run leaves their rows of the Result, and their end
// items' rows and losses in the Summary, as they were. A Monte Carlo study uses it for the
// products no uncertain number can reach: it fills a Result once with a full run and then
// runs each replication with those products frozen. The Summary is then computed over
// every product, frozen rows included.
//
// The frozen products must not share a process with a live one (Linked), and no control,
// tariff, offtake, stockpile, recycling or price floor of the model may name them, since
// those tie a product to the scenario's costs and controls. SectorShortfall and MassBalance
// then cover the live products only.
func (e *Engine) Freeze(frozen []bool) error {
	m := e.m
	if frozen == nil {
		e.live = allLive(m)
		return nil
	}
	if len(frozen) != m.np {
		return fmt.Errorf("freeze: %d flags for %d products", len(frozen), m.np)
	}
	if err := m.checkFrozen(frozen); err != nil {
		return err
	}
	fz := slices.Clone(frozen)
	l := live{frozen: fz}
	procFrozen := func(k int) bool { return fz[m.procs[k].out[0].p] }
	for k := range m.procs {
		if !procFrozen(k) {
			l.procs = append(l.procs, k)
		}
	}
	for _, ks := range m.rankProcs {
		l.rankProcs = append(l.rankProcs, slices.DeleteFunc(slices.Clone(ks), procFrozen))
	}
	for _, ps := range m.rankProducts {
		l.rankProds = append(l.rankProds, slices.DeleteFunc(slices.Clone(ps), func(p int) bool { return fz[p] }))
	}
	for p := range m.np {
		if !fz[p] {
			l.products = append(l.products, p)
		}
	}
	for j, d := range m.demands {
		if !fz[d.p] {
			l.demands = append(l.demands, j)
		}
	}
	for _, i := range m.activeIdx {
		if !fz[i/m.nc] {
			l.activeIdx = append(l.activeIdx, i)
		}
	}
	for k, p := range m.endItemProduct {
		if !fz[p] {
			l.endItems = append(l.endItems, k)
		}
	}
	l.spans = productSpans(l.products)
	e.live = l
	return nil
}

// checkFrozen reports why frozen products could not be skipped without changing the live
// products' results or the costs.
func (m *Model) checkFrozen(frozen []bool) error {
	name := func(p int) string { return m.products[p].ID }
	for _, pr := range m.procs {
		f := frozen[pr.out[0].p]
		for _, fs := range [][]flow{pr.in, pr.out} {
			for _, fl := range fs {
				if frozen[fl.p] != f {
					return fmt.Errorf("freeze: process %s in %s links %s and %s, one frozen and one not",
						pr.id, m.countries[pr.country], name(pr.out[0].p), name(fl.p))
				}
			}
		}
	}
	// Declarations that tie a product to the scenario's costs and controls.
	type naming struct {
		kind string
		p    int
	}
	var named []naming
	for _, c := range m.controls {
		named = append(named, naming{"control", c.p})
	}
	for _, t := range m.tariffs {
		named = append(named, naming{"tariff", t.p})
	}
	for _, o := range m.offtakes {
		named = append(named, naming{"offtake", o.p})
	}
	for _, s := range m.stockpiles {
		named = append(named, naming{"stockpile", s.p})
	}
	for _, r := range m.recycling {
		named = append(named, naming{"recycling", r.p})
	}
	for _, f := range m.floors {
		named = append(named, naming{"price floor", f.p})
	}
	for _, n := range named {
		if frozen[n.p] {
			return fmt.Errorf("freeze: %s: a %s names it", name(n.p), n.kind)
		}
	}
	return nil
}
