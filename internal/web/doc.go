// Package web serves the critmin dashboard: server-rendered pages of the world data, the
// scenario library and editor, runs with live progress, and run comparisons, with every
// asset embedded in the binary so the pages work without a network.
package web
