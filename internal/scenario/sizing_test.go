package scenario_test

import (
	"math"
	"slices"
	"testing"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
)

// sized is a project of a response scenario as facts.md sizes it: capacity (t/yr), capex
// (MUSD, 0 when facts give none) and the month it starts producing at no delay
// (announced + permitting + construction), with where each comes from.
type sized struct {
	scenario, project string
	capacity, capex   float64
	online            string
	why               string
}

// responseSizing lists every project of us-response-package and the cited one of
// allied-buildout (docs/scenarios.md, "What the US package and the allied build-out
// reach").
var responseSizing = []sized{
	{"us-response-package", "MP Fort Worth Independence magnet plant", 1000, 0, "2025-10", "~1,000 t/yr, magnet ramp from late 2025 (V)"},
	{"us-response-package", "MP 10X magnet plant", 9000, 1000, "2028-01", "10,000 t/yr US total less Fort Worth (D from V2), $1.0B (V2), 2028 (V2)"},
	{"us-response-package", "Vulcan Elements magnet plant", 10000, 620, "2028-11", "10,000 t and $620M (V), 2025-11 + 12 (assumption) + 24 (D) months"},
	{"us-response-package", "USA Rare Earth Stillwater phase 1", 1200, 0, "2026-01", "1,200 t/yr (V2); date an assumption"},
	{"us-response-package", "USA Rare Earth Stillwater phase 2", 3600, 0, "2028-01", "4,800 - 1,200 t/yr (D from V2); date an assumption"},
	{"us-response-package", "USA Rare Earth Stillwater phase 3", 5200, 3300, "2029-01", "10,000 - 4,800 t/yr (D from V), ~$3.3B (V), 2026-01 LOI (V)"},
	{"us-response-package", "Lynas Malaysia Dy circuit", 82, 16, "2025-06", "1,500 t/yr feed x 5.47 % (V2 + assumption), A$25M (D from V2), mid-2025 (V2)"},
	{"us-response-package", "Lynas Malaysia Tb circuit", 47, 0, "2025-06", "1,500 t/yr feed x 3.13 %, mid-2025 (V2)"},
	{"us-response-package", "Lynas Texas heavy-RE plant Dy", 273, 258, "2026-06", "~$258M (V), FY2026, the last announced date (V2)"},
	{"us-response-package", "Lynas Texas heavy-RE plant Tb", 156, 0, "2026-06", "FY2026 (V2)"},
	{"allied-buildout", "Lynas Malaysia heavy-RE plant Dy", 273, 117, "2028-07", "5,000 t/yr feed x 5.47 %, ~US$117M (V2); date the allied assumption"},
	{"allied-buildout", "Lynas Malaysia heavy-RE plant Tb", 156, 0, "2028-07", "5,000 t/yr feed x 3.13 % (V2)"},
}

func resolved(t *testing.T, env scenario.Env, name string) *scenario.Scenario {
	t.Helper()
	sc, err := env.Base(name)
	if err != nil {
		t.Fatal(err)
	}
	sc, err = scenario.Resolve(sc, env.Base)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestResponseSizing pins the response scenarios' projects to the numbers facts.md
// gives, so that a change to one is a deliberate change to this table and to
// docs/scenarios.md; and it requires every project of us-response-package to be listed.
func TestResponseSizing(t *testing.T) {
	env, err := scenario.DefaultEnv()
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, want := range responseSizing {
		t.Run(want.scenario+"/"+want.project, func(t *testing.T) {
			sc := resolved(t, env, want.scenario)
			for _, p := range sc.Projects {
				if p.Name != want.project {
					continue
				}
				online := p.Announced + scenario.Month(p.PermittingMonths.Point()+p.ConstructionMonths.Point())
				if p.CapacityTPerYear.Point() != want.capacity || p.CapexMUSD.Point() != want.capex || online.String() != want.online {
					t.Errorf("capacity %g t/yr, capex %g MUSD, online %s; want %g, %g, %s (%s)",
						p.CapacityTPerYear.Point(), p.CapexMUSD.Point(), online, want.capacity, want.capex, want.online, want.why)
				}
				return
			}
			t.Errorf("no project %q", want.project)
		})
		if want.scenario == "us-response-package" {
			listed[want.project] = true
		}
	}
	for _, p := range resolved(t, env, "us-response-package").Projects {
		if !listed[p.Name] {
			t.Errorf("us-response-package project %q is not in responseSizing: check it against facts.md", p.Name)
		}
	}
}

// TestResponseRoad runs both response scenarios: the road to independence of US NdFeB
// magnets is covered at every stage, and Dy oxide capacity outside China at the horizon's
// end is the sum of the cited plants: Lynas Malaysia 82 + Lynas Texas 273 in the package;
// plus the allied Dy plants (88 + 70 + 21 + 21) and Lynas Malaysia's heavy-RE plant 273
// in the build-out.
func TestResponseRoad(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the engine")
	}
	env, err := scenario.DefaultEnv()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name       string
		dyTPerYear float64
	}{
		{"us-response-package", 82 + 273},
		{"allied-buildout", 82 + 273 + 88 + 70 + 21 + 21 + 273},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// The scenario's own capacity, without what price-triggered entry adds.
			sc := resolved(t, env, tt.name)
			off := scenario.Fix(0)
			sc.Parameters.EntryElasticity = &off
			m, err := compile.Compile(env.World, sc)
			if err != nil {
				t.Fatal(err)
			}
			res := sim.NewResult(m)
			sim.NewEngine(m).Run(res)
			for _, b := range res.Summary.Blocked {
				if b.Product == "ndfeb/magnet" {
					t.Errorf("magnet road blocked at %s, %g t/yr", b.Stage, b.GapTPerYear)
				}
			}
			found := false
			for _, sc := range res.Summary.Road {
				if sc.Product != "ndfeb/magnet" {
					continue
				}
				if sc.Month == nil {
					t.Errorf("stage %s never covered", sc.Stage)
				}
				if sc.Stage == "dy/separation" {
					found = true
					if math.Abs(sc.CapacityTPerYear-tt.dyTPerYear) > 0.5 {
						t.Errorf("Dy oxide capacity outside China %g t/yr, want %g", sc.CapacityTPerYear, tt.dyTPerYear)
					}
				}
			}
			if !found {
				t.Error("no dy/separation stage on the magnet road")
			}
		})
	}
}

// TestResponsePlantsSlipTogether: a plant written as one entry per product (Dy and Tb
// oxide) draws one delay per entry; the response scenarios correlate the entries of one
// plant, so that in a replication its lines start together.
func TestResponsePlantsSlipTogether(t *testing.T) {
	env, err := scenario.DefaultEnv()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ scenario, plant string }{
		{"us-response-package", "Lynas Texas heavy-RE plant"},
		{"allied-buildout", "Lynas Texas heavy-RE plant"},
		{"allied-buildout", "Lynas Malaysia heavy-RE plant"},
	} {
		t.Run(tt.scenario+"/"+tt.plant, func(t *testing.T) {
			dy := "projects[" + tt.plant + " Dy].delay_risk_months"
			tb := "projects[" + tt.plant + " Tb].delay_risk_months"
			for _, c := range resolved(t, env, tt.scenario).Correlations {
				if slices.Contains(c.Params, dy) && slices.Contains(c.Params, tb) && len(c.Params) == 2 && c.Rho >= 0.99 {
					return
				}
			}
			t.Errorf("no correlation of %s and %s with rho >= 0.99", dy, tb)
		})
	}
}
