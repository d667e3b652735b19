package montecarlo

import (
	"cmp"
	"math"
	"slices"

	"github.com/critmin/critmin/internal/result"
)

// Aggregate is the readable summary of a Partial: what reports and --json show. It is a
// pure function of the Partial, so equal partials give identical aggregates. NaN never
// appears: statistics of no replications are null (nil).
type Aggregate struct {
	Scenario string `json:"scenario"`
	Title    string `json:"title,omitempty"`
	// Start is the first month, in the result contract's calendar months: the
	// aggregates are stored and served as a study's result (report.MCRun).
	Start    result.Month `json:"start"`
	Months   int          `json:"months"`
	Importer string       `json:"importer"`
	Rival    string       `json:"rival"`
	// Replications is how many replications the aggregate holds.
	Replications int `json:"replications"`
	// ProbAnyShortfall is the share of replications short in at least one month;
	// ProbShortfall the share short in each month.
	ProbAnyShortfall *float64  `json:"prob_any_shortfall"`
	ProbShortfall    []float64 `json:"prob_shortfall_by_month"`
	// Headlines summarise the scalar outputs; month outputs are month indices from
	// Start, with Never the share of replications that never reach it.
	Headlines []Stat `json:"headlines"`
	// Series are per monthly output.
	Series []SeriesStat `json:"series"`
	// Inputs are the uncertain inputs, in draw order.
	Inputs []Input `json:"inputs"`
	// Sensitivity ranks the inputs for each headline by the size of their rank
	// correlation with it.
	Sensitivity []Sensitivity `json:"sensitivity"`
}

// Stat describes one scalar output over the replications.
type Stat struct {
	Name    string `json:"name"`
	Product string `json:"product,omitempty"`
	Stage   string `json:"stage,omitempty"` // of a road output
	Item    string `json:"item,omitempty"`  // of an end-item output
	// RateScope is whose units the item's build rate counts (Scalar.RateScope).
	RateScope string   `json:"rate_scope,omitempty"`
	Unit      string   `json:"unit"`
	Mean      *float64 `json:"mean"`
	P5        *float64 `json:"p5"`
	P50       *float64 `json:"p50"`
	P95       *float64 `json:"p95"`
	Min       *float64 `json:"min"`
	Max       *float64 `json:"max"`
	// For month outputs: the share of replications in which it never happens (the
	// value Months), and how many replications fall in each month (index t), sparse.
	Month  bool         `json:"month,omitempty"`
	Never  *float64     `json:"never,omitempty"`
	Counts []MonthCount `json:"counts,omitempty"`
	Bins   Bins         `json:"bins"`
}

// MonthCount is how many replications have a month output at Month (an index from
// Start).
type MonthCount struct {
	Month int    `json:"month"`
	Count uint64 `json:"count"`
}

// SeriesStat is a monthly output: per month the mean and the 5th, 50th and 95th
// percentiles over replications.
type SeriesStat struct {
	Measure string    `json:"measure"`
	Product string    `json:"product,omitempty"`
	Unit    string    `json:"unit"`
	Bins    Bins      `json:"bins"`
	Mean    []float64 `json:"mean"`
	P5      []float64 `json:"p5"`
	P50     []float64 `json:"p50"`
	P95     []float64 `json:"p95"`
}

// Sensitivity is the ranking of inputs for one output.
type Sensitivity struct {
	Output string `json:"output"`
	// Constant marks an output that took one value (or one bin) in every replication:
	// no input moves it and every rho is 0.
	Constant bool          `json:"constant,omitempty"`
	Inputs   []InputEffect `json:"inputs"`
}

// InputEffect is one input's rank correlation with an output, in [-1, 1].
type InputEffect struct {
	Path string  `json:"path"`
	Rho  float64 `json:"rho"`
}

