package montecarlo

import (
	"math"
	"testing"
)

// TestAddMulEqualsRepeatedAddInt checks that AddMul(x, n) gives the same 128-bit sum as n
// calls of AddInt(x), across signs, extremes and carries.
func TestAddMulEqualsRepeatedAddInt(t *testing.T) {
	starts := []Int128{{}, {Hi: 0, Lo: math.MaxUint64}, {Hi: math.MaxUint64, Lo: 1}, {Hi: 1 << 62, Lo: 1 << 63}}
	xs := []int64{0, 1, -1, 12345678901, -98765432109, math.MaxInt64, math.MinInt64, math.MinInt64 + 1}
	ns := []uint64{0, 1, 2, 3, 50, 257}
	for _, s0 := range starts {
		for _, x := range xs {
			for _, n := range ns {
				want, got := s0, s0
				for range n {
					want.AddInt(x)
				}
				got.AddMul(x, n)
				if got != want {
					t.Errorf("start %+v, AddMul(%d, %d) = %+v, want %+v", s0, x, n, got, want)
				}
			}
		}
	}
}
