package api

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// gate is an output that records what it is given and blocks each write until released,
// so that the test decides when writes overlap.
type gate struct {
	mu      sync.Mutex
	writes  [][]byte
	entered chan struct{}
	release chan struct{}
}

func (g *gate) Write(p []byte) (int, error) {
	g.entered <- struct{}{}
	<-g.release
	g.mu.Lock()
	defer g.mu.Unlock()
	g.writes = append(g.writes, bytes.Clone(p))
	return len(p), nil
}

// TestLogWriterGathers: a line logged while the output is busy waits and goes out with
// the others logged meanwhile, in one write, in order; Close writes what is left.
func TestLogWriterGathers(t *testing.T) {
	g := &gate{entered: make(chan struct{}), release: make(chan struct{})}
	w := NewLogWriter(g)
	w.Write([]byte("a\n"))
	<-g.entered // the first line is being written
	w.Write([]byte("b\n"))
	w.Write([]byte("c\n"))
	g.release <- struct{}{}
	<-g.entered // b and c together
	g.release <- struct{}{}
	done := make(chan struct{})
	go func() {
		w.Close()
		close(done)
	}()
	select {
	case <-g.entered: // an empty wake-up writes nothing, so this is unexpected
		t.Fatal("a write after everything was written")
	case <-done:
	}
	if got := fmt.Sprintf("%q", g.writes); got != `["a\n" "b\nc\n"]` {
		t.Errorf("writes %s, want [a] then [b c]", got)
	}
	go func() {
		<-g.entered
		g.release <- struct{}{}
	}()
	w.Write([]byte("d\n")) // after Close: directly
	if got := fmt.Sprintf("%q", g.writes[len(g.writes)-1]); got != `"d\n"` {
		t.Errorf("write after Close: last write %s", got)
	}
}

// TestLogWriterConcurrent: lines from many goroutines all arrive, whole, each goroutine's
// in its order.
func TestLogWriterConcurrent(t *testing.T) {
	var out syncBuffer
	w := NewLogWriter(&out)
	const writers, lines = 8, 500
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			for j := range lines {
				fmt.Fprintf(w, "writer=%d line=%d %s\n", i, j, strings.Repeat("x", j%50))
			}
		})
	}
	wg.Wait()
	w.Close()
	next := make([]int, writers)
	n := 0
	for _, l := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		var i, j int
		if _, err := fmt.Sscanf(l, "writer=%d line=%d", &i, &j); err != nil || j != next[i] || !strings.HasSuffix(l, " "+strings.Repeat("x", j%50)) {
			t.Fatalf("line %q: want writer %d's line %d whole (%v)", l, i, next[i], err)
		}
		next[i]++
		n++
	}
	if n != writers*lines {
		t.Errorf("%d lines, want %d", n, writers*lines)
	}
}
