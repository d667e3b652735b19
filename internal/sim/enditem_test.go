package sim

import "testing"

// CHN supplies 50 t/month to USA, whose demand is 10 t defense and 90 t ev, served pro
// rata: defense is 5 t/month short, ev 45 t. Each end item converts its own sector's
// shortfall, and a programme with a build rate never loses more than it delivers.
func TestEndItemsBySectorAndRate(t *testing.T) {
	for _, tc := range []struct {
		name                string
		item                EndItemInfo
		unitsLow, unitsHigh float64 // buildable per month
		lostLow, lostHigh   float64 // per month
	}{
		// 5 t = 50 units at 100 kg, 25 at 200 kg; the line delivers 30 a month.
		{"capped programme", EndItemInfo{ID: "f35", Product: "x/refined", Sector: DefenseSector, KgLow: 100, KgHigh: 200, UnitsPerYear: 360},
			30, 25, 30, 25},
		{"programme under its rate", EndItemInfo{ID: "f35", Product: "x/refined", Sector: DefenseSector, KgLow: 100, KgHigh: 200, UnitsPerYear: 1200},
			50, 25, 50, 25},
		// The ev sector's own 45 t short, not the defense sector's 5 t.
		{"ev motor", EndItemInfo{ID: "ev_motor", Product: "x/refined", Sector: "ev", KgLow: 1, KgHigh: 2},
			45000, 22500, 45000, 22500},
		{"empty sector is defense", EndItemInfo{ID: "f35", Product: "x/refined", KgLow: 100, KgHigh: 200},
			50, 25, 50, 25},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newTestBuilder(2, "USA", "CHN")
			addSource(b, "CHN", "x/refined", 50)
			b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: DefenseSector, TPerMonth: 10})
			b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 90})
			b.AddEndItem(tc.item)
			r := runChecked(t, mustBuild(t, b))
			checkSeries(t, "units low", column(r.EndItemsLow, 0), []float64{tc.unitsLow, tc.unitsLow})
			checkSeries(t, "units high", column(r.EndItemsHigh, 0), []float64{tc.unitsHigh, tc.unitsHigh})
			if got := r.Summary.EndItemsLostLow[tc.item.ID]; !near(got, 2*tc.lostLow) {
				t.Errorf("units lost (low) %v, want %v", got, 2*tc.lostLow)
			}
			if got := r.Summary.EndItemsLostHigh[tc.item.ID]; !near(got, 2*tc.lostHigh) {
				t.Errorf("units lost (high) %v, want %v", got, 2*tc.lostHigh)
			}
		})
	}
}

func TestEndItemUnknownSector(t *testing.T) {
	b := newTestBuilder(2, "USA", "CHN")
	b.AddEndItem(EndItemInfo{ID: "tank", Product: "x/refined", Sector: "armour", KgLow: 1, KgHigh: 1})
	if _, err := b.Build(); err == nil {
		t.Fatal("Build accepted an end item of an undeclared sector")
	}
}

// With defense priority the defense sector is served in full while ev stays 40 t short:
// the programme loses nothing, and the shortfall still shows as EV motors lost (it used
// to vanish from the end items, since only the defense sector was converted).
func TestEndItemsShortfallOutsideDefense(t *testing.T) {
	b := newTestBuilder(2, "USA", "CHN")
	addSource(b, "CHN", "x/refined", 60)
	b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: DefenseSector, TPerMonth: 10})
	b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 90})
	b.AddPriority(Priority{Importer: "USA", Sector: DefenseSector})
	b.AddEndItem(EndItemInfo{ID: "f35", Product: "x/refined", Sector: DefenseSector, KgLow: 100, KgHigh: 200, UnitsPerYear: 156},
		EndItemInfo{ID: "ev_motor", Product: "x/refined", Sector: "ev", KgLow: 1, KgHigh: 2})
	r := runChecked(t, mustBuild(t, b))
	if got := r.Summary.EndItemsLostLow["f35"]; got != 0 {
		t.Errorf("f35 lost %v, want 0 (defense served first)", got)
	}
	if got, want := r.Summary.EndItemsLostHigh["ev_motor"], 2*40*1000/2.0; !near(got, want) {
		t.Errorf("ev motors lost (high BOM) %v, want %v", got, want)
	}
}
