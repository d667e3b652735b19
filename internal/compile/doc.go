// Package compile turns the world dataset's simulation tables and a scenario into a
// simulation model: it resolves countries, groups and product names, subtracts
// suspensions from control windows, dates projects from their lead times, and converts
// yearly tonnages to the engine's monthly ones. docs/model.md describes the result.
package compile
