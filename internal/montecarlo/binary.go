package montecarlo

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// partialMagic starts the binary form of a Partial; its last byte is the format version.
const partialMagic = "CMP\x02"

// maxBinaryLen bounds any length read from a binary Partial, so that a corrupt message
// cannot make the decoder allocate without limit.
const maxBinaryLen = 1 << 24

// ErrMalformed is returned for a binary Partial that cannot be read.
var ErrMalformed = errors.New("montecarlo: malformed binary partial")

// MarshalBinary encodes p compactly, for the wire between workers and a submitter: the
// same content as its JSON, unsigned varints throughout, each histogram's counts only
// over the range that may be non-zero. It is several times smaller and faster to write and
// read than the JSON, and exact: UnmarshalBinary gives a Partial that merges and
// summarises identically.
func (p *Partial) MarshalBinary() ([]byte, error) {
	w := binWriter{buf: make([]byte, 0, 1<<16)}
	w.buf = append(w.buf, partialMagic...)
	w.str(p.Fingerprint)
	w.uint(uint64(len(p.Batches)))
	prev := 0
	for i, b := range p.Batches {
		if b < 0 || (i > 0 && b <= prev) {
			return nil, fmt.Errorf("montecarlo: partial batches must be ascending and >= 0, got %v", p.Batches)
		}
		w.uint(uint64(b - prev))
		prev = b
	}
	w.uint(p.N)
	w.uint(uint64(len(p.Series)))
	for _, s := range p.Series {
		w.uint(uint64(len(s)))
		for i := range s {
			w.hist(&s[i])
		}
	}
	w.uints(p.ShortMonths)
	w.uint(p.AnyShort)
	w.uint(uint64(len(p.Scalars)))
	for i := range p.Scalars {
		w.hist(&p.Scalars[i])
	}
	w.int128s(p.SumU)
	w.int128s(p.SumU2)
	w.uint(uint64(len(p.SumUBin)))
	for _, s := range p.SumUBin {
		w.int128s(s)
	}
	return w.buf, nil
}

// UnmarshalBinary decodes the form MarshalBinary writes, replacing p. It fails, leaving p
// unchanged, on any inconsistency: unknown version, lengths out of range, counts outside
// their histogram, trailing bytes.
func (p *Partial) UnmarshalBinary(data []byte) error {
	r := binReader{buf: data}
	if len(data) < len(partialMagic) || string(data[:len(partialMagic)]) != partialMagic {
		return fmt.Errorf("%w: not a version-1 partial", ErrMalformed)
	}
	r.buf = r.buf[len(partialMagic):]
	var q Partial
	q.Fingerprint = r.str()
	q.Batches = make([]int, r.length())
	prev := 0
	for i := range q.Batches {
		d := r.uint()
		if (i > 0 && d == 0) || d > math.MaxInt32 {
			r.fail("batch ids must ascend")
		}
		prev += int(d)
		q.Batches[i] = prev
	}
	q.N = r.uint()
	q.Series = make([][]Hist, r.length())
	for i := range q.Series {
		q.Series[i] = make([]Hist, r.length())
		for t := range q.Series[i] {
			q.Series[i][t] = r.hist()
		}
	}
	q.ShortMonths = make([]uint64, r.length())
	for i := range q.ShortMonths {
		q.ShortMonths[i] = r.uint()
	}
	q.AnyShort = r.uint()
	q.Scalars = make([]Hist, r.length())
	for i := range q.Scalars {
		q.Scalars[i] = r.hist()
	}
	q.SumU = r.int128s()
	q.SumU2 = r.int128s()
	q.SumUBin = make([][]Int128, r.length())
	for i := range q.SumUBin {
		q.SumUBin[i] = r.int128s()
	}
	if r.err == nil && len(r.buf) > 0 {
		r.fail(fmt.Sprintf("%d trailing bytes", len(r.buf)))
	}
	if r.err != nil {
		return r.err
	}
	*p = q
	return nil
}

type binWriter struct{ buf []byte }

