package progress

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// Bar is a throttled progress line. It shows nothing for work that finishes within Delay,
// so quick commands stay quiet, and redraws at most every Interval. It is safe for
// concurrent use.
type Bar struct {
	w        io.Writer
	label    string
	unit     string
	now      func() time.Time
	Delay    time.Duration
	Interval time.Duration

	mu     sync.Mutex
	start  time.Time
	last   time.Time
	drawn  bool
	closed bool
}

// New returns a bar writing to w, which should be a terminal; label names the work and
// unit what is counted ("months", "replications"). now is the clock, injected for tests
// (time.Now in production).
func New(w io.Writer, label, unit string, now func() time.Time) *Bar {
	t := now()
	return &Bar{w: w, label: label, unit: unit, now: now, Delay: 300 * time.Millisecond, Interval: 100 * time.Millisecond, start: t}
}

// Update reports done of total units.
func (b *Bar) Update(done, total int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	t := b.now()
	elapsed := t.Sub(b.start)
	if elapsed < b.Delay || (b.drawn && t.Sub(b.last) < b.Interval && done < total) {
		return
	}
	b.last, b.drawn = t, true
	fmt.Fprintf(b.w, "\r%s", Line(b.label, b.unit, done, total, elapsed))
}

// Done clears the line if anything was drawn.
func (b *Bar) Done() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.drawn && !b.closed {
		fmt.Fprint(b.w, "\r\033[K")
	}
	b.closed = true
}

// Line formats one progress line: label, a 20-cell bar, counts, rate and time left.
func Line(label, unit string, done, total int, elapsed time.Duration) string {
	frac := 0.0
	if total > 0 {
		frac = min(1, float64(done)/float64(total))
	}
	cells := int(frac * 20)
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(done) / s
	}
	left := "?"
	if rate > 0 {
		left = (time.Duration(float64(total-done) / rate * float64(time.Second))).Round(time.Second).String()
	}
	return fmt.Sprintf("%s [%s%s] %d/%d %s  %.0f %s/s  %s left", label, strings.Repeat("#", cells), strings.Repeat(".", 20-cells),
		done, total, unit, rate, unit, left)
}
