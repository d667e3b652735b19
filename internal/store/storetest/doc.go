// Package storetest is the conformance suite that every store.Store implementation
// passes: one set of tests, run against SQLite and PostgreSQL alike.
package storetest
