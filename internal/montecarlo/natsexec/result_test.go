package natsexec

import (
	"context"
	"testing"

	"github.com/critmin/critmin/internal/montecarlo"
)

// encodedResult is the results message of the first batch of a small study.
func encodedResult(tb testing.TB) (*result, []byte) {
	tb.Helper()
	s := study(tb)
	p, err := montecarlo.RunBatch(context.Background(), s, s.Batches()[0], nil)
	if err != nil {
		tb.Fatal(err)
	}
	r := &result{RunID: "run1", Batch: 0, Worker: "w0", Partial: p}
	b, err := encodeResult(r)
	if err != nil {
		tb.Fatal(err)
	}
	return r, b
}

// TestResultRoundTrip requires a results message to carry its envelope and partial.
func TestResultRoundTrip(t *testing.T) {
	r, b := encodedResult(t)
	got, err := decodeResult(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.RunID != r.RunID || got.Batch != r.Batch || got.Worker != r.Worker || got.Partial == nil || got.Partial.N != r.Partial.N {
		t.Fatalf("decoded %+v, want %+v", got, r)
	}
	failed, err := encodeResult(&result{RunID: "run1", Batch: 3, Error: "scenario cannot be compiled"})
	if err != nil {
		t.Fatal(err)
	}
	got, err = decodeResult(failed)
	if err != nil || got.Error != "scenario cannot be compiled" || got.Partial != nil {
		t.Fatalf("error result decoded as %+v, %v", got, err)
	}
	t.Logf("results message of a %d-replication batch: %d bytes", r.Partial.N, len(b))
}

// FuzzDecodeResult feeds damaged results messages to the decoder: it must fail cleanly,
// never panic.
//
// The seed is a small result, not a real batch's: the fuzzer spends its budget
// minimising large seeds instead of exploring.
func FuzzDecodeResult(f *testing.F) {
	h := func() montecarlo.Hist {
		return montecarlo.Hist{N: 1, Sum: montecarlo.Int128{Lo: 3}, Min: 1, Max: 1, AtMin: 1, AtMax: 1, Counts: []uint32{0, 1, 0, 0}}
	}
	tiny := &montecarlo.Partial{Fingerprint: "tiny", Batches: []int{0}, N: 1,
		Series: [][]montecarlo.Hist{{h()}}, ShortMonths: []uint64{1}, AnyShort: 1, Scalars: []montecarlo.Hist{h()},
		SumU: []montecarlo.Int128{{Lo: 1}}, SumU2: []montecarlo.Int128{{Lo: 1}}, SumUBin: [][]montecarlo.Int128{{{}, {Lo: 1}, {}, {}}}}
	for _, r := range []*result{{RunID: "r", Batch: 0, Worker: "w", Partial: tiny}, {RunID: "r", Batch: 1, Error: "refused"}} {
		b, err := encodeResult(r)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) > 512 {
			f.Fatalf("seed of %d bytes, want a small one", len(b))
		}
		if _, err := decodeResult(b); err != nil {
			f.Fatalf("seed does not decode: %v", err)
		}
		f.Add(b)
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = decodeResult(data)
	})
}
