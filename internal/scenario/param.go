package scenario

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
)

// Dist names the form of a Param.
type Dist string

// The forms a Param may take. Fixed is a plain number; the others are written as a
// mapping with a "dist" key.
const (
	Fixed      Dist = "fixed"
	Triangular Dist = "triangular" // min, mode, max
	Uniform    Dist = "uniform"    // min, max
	Normal     Dist = "normal"     // mean, sd, optional truncation bounds min and max
	Lognormal  Dist = "lognormal"  // median, p95
	Discrete   Dist = "discrete"   // values, optional weights
)

// z95 is the 95th percentile of the standard normal distribution.
const z95 = 1.6448536269514722

// Param is a number of a scenario that may be uncertain. A deterministic run uses Point;
// a Monte Carlo replication uses Sample. The zero Param is the fixed value 0.
//
// Only the fields of its Dist are meaningful:
//
//	fixed       Value
//	triangular  Min <= Mode <= Max, Min < Max
//	uniform     Min < Max
//	normal      Mean, SD > 0, truncated to [Min, Max]; an absent bound is -Inf or +Inf
//	lognormal   0 < Median < P95; log X is normal with mean ln Median and standard
//	            deviation ln(P95/Median)/1.645. Median and 95th percentile are what
//	            analysts can state in the field's own unit, unlike mu and sigma.
//	discrete    Values, with Weights >= 0 of the same length summing to more than 0
//	            (equal weights when the file gives none)
//
// Params built by the decoder are valid; Point and Sample panic on invalid ones.
type Param struct {
	Dist    Dist
	Value   float64
	Min     float64
	Mode    float64
	Max     float64
	Mean    float64
	SD      float64
	Median  float64
	P95     float64
	Values  []float64
	Weights []float64
}

// Fix returns the fixed Param v.
func Fix(v float64) Param { return Param{Dist: Fixed, Value: v} }

// IsFixed reports whether p is a plain number.
func (p Param) IsFixed() bool { return p.Dist == Fixed || p.Dist == "" }

// Point returns the value a deterministic run uses: the value itself, or the mean of the
// distribution (issue 11: a mode can be an end of the range, so a run at the modes may
// quote the most favourable case; the mean weighs the whole range). For a triangular
// distribution it is (min + mode + max) / 3, for a discrete one the weighted mean of its
// values, for a truncated normal the mean of the truncated distribution, which lies
// inside the bounds (clamping the untruncated mean would not move it when the truncation
// is one-sided, and would misstate skewed bounds).
func (p Param) Point() float64 {
	switch p.Dist {
	case Fixed, "":
		return p.Value
	case Triangular:
		return (p.Min + p.Mode + p.Max) / 3
	case Uniform:
		return (p.Min + p.Max) / 2
	case Normal:
		return p.Mean + p.SD*stdTruncMean((p.Min-p.Mean)/p.SD, (p.Max-p.Mean)/p.SD)
	case Lognormal:
		s := p.sigma()
		return p.Median * math.Exp(s*s/2)
	case Discrete:
		sum, w := 0.0, 0.0
		for i, v := range p.Values {
			sum += p.weight(i) * v
			w += p.weight(i)
		}
		return sum / w
	}
	panic("scenario: unknown distribution " + string(p.Dist))
}

