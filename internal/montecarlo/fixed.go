package montecarlo

import (
	"math"
	"math/bits"
)

// fixedScale is the resolution of the fixed-point sums: a value v is added as the integer
// round(v x 2^24), so a sum is exact and the same whatever the order of its terms. The
// rounding error of a mean is at most 2^-25 (3e-8) in the value's unit; values up to
// 2^39 (5e11) fit.
const fixedScale = 1 << 24

// Int128 is a two's complement 128-bit integer: an exact, order-independent sum of
// fixed-point terms.
type Int128 struct {
	Hi uint64 `json:"hi"`
	Lo uint64 `json:"lo"`
}

// AddInt adds x.
func (s *Int128) AddInt(x int64) {
	var carry uint64
	s.Lo, carry = bits.Add64(s.Lo, uint64(x), 0)
	s.Hi += uint64(x>>63) + carry
}

// AddMul adds n times x, exactly: the same sum as n calls of AddInt(x).
func (s *Int128) AddMul(x int64, n uint64) {
	mag := uint64(x)
	if x < 0 {
		mag = -mag // two's complement magnitude; right for math.MinInt64 too
	}
	hi, lo := bits.Mul64(mag, n)
	if x < 0 {
		// Negate the 128-bit product.
		lo, hi = -lo, ^hi
		if lo == 0 {
			hi++
		}
	}
	var carry uint64
	s.Lo, carry = bits.Add64(s.Lo, lo, 0)
	s.Hi += hi + carry
}

// Add adds o.
func (s *Int128) Add(o Int128) {
	var carry uint64
	s.Lo, carry = bits.Add64(s.Lo, o.Lo, 0)
	s.Hi += o.Hi + carry
}

// Float returns the sum as a float64 (rounded).
func (s Int128) Float() float64 {
	if int64(s.Hi) < 0 {
		lo, borrow := bits.Sub64(0, s.Lo, 0)
		hi, _ := bits.Sub64(0, s.Hi, borrow)
		return -(float64(hi)*0x1p64 + float64(lo))
	}
	return float64(s.Hi)*0x1p64 + float64(s.Lo)
}

// fixed converts v to fixed point, saturating outside the representable range.
func fixed(v float64) int64 {
	f := math.Round(v * fixedScale)
	switch {
	case f >= 0x1p63:
		return math.MaxInt64
	case f <= -0x1p63:
		return math.MinInt64
	case f != f: // NaN: a bug upstream; count it as 0 rather than poison the sum
		return 0
	}
	return int64(f)
}
