package montecarlo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"sync/atomic"
	"testing"
)

func aggregateJSON(t *testing.T, s *Study, p *Partial) []byte {
	t.Helper()
	l, err := s.Layout()
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(Summarize(l, p))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDeterminism runs one study with 1, 2 and 4 workers, and merges its batches one by
// one in shuffled orders and through JSON, and requires identical aggregates.
func TestDeterminism(t *testing.T) {
	const reps = 24
	var want []byte
	for _, workers := range []int{1, 2, 4} {
		s := builtinStudy(t, "us-response-package", 7, reps, 5)
		p, err := Run(context.Background(), s, workers, nil)
		if err != nil {
			t.Fatal(err)
		}
		if p.N != reps {
			t.Fatalf("%d workers: %d replications, want %d", workers, p.N, reps)
		}
		got := aggregateJSON(t, s, p)
		if want == nil {
			want = got
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%d workers: aggregate differs from 1 worker", workers)
		}
	}

	s := builtinStudy(t, "us-response-package", 7, reps, 5)
	var parts []*Partial
	for _, b := range s.Batches() {
		p, err := RunBatch(context.Background(), s, b, nil)
		if err != nil {
			t.Fatal(err)
		}
		// Through the wire form, as a remote worker would return it.
		raw, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var back Partial
		if err := json.Unmarshal(raw, &back); err != nil {
			t.Fatal(err)
		}
		parts = append(parts, &back)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 3 {
		r.Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
		total, err := s.NewPartial()
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range parts {
			if err := total.Merge(p); err != nil {
				t.Fatal(err)
			}
		}
		if got := aggregateJSON(t, s, total); !bytes.Equal(got, want) {
			t.Errorf("shuffled merge %d: aggregate differs", trial)
		}
		if err := total.Merge(parts[0]); !errors.Is(err, ErrMismatch) {
			t.Errorf("merging a batch twice: got %v, want ErrMismatch", err)
		}
	}
}

// TestCancel stops a study after some replications and expects the completed batches
// only, with the context's error.
func TestCancel(t *testing.T) {
	s := builtinStudy(t, "us-response-package", 3, 1000, 4)
	ctx, cancel := context.WithCancel(context.Background())
	var seen atomic.Int64
	p, err := Run(ctx, s, 2, func(done, total int) {
		if seen.Add(1) == 10 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if p == nil || p.N == 0 || p.N >= 1000 || p.N%4 != 0 {
		t.Fatalf("replications after cancel = %v, want a positive multiple of the batch size below 1000", p.N)
	}
	if len(p.Batches)*4 != int(p.N) {
		t.Errorf("%d batches hold %d replications", len(p.Batches), p.N)
	}
}
