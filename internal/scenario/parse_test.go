package scenario

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/world"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// testEnv is the embedded world dataset, DefaultCatalogue and the scenarios of
// testdata/library to extend.
func testEnv(t testing.TB) Env {
	t.Helper()
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	return Env{World: ds, Products: DefaultCatalogue, Base: testLibrary(ds).Scenario}
}

// testLibrary holds the scenarios fixtures may extend.
func testLibrary(ds *world.Dataset) *Library {
	return NewLibrary(os.DirFS("testdata/library"), "testdata/library", Env{World: ds, Products: DefaultCatalogue})
}

// badFiles are the expected messages of each testdata/*.bad.yaml, without the
// "testdata/" every message starts with.
var badFiles = []struct {
	file string
	want []string
}{
	{"approval_changes.bad.yaml", []string{
		`approval_changes.bad.yaml:16:18: controls[0].licensing.approval_changes[0].from: must be after the control's start 2025-04, got 2025-03`,
		`approval_changes.bad.yaml:18:18: controls[0].licensing.approval_changes[2].from: must be after the previous change 2025-09, got 2025-08`,
		`approval_changes.bad.yaml:19:18: controls[0].licensing.approval_changes[3].from: must not be after the control's end 2026-11, got 2027-01`,
	}},
	{"approval_range.bad.yaml", []string{
		`approval_range.bad.yaml:12:17: controls[0].licensing.approval: must be within [0, 1], got 1.4`,
	}},
	{"bad_distributions.bad.yaml", []string{
		`bad_distributions.bad.yaml:8:26: projects[0].capacity_t_per_year: triangular distribution needs min <= mode <= max, got min 100, mode 50, max 200`,
		`bad_distributions.bad.yaml:13:26: projects[1].capacity_t_per_year: normal distribution needs sd > 0, got 0`,
		`bad_distributions.bad.yaml:18:26: projects[2].capacity_t_per_year: discrete distribution needs one weight per value, got 3 values and 2 weights`,
		`bad_distributions.bad.yaml:23:33: projects[3].capacity_t_per_year.dist: must be one of triangular, uniform, normal, lognormal, discrete, got "beta"`,
		`bad_distributions.bad.yaml:28:50: projects[4].capacity_t_per_year.mode: unknown key (want one of dist, min, max)`,
		`bad_distributions.bad.yaml:33:26: projects[5].capacity_t_per_year: lognormal distribution needs 0 < median < p95, got median 10, p95 5`,
		`bad_distributions.bad.yaml:38:26: projects[6].capacity_t_per_year.dist: required (one of triangular, uniform, normal, lognormal, discrete)`,
	}},
	{"bad_month.bad.yaml", []string{
		`bad_month.bad.yaml:7:12: priority[0].start: must be a month YYYY-MM, got "2025-13" (month 13 is not 01 to 12)`,
		`bad_month.bad.yaml:10:12: priority[1].start: must be a month YYYY-MM, got "2025-04-01"`,
	}},
	{"distribution_range.bad.yaml", []string{
		`distribution_range.bad.yaml:7:15: outages[0].fraction: must be within [0, 1], but the triangular distribution reaches 1.2`,
		`distribution_range.bad.yaml:9:13: outages[0].months: must be within (0, 3612], but the normal distribution reaches -Inf (truncate it with min and max)`,
		`distribution_range.bad.yaml:12:15: outages[1].fraction: must be within [0, 1], but the lognormal distribution reaches 590.063354557008`,
		`distribution_range.bad.yaml:14:13: outages[1].months: must be within (0, 3612], but the discrete distribution reaches 0`,
	}},
	{"duplicate_control_id.bad.yaml", []string{
		`duplicate_control_id.bad.yaml:11:9: controls[1].id: duplicate id "ann18" (first at controls[0], line 5)`,
	}},
	{"duplicate_key.bad.yaml", []string{
		`duplicate_key.bad.yaml:4:1: importer: duplicate key (first at line 2)`,
	}},
	{"empty.bad.yaml", []string{
		`empty.bad.yaml: empty file (want a mapping with at least name)`,
	}},
	{"extends_cycle.bad.yaml", []string{
		`extends_cycle.bad.yaml:4:10: extends: cycle baseline-2025 -> with-controls -> baseline-2025`,
	}},
	{"extends_cycle_library.bad.yaml", []string{
		`extends_cycle_library.bad.yaml:2:10: extends: scenario "cycle-b" is invalid: testdata/library/cycle-b.yaml:3:10: extends: cycle cycle-b -> cycle-a -> cycle-b`,
	}},
	{"extends_overlap.bad.yaml", []string{
		`extends_overlap.bad.yaml:4:9: controls[0].id: duplicate id "ann18" (already in the extended scenario)`,
		`extends_overlap.bad.yaml:10:5: controls[1]: overlaps an entry of the extended scenario (testdata/library/with-controls.yaml:5:5): both are licensing controls by CHN on dy/metal toward JPN from 2026-01`,
		`extends_overlap.bad.yaml:18:5: suspensions[0]: suspends control ann18-ga outside its window 2023-08..2025-06`,
	}},
	{"extends_unknown.bad.yaml", []string{
		`extends_unknown.bad.yaml:2:10: extends: unknown scenario "baseline-2026"`,
	}},
	{"horizon.bad.yaml", []string{
		`horizon.bad.yaml:5:6: end: the horizon 2030-01..2029-12 is reversed`,
	}},
	{"licensing_missing.bad.yaml", []string{
		`licensing_missing.bad.yaml:5:5: controls[0].licensing: required for kind licensing`,
	}},
	{"missing_required.bad.yaml", []string{
		`missing_required.bad.yaml:1:1: name: required`,
		`missing_required.bad.yaml:5:5: controls[0].kind: required`,
	}},
	{"negative_capacity.bad.yaml", []string{
		`negative_capacity.bad.yaml:8:26: projects[0].capacity_t_per_year: must be within (0, 1e+12], got -7000`,
		`negative_capacity.bad.yaml:9:17: projects[0].capex_musd: must be within [0, 1e+09], got -1`,
	}},
	{"not_a_mapping.bad.yaml", []string{
		`not_a_mapping.bad.yaml:1:1: the file must be a mapping of scenario keys, got a list`,
	}},
	{"overflow.bad.yaml", []string{
		`overflow.bad.yaml:5:64: demand_growth[0].pct_per_year: must be within (-100, 100], got 1e+308`,
		`overflow.bad.yaml:7:62: price_floors[0].usd_per_kg: must be within (0, 1e+06], got 1e+308`,
		`overflow.bad.yaml:9:58: inventories[0].months_of_cover: must be within [0, 3612], got 1e+308`,
		`overflow.bad.yaml:11:55: recycling[0].t_per_year: must be within [0, 1e+12], got 1e+308`,
		`overflow.bad.yaml:13:73: projects[0].capacity_t_per_year: must be within (0, 1e+12], but the lognormal distribution reaches 8.006428227912582e+18`,
		`overflow.bad.yaml:15:14: parameters.price_cap: must be within [1, 1000], got 1e+308`,
		`overflow.bad.yaml:16:28: parameters.demand_price_elasticity: must be within [-100, 0], got -1e+308`,
	}},
	{"overlapping_controls.bad.yaml", []string{
		`overlapping_controls.bad.yaml:13:5: controls[1]: overlaps controls[0] (line 5): both are licensing controls by CHN on dy/metal toward JPN from 2025-10`,
	}},
	{"overlapping_suspensions.bad.yaml", []string{
		`overlapping_suspensions.bad.yaml:16:5: suspensions[1]: overlaps suspensions[0] (line 13): both suspend control sb-ban from 2026-06`,
		`overlapping_suspensions.bad.yaml:19:5: suspensions[2]: suspends control sb-ban outside its window 2024-12..2027-12`,
		`overlapping_suspensions.bad.yaml:24:10: suspensions[3].end: 2023-06 is before the scenario's start 2025-01, so it would act on nothing`,
	}},
	{"outside_horizon.bad.yaml", []string{
		`outside_horizon.bad.yaml:13:12: controls[0].start: 2031-01 is after the scenario's end 2030-12, so it would act on nothing`,
		`outside_horizon.bad.yaml:20:10: controls[1].end: 2025-12 is before the scenario's start 2026-01, so it would act on nothing`,
		`outside_horizon.bad.yaml:30:65: controls[2].licensing.approval_changes[1].from: 2031-06 is after the scenario's end 2030-12, so the change would act on nothing`,
		`outside_horizon.bad.yaml:33:12: suspensions[0].start: 2032-01 is after the scenario's end 2030-12, so it would act on nothing`,
		`outside_horizon.bad.yaml:39:12: tariffs[0].start: 2031-03 is after the scenario's end 2030-12, so it would act on nothing`,
		`outside_horizon.bad.yaml:44:12: outages[0].start: 2032-01 is after the scenario's end 2030-12, so the outage would act on nothing`,
		`outside_horizon.bad.yaml:49:12: outages[1].start: 2025-01 with at most 12 months ends in 2025-12, before the scenario's start 2026-01, so the outage would act on nothing`,
		`outside_horizon.bad.yaml:62:10: demand_growth[0].end: 2025-06 is before the scenario's start 2026-01, so it would act on nothing`,
		`outside_horizon.bad.yaml:69:16: projects[0].announced: 2031-01 is after the scenario's end 2030-12, so the project would act on nothing`,
		`outside_horizon.bad.yaml:76:12: emergency_powers[0].start: 2033-03 is after the scenario's end 2030-12, so it would act on nothing`,
		`outside_horizon.bad.yaml:83:17: stockpiles[0].purchases[0].start: 2031-01 is after the scenario's end 2030-12, so it would act on nothing`,
		`outside_horizon.bad.yaml:89:12: offtakes[0].start: 2035-01 is after the scenario's end 2030-12, so it would act on nothing`,
		`outside_horizon.bad.yaml:94:12: recycling[0].start: 2031-01 is after the scenario's end 2030-12, so it would act on nothing`,
		`outside_horizon.bad.yaml:101:12: substitution[0].start: 2040-06 is after the scenario's end 2030-12, so it would act on nothing`,
		`outside_horizon.bad.yaml:108:10: price_floors[0].end: 2025-09 is before the scenario's start 2026-01, so it would act on nothing`,
		`outside_horizon.bad.yaml:113:12: priority[0].start: 2031-01 is after the scenario's end 2030-12, so it would act on nothing`,
	}},
	{"percentages.bad.yaml", []string{
		`percentages.bad.yaml:8:19: demand_growth[0].pct_per_year: must be within (-100, 100], got -100`,
		`percentages.bad.yaml:14:20: substitution[0].reduction_pct: must be within [0, 100], got 120`,
		`percentages.bad.yaml:18:31: emergency_powers[0].permitting_reduction_pct: must be within [0, 100], but the uniform distribution reaches 150`,
	}},
	{"places.bad.yaml", []string{
		`places.bad.yaml:3:8: rival: importer and rival must differ, both are USA`,
		`places.bad.yaml:8:19: controls[0].destinations: "all" must be the only entry (use except to leave countries out)`,
		`places.bad.yaml:15:14: controls[1].except[0]: JPN is not among the destinations`,
		`places.bad.yaml:20:13: demand_growth[0].sector: unknown sector "aerospace" (want one of defense, ev, wind, electronics, industrial, other, all)`,
		`places.bad.yaml:26:14: stockpiles[0].product: must be a product material/stage, got the material "dy"`,
	}},
	{"country_suggestion.bad.yaml", []string{
		`country_suggestion.bad.yaml:2:11: importer: unknown country "EU" (did you mean "EU27"?)`,
		`country_suggestion.bad.yaml:6:15: controls[0].exporter: unknown country "Chnia" (did you mean "China"?)`,
		`country_suggestion.bad.yaml:8:20: controls[0].destinations[0]: unknown country "Jpan" (did you mean "Japan"?)`,
		`country_suggestion.bad.yaml:8:26: controls[0].destinations[1]: unknown country "XYZ" (want an ISO 3166 alpha-3 code, a group such as EU27, or a name known to the world dataset)`,
		`country_suggestion.bad.yaml:12:13: stockpiles[0].holder: unknown country "European Union" (did you mean "EU27"?)`,
	}},
	{"quota_on_licensing.bad.yaml", []string{
		`quota_on_licensing.bad.yaml:11:24: controls[0].quota_t_per_month: only allowed for kind quota, not licensing`,
		`quota_on_licensing.bad.yaml:13:5: controls[1].quota_t_per_month: required for kind quota (or quota_t_per_year)`,
	}},
	{"before_data.bad.yaml", []string{
		`before_data.bad.yaml:4:8: start: 2023-08 is before the world data's first year 2024, which the simulation needs for demand and capacity; start in 2024-01 or later`,
	}},
	{"quota_year.bad.yaml", []string{
		`quota_year.bad.yaml:12:23: controls[0].quota_t_per_year: set quota_t_per_month or quota_t_per_year, not both`,
		`quota_year.bad.yaml:19:23: controls[1].quota_t_per_year: only allowed for kind quota, not licensing`,
		`quota_year.bad.yaml:27:16: controls[2].announced: must be before the control's start 2025-04, got 2025-06`,
		`quota_year.bad.yaml:29:14: parameters.price_cap: must be within [1, 1000], got 0.5`,
		`quota_year.bad.yaml:30:21: parameters.price_adjustment: must be within (0, 1], got 0`,
		`quota_year.bad.yaml:31:31: parameters.long_run_demand_elasticity: must be within [-100, 0], got 0.2`,
	}},
	{"reversed_window.bad.yaml", []string{
		`reversed_window.bad.yaml:10:10: tariffs[0].end: must not be before start 2025-05, got 2025-03`,
	}},
	{"stockpiles.bad.yaml", []string{
		`stockpiles.bad.yaml:5:5: stockpiles[0].release: required: a stockpile without a release rule never releases; give release: {shortfall_trigger: 0.1, max_t_per_month: ...}, or max_t_per_month: 0 to hold it`,
		`stockpiles.bad.yaml:9:9: stockpiles[0].purchases[1]: overlaps purchases[0]: both buy in 2027-06`,
		`stockpiles.bad.yaml:9:58: stockpiles[0].purchases[1].max_usd_per_kg: must be within (0, 1e+06], got 0`,
		`stockpiles.bad.yaml:10:5: stockpiles[1]: overlaps stockpiles[0] (line 5): both are stockpiles of dy/metal held by USA (write one with several purchases)`,
		`stockpiles.bad.yaml:12:78: stockpiles[1].release.sectors[1]: sector "defense" is listed twice`,
	}},
	{"suspension_unknown_control.bad.yaml", []string{
		`suspension_unknown_control.bad.yaml:12:14: suspensions[0].control: unknown control "oct2052"`,
	}},
	{"syntax_error.bad.yaml", []string{
		`syntax_error.bad.yaml:3: YAML syntax: did not find expected ',' or '}'`,
	}},
	{"two_documents.bad.yaml", []string{
		`two_documents.bad.yaml:4:1: only one YAML document is allowed`,
	}},
	{"unknown_country.bad.yaml", []string{
		`unknown_country.bad.yaml:6:13: offtakes[0].seller: unknown country "Atlantis" (want an ISO 3166 alpha-3 code or a name known to the world dataset)`,
	}},
	{"unknown_key_deep.bad.yaml", []string{
		`unknown_key_deep.bad.yaml:12:7: controls[0].licensing.aproval: unknown key (did you mean "approval"?)`,
	}},
	{"unknown_product.bad.yaml", []string{
		`unknown_product.bad.yaml:6:16: outages[0].products[0]: unknown product "dytb/mine" (valid: antimony/mine, antimony/refined, dy/metal, dy/separation, gallium/refined, germanium/refined, graphite/mine, ionic_clay/mine, ndfeb/magnet, ndpr/metal, ndpr/separation, other/separation, reo/mine, tb/metal, tb/separation, tungsten/mine, or a bare material such as antimony)`,
		`unknown_product.bad.yaml:12:14: stockpiles[0].product: unknown product "ndfeb/magnets" (did you mean "ndfeb/magnet"?) (valid: antimony/mine, antimony/refined, dy/metal, dy/separation, gallium/refined, germanium/refined, graphite/mine, ionic_clay/mine, ndfeb/magnet, ndpr/metal, ndpr/separation, other/separation, reo/mine, tb/metal, tb/separation, tungsten/mine)`,
	}},
	{"wrong_types.bad.yaml", []string{
		`wrong_types.bad.yaml:5:9: controls[0].id: must be a string, got number 18 (quote it)`,
		`wrong_types.bad.yaml:7:15: controls[0].products: must be a list, got "ndfeb/magnet"`,
		`wrong_types.bad.yaml:12:17: controls[0].licensing.approval: must be a number or a distribution, got "0.5"`,
		`wrong_types.bad.yaml:14:24: controls[0].licensing.military_denied: must be true or false, got "yes"`,
	}},
}

