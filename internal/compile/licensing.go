package compile

import (
	"slices"

	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/world"
)

// LicensedFlows sets, for each licensing control of sc in force within the run r and
// each product it covers that its exporter ships, what the exporter shipped to the
// importer and to all destinations over the control's months beside what it shipped in
// the same months of a baseline run: sc without its licensing controls (and their
// suspensions), everything else kept. It runs that baseline, so it costs one more run;
// a scenario with no licensing control in force gets none.
//
// The engine's buyers apply again each month for what was refused (their requests
// include the gap in their stocks), so a licence approving half of each month's
// applications lets far more than half of the flow through (a trial: 86-92 % of China's
// gallium at approval 0.5); the report states the shipped share so that `approval` is
// not read as the share of the flow.
func LicensedFlows(ds *world.Dataset, sc *scenario.Scenario, r *result.Run) []result.LicensedFlow {
	if sc == nil || r.Months == 0 || len(r.CountryExports) < r.Months || len(r.ImportsByOrigin) < r.Months || len(r.RivalExportsByDestination) < r.Months {
		return nil
	}
	first := scenario.Month(r.Start)
	last := first + scenario.Month(r.Months-1)
	var licensing []scenario.Control
	for _, c := range sc.Controls {
		if c.Kind == scenario.Licensing && c.Licensing != nil && len(inForceMonths(sc, c, first, last)) > 0 {
			licensing = append(licensing, c)
		}
	}
	if len(licensing) == 0 {
		return nil
	}
	base := *sc
	base.Controls = slices.DeleteFunc(slices.Clone(sc.Controls), func(c scenario.Control) bool { return c.Kind == scenario.Licensing })
	base.Suspensions = slices.DeleteFunc(slices.Clone(sc.Suspensions), func(s scenario.Suspension) bool {
		return !slices.ContainsFunc(base.Controls, func(c scenario.Control) bool { return c.ID == s.Control })
	})
	_, res, err := Run(ds, &base, RunOptions{})
	if err != nil {
		return nil // the scenario compiled with them; without them it compiles too
	}
	b := result.FromSim(res)
	if b.Months != r.Months || len(b.Products) != len(r.Products) || len(b.Countries) != len(r.Countries) {
		return nil
	}
	rival := slices.Index(r.Countries, r.Rival)
	var out []result.LicensedFlow
	for _, c := range licensing {
		ex := slices.Index(r.Countries, node(ds, c.Exporter))
		if ex < 0 {
			continue
		}
		months := inForceMonths(sc, c, first, last)
		var dest []int
		for i, country := range r.Countries {
			if i != ex && reaches(ds, c, country) {
				dest = append(dest, i)
			}
		}
		// The run records the rival's exports by destination, and every exporter's
		// total: a control of another exporter toward some destinations only gets no
		// destination figures.
		everyone := len(dest) == len(r.Countries)-1
		if ex != rival && !everyone {
			dest = nil
		}
		for p, info := range r.Products {
			if !slices.ContainsFunc(c.Products, func(id string) bool { return id == info.ID || id == info.Material }) {
				continue
			}
			f := result.LicensedFlow{Control: c.ID, Exporter: r.Countries[ex], Product: info.ID,
				Approval: c.Licensing.Approval.Point(), ApprovalChanges: len(c.Licensing.ApprovalChanges) > 0,
				From: result.Month(months[0]), To: result.Month(months[len(months)-1]), Months: len(months),
				ReachesImporter: reaches(ds, c, r.Importer) && r.Countries[ex] != r.Importer, AllDestinations: everyone}
			for _, i := range dest {
				f.Destinations = append(f.Destinations, r.Countries[i])
			}
			for _, m := range months {
				t := int(m - first)
				switch {
				case ex == rival:
					for _, i := range dest {
						f.ToDestinationsT += r.RivalExportsByDestination[t][p][i]
						f.ToDestinationsBaselineT += b.RivalExportsByDestination[t][p][i]
					}
				case everyone:
					f.ToDestinationsT += r.CountryExports[t][p][ex]
					f.ToDestinationsBaselineT += b.CountryExports[t][p][ex]
				}
				if f.ReachesImporter {
					f.ToImporterT += r.ImportsByOrigin[t][p][ex]
					f.ToImporterBaselineT += b.ImportsByOrigin[t][p][ex]
				}
			}
			if f.ToDestinationsBaselineT > 0 || f.ToImporterBaselineT > 0 {
				out = append(out, f)
			}
		}
	}
	return out
}

// inForceMonths lists the months from first to last in control c's window and not in a
// suspension of it.
func inForceMonths(sc *scenario.Scenario, c scenario.Control, first, last scenario.Month) []scenario.Month {
	var out []scenario.Month
	for m := first; m <= last; m++ {
		if c.Window.Contains(m) && !slices.ContainsFunc(sc.Suspensions, func(s scenario.Suspension) bool { return s.Control == c.ID && s.Window.Contains(m) }) {
			out = append(out, m)
		}
	}
	return out
}

// reaches reports whether control c covers exports toward country (a model node):
// named, through a group it belongs to, or through "all", and not excepted.
func reaches(ds *world.Dataset, c scenario.Control, country string) bool {
	names := func(list []string) bool {
		return slices.ContainsFunc(list, func(s string) bool {
			return s == scenario.All || node(ds, s) == country || ds.InGroup(country, s)
		})
	}
	return names(c.Destinations) && !names(c.Except)
}
