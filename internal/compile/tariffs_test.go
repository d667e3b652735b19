package compile

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
)

// TestInertTariffs: a tariff on China's magnets into the USA changes nothing (the data's
// only other maker, ROW, ships the USA none), nor one at 0 % or one on every supplier
// alike; one on antimony, which the USA also buys elsewhere, shifts sourcing; and one on a
// flow China licenses moves the USA's applications away from China, which changes the
// run, so it is not listed.
func TestInertTariffs(t *testing.T) {
	ds, env := testEnv(t)
	const licensing = `controls:
  - {id: lic, exporter: CHN, products: [ndfeb/magnet], destinations: [USA], kind: licensing, start: 2025-04, licensing: {approval: 0.25, processing_working_days: 45}}
`
	tariff := func(exporter, products string, rate int) string {
		return "  - {importer: USA, exporter: " + exporter + ", products: [" + products + "], rate_pct: " + fmt.Sprint(rate) + ", start: 2025-03}\n"
	}
	from, to := result.Month(12*2025+2), result.Month(12*2026+11)
	for _, c := range []struct {
		name, body string
		want       []result.InertTariff
	}{
		{"sole supplier", "tariffs:\n" + tariff("CHN", "ndfeb/magnet", 1000), []result.InertTariff{
			{Index: 0, Exporter: "CHN", RatePct: 1000, Product: "ndfeb/magnet", From: from, To: to, Reason: result.TariffSoleSupplier, OtherMakers: []string{"ROW"}}}},
		{"zero and uniform", "tariffs:\n" + tariff("CHN", "antimony/refined", 0) + tariff("all", "antimony/refined", 50), []result.InertTariff{
			{Index: 0, Exporter: "CHN", Product: "antimony/refined", From: from, To: to, Reason: result.TariffZero},
			{Index: 1, Exporter: "all", RatePct: 50, Product: "antimony/refined", From: from, To: to, Reason: result.TariffUniform}}},
		{"other suppliers", "tariffs:\n" + tariff("CHN", "antimony/refined", 100), nil},
		{"licensed flow", licensing + "tariffs:\n" + tariff("CHN", "ndfeb/magnet", 1000), nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			body := header + c.body
			sc, err := scenario.Parse("fixture.yaml", []byte(body), env)
			if err != nil {
				t.Fatal(err)
			}
			if got := InertTariffs(ds, sc, result.FromSim(runYAML(t, body))); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}
