// Package report renders critmin results for people and programs: aligned text tables
// with units in the headers, CSV, and JSON, all with fixed number formatting so output is
// deterministic and golden files are stable.
package report
