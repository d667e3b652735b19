// Package runner executes simulation runs in the background for critmin serve: it checks
// a request at once, stores it as a queued run, runs it on a bounded pool of workers,
// records progress and the result in the store, and streams progress to subscribers.
package runner
