package plan

import (
	"reflect"
	"testing"

	"github.com/critmin/critmin/internal/sim"
)

func TestRoadOf(t *testing.T) {
	const start, months = sim.Month(24300), 132
	at := func(i int) *sim.Month { m := start + sim.Month(i); return &m }
	cover := func(product, stage string, m *sim.Month) sim.StageCover {
		return sim.StageCover{Product: product, Stage: stage, Month: m}
	}
	tests := []struct {
		name  string
		s     sim.Summary
		month float64
		hits  []StageHit
	}{
		{
			name: "blocked at two stages",
			s: sim.Summary{
				Road: []sim.StageCover{cover("ndfeb/magnet", "ndfeb/magnet", nil), cover("ndfeb/magnet", "dy/separation", nil), cover("ndfeb/magnet", "tb/separation", nil)},
				Blocked: []sim.Blocked{{Product: "ndfeb/magnet", Stage: "dy/separation", GapTPerYear: 108}, {Product: "ndfeb/magnet", Stage: "tb/separation", GapTPerYear: 19},
					{Product: "antimony/refined", Stage: "antimony/mine", GapTPerYear: 5}},
			},
			month: months,
			hits:  []StageHit{{Stage: "dy/separation", Blocked: true, GapTPerYear: 108}, {Stage: "tb/separation", Blocked: true, GapTPerYear: 19}},
		},
		{
			// The magnet and Dy metal stages are covered in the month Dy separation is,
			// since they run on its output: the most upstream of them binds.
			name: "covered, the last stage binds",
			s: sim.Summary{Road: []sim.StageCover{
				cover("ndfeb/magnet", "ndfeb/magnet", at(29)), cover("ndfeb/magnet", "dy/metal", at(29)), cover("ndfeb/magnet", "tb/separation", at(9)),
				cover("ndfeb/magnet", "dy/separation", at(29)), cover("ndfeb/magnet", "reo/mine", at(0)), cover("antimony/refined", "antimony/mine", at(40)),
			}},
			month: 29,
			hits:  []StageHit{{Stage: "dy/separation"}},
		},
		{
			name:  "not demanded",
			s:     sim.Summary{Road: []sim.StageCover{cover("antimony/refined", "antimony/mine", at(3))}},
			month: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			month, hits := roadOf(&tt.s, "ndfeb/magnet", start, months)
			if month != tt.month || !reflect.DeepEqual(hits, tt.hits) {
				t.Errorf("roadOf = %g, %+v; want %g, %+v", month, hits, tt.month, tt.hits)
			}
		})
	}
}

func TestEstimateBindingAndRoad(t *testing.T) {
	s := &Samples{
		Shortfall:    []float64{0, 0, 0, 0},
		Independence: []float64{132, 132, 132, 132},
		Road:         []float64{30, 132, 40, 132},
		Binding: [][]StageHit{
			{{Stage: "dy/separation"}},
			{{Stage: "dy/separation", Blocked: true, GapTPerYear: 10}, {Stage: "tb/separation", Blocked: true, GapTPerYear: 2}},
			{{Stage: "tb/separation"}},
			{{Stage: "dy/separation", Blocked: true, GapTPerYear: 30}},
		},
		Months: 132,
	}
	e := s.Estimate(ExpectedRoad)
	if e.Value != 83.5 || e.Mean != 83.5 || e.P5 != 30 || e.P95 != 132 || e.Never == nil || *e.Never != 0.5 {
		t.Errorf("estimate %+v (never %v)", e, e.Never)
	}
	want := []Binding{
		{Stage: "dy/separation", Blocked: true, Share: 0.5, GapTPerYear: 20},
		{Stage: "tb/separation", Blocked: true, Share: 0.25, GapTPerYear: 2},
		{Stage: "dy/separation", Share: 0.25},
		{Stage: "tb/separation", Share: 0.25},
	}
	if !reflect.DeepEqual(e.Binding, want) {
		t.Errorf("binding %+v\nwant %+v", e.Binding, want)
	}
	if e := s.Estimate(ExpectedIndependence); e.Value != 132 || *e.Never != 1 || len(e.Binding) != 4 {
		t.Errorf("independence estimate %+v", e)
	}
}
