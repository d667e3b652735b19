package sim

import "testing"

// countryIndex returns the index of country c in r.
func countryIndex(t testing.TB, r *Result, c string) int {
	t.Helper()
	for i, x := range r.Countries {
		if x == c {
			return i
		}
	}
	t.Fatalf("no country %q", c)
	return -1
}

// exportsOf returns what country c exported of product p each month.
func exportsOf(t testing.TB, r *Result, p, c string) []float64 {
	t.Helper()
	pi, ci := productIndex(t, r, p), countryIndex(t, r, c)
	out := make([]float64, r.Months)
	for m := range out {
		out[m] = r.CountryExports[m][pi][ci]
	}
	return out
}

// newPlantBuilder: CHN mines 900 t/month of ore and refines it; USA and JPN each demand 450
// t/month of the refined product, all of it from CHN at month 0. CAN mines 100 t/month of
// ore (its ore has no buyer until its refinery, a project of 100 t/month from month 2,
// starts). USA's qualification lag is the default 3 months, JPN's 0.
func newPlantBuilder(months int) *Builder {
	b := newTestBuilder(months, "USA", "CHN", "CAN", "JPN")
	b.AddProduct(Product{ID: "x/ore", Basis: "x", PriceUSDPerKg: 1})
	addSource(b, "CHN", "x/ore", 900)
	addSource(b, "CAN", "x/ore", 100)
	b.AddProcess(Process{ID: "refine", Country: "CHN", CapacityTPerMonth: 900, Utilisation: 1,
		Inputs: []Flow{{"x/ore", 1}}, Outputs: []Flow{{"x/refined", 1}}})
	b.AddProject(Project{Name: "CAN refinery", Process: "refine", Country: "CAN", CapacityTPerMonth: 100,
		Start: testStart + 2})
	b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 450})
	b.AddDemand(Demand{Region: "JPN", Product: "x/refined", Sector: "ev", TPerMonth: 450})
	b.SetQualificationLag("JPN", "x/refined", 0)
	return b
}

// TestNewPlantWinsShareAfterLag: the CAN refinery runs on its own ore from month 2. JPN
// (lag 0) weights it at once: 100/(900+100) of its 450 t is 45 t. USA weights it only from
// month 2 + 3 = 5: another 45 t. From then on CAN sells 90 of its 100 t/month, the share
// of the market its capacity stands for; before the lag nothing goes to USA, and nobody is
// short, so re-sourcing never brings CAN in earlier.
func TestNewPlantWinsShareAfterLag(t *testing.T) {
	m := mustBuild(t, newPlantBuilder(8))
	r := runChecked(t, m)
	x, can := productIndex(t, r, "x/refined"), countryIndex(t, r, "CAN")
	checkSeries(t, "CAN exports", exportsOf(t, r, "x/refined", "CAN"), []float64{0, 0, 45, 45, 45, 90, 90, 90})
	checkSeries(t, "CHN exports", exportsOf(t, r, "x/refined", "CHN"), []float64{900, 900, 855, 855, 855, 810, 810, 810})
	prod := make([]float64, r.Months)
	for m := range prod {
		prod[m] = r.CountryProduction[m][x][can]
	}
	checkSeries(t, "CAN production", prod, []float64{0, 0, 100, 100, 100, 100, 100, 100})
	// USA's supply that did not pass through CHN is what CAN sold it.
	checkSeries(t, "USA rival free", column(r.RivalFree, x), []float64{0, 0, 0, 0, 0, 45, 45, 45})
	checkSeries(t, "USA shortfall", column(r.Shortfall, x), []float64{0, 0, 0, 0, 0, 0, 0, 0})

	// The weights themselves, month by month.
	e := NewEngine(m)
	out := NewResult(m)
	usa, chn, jpn := 0, 1, 3
	pi := productIndex(t, r, "x/refined")
	for month, want := range [][4]float64{ // USA<-CHN, USA<-CAN, JPN<-CHN, JPN<-CAN
		{1, 0, 1, 0}, {1, 0, 1, 0}, {1, 0, 0.9, 0.1}, {1, 0, 0.9, 0.1}, {1, 0, 0.9, 0.1}, {0.9, 0.1, 0.9, 0.1},
	} {
		e.Step(out)
		got := [4]float64{e.ew[m.link(pi, usa, chn)], e.ew[m.link(pi, usa, can)], e.ew[m.link(pi, jpn, chn)], e.ew[m.link(pi, jpn, can)]}
		for k := range got {
			if !near(got[k], want[k]) {
				t.Errorf("month %d: weights %v, want %v", month, got, want)
				break
			}
		}
	}
	if m.Weight(pi, usa, can) != 0 {
		t.Errorf("month-0 weight of CAN for USA %g, want 0", m.Weight(pi, usa, can))
	}
}

