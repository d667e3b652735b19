// Package progress draws a one-line progress bar with rate and time left on a terminal,
// for work that reports how far it has got through a callback.
package progress
