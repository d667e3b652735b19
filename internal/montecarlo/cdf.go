package montecarlo

import (
	"math"

	"github.com/critmin/critmin/internal/scenario"
)

// CDF is the distribution function of p at x: the share of Monte Carlo draws of p at or
// below x (see cdf for discrete and fixed Params). Reports use it to say where the point
// value of a deterministic run sits in the distribution.
func CDF(p scenario.Param, x float64) float64 { return cdf(p, x) }

// cdf returns the distribution function of p at x, from p's fields. For a discrete
// distribution it is the mid-rank (P(X < x) + P(X <= x)) / 2, so that the score of a
// value is the middle of the probability it holds and the score's mean is 1/2 as for a
// continuous distribution. A fixed Param gives 1/2.
func cdf(p scenario.Param, x float64) float64 {
	switch p.Dist {
	case scenario.Triangular:
		w := p.Max - p.Min
		switch {
		case x <= p.Min:
			return 0
		case x >= p.Max:
			return 1
		case x < p.Mode:
			return (x - p.Min) * (x - p.Min) / (w * (p.Mode - p.Min))
		}
		return 1 - (p.Max-x)*(p.Max-x)/(w*(p.Max-p.Mode))
	case scenario.Uniform:
		return clamp01((x - p.Min) / (p.Max - p.Min))
	case scenario.Normal:
		a, b := (p.Min-p.Mean)/p.SD, (p.Max-p.Mean)/p.SD
		z := (x - p.Mean) / p.SD
		return clamp01(stdMass(a, min(max(z, a), b)) / stdMass(a, b))
	case scenario.Lognormal:
		if x <= 0 {
			return 0
		}
		sigma := math.Log(p.P95/p.Median) / 1.6448536269514722
		return 1 - upper(math.Log(x/p.Median)/sigma)
	case scenario.Discrete:
		total, below, at := 0.0, 0.0, 0.0
		for i, v := range p.Values {
			w := 1.0
			if p.Weights != nil {
				w = p.Weights[i]
			}
			total += w
			switch {
			case v < x:
				below += w
			case v == x:
				at += w
			}
		}
		return (below + at/2) / total
	}
	return 0.5
}

func clamp01(v float64) float64 { return min(1, max(0, v)) }

// stdMass returns P(a <= Z <= b) for a standard normal Z, using the tail away from the
// mean for precision.
func stdMass(a, b float64) float64 {
	switch {
	case a >= 0:
		return upper(a) - upper(b)
	case b <= 0:
		return upper(-b) - upper(-a)
	}
	return 1 - upper(b) - upper(-a)
}

// upper returns P(Z > x).
func upper(x float64) float64 { return math.Erfc(x/math.Sqrt2) / 2 }
