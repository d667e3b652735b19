package sim

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// ulps returns the distance of a and b in units in the last place (same sign, finite).
func ulps(a, b float64) int64 {
	d := int64(math.Float64bits(a)) - int64(math.Float64bits(b))
	if d < 0 {
		return -d
	}
	return d
}

// TestExpFast checks expFast against math.Exp over the arguments the engine passes and
// beyond (at most 3 units in the last place apart: math.Exp on amd64 is itself up to 2
// units off for |x| > 4, where expFast rounds correctly), and against e^x correctly
// rounded (computed at 200 bits) on a sample: expFast's error stays below 0.52 units.
func TestExpFast(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	differ, n := 0, 0
	check := func(x float64) {
		t.Helper()
		got, want := expFast(x), math.Exp(x)
		if got == want || math.IsNaN(got) && math.IsNaN(want) {
			n++
			return
		}
		if math.IsInf(want, 0) || want == 0 || ulps(got, want) > 3 {
			t.Fatalf("expFast(%v) = %v, math.Exp %v", x, got, want)
		}
		differ++
		n++
	}
	for _, x := range []float64{0, math.Copysign(0, -1), 1, -1, 0x1p-54, -0x1p-54, 0x1p-55, 511.9, -511.9, 512, -512,
		700, -700, 709.7, 710, -745, -746, math.Inf(1), math.Inf(-1), math.NaN(), math.Ln2, -math.Ln2, 1e-300} {
		check(x)
	}
	for range 2_000_000 {
		check((rng.Float64()*2 - 1) * 5)
	}
	for range 500_000 {
		check((rng.Float64()*2 - 1) * 1e-6)
	}
	for range 500_000 {
		check((rng.Float64()*2 - 1) * 511)
	}
	t.Logf("%d of %d arguments differ from math.Exp", differ, n)

	// Against e^x correctly rounded: |e^x - expFast| < 0.52 ulp.
	for i := range 20000 {
		x := (rng.Float64()*2 - 1) * 5
		if i%2 == 0 {
			x *= 1e-3 // price moves: the engine's usual arguments
		}
		got := expFast(x)
		exact := bigExp(x)
		diff := new(big.Float).SetPrec(200).Sub(exact, new(big.Float).SetPrec(200).SetFloat64(got))
		ulp := math.Nextafter(got, math.Inf(1)) - got
		d, _ := diff.Float64()
		if math.Abs(d) > 0.52*ulp {
			t.Fatalf("expFast(%v) = %v: error %.3g ulp", x, got, d/ulp)
		}
	}
}

// bigExp is e^x at 200 bits by argument halving and a Taylor series.
func bigExp(x float64) *big.Float {
	const prec = 200
	y := new(big.Float).SetPrec(prec).SetFloat64(x)
	y.SetMantExp(y, -20) // x / 2^20
	sum, term := new(big.Float).SetPrec(prec).SetInt64(1), new(big.Float).SetPrec(prec).SetInt64(1)
	for i := int64(1); i < 40; i++ {
		term.Mul(term, y)
		term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(i))
		sum.Add(sum, term)
	}
	for range 20 {
		sum.Mul(sum, sum)
	}
	return sum
}

func BenchmarkExpFast(b *testing.B) {
	x, s := 0.1234, 0.0
	for b.Loop() {
		s = expFast(x + s*1e-300)
	}
	_ = s
}

func BenchmarkMathExp(b *testing.B) {
	x, s := 0.1234, 0.0
	for b.Loop() {
		s = math.Exp(x + s*1e-300)
	}
	_ = s
}
