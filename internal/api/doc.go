// Package api serves critmin's JSON HTTP API under /api/v1: the world data, the risk
// lenses, stored scenarios, and simulation runs with live progress, described by an
// OpenAPI document built from the same route table as the server.
package api
