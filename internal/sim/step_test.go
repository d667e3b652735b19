package sim

import (
	"strings"
	"testing"
)

// USA needs 100 t/month of x, sourced 70 % from CHN and 30 % from AUS, which produce
// exactly that. CAN has 100 t/month spare but USA did not buy from it at baseline. CHN bans
// exports to USA from the first month; the qualification lag is 3 months.
func TestBanResourcesAfterLag(t *testing.T) {
	b := newTestBuilder(16, "USA", "CHN", "AUS", "CAN")
	addSource(b, "CHN", "x/refined", 70)
	addSource(b, "AUS", "x/refined", 30)
	addSource(b, "CAN", "x/refined", 100)
	b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 100})
	b.SetSourcingWeight("x/refined", "USA", "CHN", 0.7)
	b.SetSourcingWeight("x/refined", "USA", "AUS", 0.3)
	b.AddControl(Control{ID: "ban", Product: "x/refined", Exporter: "CHN", Destinations: []string{"USA"},
		Kind: Ban, Windows: []Window{{}}})
	r := runChecked(t, mustBuild(t, b))
	x := productIndex(t, r, "x/refined")
	// Months 0-2: the banned 70 % is short (AUS has no spare, CAN is not qualified).
	// From month 3 (first unmet month 0 + lag 3) CAN, with stock to spare, fills it.
	checkSeries(t, "shortfall", column(r.Shortfall, x), []float64{70, 70, 70, 0, 0, 0})
	// Rival-free supply: AUS's 30, then AUS 30 + CAN 70.
	checkSeries(t, "rival free", column(r.RivalFree, x), []float64{30, 30, 30, 100, 100, 100})
	if r.Summary.MonthsShort != 3 || r.Summary.PeakShortfallShare != 0.7 || *r.Summary.PeakShortfallMonth != testStart {
		t.Errorf("summary: months short %d, peak %v at %v; want 3, 0.7 at %v", r.Summary.MonthsShort,
			r.Summary.PeakShortfallShare, r.Summary.PeakShortfallMonth, testStart)
	}
	if got := *r.Summary.Independence; got != testStart+3 {
		t.Errorf("independence %v, want %v", got, testStart+3)
	}
}

// CHN is the only producer (200 t/month). A quota shared by all destinations limits what
// leaves; requests are scaled pro rata to the quota.
func TestQuota(t *testing.T) {
	for _, tc := range []struct {
		name           string
		quota          float64
		usa, jpn       float64 // demand
		wantUSA, wantJ float64 // supply
	}{
		// 60 for 100 requested: each gets 60 %.
		{"equal", 60, 50, 50, 30, 30},
		// 40 for 60 requested: USA 50 x 40/60, JPN 10 x 40/60.
		{"unequal", 40, 50, 10, 100.0 / 3, 20.0 / 3},
		// The quota exceeds the requests: no effect.
		{"slack", 500, 50, 50, 50, 50},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newTestBuilder(3, "USA", "CHN", "JPN")
			addSource(b, "CHN", "x/refined", 200)
			b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: tc.usa})
			b.AddDemand(Demand{Region: "JPN", Product: "x/refined", Sector: "ev", TPerMonth: tc.jpn})
			b.AddControl(Control{ID: "q", Product: "x/refined", Exporter: "CHN", Kind: Quota,
				QuotaTPerMonth: tc.quota, Windows: []Window{{}}})
			m := mustBuild(t, b)
			r := runChecked(t, m)
			x := productIndex(t, r, "x/refined")
			checkSeries(t, "USA supply", column(r.Supply, x), []float64{tc.wantUSA, tc.wantUSA, tc.wantUSA})
			e := NewEngine(m)
			e.Step(NewResult(m))
			if got := e.cons[(x*m.nc+2)*m.ns+1]; !near(got, tc.wantJ) {
				t.Errorf("JPN supply %v, want %v", got, tc.wantJ)
			}
		})
	}
}

