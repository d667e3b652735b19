package compile

// RunTargetMS is the target time of one deterministic run of the benchmark scenario
// (BenchmarkRunResponse, critmin bench), in milliseconds: three times the engine's
// arithmetic floor of about 0.25 ms for the 132 months of us-response-package
// (docs/performance.md).
const RunTargetMS = 0.75
