// Command critmin measures and simulates critical-mineral supply-chain risk.
//
// Run "critmin --help" for the commands. This package only wires commands to the
// internal packages; each subcommand lives in its own cmd_*.go file.
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
