package sim

import "testing"

func TestRunWithProgress(t *testing.T) {
	b := newTestBuilder(6, "CHN", "USA")
	addSource(b, "CHN", "x/refined", 10)
	b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 5})
	m := mustBuild(t, b)
	var calls []int
	NewEngine(m).RunWithProgress(NewResult(m), func(done, total int) {
		if total != 6 {
			t.Errorf("total = %d, want 6", total)
		}
		calls = append(calls, done)
	})
	if len(calls) != 6 || calls[0] != 1 || calls[5] != 6 {
		t.Errorf("progress calls = %v, want 1..6", calls)
	}
}
