package sim

import (
	"strings"
	"testing"
)

func TestBuildErrors(t *testing.T) {
	base := func() *Builder {
		b := newTestBuilder(12, "USA", "CHN")
		addSource(b, "CHN", "x/refined", 100)
		b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 10})
		return b
	}
	for _, tc := range []struct {
		name string
		edit func(b *Builder)
		want []string
	}{
		{"unknown country", func(b *Builder) { addSource(b, "XXX", "x/refined", 1) },
			[]string{`process make x/refined/XXX: country: unknown country "XXX"`}},
		{"not a node code", func(b *Builder) { b.AddCountry("eu-27") }, []string{`country "eu-27": must be an ISO 3166 alpha-3 code`}},
		{"duplicate process", func(b *Builder) { addSource(b, "CHN", "x/refined", 1) },
			[]string{"process make x/refined/CHN: declared twice"}},
		{"utilisation", func(b *Builder) {
			b.AddProcess(Process{ID: "idle", Country: "USA", Outputs: []Flow{{"x/refined", 1}}, ExternalInputT: 1})
		}, []string{"process idle/USA: utilisation: must be within (0, 1], got 0"}},
		{"mass balance", func(b *Builder) {
			b.AddProcess(Process{ID: "magic", Country: "USA", Utilisation: 1, Outputs: []Flow{{"x/refined", 1}}})
		}, []string{"process magic/USA: mass balance: inputs 0 + external 0 != outputs 1 + loss 0"}},
		{"cycle", func(b *Builder) {
			b.AddProduct(Product{ID: "y/refined", PriceUSDPerKg: 1})
			b.AddProcess(Process{ID: "a", Country: "USA", Utilisation: 1, Inputs: []Flow{{"x/refined", 1}}, Outputs: []Flow{{"y/refined", 1}}})
			b.AddProcess(Process{ID: "b", Country: "USA", Utilisation: 1, Inputs: []Flow{{"y/refined", 1}}, Outputs: []Flow{{"x/refined", 1}}})
		}, []string{"the product graph has a cycle"}},
		{"non-final demand", func(b *Builder) {
			b.AddProduct(Product{ID: "y/mine", PriceUSDPerKg: 1})
			b.AddDemand(Demand{Region: "USA", Product: "y/mine", Sector: "ev", TPerMonth: 1})
		}, []string{"demand USA/y/mine/ev: product y/mine is not final"}},
		{"extraterritorial non-rival", func(b *Builder) {
			b.AddControl(Control{ID: "c", Product: "x/refined", Exporter: "USA", Kind: Ban, Windows: []Window{{}}, Extraterritorial: true})
		}, []string{`control "c": extraterritorial: only the rival's controls`}},
		{"reversed window", func(b *Builder) {
			b.AddControl(Control{ID: "c", Product: "x/refined", Exporter: "CHN", Kind: Ban,
				Windows: []Window{{Start: testStart + 5, End: testStart + 2}}})
		}, []string{`control "c": window ends (2025-03) before it starts (2025-06)`}},
		{"licensing", func(b *Builder) {
			b.AddControl(Control{ID: "c", Product: "x/refined", Exporter: "CHN", Kind: Licensing, Windows: []Window{{}},
				Licensing: LicensingRule{Approval: 1.4}})
		}, []string{`control "c": licensing: approval: must be within [0, 1], got 1.4`}},
		{"no control kind", func(b *Builder) {
			b.AddControl(Control{ID: "c", Product: "x/refined", Exporter: "CHN", Windows: []Window{{}}})
		}, []string{`control "c": kind: must be ban, quota or licensing`}},
		{"growth without demand", func(b *Builder) {
			b.AddDemandGrowth(DemandGrowth{Region: "CHN", Product: "x/refined", Sector: "ev", RatePerYear: 0.1})
		}, []string{"demand growth CHN/x/refined/ev start..end: matches no declared demand"}},
		{"two problems", func(b *Builder) {
			b.AddStockpile(Stockpile{Holder: "USA", Product: "nope/x"})
			b.AddTariff(Tariff{Importer: "USA", Exporter: "CHN", Product: "x/refined", Rate: -2})
		}, []string{`stockpile USA/nope/x: unknown product "nope/x"`, "tariff USA<-CHN x/refined start..end: rate: must be >= 0, got -2"}},
		{"bad product id", func(b *Builder) { b.AddProduct(Product{ID: "x", PriceUSDPerKg: 1}) },
			[]string{`product "x": id must be material/stage`}},
		{"params", func(b *Builder) {
			p := testParams()
			p.PriceAdjustment = 0
			b.SetParams(p)
		}, []string{"params: PriceAdjustment: must be within (0, 1], got 0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := base()
			tc.edit(b)
			_, err := b.Build()
			if err == nil {
				t.Fatal("Build succeeded, want an error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not contain %q", err, w)
				}
			}
		})
	}
}