func TestBadFiles(t *testing.T) {
	env := testEnv(t)
	files, err := filepath.Glob("testdata/*.bad.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tested := map[string]bool{"many_errors.bad.yaml": true} // TestErrorBound
	for _, tt := range badFiles {
		tested[tt.file] = true
		t.Run(tt.file, func(t *testing.T) {
			sc, err := Load(filepath.Join("testdata", tt.file), env)
			if sc != nil {
				t.Error("a scenario was returned with the error")
			}
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			list, ok := errors.AsType[*ErrorList](err)
			if !ok {
				t.Fatalf("error %T is not an *ErrorList", err)
			}
			var got []string
			for _, e := range list.Errors {
				got = append(got, strings.TrimPrefix(e.Error(), "testdata/"))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("messages:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
	for _, f := range files {
		if !tested[filepath.Base(f)] {
			t.Errorf("%s has no expected messages in badFiles", f)
		}
	}
}

func TestErrorBound(t *testing.T) {
	_, err := Load("testdata/many_errors.bad.yaml", testEnv(t))
	list, ok := errors.AsType[*ErrorList](err)
	if !ok {
		t.Fatalf("err = %v, want an *ErrorList", err)
	}
	if len(list.Errors) != maxErrors || list.Dropped != 10 {
		t.Errorf("%d errors and %d dropped, want %d and 10", len(list.Errors), list.Dropped, maxErrors)
	}
	if msg := err.Error(); !strings.HasSuffix(msg, "\n... and 10 more problems") {
		t.Errorf("message ends %q", msg[max(0, len(msg)-60):])
	}
}

func TestGoodFiles(t *testing.T) {
	env := testEnv(t)
	files, err := filepath.Glob("testdata/*.good.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no good fixtures: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			sc, err := Load(f, env)
			if err != nil {
				t.Fatal(err)
			}
			full, err := Resolve(sc, env.Base)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(full, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden(t, strings.TrimSuffix(f, ".yaml")+".golden.json", append(got, '\n'))
		})
	}
}

// TestDecodedValues checks what the decoder makes of full.good.yaml beyond its golden
// JSON: resolved countries, groups, windows and distributions.
func TestDecodedValues(t *testing.T) {
	sc, err := Load("testdata/full.good.yaml", testEnv(t))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"importer from a name", sc.Importer, "USA"},
		{"rival from a name", sc.Rival, "CHN"},
		{"outage country from an alias", sc.Outages[0].Country, "MMR"},
		{"group kept by name", sc.Controls[0].Except, []string{"EU27"}},
		{"destinations", sc.Controls[1].Destinations, []string{"USA", "JPN"}},
		{"open window", sc.Controls[1].End == nil, true},
		{"end", sc.Controls[0].End.String(), "2026-11"},
		{"triangular point is the mean", sc.Controls[0].Licensing.Approval.Point(), (0.1 + 0.25 + 0.5) / 3},
		{"uniform point is the mean", sc.Controls[1].QuotaTPerMonth.Point(), 10.0},
		{"discrete point is the weighted mean", sc.Projects[0].DelayRiskMonths.Point(), 0.3*6 + 0.2*12},
		{"truncated normal point is the mean", sc.Outages[0].Fraction.Point(), 0.5},
		{"outage window", sc.Outages[0].Window().String(), "2024-10..2025-03"},
		{"military denied", sc.Controls[0].Licensing.MilitaryDenied, true},
		{"item origin", sc.Controls[1].Origin, Origin{File: "testdata/full.good.yaml", Line: 26, Column: 5}},
		{"unset parameter", sc.Parameters.Utilisation == nil, true},
	}
	for _, c := range checks {
		if !equal(c.got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

func equal(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// TestInlineCases covers rules with short inline files.
func TestInlineCases(t *testing.T) {
	const head = "name: inline\nimporter: USA\nrival: CHN\n"
	tests := []struct {
		name, yaml string
		want       string // the first message, without the file name; "" for a valid file
	}{
		{"defaults apply", head, ""},
		{"null is absent", head + "controls:\nend: ~\n", ""},
		{"anchors and aliases", head + "tariffs:\n  - &t {importer: USA, exporter: CHN, products: [ndfeb/magnet], rate_pct: 25, start: 2025-03}\n  - *t\n", ""},
		{"merge keys", head + "tariffs:\n  - {<<: {importer: USA}}\n", "5:6: tariffs[0].<<: merge keys are not supported"},
		{"infinite number", head + "parameters: {utilisation: .inf}\n", "4:27: parameters.utilisation: must be a finite number, got .inf"},
		{"year out of range", head + "start: 0025-01\n", `4:8: start: must be a month YYYY-MM, got "0025-01" (year outside 1900 to 2200)`},
		{"month as a number", head + "start: 202501\n", `4:8: start: must be a month YYYY-MM, got "202501"`},
		{"slug", "name: Not A Slug\nimporter: USA\nrival: CHN\n", `1:7: name: must be a slug of lower-case letters, digits and single hyphens, got "Not A Slug"`},
		{"required null", head + "priority: [{importer: USA, sector: ~, start: 2025-01}]\n", "4:36: priority[0].sector: required, got null"},
		{"all among countries", head + "price_floors: [{product: ndpr/separation, producers: [all, USA], usd_per_kg: 110, start: 2025-10, payer: USA}]\n",
			`4:54: price_floors[0].producers: "all" must be the only entry (use except to leave countries out)`},
		{"country listed twice", head + "price_floors: [{product: ndpr/separation, producers: [USA, United States], usd_per_kg: 110, start: 2025-10, payer: USA}]\n",
			`4:60: price_floors[0].producers[1]: USA is listed twice (first as "USA")`},
		{"products overlap in a list", head + "tariffs: [{importer: USA, exporter: CHN, products: [dy, dy/metal], rate_pct: 1, start: 2025-01}]\n",
			`4:57: tariffs[0].products[1]: "dy/metal" overlaps "dy" listed before`},
		{"empty list", head + "tariffs: [{importer: USA, exporter: CHN, products: [], rate_pct: 1, start: 2025-01}]\n",
			"4:52: tariffs[0].products: must not be empty"},
		{"pseudo-country", head + "priority: [{importer: World, sector: ev, start: 2025-01}]\n",
			`4:23: priority[0].importer: unknown country "World" (want an ISO 3166 alpha-3 code or a name known to the world dataset)`},
		{"all where one country is needed", head + "priority: [{importer: all, sector: ev, start: 2025-01}]\n",
			`4:23: priority[0].importer: "all" is not allowed here`},
		{"tariff importer equals exporter", head + "tariffs: [{importer: USA, exporter: USA, products: [dy], rate_pct: 1, start: 2025-01}]\n",
			"4:37: tariffs[0].exporter: must differ from the importer USA"},
		{"exporter among destinations", head + "controls: [{id: x, exporter: CHN, products: [dy], destinations: [CHN], kind: ban, start: 2025-01}]\n",
			"4:65: controls[0].destinations: must not include the exporter CHN"},
		{"except removes all", head + "controls: [{id: x, exporter: CHN, products: [dy], destinations: [JPN], except: [JPN], kind: ban, start: 2025-01}]\n",
			"4:80: controls[0].except: removes every destination"},
		{"growth overlap through all", head + "demand_growth:\n  - {importer: all, sector: all, products: [dy], pct_per_year: 3, start: 2025-01}\n  - {importer: EU27, sector: ev, products: [dy/metal], pct_per_year: 5, start: 2030-01}\n",
			"6:5: demand_growth[1]: overlaps demand_growth[0] (line 5): both grow ev demand for dy/metal in AUT from 2030-01"},
		{"growth without overlap", head + "demand_growth:\n  - {importer: USA, sector: ev, products: [dy], pct_per_year: 3, start: 2025-01, end: 2029-12}\n  - {importer: USA, sector: ev, products: [dy], pct_per_year: 5, start: 2030-01}\n", ""},
		{"controls of different kinds may overlap", head + "controls:\n  - {id: lic, exporter: CHN, products: [gallium], destinations: [all], kind: licensing, start: 2023-08, licensing: {approval: 0.5, processing_working_days: 45}}\n  - {id: ban, exporter: CHN, products: [gallium], destinations: [USA], kind: ban, start: 2024-12}\n", ""},
		{"controls toward disjoint destinations", head + "controls:\n  - {id: a, exporter: CHN, products: [dy], destinations: [all], except: [USA], kind: ban, start: 2025-01}\n  - {id: b, exporter: CHN, products: [dy], destinations: [USA], kind: ban, start: 2025-01}\n", ""},
		{"emergency powers overlap", head + "emergency_powers:\n  - {country: USA, permitting_reduction_pct: 50, start: 2025-03}\n  - {country: USA, permitting_reduction_pct: 20, start: 2026-01}\n",
			"6:5: emergency_powers[1]: overlaps emergency_powers[0] (line 5): both shorten permitting in USA from 2026-01"},
		{"priority overlap", head + "priority:\n  - {importer: USA, sector: defense, start: 2025-01}\n  - {importer: USA, sector: defense, start: 2026-01}\n",
			"6:5: priority[1]: overlaps priority[0] (line 5): both put defense first in USA from 2026-01"},
		{"price floor overlap", head + "price_floors:\n  - {product: ndpr/separation, producers: [USA], usd_per_kg: 110, start: 2025-10, payer: USA}\n  - {product: ndpr/separation, producers: [all], usd_per_kg: 90, start: 2026-01, payer: USA}\n",
			"6:5: price_floors[1]: overlaps price_floors[0] (line 5): both floor the ndpr/separation price for producers in USA from 2026-01"},
		{"inventory overlap", head + "inventories:\n  - {country: all, products: [ndfeb/magnet], months_of_cover: 3}\n  - {country: JPN, products: [ndfeb], months_of_cover: 6}\n",
			"6:5: inventories[1]: overlaps inventories[0] (line 5): both set the initial ndfeb/magnet inventory in JPN"},
		{"substitution overlap", head + "substitution:\n  - {importer: all, sector: ev, product: dy/metal, reduction_pct: 30, start: 2025-06}\n  - {importer: USA, sector: all, product: dy/metal, reduction_pct: 10, start: 2025-01, end: 2025-06}\n",
			"6:5: substitution[1]: overlaps substitution[0] (line 5): both reduce ev demand for dy/metal in USA from 2025-06"},
		{"outage overlap", head + "outages:\n  - {country: MMR, products: [reo/mine], fraction: 0.5, start: 2024-10, months: 6}\n  - {country: Burma, products: [reo], fraction: 0.2, start: 2025-03, months: 1}\n",
			"6:5: outages[1]: overlaps outages[0] (line 5): both take reo/mine capacity of MMR off line from 2025-03 (write one outage with the combined fraction)"},
		{"outages back to back", head + "outages:\n  - {country: MMR, products: [reo/mine], fraction: 0.5, start: 2024-10, months: 6}\n  - {country: MMR, products: [reo/mine], fraction: 0.2, start: 2025-04, months: 1}\n", ""},
		{"duplicate project name", head + "projects:\n  - {name: P, country: USA, product: dy/metal, capacity_t_per_year: 1, announced: 2025-01}\n  - {name: P, country: USA, product: tb/metal, capacity_t_per_year: 1, announced: 2025-01}\n",
			`6:12: projects[1].name: duplicate name "P" (first at projects[0], line 5)`},
		{"offtake to itself", head + "offtakes: [{buyer: USA, seller: USA, product: dy/metal, t_per_year: 1, start: 2025-01}]\n",
			"4:33: offtakes[0].seller: must differ from the buyer USA"},
		{"EU27 where one country is needed", head + "stockpiles: [{holder: EU27, product: gallium/refined, initial_t: 10, release: {shortfall_trigger: 0.1, max_t_per_month: 1}}]\nrecycling: [{country: EU27, product: gallium/refined, t_per_year: 4, start: 2027-01}]\nofftakes: [{buyer: EU27, seller: RUS, product: gallium/refined, t_per_year: 3, start: 2027-01}]\nprojects: [{name: P, country: EU27, product: gallium/refined, capacity_t_per_year: 1, announced: 2025-01}]\noutages: [{country: EU27, products: [gallium/refined], fraction: 0.5, start: 2025-01, months: 2}]\npriority: [{importer: eu27, sector: ev, start: 2025-01}]\n", ""},
		{"offtake inside the EU27 node", head + "offtakes: [{buyer: EU27, seller: DEU, product: dy/metal, t_per_year: 1, start: 2025-01}]\n",
			"4:34: offtakes[0].seller: must differ from the buyer EU27 (DEU and EU27 are both the simulation's EU27 node)"},
		{"stockpiles of one node", head + "stockpiles:\n  - {holder: DEU, product: dy/metal, initial_t: 1, release: {shortfall_trigger: 0.1, max_t_per_month: 0}}\n  - {holder: EU27, product: dy/metal, initial_t: 1, release: {shortfall_trigger: 0.1, max_t_per_month: 0}}\n",
			"6:5: stockpiles[1]: overlaps stockpiles[0] (line 5): both are stockpiles of dy/metal held by EU27 (write one with several purchases)"},
		{"exporter's node among destinations", head + "controls: [{id: x, exporter: EU27, products: [dy], destinations: [FRA], kind: ban, start: 2025-01}]\n",
			"4:66: controls[0].destinations: must not include the exporter EU27 (FRA and EU27 are both the simulation's EU27 node)"},
		{"importer and rival one node", "name: inline\nimporter: EU27\nrival: DEU\n",
			"3:8: rival: importer and rival must differ, both are the EU27 node (rival DEU)"},
		{"key not a string", head + "? [a]\n: 1\n", "4:3: keys must be plain strings, got a list"},
		{"window after the file's own end", "name: x\nextends: baseline-2025\nend: 2027-12\ntariffs: [{importer: USA, exporter: CHN, products: [ndfeb/magnet], rate_pct: 25, start: 2028-01}]\n",
			"4:89: tariffs[0].start: 2028-01 is after the scenario's end 2027-12, so it would act on nothing"},
		{"window after the inherited end", "name: x\nextends: baseline-2025\ntariffs: [{importer: USA, exporter: CHN, products: [ndfeb/magnet], rate_pct: 25, start: 2036-01}]\n",
			"3:89: tariffs[0].start: 2036-01 is after the scenario's end 2035-12, so it would act on nothing"},
		{"window inside the file's later end", "name: x\nextends: baseline-2025\nend: 2040-12\ntariffs: [{importer: USA, exporter: CHN, products: [ndfeb/magnet], rate_pct: 25, start: 2036-01}]\n",
			""},
		{"extends with no library", "name: x\nextends: baseline-2025\n", "2:10: extends: no scenario library to extend from here"},
		{"tab indentation", "name: x\n\timporter: USA\n", "2: YAML syntax: found a tab character that violates indentation"},
	}
	env := testEnv(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := env
			if strings.HasPrefix(tt.name, "extends with no library") {
				e.Base = nil
			}
			_, err := Parse("in.yaml", []byte(tt.yaml), e)
			got := ""
			if list, ok := errors.AsType[*ErrorList](err); ok {
				got = strings.TrimPrefix(list.Errors[0].Error(), "in.yaml:")
			} else if err != nil {
				t.Fatalf("error %v is not an *ErrorList", err)
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s\nall: %v", got, tt.want, err)
			}
		})
	}
}

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (go test ./internal/scenario -update creates it): %v", err)
	}
	if string(got) != string(want) {
		t.Errorf("output differs from %s (go test ./internal/scenario -update if the change is intended)\ngot:\n%s", path, got)
	}
}