// Sample draws a value from p with the generator r; a fixed Param returns its value
// without consuming randomness.
func (p Param) Sample(r *rand.Rand) float64 {
	switch p.Dist {
	case Fixed, "":
		return p.Value
	case Triangular:
		// Inverse of the distribution function.
		u, w := r.Float64(), p.Max-p.Min
		if u < (p.Mode-p.Min)/w {
			return p.Min + math.Sqrt(u*w*(p.Mode-p.Min))
		}
		return p.Max - math.Sqrt((1-u)*w*(p.Max-p.Mode))
	case Uniform:
		return p.Min + r.Float64()*(p.Max-p.Min)
	case Normal:
		return p.Mean + p.SD*sampleStdTrunc(r, (p.Min-p.Mean)/p.SD, (p.Max-p.Mean)/p.SD)
	case Lognormal:
		return p.Median * math.Exp(p.sigma()*ClampZ(r.NormFloat64()))
	case Discrete:
		total := 0.0
		for i := range p.Values {
			total += p.weight(i)
		}
		u := r.Float64() * total
		for i := range p.Values {
			if u < p.weight(i) {
				return p.Values[i]
			}
			u -= p.weight(i)
		}
		// Rounding left u at the top: the last value with weight.
		for i := len(p.Values) - 1; ; i-- {
			if p.weight(i) > 0 {
				return p.Values[i]
			}
		}
	}
	panic("scenario: unknown distribution " + string(p.Dist))
}

// LognormalZMax bounds the standard normal deviate of a lognormal draw, so that the
// distribution's support is finite and can be checked against a field's bounds.
// math/rand/v2's NormFloat64 never exceeds about 12 in magnitude (its tail draws x with
// -ln U >= x*x/2 for a U no smaller than 2^-53, so x <= 8.6, plus the ziggurat's 3.44),
// so the bound only changes the inverse-CDF draws of correlated numbers whose uniform
// rounded to 0 or 1, which were infinite.
const LognormalZMax = 13

// ClampZ limits a standard normal deviate to [-LognormalZMax, LognormalZMax].
func ClampZ(z float64) float64 { return max(-LognormalZMax, min(LognormalZMax, z)) }

// Support returns the smallest and largest values p can take; loOpen reports that lo
// itself cannot be drawn. Unbounded sides are infinite. A lognormal's support is
// Median x exp(±LognormalZMax x sigma).
func (p Param) Support() (lo, hi float64, loOpen bool) {
	switch p.Dist {
	case Triangular, Uniform, Normal:
		return p.Min, p.Max, false
	case Lognormal:
		w := LognormalZMax * p.sigma()
		return p.Median * math.Exp(-w), p.Median * math.Exp(w), false
	case Discrete:
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, v := range p.Values {
			lo, hi = min(lo, v), max(hi, v)
		}
		return lo, hi, false
	}
	return p.Value, p.Value, false
}

func (p Param) sigma() float64 { return math.Log(p.P95/p.Median) / z95 }

func (p Param) weight(i int) float64 {
	if p.Weights == nil {
		return 1
	}
	return p.Weights[i]
}

