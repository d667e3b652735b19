package compile

import (
	"errors"
	"fmt"
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

// TestRefusesEventsOnNothing: a rival that produces nothing in the simulation data, a
// control whose exporter makes none of its products, and an outage of a product the
// country does not make are refused at their line with the field and the element (naming who
// does make it), instead of running as
// silent no-ops (a trial: "JPN becomes independent of NZL in 2025-01", a Russian ban on
// germanium the data gives Russia none of, a build error without file or field for an
// outage in Myanmar), and neither is an offtake from a seller making none of its product
// (gallium from Kazakhstan, whose idle refinery the data counts in ROW). A
// co-product counts (China's separation makes Dy oxide), and so does capacity a project
// of the scenario adds, or, for an offtake, recycling in the seller.
func TestRefusesEventsOnNothing(t *testing.T) {
	const head = "name: fixture\nimporter: JPN\nrival: %s\nstart: 2025-01\nend: 2025-06\n"
	for _, c := range []struct {
		name, rival, body, want string // want "" for no error
	}{
		{"rival producing nothing", "NZL", "", "fixture.yaml:3:8: rival: NZL produces nothing in the simulation data (a country the data does not list produces inside ROW)"},
		{"exporter making none", "CHN", "controls:\n  - id: ru\n    exporter: RUS\n    products: [germanium/refined]\n    destinations: [JPN]\n    kind: ban\n    start: 2025-02\n",
			"fixture.yaml:8:15: controls[ru].exporter: RUS makes none of germanium/refined in the simulation data"},
		{"co-product", "CHN", "controls:\n  - id: dy\n    exporter: CHN\n    products: [dy/separation]\n    destinations: [JPN]\n    kind: ban\n    start: 2025-02\n", ""},
		{"outage of nothing", "MMR", "outages:\n  - country: MMR\n    products: [gallium/refined]\n    fraction: 0.5\n    start: 2025-01\n    months: 3\n",
			"fixture.yaml:8:15: outages[0].products[0]: MMR makes no gallium/refined in the simulation data"},
		{"outage of a product only another country separates", "CHN", "outages:\n  - country: MMR\n    products: [ionic_clay/mine, dy/separation]\n    fraction: 0.5\n    start: 2025-01\n    months: 3\n",
			"fixture.yaml:8:15: outages[0].products[1]: MMR makes no dy/separation in the simulation data, and no project of the scenario adds it (it makes antimony/mine, ionic_clay/mine); the data's producers of it are CHN (ionic_separation)"},
		{"outage of a co-product", "MMR", "outages:\n  - country: CHN\n    products: [other/separation]\n    fraction: 0.5\n    start: 2025-01\n    months: 3\n",
			"fixture.yaml:8:15: outages[0].products[0]: CHN makes other/separation only as a co-product of "},
		{"outage of a co-product a project makes", "CHN", "projects:\n  - {name: us-dy, country: USA, product: dy/separation, capacity_t_per_year: 100, announced: 2025-01}\noutages:\n  - country: USA\n    products: [dy/separation]\n    fraction: 0.5\n    start: 2025-06\n    months: 3\n", ""},
		{"offtake from a seller making none", "CHN", "offtakes:\n  - buyer: JPN\n    seller: KAZ\n    product: gallium/refined\n    t_per_year: 3\n    start: 2025-01\n",
			"fixture.yaml:8:13: offtakes[0].seller: KAZ makes no gallium/refined in the simulation data, and no project or recycling of the scenario adds it: the offtake would ship nothing; the data's producers of it are CHN, JPN, RUS"},
		{"offtake from a member state making none", "CHN", "offtakes:\n  - {buyer: JPN, seller: DEU, product: gallium/refined, t_per_year: 3, start: 2025-01}\n",
			"offtakes[0].seller: EU27 makes no gallium/refined"},
		{"offtake from a seller making some", "CHN", "offtakes:\n  - {buyer: USA, seller: JPN, product: gallium/refined, t_per_year: 3, start: 2025-01}\n", ""},
		{"offtake from recycling", "CHN", "recycling:\n  - {country: KAZ, product: gallium/refined, t_per_year: 4, start: 2025-01}\nofftakes:\n  - {buyer: JPN, seller: KAZ, product: gallium/refined, t_per_year: 3, start: 2025-01}\n", ""},
		{"offtake from a project", "CHN", "projects:\n  - {name: kz, country: KAZ, product: gallium/refined, capacity_t_per_year: 10, announced: 2025-01}\nofftakes:\n  - {buyer: JPN, seller: KAZ, product: gallium/refined, t_per_year: 3, start: 2025-01}\n", ""},
		{"stockpile its holder has no use for", "CHN", "stockpiles:\n  - holder: JPN\n    product: dy/metal\n    initial_t: 300\n    release: {shortfall_trigger: 0.05, max_t_per_month: 10}\n",
			"fixture.yaml:7:13: stockpiles[0].holder: JPN has no final demand of dy/metal and no process that uses it in the simulation data, and no project of the scenario builds one: the stockpile would never be drawn; JPN uses antimony/refined, gallium/refined, germanium/refined, graphite/mine, ndfeb/magnet, "},
		{"stockpile of a demanded product", "CHN", "stockpiles:\n  - {holder: JPN, product: ndfeb/magnet, initial_t: 300, release: {shortfall_trigger: 0.05, max_t_per_month: 10}}\n", ""},
		{"stockpile a project's plant uses", "CHN", "projects:\n  - {name: jp-mag, country: JPN, product: ndfeb/magnet, capacity_t_per_year: 1000, announced: 2025-01}\nstockpiles:\n  - {holder: JPN, product: dy/metal, initial_t: 300, release: {shortfall_trigger: 0.05, max_t_per_month: 10}}\n", ""},
		{"offtake its buyer has no use for", "CHN", "offtakes:\n  - buyer: JPN\n    seller: MYS\n    product: dy/separation\n    t_per_year: 50\n    start: 2025-01\n",
			"fixture.yaml:7:12: offtakes[0].buyer: JPN has no final demand of dy/separation and no process that uses it"},
		{"offtake of concentrate with no separation", "CHN", "offtakes:\n  - {buyer: JPN, seller: AUS, product: reo/mine, t_per_year: 5000, start: 2025-01}\n",
			"offtakes[0].buyer: JPN has no final demand of reo/mine and no process that uses it"},
		{"offtake a project's plant uses", "CHN", "projects:\n  - {name: jp-dy, country: JPN, product: dy/metal, capacity_t_per_year: 100, announced: 2025-01}\nofftakes:\n  - {buyer: JPN, seller: CHN, product: dy/separation, t_per_year: 50, start: 2025-01}\n", ""},
		{"project adds it", "CHN", "projects:\n  - name: ru-ge\n    country: RUS\n    product: germanium/refined\n    capacity_t_per_year: 10\n    announced: 2025-01\n    construction_months: 1\ncontrols:\n  - id: ru\n    exporter: RUS\n    products: [germanium/refined]\n    destinations: [JPN]\n    kind: ban\n    start: 2025-03\n", ""},
	} {
		_, err := tryCompile(t, fmt.Sprintf(head, c.rival)+c.body)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (!errors.Is(err, ErrScenario) || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: err = %v, want ErrScenario containing %q", c.name, err, c.want)
		}
	}
}
