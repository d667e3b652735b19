package compile

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/critmin/critmin/internal/scenario"
)

// TestDrawsAwayFromImporter: a scenario whose uncertain numbers all belong to controls
// that do not reach the importer names them (trial 9: apr2025-licensing run for JPN drew
// only the approval rate toward the USA); one with an uncertain number toward the
// importer, or elsewhere in the scenario, or with none, gives nil.
func TestDrawsAwayFromImporter(t *testing.T) {
	const ctl = "controls:\n  - id: %s\n    exporter: CHN\n    products: [ndfeb/magnet]\n    destinations: [%s]\n    kind: licensing\n    start: 2025-04\n    licensing: {approval: %s, processing_working_days: 45}\n"
	const tri = "{dist: triangular, min: 0.03, mode: 0.25, max: 0.25}"
	for _, c := range []struct {
		name, importer, body string
		want                 []string
	}{
		{"drawn toward the USA only, run for JPN", "JPN", fmt.Sprintf(ctl, "us", "USA", tri), []string{"the approval rate of control us, toward USA"}},
		{"drawn toward the importer", "USA", fmt.Sprintf(ctl, "us", "USA", tri), nil},
		{"drawn toward all", "JPN", fmt.Sprintf(ctl, "all", "all", tri), nil},
		{"toward the EU, a member state importing", "EU27", fmt.Sprintf(ctl, "eu", "DEU", tri), nil},
		{"nothing drawn", "JPN", fmt.Sprintf(ctl, "us", "USA", "0.25"), nil},
		{"a project drawn too", "JPN", fmt.Sprintf(ctl, "us", "USA", tri) + "projects:\n  - {name: p, country: AUS, product: ndpr/separation, capacity_t_per_year: {dist: uniform, min: 100, max: 200}, announced: 2025-01}\n", nil},
	} {
		ds, env := testEnv(t)
		text := "name: fixture\nimporter: " + c.importer + "\nrival: CHN\nstart: 2025-01\nend: 2025-06\n" + c.body
		sc, err := scenario.Parse("fixture.yaml", []byte(text), env)
		if err != nil {
			t.Fatalf("%s: parse: %v", c.name, err)
		}
		if got := DrawsAwayFromImporter(ds, sc); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