func (w *binWriter) uint(v uint64) { w.buf = binary.AppendUvarint(w.buf, v) }

func (w *binWriter) str(s string) {
	w.uint(uint64(len(s)))
	w.buf = append(w.buf, s...)
}

func (w *binWriter) uints(vs []uint64) {
	w.uint(uint64(len(vs)))
	for _, v := range vs {
		w.uint(v)
	}
}

func (w *binWriter) int128(v Int128) {
	w.uint(v.Hi)
	w.uint(v.Lo)
}

func (w *binWriter) int128s(vs []Int128) {
	w.uint(uint64(len(vs)))
	for _, v := range vs {
		w.int128(v)
	}
}

func (w *binWriter) float(v float64) {
	w.buf = binary.LittleEndian.AppendUint64(w.buf, math.Float64bits(v))
}

// hist writes N, Sum, Min, Max, AtMin, AtMax, the length of Counts, and Counts over the
// span that may be non-zero.
func (w *binWriter) hist(h *Hist) {
	w.uint(h.N)
	w.int128(h.Sum)
	w.float(h.Min)
	w.float(h.Max)
	w.uint(h.AtMin)
	w.uint(h.AtMax)
	w.uint(uint64(len(h.Counts)))
	lo, hi := h.span()
	w.uint(uint64(lo))
	w.uint(uint64(hi - lo))
	for _, c := range h.Counts[lo:hi] {
		w.uint(uint64(c))
	}
}

// binReader reads what binWriter writes; after the first problem every read returns
// zero and err holds the problem.
type binReader struct {
	buf []byte
	err error
}

func (r *binReader) fail(why string) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: %s", ErrMalformed, why)
	}
	r.buf = nil
}

func (r *binReader) uint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.buf)
	if n <= 0 {
		r.fail("truncated or overlong varint")
		return 0
	}
	r.buf = r.buf[n:]
	return v
}

// length reads a length and checks it against maxBinaryLen and the bytes left (every
// element takes at least one byte).
func (r *binReader) length() int {
	n := r.uint()
	if n > maxBinaryLen || n > uint64(len(r.buf)) {
		r.fail(fmt.Sprintf("length %d out of range", n))
		return 0
	}
	return int(n)
}

func (r *binReader) str() string {
	n := r.length()
	if r.err != nil {
		return ""
	}
	s := string(r.buf[:n])
	r.buf = r.buf[n:]
	return s
}

func (r *binReader) int128() Int128 { return Int128{Hi: r.uint(), Lo: r.uint()} }

func (r *binReader) int128s() []Int128 {
	out := make([]Int128, r.length())
	for i := range out {
		out[i] = r.int128()
	}
	return out
}

func (r *binReader) float() float64 {
	if r.err != nil {
		return 0
	}
	if len(r.buf) < 8 {
		r.fail("truncated float")
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.buf))
	r.buf = r.buf[8:]
	return v
}

func (r *binReader) hist() Hist {
	h := Hist{N: r.uint(), Sum: r.int128(), Min: r.float(), Max: r.float(), AtMin: r.uint(), AtMax: r.uint()}
	if r.err == nil && (h.AtMin > h.N || h.AtMax > h.N) {
		r.fail(fmt.Sprintf("histogram of %d values with %d at the minimum and %d at the maximum", h.N, h.AtMin, h.AtMax))
		return Hist{}
	}
	n := r.uint()
	lo, count := r.uint(), r.uint()
	if r.err != nil {
		return Hist{}
	}
	if n > 1<<20 || lo > n || count > n-lo || count > uint64(len(r.buf)) {
		r.fail(fmt.Sprintf("histogram of %d bins with counts at %d..%d", n, lo, lo+count))
		return Hist{}
	}
	h.Counts = make([]uint32, n)
	for i := range count {
		c := r.uint()
		if c > math.MaxUint32 {
			r.fail("histogram count above 2^32")
			return Hist{}
		}
		h.Counts[lo+i] = uint32(c)
	}
	h.tracked, h.lo, h.hi = true, int32(lo), int32(lo+count)
	return h
}
