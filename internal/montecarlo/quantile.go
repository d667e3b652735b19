package montecarlo

import (
	"math"

	"github.com/critmin/critmin/internal/scenario"
)

// quantile returns the inverse of p's distribution function at u in [0, 1]: the smallest
// x with F(x) >= u. It is what a correlated draw maps a copula's uniform through. A fixed
// Param returns its value.
func quantile(p scenario.Param, u float64) float64 {
	u = clamp01(u)
	switch p.Dist {
	case scenario.Triangular:
		w := p.Max - p.Min
		if u < (p.Mode-p.Min)/w {
			return p.Min + math.Sqrt(u*w*(p.Mode-p.Min))
		}
		return p.Max - math.Sqrt((1-u)*w*(p.Max-p.Mode))
	case scenario.Uniform:
		return p.Min + u*(p.Max-p.Min)
	case scenario.Normal:
		a, b := (p.Min-p.Mean)/p.SD, (p.Max-p.Mean)/p.SD
		return p.Mean + p.SD*stdTruncQuantile(a, b, u)
	case scenario.Lognormal:
		sigma := math.Log(p.P95/p.Median) / 1.6448536269514722
		return p.Median * math.Exp(sigma*scenario.ClampZ(normQuantile(u)))
	case scenario.Discrete:
		total := 0.0
		for i := range p.Values {
			total += weight(p, i)
		}
		t := u * total
		last := 0
		for i, v := range p.Values {
			w := weight(p, i)
			if w <= 0 {
				continue
			}
			last = i
			if t < w {
				return v
			}
			t -= w
		}
		return p.Values[last]
	}
	return p.Value
}

func weight(p scenario.Param, i int) float64 {
	if p.Weights == nil {
		return 1
	}
	return p.Weights[i]
}

// normQuantile is the standard normal quantile function; ±Inf at 0 and 1.
func normQuantile(u float64) float64 { return -math.Sqrt2 * math.Erfcinv(2*u) }

// stdTruncQuantile is the quantile function of a standard normal truncated to [a, b],
// computed in the tail away from the mean for precision.
func stdTruncQuantile(a, b, u float64) float64 {
	var z float64
	switch {
	case a >= 0: // upper tail: P(Z > z) = upper(a) - u (upper(a) - upper(b))
		qa, qb := upper(a), upper(b)
		z = math.Sqrt2 * math.Erfcinv(2*(qa-u*(qa-qb)))
	case b <= 0:
		return -stdTruncQuantile(-b, -a, 1-u)
	default:
		pa := upper(-a) // P(Z < a)
		z = normQuantile(pa + u*stdMass(a, b))
	}
	return max(a, min(b, z))
}

// normCDF returns P(Z <= y), from the tail for precision.
func normCDF(y float64) float64 { return upper(-y) }