// check returns what is wrong with p's parameters, or "" when they are valid. Absent
// truncation bounds of a normal distribution must already be infinite.
func (p Param) check() string {
	finite := func(xs ...float64) bool {
		for _, x := range xs {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return false
			}
		}
		return true
	}
	switch p.Dist {
	case Fixed, "":
		if !finite(p.Value) {
			return "must be a finite number"
		}
	case Triangular:
		if !finite(p.Min, p.Mode, p.Max) {
			return "min, mode and max must be finite numbers"
		}
		if !(p.Min <= p.Mode && p.Mode <= p.Max) {
			return fmt.Sprintf("triangular distribution needs min <= mode <= max, got min %s, mode %s, max %s", num(p.Min), num(p.Mode), num(p.Max))
		}
		if p.Min == p.Max {
			return "triangular distribution needs min < max (write a plain number for a fixed value)"
		}
	case Uniform:
		if !finite(p.Min, p.Max) {
			return "min and max must be finite numbers"
		}
		if !(p.Min < p.Max) {
			return fmt.Sprintf("uniform distribution needs min < max, got min %s, max %s", num(p.Min), num(p.Max))
		}
	case Normal:
		if !finite(p.Mean, p.SD) || math.IsNaN(p.Min) || math.IsNaN(p.Max) || math.IsInf(p.Min, 1) || math.IsInf(p.Max, -1) {
			return "mean, sd, min and max must be finite numbers"
		}
		if !(p.SD > 0) {
			return fmt.Sprintf("normal distribution needs sd > 0, got %s", num(p.SD))
		}
		if !(p.Min < p.Max) {
			return fmt.Sprintf("normal distribution needs min < max, got min %s, max %s", num(p.Min), num(p.Max))
		}
		if stdMass((p.Min-p.Mean)/p.SD, (p.Max-p.Mean)/p.SD) < 1e-9 {
			return fmt.Sprintf("normal distribution truncated to [%s, %s] keeps almost none of its mass (mean %s, sd %s)", num(p.Min), num(p.Max), num(p.Mean), num(p.SD))
		}
	case Lognormal:
		if !finite(p.Median, p.P95) {
			return "median and p95 must be finite numbers"
		}
		if !(0 < p.Median && p.Median < p.P95) {
			return fmt.Sprintf("lognormal distribution needs 0 < median < p95, got median %s, p95 %s", num(p.Median), num(p.P95))
		}
	case Discrete:
		if len(p.Values) == 0 {
			return "discrete distribution needs at least one value"
		}
		if !finite(p.Values...) {
			return "values must be finite numbers"
		}
		if p.Weights == nil {
			return ""
		}
		if len(p.Weights) != len(p.Values) {
			return fmt.Sprintf("discrete distribution needs one weight per value, got %d values and %d weights", len(p.Values), len(p.Weights))
		}
		total := 0.0
		for _, w := range p.Weights {
			if !finite(w) || w < 0 {
				return fmt.Sprintf("weights must be finite and >= 0, got %s", num(w))
			}
			total += w
		}
		if !(total > 0) || math.IsInf(total, 0) {
			return "weights must sum to more than 0"
		}
	default:
		return fmt.Sprintf("unknown distribution %q", p.Dist)
	}
	return ""
}

// MarshalJSON writes a fixed Param as a number and a distribution as an object with the
// keys of the file format.
func (p Param) MarshalJSON() ([]byte, error) {
	m := map[string]any{"dist": p.Dist}
	switch p.Dist {
	case Fixed, "":
		return json.Marshal(p.Value)
	case Triangular:
		m["min"], m["mode"], m["max"] = p.Min, p.Mode, p.Max
	case Uniform:
		m["min"], m["max"] = p.Min, p.Max
	case Normal:
		m["mean"], m["sd"] = p.Mean, p.SD
		if !math.IsInf(p.Min, 0) {
			m["min"] = p.Min
		}
		if !math.IsInf(p.Max, 0) {
			m["max"] = p.Max
		}
	case Lognormal:
		m["median"], m["p95"] = p.Median, p.P95
	case Discrete:
		m["values"] = p.Values
		if p.Weights != nil {
			m["weights"] = p.Weights
		}
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads what MarshalJSON writes, so that stored results carrying their
// inputs (a Monte Carlo study's) decode again: a number is a fixed value, an object a
// distribution; a normal's absent bounds are infinite. It does not check the values:
// files are read by the scenario decoder, which does.
func (p *Param) UnmarshalJSON(b []byte) error {
	var v float64
	if err := json.Unmarshal(b, &v); err == nil {
		*p = Fix(v)
		return nil
	}
	var m struct {
		Dist            Dist
		Min, Mode, Max  *float64
		Mean, SD        float64
		Median, P95     float64
		Values, Weights []float64
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("param: want a number or a distribution object: %w", err)
	}
	q := Param{Dist: m.Dist, Mean: m.Mean, SD: m.SD, Median: m.Median, P95: m.P95, Values: m.Values, Weights: m.Weights}
	or := func(x *float64, def float64) float64 {
		if x == nil {
			return def
		}
		return *x
	}
	q.Min, q.Mode, q.Max = or(m.Min, 0), or(m.Mode, 0), or(m.Max, 0)
	if m.Dist == Normal {
		q.Min, q.Max = or(m.Min, math.Inf(-1)), or(m.Max, math.Inf(1))
	}
	*p = q
	return nil
}

// num formats a number for messages: shortest form, no exponent for ordinary sizes.
func num(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	return fmt.Sprint(v)
}
