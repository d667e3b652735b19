package compile

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/sim"
)

// TestImporterMustHaveDemand: an importer whose final demand the data folds into ROW
// (Korea) would read as never short and independent whatever happened, and an EU member
// state would silently stand for the whole EU27: both are refused at the line of the
// importer, with what to write instead. The EU27, Japan and the USA compile, the EU27 as
// its node EU27.
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

// TestEndItemsFollowTheImportersDemand: the US defense programmes are declared for the USA,
// whose defense sector demands magnets in the data, and not for Japan, whose defense demand
// the data does not give (they would read as never delayed); civil items with demand stay.
func TestEndItemsFollowTheImportersDemand(t *testing.T) {
	items := func(importer string) (defense, civil int) {
		body := "name: fixture\nimporter: " + importer + "\nrival: CHN\nstart: 2025-01\nend: 2025-03\n"
		r := runYAML(t, body)
		for _, e := range r.EndItems {
			if e.SectorOrDefense() == sim.DefenseSector {
				defense++
			} else {
				civil++
			}
		}
		return defense, civil
	}
	if d, c := items("USA"); d == 0 || c == 0 {
		t.Errorf("USA: %d defense and %d civil end items, want both", d, c)
	}
	if d, c := items("JPN"); d != 0 || c == 0 {
		t.Errorf("JPN: %d defense and %d civil end items, want no defense item and some civil ones", d, c)
	}
}
