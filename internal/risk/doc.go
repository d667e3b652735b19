// Package risk computes static supply-risk lenses over a world dataset: concentration,
// net import reliance and source mix, EU CRM supply risk, USGS-style supply risk,
// GeoPolRisk and chained exposure. Each lens reproduces a published method; the formulas,
// and where critmin reconstructs a detail the publication leaves open, are stated in
// docs/lenses.md.
package risk
