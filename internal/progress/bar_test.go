package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// clock is a fake time source advanced by the test.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestBarQuietForShortWork(t *testing.T) {
	c := &clock{t: time.Unix(0, 0)}
	var buf bytes.Buffer
	b := New(&buf, "run", "months", c.now)
	for i := 1; i <= 132; i++ {
		c.t = c.t.Add(time.Millisecond)
		b.Update(i, 132)
	}
	b.Done()
	if buf.Len() != 0 {
		t.Errorf("a 132 ms run drew %q", buf.String())
	}
}

func TestBarThrottlesAndClears(t *testing.T) {
	c := &clock{t: time.Unix(0, 0)}
	var buf bytes.Buffer
	b := New(&buf, "run", "months", c.now)
	for i := 1; i <= 100; i++ {
		c.t = c.t.Add(10 * time.Millisecond)
		b.Update(i, 100)
	}
	b.Done()
	out := buf.String()
	// Drawn at 300 ms and then every 100 ms up to 1,000 ms (100/100): 8 lines.
	if n := strings.Count(out, "\r") - 1; n != 8 {
		t.Errorf("drew %d lines, want 8: %q", n, out)
	}
	if !strings.HasSuffix(out, "\r\033[K") || !strings.Contains(out, "100/100 months") {
		t.Errorf("output %q lacks the final count or the clearing sequence", out)
	}
}

func TestLine(t *testing.T) {
	got := Line("run apr", "months", 66, 132, 2*time.Second)
	want := "run apr [##########..........] 66/132 months  33 months/s  2s left"
	if got != want {
		t.Errorf("Line = %q, want %q", got, want)
	}
}
