package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// maxRetries bounds how often one submission is retried after 503 (queue full).
const maxRetries = 20

// submitRuns posts opts.submit runs at once, then waits for every one to finish, and
// reports failures and runs the server lost.
func submitRuns(ctx context.Context, opts options, w io.Writer) error {
	if opts.token == "" {
		return fmt.Errorf("-submit needs -token or $CRITMIN_TOKEN")
	}
	client := &http.Client{Timeout: 30 * time.Second}
	ids := make([]string, opts.submit)
	errs := make([]error, opts.submit)
	retries := make([]int, opts.submit)
	sem := make(chan struct{}, opts.concurrency)
	start := time.Now()
	var wg sync.WaitGroup
	for i := range opts.submit {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			ids[i], retries[i], errs[i] = submitOne(ctx, client, opts, int64(i))
		})
	}
	wg.Wait()
	submitted := time.Since(start)
	failedSubmit, retried := 0, 0
	for i, err := range errs {
		retried += retries[i]
		if err != nil {
			failedSubmit++
			fmt.Fprintf(w, "submit %d: %v\n", i, err)
		}
	}
	fmt.Fprintf(w, "submitted %d of %d runs in %s (%d retries after 503)\n", opts.submit-failedSubmit, opts.submit, submitted.Round(time.Millisecond), retried)

	ctx, cancel := context.WithTimeout(ctx, opts.duration)
	defer cancel()
	status := map[string]int{}
	lost := 0
	for i, id := range ids {
		if errs[i] != nil {
			continue
		}
		st, err := waitRun(ctx, client, opts, id)
		if err != nil {
			lost++
			fmt.Fprintf(w, "run %s: %v\n", id, err)
			continue
		}
		status[st]++
	}
	fmt.Fprintf(w, "after %s: done %d, failed %d, interrupted %d, lost or unfinished %d\n",
		time.Since(start).Round(time.Millisecond), status["done"], status["failed"], status["interrupted"], lost)
	if status["done"] != opts.submit {
		return fmt.Errorf("%d of %d runs did not complete", opts.submit-status["done"], opts.submit)
	}
	return nil
}

func submitOne(ctx context.Context, client *http.Client, opts options, seed int64) (id string, retries int, err error) {
	body, _ := json.Marshal(map[string]any{"scenario": opts.scenario, "seed": seed, "replications": opts.reps}) // plain values
	for ; retries <= maxRetries; retries++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, opts.base.String()+"/api/v1/runs", bytes.NewReader(body))
		if err != nil {
			return "", retries, err
		}
		req.Header.Set("Authorization", "Bearer "+opts.token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return "", retries, err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusAccepted:
			var run struct{ ID string }
			if err := json.Unmarshal(b, &run); err != nil || run.ID == "" {
				return "", retries, fmt.Errorf("bad answer %.200s", b)
			}
			return run.ID, retries, nil
		case http.StatusServiceUnavailable:
			wait, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
			select {
			case <-time.After(time.Duration(max(wait, 1)) * time.Second):
			case <-ctx.Done():
				return "", retries, ctx.Err()
			}
		default:
			return "", retries, fmt.Errorf("status %d: %.300s", resp.StatusCode, b)
		}
	}
	return "", retries, fmt.Errorf("queue still full after %d retries", maxRetries)
}

// waitRun polls a run until it is done, failed or interrupted.
func waitRun(ctx context.Context, client *http.Client, opts options, id string) (string, error) {
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, opts.base.String()+"/api/v1/runs/"+id, nil)
		if err != nil {
			return "", err
		}
		resp, err := client.Do(req)
		if err != nil {
			return "", err
		}
		var run struct{ Status string }
		err = json.NewDecoder(resp.Body).Decode(&run)
		resp.Body.Close()
		if resp.StatusCode == http.StatusNotFound {
			return "", fmt.Errorf("lost: the server no longer knows it")
		}
		if err != nil {
			return "", fmt.Errorf("status %d: %w", resp.StatusCode, err)
		}
		switch run.Status {
		case "done", "failed", "interrupted":
			return run.Status, nil
		}
		select {
		case <-time.After(200 * time.Millisecond):
		case <-ctx.Done():
			return "", fmt.Errorf("still %s when the wait ended", run.Status)
		}
	}
}
