package sim

import (
	"math"
	"math/big"
)

// expFast is e^x to within about 0.51 units in the last place: the table-driven method
// of ARM's optimized-routines (exp.c, 128 intervals, a degree-5 polynomial), in plain
// float64 arithmetic without fused multiply-adds. math.Exp on amd64 (exp_amd64.s)
// evaluates a Taylor series of x/16 and squares four times, a dependent chain of some 30
// operations (30-40 ns a call on the reference VM); this one's chain is about a third of
// that. The two agree to the last bit for most arguments and differ by one unit in the
// last place for the rest (TestExpFast). Outside 2^-54 <= |x| < 512, and for NaN and
// infinities, it is math.Exp.
func expFast(x float64) float64 {
	const (
		n         = 1 << expTableBits
		invLn2N   = 0x1.71547652b82fep0 * n
		negLn2hiN = -0x1.62e42fefa0000p-8
		negLn2loN = -0x1.cf79abc9e3b3ap-47
		shift     = 0x1.8p52
		c2        = 0x1.ffffffffffdbdp-2
		c3        = 0x1.555555555543cp-3
		c4        = 0x1.55555cf172b91p-5
		c5        = 0x1.1111167a4d017p-7
	)
	abstop := uint32(math.Float64bits(x)>>52) & 0x7ff
	if abstop-0x3c9 >= 0x408-0x3c9 { // |x| < 2^-54 or |x| >= 512 (or NaN, Inf)
		return math.Exp(x)
	}
	// x = ln2/N k + r, |r| <= ln2/2N; e^x = 2^(k/N) e^r.
	kd := invLn2N*x + shift
	ki := math.Float64bits(kd)
	kd -= shift
	r := x + kd*negLn2hiN + kd*negLn2loN
	idx := 2 * (ki % n)
	top := ki << (52 - expTableBits)
	tail := math.Float64frombits(expTable[idx])
	scale := math.Float64frombits(expTable[idx+1] + top)
	r2 := r * r
	tmp := tail + r + r2*(c2+r*c3) + r2*r2*(c4+r*c5)
	return scale + scale*tmp
}

const expTableBits = 7

// expTable holds, for k = 0..127 with H the float64 nearest 2^(k/128) and 2^(k/128) =
// H (1 + T): at 2k the bits of T, at 2k+1 the bits of H less k << 45 (expFast adds the
// exponent and k back). Computed at 256 bits of precision: 2^(1/128) by seven square
// roots of 2, its powers by multiplication.
var expTable = func() (t [2 << expTableBits]uint64) {
	const prec = 256
	root := new(big.Float).SetPrec(prec).SetInt64(2)
	for range expTableBits {
		root.Sqrt(root)
	}
	v := new(big.Float).SetPrec(prec).SetInt64(1)
	for k := range uint64(1 << expTableBits) {
		h, _ := v.Float64()
		hb := new(big.Float).SetPrec(prec).SetFloat64(h)
		tail := new(big.Float).SetPrec(prec).Sub(v, hb)
		tail.Quo(tail, hb)
		tf, _ := tail.Float64()
		t[2*k] = math.Float64bits(tf)
		t[2*k+1] = math.Float64bits(h) - k<<(52-expTableBits)
		v.Mul(v, root)
	}
	return t
}()
