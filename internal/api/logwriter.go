package api

import (
	"io"
	"sync"
)

// logWriterLimit bounds the log bytes a LogWriter holds: a writer that gets ahead of the
// output by more waits for it.
const logWriterLimit = 1 << 20

// LogWriter writes a server's log to an output from one goroutine, so that lines logged
// while an earlier write is in progress go out together, in one write, in the order they
// were logged. An idle server's line is written at once; a busy one's requests do not
// each pay a system call for their log line. Lines not yet written when the process is
// killed are lost: at most those logged during one write. Close writes what is left.
type LogWriter struct {
	out io.Writer

	mu      sync.Mutex
	drained *sync.Cond // signalled when the pending bytes have been taken
	pending []byte
	closed  bool

	wake chan struct{} // holds a token while pending is not empty
	done chan struct{} // closed when the goroutine has written everything and returned
}

// NewLogWriter starts a LogWriter to out. Close it to write what is pending.
func NewLogWriter(out io.Writer) *LogWriter {
	w := &LogWriter{out: out, wake: make(chan struct{}, 1), done: make(chan struct{})}
	w.drained = sync.NewCond(&w.mu)
	go w.loop()
	return w
}

// Write queues p, whole, for the output. It never fails: the output's errors have nowhere
// to go but the log itself. After Close it writes p directly.
func (w *LogWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	for len(w.pending) >= logWriterLimit && !w.closed {
		w.drained.Wait()
	}
	if w.closed {
		w.mu.Unlock()
		w.out.Write(p)
		return len(p), nil
	}
	w.pending = append(w.pending, p...)
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default: // the goroutine is already due to take it
	}
	return len(p), nil
}

func (w *LogWriter) loop() {
	defer close(w.done)
	var spare []byte
	for range w.wake {
		w.mu.Lock()
		batch := w.pending
		w.pending = spare[:0]
		closed := w.closed
		w.drained.Broadcast()
		w.mu.Unlock()
		if len(batch) > 0 {
			w.out.Write(batch)
		}
		spare = batch
		if closed {
			return
		}
	}
}

// Close writes what is pending and stops the goroutine; later writes go to the output
// directly.
func (w *LogWriter) Close() error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil
	}
	w.closed = true
	w.drained.Broadcast()
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
	<-w.done
	return nil
}
