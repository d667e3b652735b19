package sim

import "testing"

// TestAllocScratchInvariants checks, after every month of the synthetic chain variants
// that reach quotas, licensing, bans, offtakes and no home priority, the invariants the
// allocation fast paths rely on: serve's per-exporter scratch is zero between calls, no
// precomputed sum is pending, and liveSet mirrors ringLive link by link.
func TestAllocScratchInvariants(t *testing.T) {
	for _, v := range allocVariants() {
		m := mustBuild(t, v.builder())
		e, r := NewEngine(m), NewResult(m)
		nn, lw := m.nc*m.nc, m.linkWords
		for e.Month() < m.Months() {
			e.Step(r)
			for x := range m.nc {
				if e.reqT[x] != 0 || e.offT[x] != 0 {
					t.Fatalf("%s month %d: reqT/offT[%d] = %g/%g after Step", v.name, e.Month(), x, e.reqT[x], e.offT[x])
				}
			}
			for w, word := range e.xSet {
				if word != 0 {
					t.Fatalf("%s month %d: xSet[%d] = %#x after Step", v.name, e.Month(), w, word)
				}
			}
			if e.reqTReady {
				t.Fatalf("%s month %d: reqTReady after Step", v.name, e.Month())
			}
			want := make([]uint64, len(e.liveSet))
			for r, live := range e.ringLive {
				if live {
					g := e.ringLink[r]
					setBit(want[g/nn*lw:], g%nn)
				}
			}
			for w := range want {
				if want[w] != e.liveSet[w] {
					t.Fatalf("%s month %d: liveSet[%d] = %#x, ringLive says %#x", v.name, e.Month(), w, e.liveSet[w], want[w])
				}
			}
		}
	}
}

// TestAllocReuse checks that no allocation scratch leaks from one run into the next: a
// run after a full run, and after a Reset in mid-run, repeats the first run bit for bit.
func TestAllocReuse(t *testing.T) {
	for _, v := range allocVariants() {
		m := mustBuild(t, v.builder())
		e, r := NewEngine(m), NewResult(m)
		e.Run(r)
		want := resultDigest(t, r)
		e.Run(r)
		if got := resultDigest(t, r); got != want {
			t.Errorf("%s: second run on the same engine differs", v.name)
		}
		e.Reset()
		for range m.Months() / 2 {
			e.Step(r)
		}
		e.Run(r)
		if got := resultDigest(t, r); got != want {
			t.Errorf("%s: run after a half run differs", v.name)
		}
	}
}

type allocVariant struct {
	name    string
	builder func() *Builder
}

func allocVariants() []allocVariant {
	with := func(shocks bool, edit func(*Params)) func() *Builder {
		return func() *Builder {
			b := chainBuilder(shocks)
			p := DefaultParams()
			edit(&p)
			b.SetParams(p)
			return b
		}
	}
	return []allocVariant{
		{"baseline", with(false, func(*Params) {})},
		{"shocks", with(true, func(*Params) {})},
		{"shocks-no-home-priority", with(true, func(p *Params) { p.HomePriority = false })},
		{"shocks-supply-elasticity", with(true, func(p *Params) { p.SupplyElasticity = 0.5; p.DemandElasticity = 0.2 })},
	}
}
