package sim

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// exactLog is log x rounded to a float64, computed at 256 bits.
func exactLog(x float64) float64 {
	m := new(big.Float).SetPrec(256)
	e := new(big.Float).SetPrec(256).SetFloat64(x).MantExp(m) // x = m 2^e, m in [0.5, 1)
	l := bigLog(m)
	ln2 := bigLog(new(big.Float).SetPrec(256).SetInt64(2))
	l.Add(l, ln2.Mul(ln2, new(big.Float).SetPrec(256).SetInt64(int64(e))))
	f, _ := l.Float64()
	return f
}

// TestLogFast checks logFast against log x correctly rounded: within 1.5 units in the
// last place in general, within 1 for x within 1/256 of 1 (price ratios), exactly 0 at 1;
// and against math.Log, within 2 units, over the engine's arguments and beyond.
func TestLogFast(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	if v := logFast(1); v != 0 || math.Signbit(v) {
		t.Fatalf("logFast(1) = %v", v)
	}
	for _, x := range []float64{0, -1, math.Inf(1), math.NaN(), 5e-324, 1e-310, math.MaxFloat64, 2, 0.5, math.E,
		math.Nextafter(1, 2), math.Nextafter(1, 0), 0.6875, 1.375, math.Nextafter(0.6875, 0), math.Nextafter(1.375, 2)} {
		got, want := logFast(x), math.Log(x)
		if got != want && !(math.IsNaN(got) && math.IsNaN(want)) && ulps(got, want) > 2 {
			t.Fatalf("logFast(%v) = %v, math.Log %v", x, got, want)
		}
	}
	// ulpErr is |logFast(x) - log x| in units in the last place of the result, from the
	// float64 rounding of log x (within half a unit of it).
	worst, worstNear := 0.0, 0.0
	for i := range 20000 {
		var x float64
		near := i%2 == 0
		switch {
		case near:
			x = 1 + (rng.Float64()*2-1)/256*math.Pow(2, -float64(rng.IntN(40)))
		default:
			x = math.Exp((rng.Float64()*2 - 1) * 50)
		}
		got, want := logFast(x), exactLog(x)
		d := float64(ulps(got, want))
		if near {
			worstNear = max(worstNear, d)
		} else {
			worst = max(worst, d)
		}
		if got2 := math.Log(x); ulps(got, got2) > 2 {
			t.Fatalf("logFast(%v) = %v, math.Log %v", x, got, got2)
		}
	}
	// ulps from the correctly rounded value: 1 allows an error up to 1.5 units.
	if worst > 1 || worstNear > 1 {
		t.Fatalf("worst distance from log x rounded: %g units (%g near 1)", worst, worstNear)
	}
	t.Logf("worst distance from log x rounded: %g units (%g near 1)", worst, worstNear)
	differ := 0
	for range 500_000 {
		x := 1 + (rng.Float64()*2-1)*0.2
		got, want := logFast(x), math.Log(x)
		if got != want {
			differ++
			if ulps(got, want) > 2 {
				t.Fatalf("logFast(%v) = %v, math.Log %v", x, got, want)
			}
		}
	}
	t.Logf("%d of 500,000 arguments in [0.8, 1.2] differ from math.Log", differ)
}

func BenchmarkLogFast(b *testing.B) {
	x, s := 1.0234, 0.0
	for b.Loop() {
		s = logFast(x + s*1e-300)
	}
	_ = s
}

func BenchmarkMathLog(b *testing.B) {
	x, s := 1.0234, 0.0
	for b.Loop() {
		s = math.Log(x + s*1e-300)
	}
	_ = s
}
