package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestArbitrageShares(t *testing.T) {
	for _, c := range []struct {
		name               string
		rest, o, r, so, sr float64
		rho                float64
		wantFo, wantFr     float64
	}{
		// Equal prices: the pro-rata share of the engine without arbitrage.
		{"equal prices", 60, 50, 50, 0, 0, 1, 0.6, 0.6},
		// The rival's market at half the price, α = 1: f_R = f_O / 2 and 50 fo + 50 fo/2 = 60.
		{"rival cheaper", 60, 50, 50, 0, 0, 0.5, 0.8, 0.4},
		// Far cheaper: the others are filled and the rival gets the rest.
		{"others filled", 60, 50, 50, 0, 0, 0.01, 1, 0.2},
		// Far dearer: the rival is filled first.
		{"rival filled", 60, 50, 50, 0, 0, 100, 0.2, 1},
		// Second pass: the first shipped the rival 80 of a month's share of 60 (equal
		// prices, 120 t for 200 t of requests): it gets nothing more; the others get all.
		{"rival had its share", 40, 50, 20, 0, 80, 1, 0.8, 0},
		// Second pass: the rival is cheaper and had nothing; the others had 40 already.
		// Over the month 70 t for 60 t (others) and 40 t (rival) at ρ 0.5: tO = 70/80,
		// tR = 70/160; the rival gets 40 tR = 17.5 t, the others the 12.5 t left.
		{"second pass, rival cheaper", 30, 20, 40, 40, 0, 0.5, 0.625, 0.4375},
	} {
		t.Run(c.name, func(t *testing.T) {
			fo, fr := arbitrageShares(c.rest, c.o, c.r, c.so, c.sr, c.rho)
			if math.Abs(fo-c.wantFo) > 1e-12 || math.Abs(fr-c.wantFr) > 1e-12 {
				t.Errorf("arbitrageShares(%v, %v, %v, %v, %v, %v) = %v, %v; want %v, %v",
					c.rest, c.o, c.r, c.so, c.sr, c.rho, fo, fr, c.wantFo, c.wantFr)
			}
		})
	}
}

// TestArbitrageSharesShipEverything: whatever the prices and the first pass, an exporter
// short of stock ships all it has, fills no request beyond 1, and with equal prices in the
// first pass gives both sides the pro-rata share.
func TestArbitrageSharesShipEverything(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		o, r := 1+rng.Float64()*1000, 1+rng.Float64()*1000
		rest := rng.Float64() * (o + r) // short of the requests, as serve calls it
		so, sr := 0.0, 0.0
		if rng.IntN(2) == 0 {
			so, sr = rng.Float64()*1000, rng.Float64()*1000
		}
		rho := math.Exp(4 * (rng.Float64() - 0.5))
		fo, fr := arbitrageShares(rest, o, r, so, sr, rho)
		if fo < 0 || fo > 1 || fr < 0 || fr > 1 {
			t.Fatalf("arbitrageShares(%v, %v, %v, %v, %v, %v) = %v, %v: a share outside [0, 1]", rest, o, r, so, sr, rho, fo, fr)
		}
		if got := fo*o + fr*r; math.Abs(got-rest) > 1e-9*(o+r) {
			t.Fatalf("arbitrageShares(%v, %v, %v, %v, %v, %v) ships %v of %v", rest, o, r, so, sr, rho, got, rest)
		}
		if so == 0 && sr == 0 {
			fo1, fr1 := arbitrageShares(rest, o, r, 0, 0, 1)
			if want := rest / (o + r); math.Abs(fo1-want) > 1e-12 || math.Abs(fr1-want) > 1e-12 {
				t.Fatalf("equal prices: %v, %v; want the pro-rata %v", fo1, fr1, want)
			}
		}
	}
}
