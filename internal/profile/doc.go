// Package profile builds commodity profiles from the world dataset: coverage of each
// commodity, and per commodity its stages with country shares and concentration,
// reserves, capacity, prices and the sources they cite. The command line, the HTTP API
// and the dashboard show the same profiles.
package profile
