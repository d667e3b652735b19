package sim

import (
	"reflect"
	"testing"
)

// USA demands 100 t/month of x/refined, made 1:1 from ree/separation, made 2:1 from
// ree/mine. Outside CHN: AUS mines 300 t/month, JPN separates 60 t/month (rising to 120
// from month 4 when the case says so) and USA refines 150 t/month. Separation is the
// binding stage until JPN's expansion.
func TestRoad(t *testing.T) {
	for _, tc := range []struct {
		name      string
		expand    bool
		separated *Month // when the separation stage is covered
		blocked   []Blocked
	}{
		{"blocked at separation", false, nil,
			[]Blocked{{Product: "x/refined", Stage: "ree/separation", GapTPerYear: 12 * 40, Until: testStart + 7}}},
		{"expansion covers it", true, ptr(testStart + 4), []Blocked{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newTestBuilder(8, "USA", "CHN", "AUS", "JPN")
			b.AddProduct(Product{ID: "ree/mine", PriceUSDPerKg: 5})
			b.AddProduct(Product{ID: "ree/separation", PriceUSDPerKg: 20})
			addSource(b, "CHN", "ree/mine", 500)
			addSource(b, "AUS", "ree/mine", 300)
			capacity := []float64{60, 60, 60, 60, 60, 60, 60, 60}
			if tc.expand {
				capacity = []float64{60, 60, 60, 60, 120, 120, 120, 120}
			}
			b.AddProcess(Process{ID: "separation", Country: "JPN", CapacityByMonth: capacity, Utilisation: 1,
				Inputs: []Flow{{"ree/mine", 2}}, Outputs: []Flow{{"ree/separation", 1}}, LossT: 1})
			b.AddProcess(Process{ID: "separation", Country: "CHN", CapacityTPerMonth: 500, Utilisation: 1,
				Inputs: []Flow{{"ree/mine", 2}}, Outputs: []Flow{{"ree/separation", 1}}, LossT: 1})
			b.AddProcess(Process{ID: "refining", Country: "USA", CapacityTPerMonth: 150, Utilisation: 1,
				Inputs: []Flow{{"ree/separation", 1}}, Outputs: []Flow{{"x/refined", 1}}})
			b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 100})
			r := runChecked(t, mustBuild(t, b))
			s := r.Summary
			stages := map[string]StageCover{}
			for _, sc := range s.Road {
				if sc.Product != "x/refined" {
					t.Fatalf("stage of an undemanded product: %+v", sc)
				}
				stages[sc.Stage] = sc
			}
			if len(stages) != 3 {
				t.Fatalf("stages %+v, want x/refined, ree/separation, ree/mine", s.Road)
			}
			if mine := stages["ree/mine"]; mine.Month == nil || *mine.Month != testStart || mine.NeedTPerYear != 12*200 || mine.CapacityTPerYear != 12*300 {
				t.Errorf("mine stage %+v: want covered from the start, need 2400 t/yr of 3600", mine)
			}
			sep := stages["ree/separation"]
			if !reflect.DeepEqual(sep.Month, tc.separated) {
				t.Errorf("separation covered from %v, want %v", sep.Month, tc.separated)
			}
			// Refining's own capacity suffices; it is covered when its feed is.
			if ref := stages["x/refined"]; !reflect.DeepEqual(ref.Month, tc.separated) || ref.CapacityTPerYear != 12*150 {
				t.Errorf("refining stage %+v, want covered from %v", ref, tc.separated)
			}
			if !reflect.DeepEqual(s.Blocked, tc.blocked) {
				t.Errorf("blocked %+v, want %+v", s.Blocked, tc.blocked)
			}
		})
	}
}

// When every stage's own capacity would do but a stage starves of feed made outside the
// rival, that stage binds: AUS mines 120 t/month, enough for USA's refining (100), but
// a JPN plant making another product draws on it too, so refining gets 120 x 100/200.
func TestRoadFeedBinding(t *testing.T) {
	b := newTestBuilder(4, "USA", "CHN", "AUS", "JPN")
	b.AddProduct(Product{ID: "ree/mine", PriceUSDPerKg: 5})
	b.AddProduct(Product{ID: "y/refined", PriceUSDPerKg: 5})
	addSource(b, "CHN", "ree/mine", 500)
	addSource(b, "AUS", "ree/mine", 120)
	b.AddProcess(Process{ID: "refining", Country: "USA", CapacityTPerMonth: 100, Utilisation: 1,
		Inputs: []Flow{{"ree/mine", 1}}, Outputs: []Flow{{"x/refined", 1}}})
	b.AddProcess(Process{ID: "other use", Country: "JPN", CapacityTPerMonth: 100, Utilisation: 1,
		Inputs: []Flow{{"ree/mine", 1}}, Outputs: []Flow{{"y/refined", 1}}})
	b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 100})
	r := runChecked(t, mustBuild(t, b))
	want := []Blocked{{Product: "x/refined", Stage: "x/refined", GapTPerYear: 12 * 40, Until: testStart + 3}}
	if !reflect.DeepEqual(r.Summary.Blocked, want) {
		t.Errorf("blocked %+v, want %+v", r.Summary.Blocked, want)
	}
}