// USA buys 100 t/month of x from CHN only. CHN licenses exports, approving 25 % of each
// month's applications, shipped 2 months later; licences are valid 12 months. CAN has
// spare supply but USA qualifies it only 3 months after its first unmet request.
func TestLicensing(t *testing.T) {
	for _, tc := range []struct {
		name    string
		defense float64 // defense share of the 100 t demand
		milDeny bool
		changes []ApprovalChange
		want    []float64 // USA supply per month
	}{
		{
			// m0: apply 100, approve 25 (due m2), deny 75: nothing arrives, CAN not
			// qualified. m1: same. m2: the m0 licence ships 25. m3: 25 + CAN takes the
			// denied 75.
			name: "approval 0.25 delay 2",
			want: []float64{0, 0, 25, 100, 100, 100, 100, 100},
		},
		{
			// From m4 all is approved, but after the 2-month clock: m4 ships the 25 due
			// from m2 and applies for the other 75, which CAN (qualified since m3)
			// supplies while the buyer waits, cancelling the licence it no longer needs.
			name:    "approval rises to 1 in month 4",
			changes: []ApprovalChange{{From: testStart + 4, Approval: 1}},
			want:    []float64{0, 0, 25, 100, 100, 100, 100, 100},
		},
		{
			// Defense is 20 of the 100 t and denied: approved 0.25 x 80 = 20 per month.
			// Priority is not set, so the 20 t shipped and CAN's 80 t are shared pro rata.
			name:    "military denied",
			defense: 20,
			milDeny: true,
			want:    []float64{0, 0, 20, 100, 100, 100, 100, 100},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newTestBuilder(8, "USA", "CHN", "CAN")
			addSource(b, "CHN", "x/refined", 100)
			addSource(b, "CAN", "x/refined", 100)
			b.SetSourcingWeight("x/refined", "USA", "CHN", 1)
			if tc.defense > 0 {
				b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: DefenseSector, TPerMonth: tc.defense})
			}
			b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 100 - tc.defense})
			b.AddControl(Control{ID: "lic", Product: "x/refined", Exporter: "CHN", Destinations: []string{"USA"},
				Kind: Licensing, Windows: []Window{{}}, Licensing: LicensingRule{Approval: 0.25,
					ApprovalChanges: tc.changes, DelayMonths: 2, ValidityMonths: 12, MilitaryDenied: tc.milDeny}})
			r := runChecked(t, mustBuild(t, b))
			checkSeries(t, "USA supply", column(r.Supply, productIndex(t, r, "x/refined")), tc.want)
		})
	}
}

// A licence not used within its validity lapses: CHN has no stock to ship the approved
// tonnage until month 3 when its plant starts, and licences are valid 1 month.
func TestLicenceValidity(t *testing.T) {
	b := newTestBuilder(6, "USA", "CHN")
	b.AddProcess(Process{ID: "make", Country: "CHN", Utilisation: 1, CapacityByMonth: []float64{0, 0, 0, 0, 100, 100},
		Outputs: []Flow{{"x/refined", 1}}, ExternalInputT: 1})
	b.SetSourcingWeight("x/refined", "USA", "CHN", 1)
	b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 100})
	b.AddControl(Control{ID: "lic", Product: "x/refined", Exporter: "CHN", Kind: Licensing, Windows: []Window{{}},
		Licensing: LicensingRule{Approval: 0.5, DelayMonths: 1, ValidityMonths: 1}})
	r := runChecked(t, mustBuild(t, b))
	// Each month the buyer applies for its need less the licensed tonnage due to it that
	// month, and half is approved for the next month: a(t) = 0.5 (100 - a(t-1)), so
	// a = 50, 25, 37.5, 31.25, 34.375. Approvals of months 0-2 fall due in months 1-3
	// while CHN has nothing, and lapse; month 3's ships in month 4, month 4's in month 5.
	checkSeries(t, "USA supply", column(r.Supply, 0), []float64{0, 0, 0, 0, 31.25, 34.375})
}