// TestNewSupplierBeforeLagGetsNothing: with a 12-month lag for USA, the CAN refinery sells
// USA nothing over the horizon although it has 100 t/month and growing unsold stock.
func TestNewSupplierBeforeLagGetsNothing(t *testing.T) {
	b := newPlantBuilder(10)
	b.SetQualificationLag("USA", "x/refined", 12)
	b.SetQualificationLag("JPN", "x/refined", 12)
	r := runChecked(t, mustBuild(t, b))
	x := productIndex(t, r, "x/refined")
	checkSeries(t, "CAN exports", exportsOf(t, r, "x/refined", "CAN"), make([]float64, 10))
	checkSeries(t, "USA rival free", column(r.RivalFree, x), make([]float64, 10))
	// Unsold output stays with CAN's producers: 100 t a month from month 2.
	if got := r.Production[9][x]; !near(got, 1000) {
		t.Errorf("world production at month 9 %g, want 1000", got)
	}
}

// TestOutageShiftsWeightsAtOnce: CHN, AUS and CAN mine 600, 300 and 100 t/month; USA
// demands 500, weighted 0.6/0.3/0.1 at month 0. Half of CHN's capacity is out in months 2
// and 3: the weights become 3/7, 3/7, 1/7 in those very months (baseline suppliers need no
// qualification) and return when the outage ends.
func TestOutageShiftsWeightsAtOnce(t *testing.T) {
	b := newTestBuilder(6, "USA", "CHN", "AUS", "CAN")
	addSource(b, "CHN", "x/refined", 600)
	addSource(b, "AUS", "x/refined", 300)
	addSource(b, "CAN", "x/refined", 100)
	b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 500})
	b.AddOutage(Outage{Process: "make x/refined", Country: "CHN", Fraction: 0.5,
		Window: Window{Start: testStart + 2, End: testStart + 3}})
	r := runChecked(t, mustBuild(t, b))
	x := productIndex(t, r, "x/refined")
	checkSeries(t, "CHN exports", exportsOf(t, r, "x/refined", "CHN"), []float64{300, 300, 1500.0 / 7, 1500.0 / 7, 300, 300})
	checkSeries(t, "AUS exports", exportsOf(t, r, "x/refined", "AUS"), []float64{150, 150, 1500.0 / 7, 1500.0 / 7, 150, 150})
	checkSeries(t, "CAN exports", exportsOf(t, r, "x/refined", "CAN"), []float64{50, 50, 500.0 / 7, 500.0 / 7, 50, 50})
	checkSeries(t, "USA shortfall", column(r.Shortfall, x), make([]float64, 6))
}

// TestHomePriorityWithNewCapacity: a USA project of 100 t/month from month 1 serves USA's
// own 300 t/month demand first; the rest, 200 t, is requested from CHN, the only exporter
// USA weights (its own capacity never enters its row). JPN (100 t/month) weights USA from
// month 1 + 3 = 4 at 100/500, but USA has nothing left to export: JPN re-sources those 20 t
// from CHN, its baseline supplier, and is not short.
func TestHomePriorityWithNewCapacity(t *testing.T) {
	b := newTestBuilder(7, "USA", "CHN", "JPN")
	addSource(b, "CHN", "x/refined", 400)
	b.AddProject(Project{Name: "USA mine", Process: "make x/refined", Country: "USA", CapacityTPerMonth: 100,
		Start: testStart + 1})
	b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 300})
	b.AddDemand(Demand{Region: "JPN", Product: "x/refined", Sector: "ev", TPerMonth: 100})
	m := mustBuild(t, b)
	r := runChecked(t, m)
	x := productIndex(t, r, "x/refined")
	checkSeries(t, "USA exports", exportsOf(t, r, "x/refined", "USA"), make([]float64, 7))
	checkSeries(t, "CHN exports", exportsOf(t, r, "x/refined", "CHN"), []float64{400, 300, 300, 300, 300, 300, 300})
	checkSeries(t, "USA rival free", column(r.RivalFree, x), []float64{0, 100, 100, 100, 100, 100, 100})
	checkSeries(t, "USA shortfall", column(r.Shortfall, x), make([]float64, 7))

	e := NewEngine(m)
	out := NewResult(m)
	for range 5 {
		e.Step(out)
	}
	usa, chn, jpn := 0, 1, 2
	if w := e.ew[m.link(x, usa, usa)]; w != 0 {
		t.Errorf("USA's weight on itself %g, want 0", w)
	}
	if w := e.ew[m.link(x, usa, chn)]; w != 1 {
		t.Errorf("USA's weight on CHN %g, want 1", w)
	}
	if w := e.ew[m.link(x, jpn, usa)]; !near(w, 0.2) {
		t.Errorf("JPN's weight on USA at month 4 %g, want 0.2", w)
	}
}
