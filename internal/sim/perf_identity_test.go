package sim

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"testing"
)

var updateDigests = flag.Bool("update-digests", false, "rewrite testdata/chain_digests.golden from the current engine")

const chainDigestsGolden = "testdata/chain_digests.golden"

// TestChainDigests pins every number of the synthetic chain under parameter variants that
// reach the engine's branches the built-in scenarios do not (quotas, no home priority,
// supply elasticity with price floors): a SHA-256 of the bits of every float64 of every
// series and of the Summary's JSON. Performance work must leave them bit-identical.
// internal/compile's TestResultDigests does the same for the built-in scenarios.
func TestChainDigests(t *testing.T) {
	variants := []struct {
		name   string
		shocks bool
		edit   func(*Params)
	}{
		{"baseline", false, func(*Params) {}},
		{"shocks", true, func(*Params) {}},
		{"shocks-no-home-priority", true, func(p *Params) { p.HomePriority = false }},
		{"shocks-supply-elasticity", true, func(p *Params) { p.SupplyElasticity = 0.5; p.DemandElasticity = 0.2 }},
		{"shocks-no-elasticity", true, func(p *Params) {
			p.DemandElasticity, p.ArmingtonElasticity, p.QualificationLagMonths = 0, 0, 0
		}},
	}
	var got bytes.Buffer
	for _, v := range variants {
		b := chainBuilder(v.shocks)
		p := DefaultParams()
		v.edit(&p)
		b.SetParams(p)
		m := mustBuild(t, b)
		r := NewResult(m)
		Run(m, r)
		fmt.Fprintf(&got, "%s %s\n", v.name, resultDigest(t, r))
	}
	if *updateDigests {
		if err := os.WriteFile(chainDigestsGolden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(chainDigestsGolden)
	if err != nil {
		t.Fatalf("%v (run with -update-digests to create it)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("digests changed:\n got:\n%s want:\n%s", got.Bytes(), want)
	}
}

// resultDigest hashes the bits of every float64 series of r in a fixed order, then the
// Summary's JSON.
func resultDigest(t *testing.T, r *Result) string {
	t.Helper()
	h := sha256.New()
	var buf [8]byte
	put := func(rows ...[]float64) {
		for _, row := range rows {
			binary.LittleEndian.PutUint64(buf[:], uint64(len(row)))
			h.Write(buf[:])
			for _, v := range row {
				binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v))
				h.Write(buf[:])
			}
		}
	}
	for _, s := range [][][]float64{r.Demand, r.Supply, r.Shortfall, r.Inventory, r.Stockpile, r.RivalFree,
		r.Production, r.PriceOut, r.PriceIn, r.SectorShortfall, r.EndItemsLow, r.EndItemsHigh, r.Cost,
		{r.CostTotal}, {r.MassBalance}} {
		put(s...)
	}
	for _, c := range [][][][]float64{r.CountryProduction, r.CountryCapacity, r.CountryExports} {
		for _, m := range c {
			put(m...)
		}
	}
	js, err := json.Marshal(r.Summary)
	if err != nil {
		t.Fatal(err)
	}
	h.Write(js)
	return hex.EncodeToString(h.Sum(nil))
}