// AUS mines 100 t REO concentrate a month; MYS separates it jointly into NdPr, Dy, Tb and
// other oxides with an explicit loss; USA consumes all four oxides.
func TestJointSeparationMassBalance(t *testing.T) {
	b := newTestBuilder(4, "USA", "CHN", "AUS", "MYS")
	for _, id := range []string{"ndpr/separation", "dy/separation", "tb/separation", "ce/separation"} {
		b.AddProduct(Product{ID: id, Basis: "oxide", PriceUSDPerKg: 50, Final: true})
		b.AddDemand(Demand{Region: "USA", Product: id, Sector: "ev", TPerMonth: 1})
	}
	b.AddProduct(Product{ID: "ree/mine", Basis: "REO", PriceUSDPerKg: 5})
	addSource(b, "AUS", "ree/mine", 100)
	sep := Process{ID: "separation", Country: "MYS", CapacityTPerMonth: 100, Utilisation: 1,
		Inputs: []Flow{{"ree/mine", 1}},
		Outputs: []Flow{{"ndpr/separation", 0.2}, {"dy/separation", 0.01}, {"tb/separation", 0.002},
			{"ce/separation", 0.7}},
		LossT: 0.088}
	b.AddProcess(sep)
	m := mustBuild(t, b)
	r := runChecked(t, m)
	// Month 0: 100 t concentrate in, 20 + 1 + 0.2 + 70 = 91.2 t oxides out, 8.8 t lost.
	wantOut := map[string]float64{"ndpr/separation": 20, "dy/separation": 1, "tb/separation": 0.2, "ce/separation": 70}
	sum := 0.0
	for id, want := range wantOut {
		got := r.Production[0][productIndex(t, r, id)]
		if !near(got, want) {
			t.Errorf("%s production %v, want %v", id, got, want)
		}
		sum += got
	}
	if in := r.Production[0][productIndex(t, r, "ree/mine")]; !near(in, sum+8.8) {
		t.Errorf("concentrate %v != oxides %v + loss 8.8", in, sum)
	}
	if r.Summary.MaxMassBalance > 1e-12 {
		t.Errorf("mass balance residual %g", r.Summary.MaxMassBalance)
	}

	sep.ID, sep.LossT = "leaky", 0.05
	b.AddProcess(sep)
	if _, err := b.Build(); err == nil || !strings.Contains(err.Error(), "mass balance") {
		t.Errorf("unbalanced joint process: err = %v, want a mass balance error", err)
	}
}

// USA produces and consumes 100 t/month of NdPr oxide at 60 USD/kg, so its price stays at
// 60; a 110 USD/kg floor for USA producers in months 2-4 costs (110 - 60) x 100 t / 1000 =
// 5 MUSD a month.
func TestPriceFloorCost(t *testing.T) {
	b := newTestBuilder(6, "USA", "CHN")
	b.AddProduct(Product{ID: "ndpr/separation", Basis: "NdPr oxide", PriceUSDPerKg: 60, Final: true})
	addSource(b, "USA", "ndpr/separation", 100)
	b.AddDemand(Demand{Region: "USA", Product: "ndpr/separation", Sector: "ev", TPerMonth: 100})
	b.AddPriceFloor(PriceFloor{Product: "ndpr/separation", Producers: []string{"USA"}, USDPerKg: 110, Payer: "USA",
		Window: Window{Start: testStart + 2, End: testStart + 4}})
	r := runChecked(t, mustBuild(t, b))
	checkSeries(t, "price", column(r.PriceOut, productIndex(t, r, "ndpr/separation")), []float64{60, 60, 60, 60, 60, 60})
	checkSeries(t, "price floor cost", column(r.Cost, costPriceFloor), []float64{0, 0, 5, 10, 15, 15})
	checkSeries(t, "total cost", r.CostTotal, []float64{0, 0, 5, 10, 15, 15})
	if r.Summary.TotalCostMUSD != 15 {
		t.Errorf("total cost %v, want 15", r.Summary.TotalCostMUSD)
	}
}

// USA needs 30 t/month, all from CHN, which bans it. The 50 t stockpile releases at most
// 20 t/month once the shortfall exceeds 10 % of need.
func TestStockpileRelease(t *testing.T) {
	b := newTestBuilder(5, "USA", "CHN")
	addSource(b, "CHN", "x/refined", 30)
	b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 30})
	b.AddControl(Control{ID: "ban", Product: "x/refined", Exporter: "CHN", Kind: Ban, Windows: []Window{{}}})
	b.AddStockpile(Stockpile{Holder: "USA", Product: "x/refined", InitialT: 50,
		Release: Release{ShortfallTrigger: 0.1, MaxTPerMonth: 20}})
	r := runChecked(t, mustBuild(t, b))
	checkSeries(t, "supply", column(r.Supply, 0), []float64{20, 20, 10, 0, 0})
	checkSeries(t, "stockpile", column(r.Stockpile, 0), []float64{30, 10, 0, 0, 0})
	if got := r.Summary.StockpileExhausted; got == nil || *got != testStart+2 {
		t.Errorf("stockpile exhausted %v, want %v", got, testStart+2)
	}
}

