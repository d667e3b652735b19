// Package store keeps scenarios (with versions), runs and their results for critmin
// serve, in SQLite (the default, a single file) or PostgreSQL, behind one interface that
// a shared conformance suite tests on both.
package store
