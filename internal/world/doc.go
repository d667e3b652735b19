// Package world holds critmin's cited world dataset: commodities and their stage chains,
// production, capacity, reserves and shares by country, importers' source mixes and net
// import reliance, prices, governance scores and the EU CRM assessment inputs, each figure
// with its unit, year, source and status.
//
// The default dataset is embedded (see Default); Load merges a directory of user CSV files
// over it, validating every row and rule before anything is used. The file format is
// documented in docs/data-format.md.
package world
