package sim

import "testing"

// TestMonthTablesZeroOutsideActive checks what beginMonth's partial reset relies on:
// after every month of the synthetic chain variants, the month's flow tables and the
// stocks are zero at every pair outside activeIdx, and floorNow outside floorIdx.
func TestMonthTablesZeroOutsideActive(t *testing.T) {
	for _, v := range allocVariants() {
		m := mustBuild(t, v.builder())
		e, r := NewEngine(m), NewResult(m)
		active := make([]bool, m.np*m.nc)
		for _, i := range m.activeIdx {
			active[i] = true
		}
		floored := make([]bool, m.np*m.nc)
		for _, i := range e.floorIdx {
			floored[i] = true
		}
		tables := map[string][]float64{"ps": e.ps, "us": e.us, "psOpen": e.psOpen, "open": e.open,
			"prod": e.prod, "rec": e.rec, "imp": e.imp, "exp": e.exp, "consIn": e.consIn,
			"consFin": e.consFin, "resv": e.resv, "procNeed": e.procNeed, "capProd": e.capProd}
		for e.Month() < m.Months() {
			e.Step(r)
			for name, s := range tables {
				for i, x := range s {
					if !active[i] && x != 0 {
						t.Fatalf("%s month %d: %s[%d] = %g outside activeIdx", v.name, e.Month(), name, i, x)
					}
				}
			}
			for i, x := range e.floorNow {
				if !floored[i] && x != 0 {
					t.Fatalf("%s month %d: floorNow[%d] = %g outside floorIdx", v.name, e.Month(), i, x)
				}
			}
		}
	}
}

// TestUseAcrossVariants checks that an engine that ran one model and is rebound (Use) to
// another of the same shape, mid-run or after a full run, runs it bit for bit like a new
// engine: no month table or price cache carries over.
func TestUseAcrossVariants(t *testing.T) {
	vs := allocVariants()
	used := 0
	for _, a := range vs {
		for _, b := range vs {
			ma, mb := mustBuild(t, a.builder()), mustBuild(t, b.builder())
			rb := NewResult(mb)
			NewEngine(mb).Run(rb)
			want := resultDigest(t, rb)
			e := NewEngine(ma)
			ra := NewResult(ma)
			for range ma.Months() / 2 {
				e.Step(ra)
			}
			if !e.Use(mb) {
				continue
			}
			used++
			e.Run(rb)
			if got := resultDigest(t, rb); got != want {
				t.Errorf("%s then %s: run after Use differs from a new engine", a.name, b.name)
			}
		}
	}
	if used == 0 {
		t.Fatal("no two variants share a shape: Use never ran")
	}
}
