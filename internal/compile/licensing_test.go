package compile

import (
	"fmt"
	"testing"

	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
)

// TestLicensedFlows: under China's licensing of gallium to all at approval 0.5, buyers
// apply again each month for what was refused, so China ships the EU far more than half
// its baseline tonnage (the same scenario without the licence), yet less than all of it
// (trial 6: 86-92 % a few months in). A control that does not reach the importer gives
// no importer figures; a scenario with no licensing in force gives nothing.
func TestLicensedFlows(t *testing.T) {
	ds, env := testEnv(t)
	const head = "name: fixture\nimporter: EU27\nrival: CHN\nstart: 2026-01\nend: 2028-12\n"
	flows := func(t *testing.T, body string) (*result.Run, []result.LicensedFlow) {
		t.Helper()
		sc, err := scenario.Parse("fixture.yaml", []byte(head+body), env)
		if err != nil {
			t.Fatalf("parse: %v", err)
		}
		if sc, err = scenario.Resolve(sc, scenario.Builtin); err != nil {
			t.Fatalf("resolve: %v", err)
		}
		_, res, err := Run(ds, sc, RunOptions{})
		if err != nil {
			t.Fatal(err)
		}
		r := result.FromSim(res)
		return r, LicensedFlows(ds, sc, r)
	}
	const control = `controls:
  - id: ga-lic
    exporter: CHN
    products: [gallium]
    destinations: [%s]
    kind: licensing
    start: 2027-01
    licensing: {approval: 0.5, processing_working_days: 45}
`
	for _, tc := range []struct {
		name, dest string
		reaches    bool
	}{
		{"to all", "all", true},
		{"to the EU through a member", "DEU", true},
		{"to Japan only", "JPN", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, fs := flows(t, fmt.Sprintf(control, tc.dest))
			if len(fs) != 1 {
				t.Fatalf("flows %+v, want one for refined gallium", fs)
			}
			f := fs[0]
			if f.Control != "ga-lic" || f.Exporter != "CHN" || f.Product != "gallium/refined" || f.Approval != 0.5 ||
				f.From != r.Start+12 || f.To != r.Start+35 || f.Months != 24 || f.ReachesImporter != tc.reaches {
				t.Errorf("flow %+v: want ga-lic, CHN, gallium/refined, approval 0.5, 2027-01 to 2028-12 (24 months), reaches EU %v", f, tc.reaches)
			}
			if f.ToDestinationsBaselineT <= 0 || f.ToDestinationsT >= f.ToDestinationsBaselineT {
				t.Errorf("to its destinations: %v t against %v at baseline, want less than the baseline", f.ToDestinationsT, f.ToDestinationsBaselineT)
			}
			if all := tc.dest == "all"; f.AllDestinations != all || all != (len(f.Destinations) == len(r.Countries)-1) {
				t.Errorf("destinations %v (all %v), want all: %v", f.Destinations, f.AllDestinations, all)
			}
			if !tc.reaches {
				if f.ToImporterT != 0 || f.ToImporterBaselineT != 0 {
					t.Errorf("a control that does not reach the EU gives it %v t against %v", f.ToImporterT, f.ToImporterBaselineT)
				}
				return
			}
			if share := f.ToImporterT / f.ToImporterBaselineT; !(share > 0.5 && share < 1) {
				t.Errorf("CHN shipped the EU %.3f of its baseline gallium at approval 0.5, want above 0.5 (re-application) and below 1", share)
			}
		})
	}
	t.Run("no licensing", func(t *testing.T) {
		if _, fs := flows(t, ""); fs != nil {
			t.Errorf("flows %+v without a licensing control", fs)
		}
	})
}
