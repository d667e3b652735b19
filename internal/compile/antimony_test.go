package compile

import "testing"

// TestAntimonyChinaExports: China refines imported concentrate (52,356 t of refining on
// 40,000 t of mine output, sim_processes.csv), so with no controls it exports refined
// antimony, the USA among its buyers; a ban toward the USA moves that tonnage.
func TestAntimonyChinaExports(t *testing.T) {
	const month = 5
	base := runYAML(t, "")
	banned := runYAML(t, `controls:
  - {id: ban, exporter: CHN, products: [antimony/mine, antimony/refined], destinations: [USA], kind: ban, start: 2025-01}
`)
	p, chn, usa := prodIdx(t, base, "antimony/refined"), countryIdx(t, base, "CHN"), countryIdx(t, base, "USA")
	baseExp := exports(base, month, p, chn)
	if baseExp <= 0 {
		t.Fatalf("no controls: China exports %g t/month of refined antimony, want > 0", baseExp)
	}
	baseToUS := base.RivalExportsByDestination[month][p][usa]
	if baseToUS <= 0 {
		t.Errorf("no controls: China ships %g t/month to the USA, want > 0", baseToUS)
	}
	if got := banned.RivalExportsByDestination[month][p][usa]; got != 0 {
		t.Errorf("ban: China ships %g t/month to the USA, want 0", got)
	}
	if got := exports(banned, month, p, chn); got >= baseExp {
		t.Errorf("ban: China exports %g t/month, no less than the %g without controls", got, baseExp)
	}
}
