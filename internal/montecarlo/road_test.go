package montecarlo

import (
	"context"
	"testing"
)

// TestRoadAndEndItemOutputs runs a small study of the US response package: the layout
// has a month output per stage of the point run's road and two per end item, each stage
// reads its own month (the magnet chain waits for the Dy plant, which the drawn project
// delays can only push later), and no programme loses more than it builds.
func TestRoadAndEndItemOutputs(t *testing.T) {
	s := builtinStudy(t, "us-response-package", 3, 24, 8)
	p, err := Run(context.Background(), s, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	l, err := s.Layout()
	if err != nil {
		t.Fatal(err)
	}
	a := Summarize(l, p)
	byName := map[string]Stat{}
	for _, st := range a.Headlines {
		byName[st.Name] = st
	}
	dy, ok := byName[ScalarRoad+":ndfeb/magnet:dy/separation"]
	if !ok || !dy.Month || dy.Stage != "dy/separation" {
		t.Fatalf("no road output for the Dy separation stage of magnets: %+v", dy)
	}
	mine := byName[ScalarRoad+":ndfeb/magnet:reo/mine"]
	if dy.P5 == nil || mine.P95 == nil || *dy.P5 <= *mine.P95 {
		t.Errorf("Dy separation covered from %v (P5), ore from %v (P95): want Dy later", dy.P5, mine.P95)
	}
	f35, ok := byName[ScalarEndItemsLow+":f35"]
	if !ok || f35.Item != "f35" || f35.Unit != "units" {
		t.Fatalf("no end-item output for the F-35: %+v", f35)
	}
	if f35.Max == nil || *f35.Max > 156*float64(a.Months)/12 {
		t.Errorf("F-35s lost at most %v, above what the programme builds", f35.Max)
	}
	if _, ok := byName[ScalarEndItemsHigh+":ev_motor"]; !ok {
		t.Error("no end-item output for the EV motor")
	}
}
