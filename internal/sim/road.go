package sim

import "slices"

// The road to independence: for each final product the importer demands and each product
// of its supply chain (the stages), whether capacity outside the rival, fed only by what
// is made outside the rival, could cover what the importer needs of that stage, and from
// which month. It measures capacity, not what the run delivered: the question is whether
// the importer could do without the rival, whatever it buys.

// A StageCover is one stage of the supply chain of a final product the importer
// demands: a product of the chain (the final product itself, or an input of a stage
// below), with what the importer needs of it and what capacity outside the rival could
// make of it.
type StageCover struct {
	Product string `json:"product"` // the final product
	Stage   string `json:"stage"`   // the product of the chain, e.g. "dy/separation"
	// Month is the first month from which, through the end of the horizon, capacity
	// outside the rival with feed made outside the rival covers the importer's need of
	// the stage; nil when it never does.
	Month *Month `json:"month"`
	// At the last month, t/year of the stage's basis: what the importer needs of it to
	// meet its demand of Product at baseline prices (growth and substitution, no price
	// response); the stage's capacity outside the rival; and what that
	// capacity can make with feed made outside the rival.
	NeedTPerYear     float64 `json:"need_t_per_year"`
	CapacityTPerYear float64 `json:"capacity_t_per_year"`
	FedTPerYear      float64 `json:"fed_t_per_year"`
	// OthersNeedTPerYear is, at the last month, what the countries other than the
	// importer and the rival need of the stage for their own demand of Product at
	// baseline prices, through the same coefficients: the road counts all capacity
	// outside the rival for the importer, and this is who else draws on it.
	OthersNeedTPerYear float64 `json:"others_need_t_per_year,omitempty"`
}

// A Blocked is a binding stage of a final product whose supply chain capacity outside
// the rival never covers the importer's need: there, capacity outside the rival falls
// GapTPerYear short of the need at Until, the horizon's last month. A product may have
// several binding stages (both Dy and Tb oxide, say).
type Blocked struct {
	Product     string  `json:"product"`
	Stage       string  `json:"stage"`
	GapTPerYear float64 `json:"gap_t_per_year"`
	Until       Month   `json:"until"`
}

