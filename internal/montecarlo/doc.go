// Package montecarlo runs a scenario many times with its uncertain numbers drawn and
// aggregates the replications exactly, so that a study gives bit-identical results for
// any number of workers, on any machines, in any completion order.
package montecarlo
