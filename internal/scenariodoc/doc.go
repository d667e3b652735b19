// Package scenariodoc generates the figures docs/scenarios.md quotes from runs of the
// built-in scenarios (the road to independence of every built-in; what the US package and
// the allied build-out reach, deterministic and Monte Carlo; how the magnet cases turn on
// users' starting stock) and splices them into the marked sections of that file, so the
// document moves when the engine does.
package scenariodoc