// road fills s.Road and s.Blocked from the model's capacities and the importer's demand
// in out.
func (e *Engine) road(out *Result, s *Summary) {
	m := e.m
	s.Road, s.Blocked = s.Road[:0], s.Blocked[:0]
	// Empty lists, not null, in JSON.
	if s.Road == nil {
		s.Road = []StageCover{}
	}
	if s.Blocked == nil {
		s.Blocked = []Blocked{}
	}
	if m.rival < 0 || out.Months == 0 {
		return
	}
	T := out.Months
	keep := 1 - m.params.IndependenceTolerance
	mem := &e.roadMem
	mem.fit(m, T)
	mem.capacities(m, out)
	capacity := mem.capacity

	// fed[t][q] is what capacity outside the rival can make of q in month t with inputs
	// made outside the rival: each process runs at the smallest share of its inputs'
	// needs that the non-rival output of those inputs covers, every process using an
	// input sharing it pro rata. own[t][q] is the capacity alone.
	//
	// A month whose capacities are all the last month's has the last month's figures.
	// In the others, a product's fed and own are recomputed when its makers' capacities
	// or its inputs' shares changed (fedDirty), its share when its fed or its users'
	// capacities changed (shareDirty): the same inputs give the same figures, to the last
	// bit, and most months change a few processes only.
	fed, own, share := mem.fed, mem.own, mem.share
	fedDirty, shareDirty := mem.fedDirty, mem.shareDirty
	for t := range T {
		if t == 0 {
			clear(share)
			for q := range m.np {
				fedDirty[q], shareDirty[q] = true, true
			}
		} else {
			copy(fed[t], fed[t-1])
			copy(own[t], own[t-1])
			changes := mem.changesAt(t)
			if len(changes) == 0 {
				continue
			}
			for _, k := range changes {
				if pr := &m.procs[k]; pr.country != m.rival {
					for _, f := range pr.out {
						fedDirty[f.p] = true
					}
					for _, f := range pr.in {
						shareDirty[f.p] = true
					}
				}
			}
		}
		for _, q := range mem.order {
			if fedDirty[q] {
				fedDirty[q] = false
				ownQ, fedQ := 0.0, 0.0
				for _, mk := range mem.makersOut[q] {
					run := 1.0
					for _, f := range m.procs[mk.k].in {
						run = min(run, share[f.p])
					}
					c := capacity[t][mk.k] * mk.coef
					ownQ += c
					fedQ += c * run
				}
				if fedQ != fed[t][q] {
					shareDirty[q] = true
				}
				own[t][q], fed[t][q] = ownQ, fedQ
			}
			if shareDirty[q] {
				shareDirty[q] = false
				need := 0.0
				for _, u := range mem.usersOut[q] {
					need += capacity[t][u.k] * u.coef
				}
				v := 1.0
				if need > 0 {
					v = min(1, fed[t][q]/need)
				}
				if v != share[q] {
					share[q] = v
					// Build refuses cycles: these products come later in the order.
					for _, r := range mem.fedBy[q] {
						fedDirty[r] = true
					}
				}
			}
		}
	}

	// The need is the importer's demand at baseline prices: demand that the run's prices
	// took off (thrift, the short-run response) is a cost of scarcity, not a stage
	// covered, so a harsher control must not bring the road forward.
	base := mem.base
	for t := range T {
		clear(base[t])
	}
	for j := range m.demands {
		if d := &m.demands[j]; d.c == m.importer {
			for t := range T {
				base[t][d.p] += d.series[t]
			}
		}
	}
	// others[p]: the final demand of p at baseline prices of every country but the
	// importer and the rival, in the last month.
	others := mem.others
	clear(others)
	for j := range m.demands {
		if d := &m.demands[j]; d.c != m.importer && d.c != m.rival {
			others[d.p] += d.series[T-1]
		}
	}
	need := mem.need // reused by every final product
	for p, info := range out.Products {
		if !info.Final || !demanded(out, p) {
			continue
		}
		// need[t][q]: what the importer needs of chain product q to meet its demand of p,
		// through the input coefficients of the processes outside the rival (of all
		// processes where none outside makes q's user).
		stages := mem.chainOf(m, p)
		for t := range T {
			clear(need[t])
			need[t][p] = base[t][p]
		}
		for _, q := range stages {
			st := mem.stage(m, q)
			inputs, n := st.inputs, len(st.inputs)
			for t := range T {
				made := st.made[t]
				if need[t][q] <= 0 || made <= 0 {
					continue
				}
				for j, v := range st.use[t*n : t*n+n] {
					if v > 0 {
						// A joint product (ore yielding several oxides) needs the most
						// feed any of its outputs asks for, not the sum.
						r := inputs[j]
						need[t][r] = max(need[t][r], need[t][q]*v/made)
					}
				}
			}
		}
		last := T - 1
		var short []Blocked // stages whose own capacity misses the need at the end
		feedShort := -1     // the most upstream stage short only of feed
		for _, q := range stages {
			covered := -1
			for t := T - 1; t >= 0; t-- {
				if fed[t][q] < keep*need[t][q] {
					break
				}
				covered = t
			}
			sc := StageCover{Product: info.ID, Stage: out.Products[q].ID,
				NeedTPerYear: 12 * need[last][q], CapacityTPerYear: 12 * own[last][q], FedTPerYear: 12 * fed[last][q]}
			if b := base[last][p]; b > 0 {
				// The chain's needs are linear in the final demand (a joint product's
				// largest term is too), so the others' need of q is the importer's scaled.
				sc.OthersNeedTPerYear = sc.NeedTPerYear * others[p] / b
			}
			if covered >= 0 {
				v := m.header.Start + Month(covered)
				sc.Month = &v
			}
			s.Road = append(s.Road, sc)
			if covered >= 0 {
				continue
			}
			if gap := need[last][q] - own[last][q]; gap > 0 {
				short = append(short, Blocked{Product: info.ID, Stage: out.Products[q].ID, GapTPerYear: 12 * gap, Until: m.header.Start + Month(last)})
			} else {
				feedShort = q // stages are listed downstream first
			}
		}
		// The binding stages are those whose own capacity falls short; where every stage's
		// capacity would do, the most upstream stage starved of feed made outside the rival.
		if len(short) == 0 && feedShort >= 0 {
			short = append(short, Blocked{Product: info.ID, Stage: out.Products[feedShort].ID,
				GapTPerYear: 12 * (need[last][feedShort] - fed[last][feedShort]), Until: m.header.Start + Month(last)})
		}
		s.Blocked = append(s.Blocked, short...)
	}
}

