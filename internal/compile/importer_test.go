package compile

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestImporterMustHaveDemand: an importer whose final demand the data folds into ROW
// (Korea) would read as never short and independent whatever happened, and an EU member
// state would silently stand for the whole EU27: both are refused at the line of the
// importer, with what to write instead. The EU27, Japan and the USA compile, the EU27 as
// its node EUU.
func TestImporterMustHaveDemand(t *testing.T) {
	for _, c := range []struct {
		importer string
		want     string // "" for no error
	}{
		{"KOR", "fixture.yaml:2:11: importer: KOR has no final demand in the simulation data, which gives it for CHN, EU27, JPN, USA only"},
		{"India", "importer: IND has no final demand"},
		{"DEU", "fixture.yaml:2:11: importer: DEU is a member of the EU27, whose final demand the data gives only for the group as a whole: write importer: EU27"},
		{"EU27", ""},
		{"JPN", ""},
		{"USA", ""},
	} {
		body := "name: fixture\nimporter: " + c.importer + "\nrival: CHN\nstart: 2025-01\nend: 2025-06\n"
		m, err := tryCompile(t, body)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("importer %s: %v", c.importer, err)
		case c.want == "" && c.importer == "EU27" && !slices.Contains(m.Countries(), EURegion):
			t.Errorf("importer EU27: model countries %v lack %s", m.Countries(), EURegion)
		case c.want != "" && (!errors.Is(err, ErrScenario) || !strings.Contains(err.Error(), c.want)):
			t.Errorf("importer %s: err = %v, want ErrScenario containing %q", c.importer, err, c.want)
		}
	}
}
