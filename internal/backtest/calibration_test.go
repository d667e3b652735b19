package backtest

import (
	"math"
	"testing"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

func testEnv(t testing.TB) (*world.Dataset, scenario.Env) {
	t.Helper()
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	env := scenario.Env{World: ds, Products: scenario.WorldCatalogue(ds)}
	env.Base = scenario.NewLibrary(scenario.BuiltinFiles(), "builtin", env).Scenario
	return ds, env
}

// calibratedMet is how many targets the calibrated defaults meet, as docs/validation.md
// reports: a change that loses one fails here, and one that gains must update it.
const calibratedMet = 24

// TestCalibrationTable is the calibration table on the embedded data: every target is
// complete and scored, and the calibrated defaults meet the number docs/validation.md
// reports (calibratedMet, below the 80% goal: the misses are listed there).
func TestCalibrationTable(t *testing.T) {
	ds, env := testEnv(t)
	c, err := Calibrate(ds, env, scenario.Parameters{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, x := range c.Targets {
		t.Logf("%-8s %-66s observed %9.3f model %9.3f met %v", x.ID, x.Name, x.Observed, x.Model, x.Met())
		if x.ID == "" || x.Episode == "" || x.ObservedText == "" || x.HowComputed == "" {
			t.Errorf("%s: incomplete target %+v", x.Name, x)
		}
		if math.IsNaN(x.Observed) || x.ObservedHigh < x.Observed {
			t.Errorf("%s: observed %v to %v", x.Name, x.Observed, x.ObservedHigh)
		}
		if seen[x.Name] {
			t.Errorf("two targets named %q", x.Name)
		}
		seen[x.Name] = true
	}
	if got := c.Met(); got != calibratedMet {
		t.Errorf("%d of %d targets met, docs/validation.md reports %d: regenerate it and update calibratedMet", got, len(c.Targets), calibratedMet)
	}
}

// TestEpisode2010Quota: the 2010 scenario's yearly quota is 30,258 / 50,145 of China's
// baseline exports of the quota's products, as its comment derives, on the embedded data.
func TestEpisode2010Quota(t *testing.T) {
	ds, env := testEnv(t)
	sc, err := Episode2010Scenario(env)
	if err != nil {
		t.Fatal(err)
	}
	q := sc.Controls[len(sc.Controls)-1]
	if q.QuotaTPerYear == nil || q.QuotaTPerYear.Point() != quotaTPerYear {
		t.Fatalf("episode quota %+v, want %v t/year", q.QuotaTPerYear, float64(quotaTPerYear))
	}
	base, err := env.Base("baseline-2025")
	if err != nil {
		t.Fatal(err)
	}
	if base, err = scenario.Resolve(base, env.Base); err != nil {
		t.Fatal(err)
	}
	_, r, err := compile.Run(ds, base, compile.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	start := r.Start
	perYear := 12 * series{r}.exports(start, start, quotaProducts...)
	want := perYear * 30258 / 50145
	if math.Abs(want-quotaTPerYear) > 0.5 {
		t.Errorf("quota %v t/year, want %.1f (30,258/50,145 of %.1f t/year of baseline exports)", float64(quotaTPerYear), want, perYear)
	}
}

// TestCalibrateOverride: a parameter override reaches every run (the engine parameters
// reported are the override's).
func TestCalibrateOverride(t *testing.T) {
	ds, env := testEnv(t)
	p := scenario.Fix(0.42)
	c, err := Calibrate(ds, env, scenario.Parameters{PriceAdjustment: &p})
	if err != nil {
		t.Fatal(err)
	}
	if c.Parameters.PriceAdjustment != 0.42 {
		t.Errorf("price adjustment %v, want 0.42", c.Parameters.PriceAdjustment)
	}
}

// TestEpisode2010IsNotAKnifeEdge: a change of 1e-12 in the price adjustment moves no
// monthly series of the 2010 quota episode by more than 1e-6 relative. It failed by 0.85%
// (Malaysia's exports, the quota's second month) while a quota remainder of 1e-13 t
// could keep China open to the second pass (sim's quotaSpent).
func TestEpisode2010IsNotAKnifeEdge(t *testing.T) {
	ds, env := testEnv(t)
	run := func(theta float64) *sim.Result {
		sc, err := Episode2010Scenario(env)
		if err != nil {
			t.Fatal(err)
		}
		p := scenario.Fix(theta)
		sc.Parameters.PriceAdjustment = &p
		_, r, err := compile.Run(ds, sc, compile.RunOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a, b := run(0.15), run(0.15*(1+1e-12))
	for _, s := range []struct {
		name string
		x, y [][][]float64
	}{{"country exports", a.CountryExports, b.CountryExports}, {"imports by origin", a.ImportsByOrigin, b.ImportsByOrigin}} {
		for m := range s.x {
			for p := range s.x[m] {
				for c := range s.x[m][p] {
					x, y := s.x[m][p][c], s.y[m][p][c]
					if math.Abs(x-y) > 1e-6*max(math.Abs(x), 1) {
						t.Fatalf("%s of %s, %s, month %d: %.9g against %.9g", s.name, a.Products[p].ID, a.Countries[c], m, x, y)
					}
				}
			}
		}
	}
}