// roadScratch is the memory road reuses from one run to the next, and the lists of the
// model's processes by product it reads.
type roadScratch struct {
	// makers[q] lists the processes with q among their outputs; makersOut[q] those
	// outside the rival, with their coefficient of q; usersOut[q] the processes outside
	// the rival with q among their inputs, with that coefficient. fedBy[q] lists the
	// products of the processes in usersOut[q].
	makers              [][]int
	makersOut, usersOut [][]procCoef
	fedBy               [][]int
	order               []int // chainOrder
	// capacity[t][k] is process k's capacity in month t with what price-triggered entry
	// installed by then. changes[changeStart[t]:changeStart[t+1]] lists the processes
	// whose capacity in month t differs from month t-1's, ascending; makerChanged[t*np+q]
	// is set when one of them makes q.
	capacity             [][]float64
	changes, changeStart []int
	makerChanged         []bool
	fed, own, need       [][]float64
	// base[t][p] is the importer's final demand of p in month t at baseline prices
	// (growth and substitution, no price response): the need the road must cover.
	base                 [][]float64
	others               []float64
	share, in            []float64
	fedDirty, shareDirty []bool
	// stages holds each product's stage inputs, computed by stage when first needed in
	// a run (ready).
	stages []stageInputs
	ready  []bool
	// chain, seen and visit are chainOf's and chainOrder's scratch.
	chain []int
	seen  []bool
	visit []int8
}

// procCoef is process k with its coefficient of a product, t per reference unit.
type procCoef struct {
	k    int
	coef float64
}

// stageInputs is what the makers of a product q use per tonne of q: month t's makers
// (those outside the rival, or all of them in a month where none outside has capacity)
// make made[t] of q at capacity and use use[t*len(inputs)+j] of product inputs[j].
type stageInputs struct {
	inputs    []int // the inputs of any maker of q, ascending, once each
	made, use []float64
}

// fit sizes the scratch for T months and the products and processes of m, and lists
// m's processes by product.
func (r *roadScratch) fit(m *Model, T int) {
	np, nk := m.np, len(m.procs)
	if len(r.changeStart) != T+1 || len(r.share) != np || len(r.capacity[0]) != nk {
		r.capacity = matrix(T, nk)
		r.changeStart, r.makerChanged = make([]int, T+1), make([]bool, T*np)
		r.fed, r.own, r.need, r.base = matrix(T, np), matrix(T, np), matrix(T, np), matrix(T, np)
		r.share, r.in, r.others = make([]float64, np), make([]float64, np), make([]float64, np)
		r.fedDirty, r.shareDirty = make([]bool, np), make([]bool, np)
		r.makers, r.fedBy = make([][]int, np), make([][]int, np)
		r.makersOut, r.usersOut = make([][]procCoef, np), make([][]procCoef, np)
		r.stages, r.ready = make([]stageInputs, np), make([]bool, np)
		r.seen, r.visit = make([]bool, np), make([]int8, np)
	}
	for q := range np {
		r.makers[q], r.fedBy[q] = r.makers[q][:0], r.fedBy[q][:0]
		r.makersOut[q], r.usersOut[q] = r.makersOut[q][:0], r.usersOut[q][:0]
	}
	clear(r.ready)
	for k, pr := range m.procs {
		outside := pr.country != m.rival
		for _, f := range pr.out {
			r.makers[f.p] = append(r.makers[f.p], k)
			if outside {
				r.makersOut[f.p] = append(r.makersOut[f.p], procCoef{k, coef(pr.out, f.p)})
			}
		}
		if outside {
			for _, f := range pr.in {
				r.usersOut[f.p] = append(r.usersOut[f.p], procCoef{k, coef(pr.in, f.p)})
				for _, g := range pr.out {
					r.fedBy[f.p] = append(r.fedBy[f.p], g.p)
				}
			}
		}
	}
	r.order = r.chainOrder(m)
}

