package sim

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
	// meet its demand of Product; the stage's capacity outside the rival; and what that
	// capacity can make with feed made outside the rival.
	NeedTPerYear     float64 `json:"need_t_per_year"`
	CapacityTPerYear float64 `json:"capacity_t_per_year"`
	FedTPerYear      float64 `json:"fed_t_per_year"`
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
	T, np := out.Months, m.np
	keep := 1 - m.params.IndependenceTolerance

	// makers[q]: processes with q among their outputs; users[q]: with q among inputs.
	makers, users := make([][]int, np), make([][]int, np)
	for k, pr := range m.procs {
		for _, f := range pr.out {
			makers[f.p] = append(makers[f.p], k)
		}
		for _, f := range pr.in {
			users[f.p] = append(users[f.p], k)
		}
	}
	outside := func(k int) bool { return m.procs[k].country != m.rival }
	coef := func(fs []flow, q int) float64 {
		for _, f := range fs {
			if f.p == q {
				return f.coef
			}
		}
		return 0
	}

	// fed[t][q] is what capacity outside the rival can make of q in month t with inputs
	// made outside the rival: each process runs at the smallest share of its inputs'
	// needs that the non-rival output of those inputs covers, every process using an
	// input sharing it pro rata. own[t][q] is the capacity alone.
	fed, own := matrix(T, np), matrix(T, np)
	order := chainOrder(m, makers)
	share := make([]float64, np) // per input: the share of its users' needs it covers
	for t := range T {
		for _, q := range order {
			for _, k := range makers[q] {
				if !outside(k) {
					continue
				}
				pr := &m.procs[k]
				run := 1.0
				for _, f := range pr.in {
					run = min(run, share[f.p])
				}
				c := (pr.capacity[t] + out.entered[t][k]) * coef(pr.out, q)
				own[t][q] += c
				fed[t][q] += c * run
			}
			need := 0.0
			for _, k := range users[q] {
				if outside(k) {
					need += (m.procs[k].capacity[t] + out.entered[t][k]) * coef(m.procs[k].in, q)
				}
			}
			share[q] = 1
			if need > 0 {
				share[q] = min(1, fed[t][q]/need)
			}
		}
	}

	need := matrix(T, np) // reused by every final product
	in := make([]float64, np)
	for p, info := range out.Products {
		if !info.Final || !demanded(out, p) {
			continue
		}
		// need[t][q]: what the importer needs of chain product q to meet its demand of p,
		// through the input coefficients of the processes outside the rival (of all
		// processes where none outside makes q's user).
		stages := chainOf(m, makers, p)
		for t := range T {
			clear(need[t])
			need[t][p] = out.Demand[t][p]
		}
		for _, q := range stages {
			for t := range T {
				if need[t][q] <= 0 {
					continue
				}
				// Inputs per tonne of q, capacity-weighted over the makers of q outside the
				// rival, or over all makers when none is outside.
				for _, all := range []bool{false, true} {
					made := 0.0
					clear(in)
					for _, k := range makers[q] {
						if !all && !outside(k) {
							continue
						}
						pr := &m.procs[k]
						w := pr.capacity[t] + out.entered[t][k]
						made += w * coef(pr.out, q)
						for _, f := range pr.in {
							in[f.p] += w * f.coef
						}
					}
					if made <= 0 {
						continue
					}
					for r, v := range in {
						if v > 0 {
							// A joint product (ore yielding several oxides) needs the most
							// feed any of its outputs asks for, not the sum.
							need[t][r] = max(need[t][r], need[t][q]*v/made)
						}
					}
					break
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

// chainOf lists product p and the products of its supply chain, p first, then each
// product's inputs after it (breadth first), each once.
func chainOf(m *Model, makers [][]int, p int) []int {
	seen := map[int]bool{p: true}
	out := []int{p}
	for i := 0; i < len(out); i++ {
		for _, k := range makers[out[i]] {
			for _, f := range m.procs[k].in {
				if !seen[f.p] {
					seen[f.p] = true
					out = append(out, f.p)
				}
			}
		}
	}
	return out
}

// chainOrder lists every product after the inputs of the processes that make it, so
// what a stage can make is known before the stages it feeds. A product on a cycle of
// processes is listed when first reached, which treats its input as unavailable.
func chainOrder(m *Model, makers [][]int) []int {
	const (
		unseen = iota
		visiting
		done
	)
	state := make([]int, m.np)
	var out []int
	var visit func(q int)
	visit = func(q int) {
		if state[q] != unseen {
			return
		}
		state[q] = visiting
		for _, k := range makers[q] {
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
