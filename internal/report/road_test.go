package report

import (
	"reflect"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/result"
)

func TestRoadSentences(t *testing.T) {
	r := testRun(0) // never short: the road sentences speak of covered capacity
	at := func(m result.Month) *result.Month { return &m }
	end := r.Start + result.Month(r.Months-1)
	r.Summary.Road = []result.StageCover{
		{Product: "ndpr/oxide", Stage: "ndpr/oxide", Month: at(r.Start)},
		{Product: "ndpr/magnet", Stage: "ndpr/magnet", Month: nil},
		{Product: "ndpr/magnet", Stage: "ndpr/oxide", Month: nil},
	}
	r.Summary.Blocked = []result.Blocked{{Product: "ndpr/magnet", Stage: "ndpr/oxide", GapTPerYear: 1234.4, Until: end}}
	got := roadSentences(&pageCtx{}, r)
	want := []string{
		"USA's independence for NdPr magnet is blocked at NdPr oxide (1234 t/yr of capacity missing) in 2026-12, the last month of the run.",
		"Capacity outside CHN with its own feed covers USA's need of NdPr oxide from the start.",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	r.Summary.Blocked = nil
	r.Summary.Road[1].Month, r.Summary.Road[2].Month = at(r.Start+6), at(r.Start+3)
	got = roadSentences(&pageCtx{}, r)
	if want := "Capacity outside CHN with its own feed covers USA's need of NdPr magnet from 2025-07."; got[0] != want {
		t.Errorf("got %q, want %q", got[0], want)
	}
}

// When an upstream stage is the last to be covered, the sentence names it.
func TestRoadSentenceNamesTheLastStage(t *testing.T) {
	r := testRun(0)
	at := func(m result.Month) *result.Month { return &m }
	r.Summary.Road = []result.StageCover{
		{Product: "ndpr/magnet", Stage: "ndpr/magnet", Month: at(r.Start + 6)},
		{Product: "ndpr/magnet", Stage: "ndpr/oxide", Month: at(r.Start + 6)},
	}
	r.Summary.Blocked = nil
	got := roadSentences(&pageCtx{}, r)
	want := "Capacity outside CHN with its own feed covers USA's need of NdPr magnet from 2025-07, once NdPr oxide is covered."
	if len(got) != 1 || got[0] != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestRoadSentencesWhenShort: a product the run leaves the importer short of is not
// called covered, whether its capacity covers it from the start or from a later month;
// one still short in the run's last month is "still short", one whose shortage ended
// gives its last short month, the month its supply is free of the rival, and the lasting
// demand cut that independence rests on (trial: "still short" beside independence from
// 2030-10, reached at 27 % lower demand).
func TestRoadSentencesWhenShort(t *testing.T) {
	at := func(m result.Month) *result.Month { return &m }
	for _, tc := range []struct {
		name string
		edit func(r *result.Run)
		want []string
	}{
		{
			name: "still short in the last month",
			edit: func(r *result.Run) {
				last := r.Months - 1
				for p := range r.Products {
					r.Shortfall[last][p] = 0.5 * r.Demand[last][p]
				}
			},
			want: []string{
				"Capacity outside CHN with its own feed could cover USA's need of NdPr magnet from 2025-07, if all of it went to USA; in this run USA is still short of it (the road measures capacity, not deliveries); 70.4% of its NdPr magnet supply over the horizon (100% over the last 12 months) never passed through CHN: its supply is not independent of CHN within the horizon.",
				"Capacity outside CHN with its own feed could cover USA's need of NdPr oxide from the start, if all of it went to USA; in this run USA is still short of it (the road measures capacity, not deliveries); 79.6% of its NdPr oxide supply over the horizon (100% over the last 12 months) never passed through CHN: its supply is not independent of CHN within the horizon.",
			},
		},
		{
			name: "shortage ends",
			edit: func(*result.Run) {},
			want: []string{
				"Capacity outside CHN with its own feed could cover USA's need of NdPr oxide from the start, if all of it went to USA (the road measures capacity, not deliveries); in this run USA is short of it until 2026-11; 79.6% of its NdPr oxide supply over the horizon (100% over the last 12 months) never passed through CHN: its supply is not independent of CHN within the horizon.",
				"Capacity outside CHN with its own feed could cover USA's need of NdPr magnet from 2025-07, if all of it went to USA (the road measures capacity, not deliveries); in this run USA is short of it until 2026-11; 70.4% of its NdPr magnet supply over the horizon (100% over the last 12 months) never passed through CHN: its supply is not independent of CHN within the horizon.",
			},
		},
		{
			name: "shortage ends, independence at lower demand",
			edit: func(r *result.Run) {
				last := r.Months - 1
				r.Summary.IndependenceByProduct = []result.ProductMonth{{Product: "ndpr/oxide", Month: at(r.Start + 23)}, {Product: "ndpr/magnet"}}
				// Oxide demand ends 27 % below its baseline-price level, and the supply
				// free of the rival covers only what is left; magnet demand is cut by
				// less than demandCutShare.
				r.Summary.DemandResponse = []result.ProductDemand{
					{Product: "ndpr/oxide", AtBaselinePrice: 1500, AtRunPrices: 1300, LastAtBaselinePrice: 60 / 0.73, LastAtRunPrices: 60},
					{Product: "ndpr/magnet", AtBaselinePrice: 9600, AtRunPrices: 9600, LastAtBaselinePrice: 400, LastAtRunPrices: 400},
				}
				r.RivalFree[last][0] = 60
			},
			want: []string{
				"Capacity outside CHN with its own feed could cover USA's need of NdPr oxide from the start, if all of it went to USA (the road measures capacity, not deliveries); in this run USA is short of it until 2026-11, and from 2026-12 supply that never passed through CHN covers its demand (the table's independence for the product), reached at 27% lower demand than at baseline prices (60 t/month against 82.19 in 2026-12, the run's last month): prices cut its demand for good, and what is covered is that lower demand, not the need at baseline prices; 79.6% of its NdPr oxide supply over the horizon (100% over the last 12 months) never passed through CHN.",
				"Capacity outside CHN with its own feed could cover USA's need of NdPr magnet from 2025-07, if all of it went to USA (the road measures capacity, not deliveries); in this run USA is short of it until 2026-11; 70.4% of its NdPr magnet supply over the horizon (100% over the last 12 months) never passed through CHN: its supply is not independent of CHN within the horizon.",
			},
		},
		{
			name: "shortage ends at lower demand, no independence",
			edit: func(r *result.Run) {
				r.Summary.DemandResponse = []result.ProductDemand{{Product: "ndpr/magnet", LastAtBaselinePrice: 500, LastAtRunPrices: 400}}
			},
			want: []string{
				"Capacity outside CHN with its own feed could cover USA's need of NdPr oxide from the start, if all of it went to USA (the road measures capacity, not deliveries); in this run USA is short of it until 2026-11; 79.6% of its NdPr oxide supply over the horizon (100% over the last 12 months) never passed through CHN: its supply is not independent of CHN within the horizon.",
				"Capacity outside CHN with its own feed could cover USA's need of NdPr magnet from 2025-07, if all of it went to USA (the road measures capacity, not deliveries); in this run USA is short of it until 2026-11, a shortage that ends at 20% lower demand than at baseline prices (400 t/month against 500 in 2026-12, the run's last month): prices cut its demand for good, and what is met is that lower demand, not the need at baseline prices; 70.4% of its NdPr magnet supply over the horizon (100% over the last 12 months) never passed through CHN: its supply is not independent of CHN within the horizon.",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := testRun(1) // short of both products
			r.Summary.Road = []result.StageCover{
				{Product: "ndpr/oxide", Stage: "ndpr/oxide", Month: at(r.Start)},
				{Product: "ndpr/magnet", Stage: "ndpr/magnet", Month: at(r.Start + 6)},
			}
			r.Summary.Blocked = nil
			tc.edit(r)
			got := roadSentences(&pageCtx{}, r)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestRoadSentenceBlockedYetIndependent: a product whose road is blocked at baseline
// prices but whose supply in the run is free of the rival says both, and why they differ.
func TestRoadSentenceBlockedYetIndependent(t *testing.T) {
	r := testRun(0)
	end := r.Start + result.Month(r.Months-1)
	from := r.Start + 12
	r.Summary.Road = []result.StageCover{{Product: "ndpr/magnet", Stage: "ndpr/magnet"}}
	r.Summary.Blocked = []result.Blocked{{Product: "ndpr/magnet", Stage: "ndpr/magnet", GapTPerYear: 100, Until: end}}
	r.Summary.IndependenceByProduct = []result.ProductMonth{{Product: "ndpr/magnet", Month: &from}}
	r.Summary.DemandResponse = []result.ProductDemand{{Product: "ndpr/magnet", LastAtBaselinePrice: 500, LastAtRunPrices: 400}}
	got := roadSentences(&pageCtx{}, r)
	want := []string{"USA's independence for NdPr magnet is blocked at NdPr magnet (100 t/yr of capacity missing) in 2026-12, the last month of the run. In this run supply that never passed through CHN covers its demand from 2026-01 all the same (the table's independence for the product), reached at 20% lower demand than at baseline prices (400 t/month against 500 in 2026-12, the run's last month): prices cut its demand for good, and what is covered is that lower demand, not the need at baseline prices."}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// TestRoadSentencesWhenStillDependent: a product whose capacity outside the rival covers
// the need but whose supply in the run never becomes free of the rival (no independence
// month) is not called covered without saying so; one with an independence month is.
func TestRoadSentencesWhenStillDependent(t *testing.T) {
	r := testRun(0)
	at := func(m result.Month) *result.Month { return &m }
	r.Summary.Road = []result.StageCover{
		{Product: "ndpr/oxide", Stage: "ndpr/oxide", Month: at(r.Start)},
		{Product: "ndpr/magnet", Stage: "ndpr/magnet", Month: at(r.Start + 6)},
	}
	r.Summary.Blocked = nil
	r.Summary.IndependenceByProduct = []result.ProductMonth{{Product: "ndpr/oxide", Month: nil}, {Product: "ndpr/magnet", Month: at(r.Start + 9)}}
	got := roadSentences(&pageCtx{}, r)
	want := []string{
		"Capacity outside CHN with its own feed covers USA's need of NdPr magnet from 2025-07.",
		"Capacity outside CHN with its own feed could cover USA's need of NdPr oxide from the start, but in this run only 16.7% of its NdPr oxide supply over the horizon (16.7% over the last 12 months) never passed through CHN: its supply is not independent of CHN within the horizon (the road measures capacity, not where supply comes from).",
		// Covered from 2025-07, free of the rival from 2025-10: the later month is said.
		"In this run USA's supply becomes free of CHN later than that capacity covers it: NdPr magnet from 2025-10 (the road measures capacity, not where supply comes from).",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	r.Summary.IndependenceByProduct[1].Month = at(r.Start + 6)
	if got := roadSentences(&pageCtx{}, r); len(got) != 2 {
		t.Errorf("free of the rival when covered: got %q, want no sentence on a later month", got)
	}
	r.Summary.IndependenceByProduct[1].Month = nil
	got = roadSentences(&pageCtx{}, r)
	// Both products still bought through the rival: one sentence, the later-covered first.
	if want := "Capacity outside CHN with its own feed could cover USA's need of NdPr magnet from 2025-07, and of NdPr oxide from the start, but in this run only 5% of its NdPr magnet supply over the horizon (5% over the last 12 months) and 16.7% of NdPr oxide over the horizon (16.7% over the last 12 months) never passed through CHN: their supply is not independent of CHN within the horizon (the road measures capacity, not where supply comes from)."; got[0] != want || len(got) != 1 {
		t.Errorf("got %q, want %q", got[0], want)
	}
}

// TestRoadSentenceRivalFreeShare: a product covered by capacity but still bought through
// the rival is given the share of its supply that never passed through the rival, over
// the horizon and its last 12 months, not "part" (a trial read "takes part of them
// through CHN" where 0.005 % never did); a sliver keeps its digits.
func TestRoadSentenceRivalFreeShare(t *testing.T) {
	for _, tc := range []struct {
		name            string
		early, lastYear float64 // rival-free share of supply before and in the last 12 months
		want            string
	}{
		{"sliver", 0.00005, 0.00005, "but in this run only 0.005% of its NdPr oxide supply over the horizon (0.005% over the last 12 months) never passed through CHN"},
		{"rising", 0, 0.6, "but in this run only 30% of its NdPr oxide supply over the horizon (60% over the last 12 months) never passed through CHN"},
		{"most", 0.8, 0.8, "but in this run 80% of its NdPr oxide supply over the horizon (80% over the last 12 months) never passed through CHN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := testRun(0)
			r.Summary.Road = []result.StageCover{{Product: "ndpr/oxide", Stage: "ndpr/oxide", Month: &r.Start}}
			r.Summary.Blocked = nil
			r.Summary.IndependenceByProduct = []result.ProductMonth{{Product: "ndpr/oxide"}}
			if r.Months != 24 {
				t.Fatalf("fixture has %d months, the shares assume 24", r.Months)
			}
			for m := range r.Months {
				r.Supply[m][0] = 10
				share := tc.early
				if m >= r.Months-12 {
					share = tc.lastYear
				}
				r.RivalFree[m][0] = 10 * share
			}
			got := strings.Join(roadSentences(&pageCtx{}, r), "\n")
			if !strings.Contains(got, tc.want) {
				t.Errorf("got %q\nwant it to contain %q", got, tc.want)
			}
		})
	}
}

// TestRoadSentenceNamesSharedCapacity: a covered stage whose capacity outside the rival
// falls short of the importer's and the other countries' needs together is named with
// the three figures; one that covers both, or one never covered, is not.
func TestRoadSentenceNamesSharedCapacity(t *testing.T) {
	r := testRun(0)
	at := func(m result.Month) *result.Month { return &m }
	r.Summary.Road = []result.StageCover{
		{Product: "ndpr/oxide", Stage: "ndpr/oxide", Month: at(r.Start), NeedTPerYear: 720, FedTPerYear: 900, OthersNeedTPerYear: 2000},
		{Product: "ndpr/magnet", Stage: "ndpr/magnet", Month: at(r.Start), NeedTPerYear: 4800, FedTPerYear: 6000, OthersNeedTPerYear: 1000},
	}
	const want = "The road counts all capacity outside CHN for USA, but other countries outside CHN need the same capacity for their own demand, and together they need more than capacity outside CHN with feed from outside CHN can make of NdPr oxide (900 t/yr; USA needs 720, the others 2000): covered means USA could do without CHN only if it took what the others use. Those t/yr are the road table's \"with non-CHN feed\", not its \"capacity outside CHN\", which counts plants whatever their feed."
	if got := sharedCapacity(&pageCtx{}, r); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if got := dataCaveats(&pageCtx{}, r); len(got) != 2 || got[0] != dataCaveatsHeading || got[1] != want {
		t.Errorf("data caveats %q, want the heading and the sentence", got)
	}
	r.Summary.Road[0].OthersNeedTPerYear = 100
	for _, s := range dataCaveats(&pageCtx{}, r) {
		if strings.HasPrefix(s, "The road counts all capacity") {
			t.Errorf("names shared capacity where it covers both: %q", s)
		}
	}
}

// TestSharedCapacitySumsAStagesProducts: a stage that feeds two final products is set
// against both needs together (rare-earth concentrate feeds magnets and other oxides).
func TestSharedCapacitySumsAStagesProducts(t *testing.T) {
	r := testRun(0)
	at := func(m result.Month) *result.Month { return &m }
	r.Summary.Road = []result.StageCover{
		{Product: "ndpr/magnet", Stage: "ndpr/oxide", Month: at(r.Start), NeedTPerYear: 600, FedTPerYear: 1000, OthersNeedTPerYear: 300},
		{Product: "ndpr/oxide", Stage: "ndpr/oxide", Month: at(r.Start), NeedTPerYear: 200, FedTPerYear: 1000, OthersNeedTPerYear: 100},
	}
	const want = "NdPr oxide (1000 t/yr; USA needs 800, the others 400)"
	if got := sharedCapacity(&pageCtx{}, r); !strings.Contains(got, want) {
		t.Errorf("got %q, want it to contain %q", got, want)
	}
}

// TestRoadTableNotesRivalOnlyStages: a stage with capacity outside the rival that the
// importer needs none of, while it needs the final product, feeds only the rival's plants
// (Myanmar's ionic clay, which only China separates): the road table says its "covered"
// means nothing; a stage with a need, or a chain with no need at all, gets no note.
func TestRoadTableNotesRivalOnlyStages(t *testing.T) {
	at := func(m result.Month) *result.Month { return &m }
	const clay = "ionic_clay/mine: need 0, since no plant outside CHN takes it: its 27000 t/yr outside CHN can feed only CHN's plants"
	for _, c := range []struct {
		name      string
		road      []result.StageCover
		wantNotes int
	}{
		{"clay feeding only the rival", []result.StageCover{
			{Product: "ndfeb/magnet", Stage: "ndfeb/magnet", NeedTPerYear: 8000, CapacityTPerYear: 40000, FedTPerYear: 12000},
			{Product: "ndfeb/magnet", Stage: "ionic_clay/mine", NeedTPerYear: 0, CapacityTPerYear: 27000, FedTPerYear: 27000},
			{Product: "other/separation", Stage: "other/separation", NeedTPerYear: 6600, CapacityTPerYear: 17000, FedTPerYear: 17000},
			{Product: "other/separation", Stage: "ionic_clay/mine", NeedTPerYear: 0, CapacityTPerYear: 27000, FedTPerYear: 27000},
		}, 1},
		{"clay some plant outside the rival takes", []result.StageCover{
			{Product: "ndfeb/magnet", Stage: "ndfeb/magnet", NeedTPerYear: 8000, CapacityTPerYear: 40000, FedTPerYear: 12000},
			{Product: "ndfeb/magnet", Stage: "ionic_clay/mine", NeedTPerYear: 10, CapacityTPerYear: 27000, FedTPerYear: 27000},
		}, 0},
		{"no need of the product", []result.StageCover{
			{Product: "ndfeb/magnet", Stage: "ndfeb/magnet", NeedTPerYear: 0, CapacityTPerYear: 40000, FedTPerYear: 12000, Month: at(0)},
			{Product: "ndfeb/magnet", Stage: "ionic_clay/mine", NeedTPerYear: 0, CapacityTPerYear: 27000, FedTPerYear: 27000},
		}, 0},
	} {
		r := testRun(0)
		r.Summary.Road = c.road
		var got []string
		for _, n := range roadTable(r).Notes {
			if strings.HasPrefix(n, "ionic_clay/mine") {
				got = append(got, n)
			}
		}
		if len(got) != c.wantNotes || len(got) == 1 && !strings.HasPrefix(got[0], clay) {
			t.Errorf("%s: notes %q, want %d starting %q", c.name, got, c.wantNotes, clay)
		}
	}
}