// capacities fills capacity and the lists of changes from m and the capacity entry
// installed in out.
func (r *roadScratch) capacities(m *Model, out *Result) {
	r.changes = r.changes[:0]
	clear(r.makerChanged)
	for t, row := range r.capacity {
		for k, e := range out.entered[t][:len(row)] {
			row[k] = m.procs[k].capacity[t] + e
		}
		if t > 0 {
			for k, v := range r.capacity[t-1][:len(row)] {
				if row[k] != v {
					r.changes = append(r.changes, k)
					for _, f := range m.procs[k].out {
						r.makerChanged[t*m.np+f.p] = true
					}
				}
			}
		}
		r.changeStart[t+1] = len(r.changes)
	}
}

// changesAt lists the processes whose capacity changed in month t.
func (r *roadScratch) changesAt(t int) []int {
	return r.changes[r.changeStart[t]:r.changeStart[t+1]]
}

// stage returns the stage inputs of product q (stageInputs), computing them on its first
// call of a run: the final products' chains share stages.
func (r *roadScratch) stage(m *Model, q int) *stageInputs {
	st := &r.stages[q]
	if r.ready[q] {
		return st
	}
	r.ready[q] = true
	makers := r.makers[q]
	st.inputs = st.inputs[:0]
	for _, k := range makers {
		for _, f := range m.procs[k].in {
			if !slices.Contains(st.inputs, f.p) {
				st.inputs = append(st.inputs, f.p)
			}
		}
	}
	slices.Sort(st.inputs)
	T, n := len(r.changeStart)-1, len(st.inputs)
	st.made, st.use = resized(st.made, T), resized(st.use, T*n)
	in := r.in // zero outside this loop
	for t := range T {
		use := st.use[t*n : t*n+n]
		if t > 0 && !r.makerChanged[t*m.np+q] {
			// The makers' capacities, which all the figures depend on, are last month's.
			st.made[t] = st.made[t-1]
			copy(use, st.use[(t-1)*n:t*n])
			continue
		}
		made := 0.0
		for _, all := range [2]bool{false, true} {
			made = 0
			for _, p := range st.inputs {
				in[p] = 0
			}
			for _, k := range makers {
				pr := &m.procs[k]
				if !all && pr.country == m.rival {
					continue
				}
				w := r.capacity[t][k]
				made += w * coef(pr.out, q)
				for _, f := range pr.in {
					in[f.p] += w * f.coef
				}
			}
			if made > 0 {
				break
			}
		}
		st.made[t] = made
		for j, p := range st.inputs {
			use[j], in[p] = in[p], 0
		}
	}
	return st
}

// coef is the coefficient of product q in fs, 0 if q is not there.
func coef(fs []flow, q int) float64 {
	for _, f := range fs {
		if f.p == q {
			return f.coef
		}
	}
	return 0
}

// chainOf lists product p and the products of its supply chain, p first, then each
// product's inputs after it (breadth first), each once. The list is valid until the next
// call.
func (r *roadScratch) chainOf(m *Model, p int) []int {
	seen := r.seen
	clear(seen)
	seen[p] = true
	out := append(r.chain[:0], p)
	for i := 0; i < len(out); i++ {
		for _, k := range r.makers[out[i]] {
			for _, f := range m.procs[k].in {
				if !seen[f.p] {
					seen[f.p] = true
					out = append(out, f.p)
				}
			}
		}
	}
	r.chain = out
	return out
}

// chainOrder lists every product after the inputs of the processes that make it, so
// what a stage can make is known before the stages it feeds. A product on a cycle of
// processes is listed when first reached, which treats its input as unavailable.
func (r *roadScratch) chainOrder(m *Model) []int {
	const (
		unseen = iota
		visiting
		done
	)
	state := r.visit
	clear(state)
	out := r.order[:0]
	var visit func(q int)
	visit = func(q int) {
		if state[q] != unseen {
			return
		}
		state[q] = visiting
		for _, k := range r.makers[q] {
			for _, f := range m.procs[k].in {
				visit(f.p)
			}
		}
		state[q] = done
		out = append(out, q)
	}
	for q := range m.np {
		visit(q)
	}
	return out
}
