package montecarlo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"
)

// batchPartial returns the partial of the first batch of a small study of the rare-earth
// response scenario, and the study.
func batchPartial(tb testing.TB) (*Study, *Partial) {
	tb.Helper()
	s := builtinStudy(tb, "us-response-package", 9, 6, 6)
	p, err := RunBatch(context.Background(), s, s.Batches()[0], nil)
	if err != nil {
		tb.Fatal(err)
	}
	return s, p
}

// TestPartialBinaryRoundTrip requires the binary form to carry a partial exactly: the
// decoded partial re-encodes to the same bytes and gives the same aggregate, and it is
// smaller than the JSON.
func TestPartialBinaryRoundTrip(t *testing.T) {
	s, p := batchPartial(t)
	b, err := p.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var q Partial
	if err := q.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	b2, err := q.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, b2) {
		t.Error("re-encoding the decoded partial gives other bytes")
	}
	viaBinary, err := s.NewPartial()
	if err != nil {
		t.Fatal(err)
	}
	if err := viaBinary.Merge(&q); err != nil {
		t.Fatal(err)
	}
	direct, _ := s.NewPartial()
	if err := direct.Merge(p); err != nil {
		t.Fatal(err)
	}
	if got, want := aggregateJSON(t, s, viaBinary), aggregateJSON(t, s, direct); !bytes.Equal(got, want) {
		t.Error("the aggregate of the decoded partial differs")
	}
	j, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("binary %d bytes, JSON %d bytes", len(b), len(j))
	if len(b) >= len(j) {
		t.Errorf("binary form (%d bytes) is not smaller than JSON (%d bytes)", len(b), len(j))
	}
}

// TestPartialBinaryRejectsDamage truncates and corrupts an encoded partial and requires
// an ErrMalformed error, never a panic, and p unchanged.
func TestPartialBinaryRejectsDamage(t *testing.T) {
	_, p := batchPartial(t)
	b, err := p.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	keep := Partial{Fingerprint: "unchanged"}
	for _, n := range []int{0, 3, 4, 5, 10, len(b) / 2, len(b) - 1} {
		q := keep
		if err := q.UnmarshalBinary(b[:n]); !errors.Is(err, ErrMalformed) {
			t.Errorf("truncated to %d bytes: error %v, want ErrMalformed", n, err)
		}
		if q.Fingerprint != "unchanged" {
			t.Errorf("truncated to %d bytes: partial changed", n)
		}
	}
	q := keep
	if err := q.UnmarshalBinary(append(bytes.Clone(b), 0)); !errors.Is(err, ErrMalformed) {
		t.Errorf("trailing byte: error %v, want ErrMalformed", err)
	}
	bad := bytes.Clone(b)
	bad[3] = 2 // unknown version
	if err := q.UnmarshalBinary(bad); !errors.Is(err, ErrMalformed) {
		t.Errorf("version 2: error %v, want ErrMalformed", err)
	}
}

// FuzzPartialUnmarshalBinary feeds damaged partials to the decoder: it must never panic,
// and whatever it accepts must re-encode and merge into the study's partial or be refused
// by Merge, without panicking.
func FuzzPartialUnmarshalBinary(f *testing.F) {
	s, p := batchPartial(f)
	b, err := p.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(partialMagic))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		var q Partial
		if err := q.UnmarshalBinary(data); err != nil {
			return
		}
		if _, err := q.MarshalBinary(); err != nil {
			t.Fatalf("decoded partial does not re-encode: %v", err)
		}
		total, err := s.NewPartial()
		if err != nil {
			t.Fatal(err)
		}
		_ = total.Merge(&q)
	})
}
