package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// sample is the outcome of one request.
type sample struct {
	path    int
	latency time.Duration
	ok      bool
}

// loadPaths requests the paths in turn from opts.concurrency workers until the duration
// or the request count is reached, and prints the figures per path.
func loadPaths(ctx context.Context, opts options, w io.Writer) error {
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConnsPerHost: opts.concurrency, DisableCompression: true}}
	// One request per path first, untimed, so that the figures are of a warm server.
	for _, p := range opts.paths {
		if !get(ctx, client, opts, p) {
			return fmt.Errorf("GET %s%s: not 200", opts.base, p)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, opts.duration)
	defer cancel()
	var issued atomic.Int64
	results := make([][]sample, opts.concurrency)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range opts.concurrency {
		wg.Go(func() {
			for n := i; ctx.Err() == nil && issued.Add(1) <= int64(opts.maxRequests); n++ {
				p := n % len(opts.paths)
				t0 := time.Now()
				ok := get(ctx, client, opts, opts.paths[p])
				if ctx.Err() != nil {
					return // cut off by the deadline: not a measurement
				}
				results[i] = append(results[i], sample{path: p, latency: time.Since(t0), ok: ok})
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	byPath := make([][]time.Duration, len(opts.paths))
	errs := make([]int, len(opts.paths))
	for _, rs := range results {
		for _, s := range rs {
			byPath[s.path] = append(byPath[s.path], s.latency)
			if !s.ok {
				errs[s.path]++
			}
		}
	}
	fmt.Fprintf(w, "%s, %d workers, %s, gzip %v\n", opts.base, opts.concurrency, elapsed.Round(time.Millisecond), opts.gzip)
	return printStats(w, opts.paths, byPath, errs, elapsed)
}

// get requests one path and reads the whole body; it reports whether the answer was 200.
func get(ctx context.Context, client *http.Client, opts options, path string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, opts.base.String()+path, nil)
	if err != nil {
		return false
	}
	if opts.gzip {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err == nil && resp.StatusCode == http.StatusOK
}