func TestDefaultWeights(t *testing.T) {
	b := newTestBuilder(1, "USA", "CHN", "AUS")
	addSource(b, "USA", "x/refined", 10)
	addSource(b, "CHN", "x/refined", 60)
	addSource(b, "AUS", "x/refined", 20)
	m := mustBuild(t, b)
	// With home priority USA's own production is excluded: CHN 60 : AUS 20.
	if w := m.Weight(0, 0, 1); !near(w, 0.75) {
		t.Errorf("USA<-CHN weight %v, want 0.75", w)
	}
	if w := m.Weight(0, 0, 0); w != 0 {
		t.Errorf("USA<-USA weight %v, want 0 under home priority", w)
	}
}

// USA produces 50 and needs 100; CHN produces 100. With home priority USA buys its 50
// first and 50 from CHN; without, it splits its request by production shares including
// itself (1/3 USA, 2/3 CHN).
func TestHomePriority(t *testing.T) {
	for _, tc := range []struct {
		home      bool
		rivalFree float64
	}{{true, 50}, {false, 100.0 / 3}} {
		b := newTestBuilder(2, "USA", "CHN")
		p := testParams()
		p.HomePriority = tc.home
		b.SetParams(p)
		addSource(b, "USA", "x/refined", 50)
		addSource(b, "CHN", "x/refined", 100)
		b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 100})
		r := runChecked(t, mustBuild(t, b))
		checkSeries(t, "supply", column(r.Supply, 0), []float64{100, 100})
		checkSeries(t, "rival free", column(r.RivalFree, 0), []float64{tc.rivalFree, tc.rivalFree})
	}
}

// A stockpile of a process input releases to the holder's processes when no sector is
// named: USA's metal plant (100 t/month of oxide) loses its CHN oxide and draws 30 t/month
// from the 70 t stockpile.
func TestStockpileReleaseToProcesses(t *testing.T) {
	b := newTestBuilder(4, "USA", "CHN")
	b.AddProduct(Product{ID: "x/oxide", PriceUSDPerKg: 5})
	addSource(b, "CHN", "x/oxide", 100)
	b.AddProcess(Process{ID: "metal", Country: "USA", CapacityTPerMonth: 100, Utilisation: 1,
		Inputs: []Flow{{"x/oxide", 1}}, Outputs: []Flow{{"x/refined", 1}}})
	b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 100})
	b.AddControl(Control{ID: "ban", Product: "x/oxide", Exporter: "CHN", Kind: Ban, Windows: []Window{{}}})
	b.AddStockpile(Stockpile{Holder: "USA", Product: "x/oxide", InitialT: 70, Release: Release{MaxTPerMonth: 30}})
	r := runChecked(t, mustBuild(t, b))
	checkSeries(t, "metal supply", column(r.Supply, productIndex(t, r, "x/refined")), []float64{30, 30, 10, 0})
	checkSeries(t, "oxide stockpile", column(r.Stockpile, productIndex(t, r, "x/oxide")), []float64{40, 10, 0, 0})
}

func TestMonthString(t *testing.T) {
	for m, want := range map[Month]string{MonthOf(2025, 1): "2025-01", MonthOf(2035, 12): "2035-12", 12*2025 + 3: "2025-04"} {
		if got := m.String(); got != want {
			t.Errorf("%d: got %s, want %s", int(m), got, want)
		}
	}
}
