// Package result is the contract for the outcome of a deterministic run: the type the
// store keeps, the API serves and the reports read, with a schema version, apart from the
// engine's buffers (sim.Result), which it is converted from in one place (FromSim).
package result
