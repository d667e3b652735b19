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
	for _, v := range []byte{1, 3} { // version 1 had no counts at the extremes; 3 is unknown
		bad := bytes.Clone(b)
		bad[3] = v
		if err := q.UnmarshalBinary(bad); !errors.Is(err, ErrMalformed) {
			t.Errorf("version %d: error %v, want ErrMalformed", v, err)
		}
	}
}

// FuzzPartialUnmarshalBinary feeds damaged partials to the decoder: it must never panic,
// and whatever it accepts must re-encode and merge into the study's partial or be refused
// by Merge, without panicking.
//
// The seeds are small on purpose: a real batch's partial is hundreds of kilobytes, and
// the fuzzer spends its budget minimising large seeds instead of exploring.
func FuzzPartialUnmarshalBinary(f *testing.F) {
	s, _ := batchPartial(f)
	f.Add(tinyPartialBinary(f))
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

// tinyPartial is a well-formed partial of one series of one month, one scalar and one
// sensitivity input, each with two bins: a small seed for the decoders' fuzzers.
func tinyPartial() *Partial {
	h := func() Hist {
		return Hist{N: 1, Sum: Int128{Lo: 3}, Min: 1, Max: 1, AtMin: 1, AtMax: 1, Counts: []uint32{0, 1, 0, 0}}
	}
	return &Partial{Fingerprint: "tiny", Batches: []int{0}, N: 1,
		Series: [][]Hist{{h()}}, ShortMonths: []uint64{1}, AnyShort: 1, Scalars: []Hist{h()},
		SumU: []Int128{{Lo: 1}}, SumU2: []Int128{{Lo: 1}}, SumUBin: [][]Int128{{{}, {Lo: 1}, {}, {}}}}
}

// tinyPartialBinary is tinyPartial's binary form.
func tinyPartialBinary(tb testing.TB) []byte {
	tb.Helper()
	b, err := tinyPartial().MarshalBinary()
	if err != nil {
		tb.Fatal(err)
	}
	var q Partial
	if err := q.UnmarshalBinary(b); err != nil {
		tb.Fatalf("the tiny partial does not decode: %v", err)
	}
	return b
}

// TestFuzzSeedsSmall keeps the decoders' fuzz seeds small (see FuzzPartialUnmarshalBinary).
func TestFuzzSeedsSmall(t *testing.T) {
	if n := len(tinyPartialBinary(t)); n > 512 {
		t.Errorf("tiny partial seed is %d bytes, want at most 512", n)
	}
}
