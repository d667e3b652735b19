package montecarlo

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkReplications runs batches of the rare-earth response scenario with 1 and 2
// workers and reports replications and replication-months per second. Each replication
// draws, compiles (sim.Build included) and runs a fresh model. With TargetWorkers workers
// it also reports the target rate and the time 10,000 replications take at the measured
// rate against TargetSeconds10k; the speed-up is the ratio of the two replications/s
// figures, against TargetSpeedUp. A batch of 64 replications carries each worker's
// set-up (its first model, engine and aggregate), which a 10,000-replication study
// spreads thinner: critmin bench measures 1,000 by default.
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
			if workers == TargetWorkers {
				b.ReportMetric(TargetReplicationsPerSecond, "target-replications/s")
				b.ReportMetric(10000*sec/float64(n), "s/10k-replications")
				b.ReportMetric(TargetSeconds10k, "target-s/10k-replications")
			}
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
