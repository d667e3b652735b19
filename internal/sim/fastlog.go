package sim

import (
	"math"
	"math/big"
)

// logFast is the natural logarithm of x to within about 1.5 units in the last place
// (TestLogFast; math.Log's own error is below 1), with no division: x = 2^k z, z in
// [0.6875, 1.375) falls in one of 128 intervals of z with a centre c whose 1/c, c and
// log c the table holds (c and log c as two doubles each), and
//
//	log x = k ln 2 + log c + log1p(r),  r = z/c - 1 = (z - c) (1/c),  |r| <= 1/256,
//
// with log1p(r) - r a polynomial (its Taylor series to r^8). The two intervals next to 1
// have c = 1, so that for x within 1/256 of 1 (where price ratios sit) r = x - 1
// exactly, and log 1 = 0. math.Log on amd64 (log_amd64.s) divides and evaluates a longer
// dependent chain (about 32 ns a call on the reference VM). Zero, negative, subnormal,
// infinite and NaN arguments go to math.Log.
func logFast(x float64) float64 {
	ix := math.Float64bits(x)
	if top := ix >> 48; top-0x0010 >= 0x7ff0-0x0010 {
		return math.Log(x)
	}
	tmp := ix - logOff
	i := (tmp >> (52 - logTableBits)) % (1 << logTableBits)
	k := int64(tmp) >> 52
	z := math.Float64frombits(ix - tmp&(0xfff<<52))
	t := &logTable[i]
	r := (z - t.chi - t.clo) * t.invc
	kd := float64(k)
	w := kd*logLn2hi + t.logc
	hi := w + r
	lo := w - hi + r + kd*logLn2lo + t.logclo
	r2 := r * r
	p := r2*(-1.0/2+r*(1.0/3)) + r2*r2*(-1.0/4+r*(1.0/5)+r2*(-1.0/6+r*(1.0/7)+r2*(-1.0/8)))
	return lo + p + hi
}

const (
	logTableBits = 7
	logOff       = 0x3fe6000000000000 // bits of 0.6875
)

// logLn2hi + logLn2lo is ln 2; logLn2hi has 42 significant bits, so k logLn2hi is exact
// for |k| < 2^11.
var logLn2hi, logLn2lo = func() (hi, lo float64) {
	ln2 := bigLog(new(big.Float).SetPrec(256).SetInt64(2))
	h := new(big.Float).SetPrec(42).Set(ln2) // rounds to 42 bits
	hi, _ = h.Float64()
	lo, _ = new(big.Float).SetPrec(256).Sub(ln2, h).Float64()
	return hi, lo
}()

type logEntry struct{ invc, chi, clo, logc, logclo float64 }

// logTable holds per interval of z its 1/c (a double), c = 1/(1/c) as chi + clo and
// log c as logc + logclo, computed at 256 bits.
var logTable = func() (t [1 << logTableBits]logEntry) {
	const prec = 256
	for i := range uint64(1 << logTableBits) {
		lo := math.Float64frombits(logOff + i<<(52-logTableBits))
		hi := math.Float64frombits(logOff + (i+1)<<(52-logTableBits))
		if lo <= 1 && 1 <= hi || hi == 1 {
			t[i] = logEntry{invc: 1, chi: 1}
			continue
		}
		invc := 1 / ((lo + hi) / 2)
		c := new(big.Float).SetPrec(prec).Quo(new(big.Float).SetPrec(prec).SetInt64(1), new(big.Float).SetPrec(prec).SetFloat64(invc))
		chi, _ := c.Float64()
		clo, _ := new(big.Float).SetPrec(prec).Sub(c, new(big.Float).SetPrec(prec).SetFloat64(chi)).Float64()
		lc := bigLog(c)
		logc, _ := lc.Float64()
		logclo, _ := new(big.Float).SetPrec(prec).Sub(lc, new(big.Float).SetPrec(prec).SetFloat64(logc)).Float64()
		t[i] = logEntry{invc, chi, clo, logc, logclo}
	}
	return t
}()

// bigLog is log x for x in [0.5, 2.5] at x's precision (256 bits here): 2 atanh(s),
// s = (x - 1)/(x + 1), by its series.
func bigLog(x *big.Float) *big.Float {
	prec := x.Prec()
	one := new(big.Float).SetPrec(prec).SetInt64(1)
	s := new(big.Float).SetPrec(prec).Sub(x, one)
	s.Quo(s, new(big.Float).SetPrec(prec).Add(x, one))
	s2 := new(big.Float).SetPrec(prec).Mul(s, s)
	sum, term := new(big.Float).SetPrec(prec).Set(s), new(big.Float).SetPrec(prec).Set(s)
	for n := int64(3); n < 400; n += 2 {
		term.Mul(term, s2)
		add := new(big.Float).SetPrec(prec).Quo(term, new(big.Float).SetPrec(prec).SetInt64(n))
		sum.Add(sum, add)
		if add.Sign() == 0 || add.MantExp(nil)-sum.MantExp(nil) < -int(prec) {
			break
		}
	}
	return sum.Mul(sum, new(big.Float).SetPrec(prec).SetInt64(2))
}
