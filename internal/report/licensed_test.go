package report

import (
	"reflect"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/result"
)

// TestLicensedSentences: each licensing control gets one sentence giving, per product,
// the share of its baseline tonnage the exporter shipped to the importer and to all
// destinations, and the first says once why it is far above the approval rate.
func TestLicensedSentences(t *testing.T) {
	r := testRun(0)
	from, to := r.Start+3, r.Start+23
	r.LicensedFlows = []result.LicensedFlow{
		{Control: "lic", Exporter: "CHN", Product: "ndpr/oxide", Approval: 0.5, From: from, To: to, Months: 21,
			ReachesImporter: true, ToImporterT: 89, ToImporterBaselineT: 100,
			Destinations: []string{"USA"}, AllDestinations: true, ToDestinationsT: 89, ToDestinationsBaselineT: 100},
		{Control: "lic", Exporter: "CHN", Product: "ndpr/magnet", Approval: 0.5, From: from, To: to, Months: 21,
			ReachesImporter: true, ToImporterT: 0, ToImporterBaselineT: 0,
			Destinations: []string{"USA"}, AllDestinations: true, ToDestinationsT: 0, ToDestinationsBaselineT: 0},
		// Toward other countries, with a suspension and a later rate.
		{Control: "row", Exporter: "CHN", Product: "ndpr/oxide", Approval: 0.25, ApprovalChanges: true, From: from, To: to, Months: 12,
			Destinations: []string{"JPN", "KOR"}, ToDestinationsT: 910, ToDestinationsBaselineT: 1000},
		{Control: "row", Exporter: "CHN", Product: "ndpr/magnet", Approval: 0.25, ApprovalChanges: true, From: from, To: to, Months: 12,
			Destinations: []string{"JPN", "KOR"}, ToDestinationsT: 700, ToDestinationsBaselineT: 1000},
		// Toward everyone, the importer among them.
		{Control: "all", Exporter: "CHN", Product: "ndpr/magnet", Approval: 0.5, From: from, To: to, Months: 21,
			ReachesImporter: true, ToImporterT: 80, ToImporterBaselineT: 100,
			Destinations: []string{"JPN", "KOR", "USA"}, AllDestinations: true, ToDestinationsT: 850, ToDestinationsBaselineT: 1000},
		// Everything applied for is approved: nothing to say.
		{Control: "military", Exporter: "CHN", Product: "ndpr/magnet", Approval: 1, From: from, To: to, Months: 21,
			ReachesImporter: true, ToImporterT: 100, ToImporterBaselineT: 100},
	}
	own, others := licensedSentences(&pageCtx{}, r)
	const against = ", against the same run without licensing."
	const why = ", against the same run without licensing: buyers apply again each month for what was refused, so approval is the share of each month's applications approved, not of the flow (to cap the flow, write a quota; docs/scenario-format.md, Licensing)."
	// Controls that reach the importer come first, in the verdict's lead; the one toward
	// JPN and KOR alone follows the importer's own lines and says it does not reach USA
	// (trial 9: a Japanese run opened on China's shipments to the USA).
	wantOwn := []string{
		"Under CHN's licensing of NdPr oxide (control lic, approval 50%), CHN shipped to USA 89% of its baseline tonnage of NdPr oxide over 2025-04 to 2026-12" + why,
		"Under CHN's licensing of NdPr magnet (control all, approval 50%), CHN shipped to USA 80% of its baseline tonnage of NdPr magnet, and to all destinations 85% of NdPr magnet over 2025-04 to 2026-12" + against,
	}
	wantOthers := []string{
		"Under CHN's licensing of NdPr oxide and NdPr magnet (control row, approval 25% at first; it does not reach USA), CHN shipped to JPN and KOR 91% of its baseline tonnage of NdPr oxide and 70% of NdPr magnet over 2025-04 to 2026-12 (12 months in force)" + against,
	}
	if !reflect.DeepEqual(own, wantOwn) || !reflect.DeepEqual(others, wantOthers) {
		t.Errorf("got  %q\n     %q\nwant %q\n     %q", own, others, wantOwn, wantOthers)
	}
	// With no control toward the importer, the first of the others explains re-application.
	r.LicensedFlows = r.LicensedFlows[2:4]
	if own, others := licensedSentences(&pageCtx{}, r); own != nil || len(others) != 1 || !strings.HasSuffix(others[0], why) {
		t.Errorf("only a control away from the importer: got %q and %q, want none and one ending %q", own, others, why)
	}
	r.LicensedFlows = nil
	if own, others := licensedSentences(&pageCtx{}, r); own != nil || others != nil {
		t.Errorf("no licensed flows: got %q and %q", own, others)
	}
}

// TestLicensedShareAboveBaseline: a tonnage above the run without licensing is not a
// share above 100 % (a trial read "249.1% of its baseline tonnage" as a bug) but "more
// than in the run without licensing" with the multiple, and "of its baseline tonnage"
// goes with the first share that is one.
func TestLicensedShareAboveBaseline(t *testing.T) {
	r := testRun(0)
	from, to := r.Start+3, r.Start+23
	flow := func(product string, shipped float64) result.LicensedFlow {
		return result.LicensedFlow{Control: "lic", Exporter: "CHN", Product: product, Approval: 0.2, From: from, To: to, Months: 21,
			ReachesImporter: true, ToImporterT: shipped, ToImporterBaselineT: 100, Destinations: []string{"USA"}}
	}
	for _, tc := range []struct {
		name  string
		flows []result.LicensedFlow
		want  string
	}{
		{"all below", []result.LicensedFlow{flow("ndpr/oxide", 60), flow("ndpr/magnet", 99.9)},
			"CHN shipped to USA 60% of its baseline tonnage of NdPr oxide and 99.9% of NdPr magnet over"},
		{"first above", []result.LicensedFlow{flow("ndpr/oxide", 249.1), flow("ndpr/magnet", 58.7)},
			"CHN shipped to USA more NdPr oxide than in the run without licensing (2.49 times as much) and 58.7% of its baseline tonnage of NdPr magnet over"},
		{"both above", []result.LicensedFlow{flow("ndpr/oxide", 544.5), flow("ndpr/magnet", 101)},
			"CHN shipped to USA more NdPr oxide than in the run without licensing (5.45 times as much) and more NdPr magnet than in the run without licensing (1.01 times as much) over"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r.LicensedFlows = tc.flows
			got, _ := licensedSentences(&pageCtx{}, r)
			if len(got) != 1 || !strings.Contains(got[0], tc.want) {
				t.Errorf("got %q, want it to contain %q", got, tc.want)
			}
		})
	}
}
