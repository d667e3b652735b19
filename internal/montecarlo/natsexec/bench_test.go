package natsexec

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/critmin/critmin/internal/montecarlo"
)

// BenchmarkTwoWorkers runs a study of the rare-earth response scenario on two workers
// over an embedded JetStream server, all in this process, and reports replications per
// second: the in-process figure (BenchmarkReplications in internal/montecarlo) less the
// cost of publishing, compressing, decoding and merging partials.
func BenchmarkTwoWorkers(b *testing.B) {
	nc := embedded(b)
	const reps = 400
	n := 0
	for i := 0; b.Loop(); i++ {
		ns := fmt.Sprintf("bench%d", i)
		ctx, cancel := context.WithCancel(context.Background())
		for w := range 2 {
			go Work(ctx, nc, WorkOptions{Namespace: ns, Name: fmt.Sprintf("w%d", w), World: study(b).World})
		}
		s := study(b)
		s.Replications, s.BatchSize = reps, montecarlo.DefaultBatchSize
		sctx, stop := context.WithTimeout(ctx, 5*time.Minute)
		if _, err := Submit(sctx, nc, s, SubmitOptions{Namespace: ns}); err != nil {
			b.Fatal(err)
		}
		stop()
		cancel()
		n += reps
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "replications/s")
	b.ReportMetric(0, "ns/op")
}
