// Package scenario reads, checks and describes critmin scenario files: YAML documents of
// export controls, tariffs, outages, demand growth and the responses to them, over a
// monthly horizon.
//
// The format is specified in docs/scenario-format.md. Parse and Load decode a file
// strictly (unknown keys, wrong types and duplicate keys are errors), resolve country names
// to ISO 3166 alpha-3 codes, check products against a Catalogue and check every value and
// every cross-reference, reporting all problems at once as "file:line:col: path: reason".
// A valid Scenario is what the simulation may trust without checking again.
//
// Units follow the key names: tonnes (_t, _t_per_year, _t_per_month) are metric tonnes of
// the product's own basis, which the product catalogue states (oxide, metal, magnet or
// contained weight); _musd is million US dollars; share, approval and fraction are
// fractions in [0, 1]; only keys ending in _pct are percentages.
//
// Every number is a Param: a fixed value or a probability distribution that a
// deterministic run replaces by its Point value and a Monte Carlo replication draws with
// Sample.
package scenario