// A USA mine of 120 t/month starting in month 3 with a 4-month ramp; its 24 MUSD capex is
// spread over the 6 construction months before start, of which months 0-2 are in the
// horizon: 4 MUSD each. USA has no mine of its own, so the project copies AUS's process.
func TestProjectRamp(t *testing.T) {
	b := newTestBuilder(8, "USA", "CHN", "AUS")
	addSource(b, "AUS", "x/refined", 10)
	b.AddProject(Project{Name: "new mine", Process: "make x/refined", Country: "USA", CapacityTPerMonth: 120,
		Start: testStart + 3, RampMonths: 4, CapexMUSD: 24, ConstructionMonths: 6})
	r := runChecked(t, mustBuild(t, b))
	usa := 0
	capacity := make([]float64, r.Months)
	for t := range capacity {
		capacity[t] = r.CountryCapacity[t][0][usa]
	}
	checkSeries(t, "USA capacity", capacity, []float64{0, 0, 0, 30, 60, 90, 120, 120})
	checkSeries(t, "world production", column(r.Production, 0), []float64{10, 10, 10, 40, 70, 100, 130, 130})
	checkSeries(t, "capex", column(r.Cost, costCapex), []float64{4, 8, 12, 12, 12, 12, 12, 12})
}

// CHN supplies 50 t/month to USA, whose demand is 10 t defense and 90 t ev. Defense
// priority serves defense first; without it both sectors get 50 %. The F-35 line counts
// 100 kg (low) to 200 kg (high) per unit.
func TestDefensePriority(t *testing.T) {
	for _, tc := range []struct {
		name                       string
		priority                   bool
		defense, ev                float64 // supply
		unitsLow, unitsHigh, lostL float64 // per month
	}{
		{"priority", true, 10, 40, 100, 50, 0},
		{"pro rata", false, 5, 45, 50, 25, 50},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newTestBuilder(2, "USA", "CHN")
			addSource(b, "CHN", "x/refined", 50)
			b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: DefenseSector, TPerMonth: 10})
			b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 90})
			b.AddEndItem(EndItemInfo{ID: "f35", Name: "F-35", Product: "x/refined", KgLow: 100, KgHigh: 200})
			if tc.priority {
				b.AddPriority(Priority{Importer: "USA", Sector: DefenseSector})
			}
			r := runChecked(t, mustBuild(t, b))
			checkSeries(t, "defense shortfall", column(r.SectorShortfall, 0), []float64{10 - tc.defense, 10 - tc.defense})
			checkSeries(t, "ev shortfall", column(r.SectorShortfall, 1), []float64{90 - tc.ev, 90 - tc.ev})
			checkSeries(t, "units low", column(r.EndItemsLow, 0), []float64{tc.unitsLow, tc.unitsLow})
			checkSeries(t, "units high", column(r.EndItemsHigh, 0), []float64{tc.unitsHigh, tc.unitsHigh})
			if got := r.Summary.EndItemsLostLow["f35"]; !near(got, 2*tc.lostL) {
				t.Errorf("units lost (low) %v, want %v", got, 2*tc.lostL)
			}
		})
	}
}

// Ore is mined 50/50 in CHN and AUS; a separation plant turns it into oxide, which USA
// makes into metal. Rival content follows the material through both stages.
func TestRivalContentTwoStages(t *testing.T) {
	for _, tc := range []struct {
		separation string
		rivalFree  float64
	}{
		// JPN buys ore 50/50 by production shares: its oxide carries 0.5 rival content,
		// and so does USA's metal: 100 x (1 - 0.5).
		{"JPN", 50},
		// Separation in the rival: everything it makes counts as rival.
		{"CHN", 0},
	} {
		t.Run(tc.separation, func(t *testing.T) {
			b := newTestBuilder(3, "USA", "CHN", "AUS", "JPN")
			b.AddProduct(Product{ID: "ree/mine", PriceUSDPerKg: 5})
			b.AddProduct(Product{ID: "ree/separation", PriceUSDPerKg: 20})
			addSource(b, "CHN", "ree/mine", 50)
			addSource(b, "AUS", "ree/mine", 50)
			b.AddProcess(Process{ID: "separation", Country: tc.separation, CapacityTPerMonth: 100, Utilisation: 1,
				Inputs: []Flow{{"ree/mine", 1}}, Outputs: []Flow{{"ree/separation", 1}}})
			b.AddProcess(Process{ID: "metal", Country: "USA", CapacityTPerMonth: 100, Utilisation: 1,
				Inputs: []Flow{{"ree/separation", 1}}, Outputs: []Flow{{"x/refined", 1}}})
			b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 100})
			r := runChecked(t, mustBuild(t, b))
			x := productIndex(t, r, "x/refined")
			checkSeries(t, "supply", column(r.Supply, x), []float64{100, 100, 100})
			checkSeries(t, "rival free", column(r.RivalFree, x), []float64{tc.rivalFree, tc.rivalFree, tc.rivalFree})
		})
	}
}

