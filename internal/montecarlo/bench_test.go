package montecarlo

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkReplications runs batches of the rare-earth response scenario with 1 and 2
// workers and reports replications and replication-months per second. Each replication
// draws, compiles (sim.Build included) and runs a fresh model.
func BenchmarkReplications(b *testing.B) {
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			const reps = 64
			s := builtinStudy(b, "us-response-package", 1, reps, 8)
			l, err := s.Layout()
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				if _, err := Run(context.Background(), s, workers, nil); err != nil {
					b.Fatal(err)
				}
				n += reps
			}
			sec := b.Elapsed().Seconds()
			b.ReportMetric(float64(n)/sec, "replications/s")
			b.ReportMetric(float64(n*l.Months)/sec, "replication-months/s")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// BenchmarkDraw is the cost of drawing one replication's scenario.
func BenchmarkDraw(b *testing.B) {
	s := builtinStudy(b, "us-response-package", 1, 1, 1)
	u := make([]float64, len(Inputs(s.Scenario)))
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		Draw(s.Scenario, 1, i, u)
		i++
	}
}