func ptr(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// Summarize turns the aggregate p of the study with layout l into statistics.
func Summarize(l *Layout, p *Partial) *Aggregate {
	a := &Aggregate{Scenario: l.Scenario, Title: l.Title, Start: result.Month(l.Start), Months: l.Months, Importer: l.Importer, Rival: l.Rival,
		Replications: int(p.N), Inputs: l.Inputs}
	n := float64(p.N)
	if p.N > 0 {
		a.ProbAnyShortfall = ptr(float64(p.AnyShort) / n)
		a.ProbShortfall = make([]float64, l.Months)
		for t, c := range p.ShortMonths {
			a.ProbShortfall[t] = float64(c) / n
		}
	}
	for i, s := range l.Scalars {
		h := &p.Scalars[i]
		st := Stat{Name: s.Name, Product: s.Product, Stage: s.Stage, Item: s.Item, RateScope: s.RateScope, Unit: s.Unit, Month: s.Month, Bins: s.Bins,
			Mean: ptr(h.Mean()), P5: ptr(h.Quantile(s.Bins, 0.05)), P50: ptr(h.Quantile(s.Bins, 0.5)), P95: ptr(h.Quantile(s.Bins, 0.95)),
			Min: ptr(h.Min), Max: ptr(h.Max)}
		if s.Month {
			never := uint64(h.Counts[s.Bins.N]) + uint64(h.Counts[s.Bins.N+1])
			if p.N > 0 {
				st.Never = ptr(float64(never) / n)
			}
			for t := range l.Months {
				if c := h.Counts[t+1]; c > 0 {
					st.Counts = append(st.Counts, MonthCount{Month: t, Count: uint64(c)})
				}
			}
		}
		a.Headlines = append(a.Headlines, st)
	}
	for i, s := range l.Series {
		ss := SeriesStat{Measure: s.Measure, Product: s.Product, Unit: s.Unit, Bins: s.Bins}
		if p.N > 0 {
			for t := range l.Months {
				h := &p.Series[i][t]
				ss.Mean = append(ss.Mean, h.Mean())
				ss.P5 = append(ss.P5, h.Quantile(s.Bins, 0.05))
				ss.P50 = append(ss.P50, h.Quantile(s.Bins, 0.5))
				ss.P95 = append(ss.P95, h.Quantile(s.Bins, 0.95))
			}
		}
		a.Series = append(a.Series, ss)
	}
	a.Sensitivity = sensitivity(l, p)
	return a
}

// sensitivity estimates, for each scalar output y and uncertain input x, Spearman's rank
// correlation between them: the Pearson correlation of the input's CDF value u = F(x)
// (its exact population rank, uniform on [0, 1]) with the output's mid-rank among the
// replications, where values in the same histogram bin count as tied. Streaming needs
// only Σu, Σu² per input and Σu per (output, bin): the ranks of the bins are known once
// all counts are. Ties within a bin bias |rho| slightly towards 0 when an output spreads
// over few bins. Inputs are sorted by |rho| descending, then by path.
func sensitivity(l *Layout, p *Partial) []Sensitivity {
	if p.N < 2 || len(l.Inputs) == 0 {
		return nil
	}
	n := float64(p.N)
	var out []Sensitivity
	off := 0
	for i, s := range l.Scalars {
		h := &p.Scalars[i]
		// Mid-ranks of the bins, from 1 to n.
		mid := make([]float64, len(h.Counts))
		before, sumR2 := 0.0, 0.0
		for b, c := range h.Counts {
			cf := float64(c)
			mid[b] = before + (cf+1)/2
			sumR2 += cf * mid[b] * mid[b]
			before += cf
		}
		meanR := (n + 1) / 2
		varR := sumR2/n - meanR*meanR
		sens := Sensitivity{Output: s.Name, Constant: varR <= 1e-12}
		for k, in := range l.Inputs {
			su := p.SumU[k].Float() / uScale
			su2 := p.SumU2[k].Float() / uScale
			sur := 0.0
			for b := range h.Counts {
				if h.Counts[b] > 0 {
					sur += p.SumUBin[k][off+b].Float() / uScale * mid[b]
				}
			}
			meanU := su / n
			varU := su2/n - meanU*meanU
			rho := 0.0
			if varU > 1e-12 && varR > 1e-12 {
				rho = (sur/n - meanU*meanR) / math.Sqrt(varU*varR)
				rho = min(1, max(-1, rho))
			}
			sens.Inputs = append(sens.Inputs, InputEffect{Path: in.Path, Rho: rho})
		}
		slices.SortStableFunc(sens.Inputs, func(a, b InputEffect) int {
			return cmp.Or(cmp.Compare(math.Abs(b.Rho), math.Abs(a.Rho)), cmp.Compare(a.Path, b.Path))
		})
		out = append(out, sens)
		off += s.Bins.N + 2
	}
	return out
}