// USA imports 100 t/month from CHN until its own mine starts in month 6; with home
// priority it then buys only its own rival-free output. Independence is month 6 when the
// horizon holds 12 covered months from there, and never otherwise.
func TestIndependence(t *testing.T) {
	for _, tc := range []struct {
		months int
		want   *Month
	}{
		{24, ptr(testStart + 6)},
		{18, ptr(testStart + 6)},
		{17, nil},
	} {
		b := newTestBuilder(tc.months, "USA", "CHN")
		addSource(b, "CHN", "x/refined", 100)
		b.AddProcess(Process{ID: "make x/refined", Country: "USA", Utilisation: 1, Outputs: []Flow{{"x/refined", 1}}, ExternalInputT: 1})
		b.AddProject(Project{Name: "mine", Process: "make x/refined", Country: "USA", CapacityTPerMonth: 100, Start: testStart + 6})
		b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 100})
		r := runChecked(t, mustBuild(t, b))
		got := r.Summary.Independence
		if (got == nil) != (tc.want == nil) || (got != nil && *got != *tc.want) {
			t.Errorf("%d months: independence %v, want %v", tc.months, got, tc.want)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// USA buys from CHN and AUS 50/50; a 25 % tariff on CHN with σ = 3 shifts the weights to
// 0.5 x 1.25^-3 : 0.5, normalised: 0.33861 : 0.66139.
func TestTariffShiftsSourcing(t *testing.T) {
	b := newTestBuilder(2, "USA", "CHN", "AUS")
	addSource(b, "CHN", "x/refined", 200)
	addSource(b, "AUS", "x/refined", 200)
	b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 100})
	b.AddTariff(Tariff{Importer: "USA", Exporter: "CHN", Product: "x/refined", Rate: 0.25, Window: Window{Start: testStart + 1}})
	m := mustBuild(t, b)
	r := runChecked(t, m)
	// Rival-free supply is what came from AUS.
	w := 1 / 1.953125 // 1.25^3
	checkSeries(t, "from AUS", column(r.RivalFree, 0), []float64{50, 100 / (1 + w)})
}

// AUS (60 t/month) serves a 40 t/month USA offtake before its other exports; the remaining
// 20 t are shared pro rata by USA's other 10 t and JPN's 50 t requests. The offtake
// premium of 2 USD/kg on 40 t costs 0.08 MUSD a month.
func TestOfftake(t *testing.T) {
	b := newTestBuilder(2, "USA", "CHN", "AUS", "JPN")
	addSource(b, "AUS", "x/refined", 60)
	b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 50})
	b.AddDemand(Demand{Region: "JPN", Product: "x/refined", Sector: "ev", TPerMonth: 50})
	b.AddOfftake(Offtake{Buyer: "USA", Seller: "AUS", Product: "x/refined", TPerMonth: 40, PremiumUSDPerKg: 2})
	r := runChecked(t, mustBuild(t, b))
	checkSeries(t, "USA supply", column(r.Supply, 0), []float64{40 + 10.0/3, 40 + 10.0/3})
	checkSeries(t, "offtake premium", column(r.Cost, costOfftakePremium), []float64{0.08, 0.16})
}

