package montecarlo

// Targets of a Monte Carlo study of the benchmark scenario (us-response-package) on a
// 2-core machine, as BenchmarkReplications and critmin bench report them
// (docs/performance.md).
const (
	// TargetSeconds10k is the wall time within which 10,000 replications should run on
	// TargetWorkers workers.
	TargetSeconds10k = 4.0
	// TargetWorkers is the number of workers of the target rate.
	TargetWorkers = 2
	// TargetSpeedUp is the least speed-up of TargetWorkers workers over one.
	TargetSpeedUp = 1.9
	// TargetReplicationsPerSecond is the rate on TargetWorkers workers that meets
	// TargetSeconds10k.
	TargetReplicationsPerSecond = 10000 / TargetSeconds10k
)
