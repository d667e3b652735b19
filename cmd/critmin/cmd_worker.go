package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/spf13/cobra"

	"github.com/critmin/critmin/internal/montecarlo"
	"github.com/critmin/critmin/internal/montecarlo/natsexec"
)

type workerOptions struct {
	nats        string
	concurrency int
	ackWait     time.Duration
}

func newWorkerCommand(g *globalOptions) *cobra.Command {
	var opts workerOptions
	cmd := &cobra.Command{
		Use:   "worker --nats URL",
		Short: "Run Monte Carlo batches of 'critmin run --runs N --nats URL' from a NATS JetStream server",
		Long: `Take Monte Carlo batches from the NATS JetStream server at --nats, run them and
publish their partial aggregates, until interrupted (SIGINT or SIGTERM). Any number of
workers, on any machines, may serve one or more 'critmin run X --runs N --nats URL'
submitters; the results are identical to an in-process run with the same seed.

A worker refuses a batch of a study built on other world data than its own (its
embedded data with --data merged over it): run the same critmin build and --data on
every side. A worker killed mid-batch never acknowledges it, and the server redelivers
the batch to another worker after --ack-wait. See docs/montecarlo.md.`,
		Example: "  critmin worker --nats nats://127.0.0.1:4222 --concurrency 2",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runWorker(ctx, g, opts, cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&opts.nats, "nats", "", "URL of the NATS server, with JetStream (required)")
	cmd.Flags().IntVar(&opts.concurrency, "concurrency", 1, "batches run at once (e.g. one per CPU)")
	cmd.Flags().DurationVar(&opts.ackWait, "ack-wait", 30*time.Second, "how long a batch taken by a silent (dead) worker waits before it is redelivered")
	return cmd
}

func runWorker(ctx context.Context, g *globalOptions, opts workerOptions, stderr io.Writer) error {
	if opts.nats == "" {
		return usagef("--nats: required (e.g. nats://127.0.0.1:4222)")
	}
	if opts.concurrency < 1 {
		return usagef("--concurrency: must be >= 1, got %d", opts.concurrency)
	}
	if opts.ackWait < time.Second {
		return usagef("--ack-wait: must be at least 1s, got %s", opts.ackWait)
	}
	ds, err := g.simDataset()
	if err != nil {
		return err
	}
	nc, err := connectNATS(opts.nats)
	if err != nil {
		return err
	}
	defer nc.Close()
	logger := log.New(stderr, "critmin worker: ", log.LstdFlags)
	logger.Printf("serving %s with %d at a time (world data %s)", opts.nats, opts.concurrency, ds.Version)
	err = natsexec.Work(ctx, nc, natsexec.WorkOptions{
		Concurrency: opts.concurrency, AckWait: opts.ackWait, World: ds, Logf: logger.Printf,
	})
	if err == nil {
		logger.Printf("stopped")
	}
	return err
}

func connectNATS(url string) (*nats.Conn, error) {
	nc, err := nats.Connect(url, nats.Name("critmin "+version), nats.Timeout(10*time.Second),
		nats.MaxReconnects(-1))
	if err != nil {
		return nil, fmt.Errorf("--nats %s: %w", url, err)
	}
	return nc, nil
}

// submitNATS runs a study's batches on workers through the NATS server at url (run
// --nats), resuming a run of the same study already submitted.
func submitNATS(ctx context.Context, url string, timeout time.Duration, s *montecarlo.Study, progress func(done, total int)) (*montecarlo.Partial, error) {
	nc, err := connectNATS(url)
	if err != nil {
		return nil, err
	}
	defer nc.Close()
	return natsexec.Submit(ctx, nc, s, natsexec.SubmitOptions{Progress: progress, WorkerTimeout: timeout})
}