// JPN separates CHN ore (all rival content) and sells the oxide to USA. CHN's ban on oxide
// to USA reaches JPN's re-exports when their rival content is at least 50 %.
func TestExtraterritorial(t *testing.T) {
	for _, tc := range []struct {
		extra bool
		want  float64 // USA supply
	}{{false, 100}, {true, 0}} {
		b := newTestBuilder(3, "USA", "CHN", "JPN")
		b.AddProduct(Product{ID: "ree/mine", PriceUSDPerKg: 5})
		addSource(b, "CHN", "ree/mine", 100)
		b.AddProcess(Process{ID: "separation", Country: "JPN", CapacityTPerMonth: 100, Utilisation: 1,
			Inputs: []Flow{{"ree/mine", 1}}, Outputs: []Flow{{"x/refined", 1}}})
		b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 100})
		b.AddControl(Control{ID: "ban", Product: "x/refined", Exporter: "CHN", Destinations: []string{"USA"}, Kind: Ban,
			Windows: []Window{{Start: testStart + 1}}, Extraterritorial: tc.extra, ExtraterritorialMinShare: 0.5})
		r := runChecked(t, mustBuild(t, b))
		// Month 0 is before the ban; from month 1 JPN's oxide (content 1 >= 0.5) is caught.
		checkSeries(t, "USA supply", column(r.Supply, productIndex(t, r, "x/refined")), []float64{100, tc.want, tc.want})
	}
}

// Users' stock buffers a cut: USA holds 2 months of cover (200 t) and keeps that target;
// when CHN bans, USA consumes its stock before running short.
func TestUserStockBuffers(t *testing.T) {
	b := newTestBuilder(5, "USA", "CHN")
	addSource(b, "CHN", "x/refined", 100)
	b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 100})
	b.AddUserStock(Stock{Country: "USA", Product: "x/refined", T: 200})
	b.AddControl(Control{ID: "ban", Product: "x/refined", Exporter: "CHN", Kind: Ban, Windows: []Window{{Start: testStart + 1}}})
	r := runChecked(t, mustBuild(t, b))
	checkSeries(t, "supply", column(r.Supply, 0), []float64{100, 100, 100, 0, 0})
	checkSeries(t, "inventory", column(r.Inventory, 0), []float64{200, 100, 0, 0, 0})
}

// Months of cover set both the initial stock and the target: 2 months of a 50 t need.
func TestUserCover(t *testing.T) {
	b := newTestBuilder(3, "USA", "CHN")
	addSource(b, "CHN", "x/refined", 100)
	b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 50})
	b.SetUserCover("USA", "x/refined", 2)
	b.AddControl(Control{ID: "ban", Product: "x/refined", Exporter: "CHN", Kind: Ban, Windows: []Window{{Start: testStart + 1}}})
	r := runChecked(t, mustBuild(t, b))
	checkSeries(t, "inventory", column(r.Inventory, 0), []float64{100, 50, 0})
	checkSeries(t, "supply", column(r.Supply, 0), []float64{50, 50, 50})
}

// Recycling adds rival-free supply ramping in over 2 months.
func TestRecycling(t *testing.T) {
	b := newTestBuilder(4, "USA", "CHN")
	addSource(b, "CHN", "x/refined", 100)
	b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 100})
	b.AddRecycling(Recycling{Country: "USA", Product: "x/refined", TPerMonth: 40, RampMonths: 2, Window: Window{Start: testStart + 1}})
	r := runChecked(t, mustBuild(t, b))
	checkSeries(t, "rival free", column(r.RivalFree, 0), []float64{0, 20, 40, 40})
}

// Demand grows 12.68 %/year (1 %/month) from month 1 to month 2 and keeps the level; a
// 50 % substitution ramps in over 2 months from month 3.
func TestDemandGrowthAndSubstitution(t *testing.T) {
	b := newTestBuilder(6, "USA", "CHN")
	addSource(b, "CHN", "x/refined", 1000)
	b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 100})
	rate := 1.01*1.01*1.01*1.01*1.01*1.01*1.01*1.01*1.01*1.01*1.01*1.01 - 1
	b.AddDemandGrowth(DemandGrowth{Region: "USA", Product: "x/refined", Sector: "ev", RatePerYear: rate,
		Window: Window{Start: testStart + 1, End: testStart + 2}})
	b.AddSubstitution(Substitution{Region: "USA", Product: "x/refined", Sector: "ev", Reduction: 0.5, RampMonths: 2,
		Window: Window{Start: testStart + 3}})
	r := runChecked(t, mustBuild(t, b))
	g := 100 * 1.01 * 1.01
	checkSeries(t, "demand", column(r.Demand, 0), []float64{100, 100, 101, g * 0.75, g * 0.5, g * 0.5})
}
