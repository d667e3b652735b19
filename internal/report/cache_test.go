package report

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
)

// TestCacheRendersOnce checks that concurrent and later readers of one key share one
// rendering.
func TestCacheRendersOnce(t *testing.T) {
	c := NewCache(1 << 20)
	var renders atomic.Int32
	release := make(chan struct{})
	body := bytes.Repeat([]byte("<p>report</p>"), 200)
	render := func() ([]byte, error) {
		renders.Add(1)
		<-release
		return body, nil
	}
	var wg sync.WaitGroup
	docs := make([]*Document, 16)
	for i := range docs {
		wg.Go(func() {
			d, err := c.Get("report/a", render)
			if err != nil {
				t.Error(err)
			}
			docs[i] = d
		})
	}
	close(release)
	wg.Wait()
	if n := renders.Load(); n != 1 {
		t.Errorf("rendered %d times, want 1", n)
	}
	for _, d := range docs {
		if d == nil || !bytes.Equal(d.Body, body) || d.Gzip == nil || len(d.Gzip) >= len(body) {
			t.Fatalf("document %+v", d)
		}
	}
}

// TestCacheBounds checks the byte bound, the eviction order and that errors are not kept.
func TestCacheBounds(t *testing.T) {
	doc := func(n int) func() ([]byte, error) {
		return func() ([]byte, error) { return bytes.Repeat([]byte{'x'}, n), nil }
	}
	c := NewCache(1000) // bodies under 1 KiB are kept without a gzip form
	for i := range 3 {
		if _, err := c.Get(fmt.Sprint(i), doc(400)); err != nil {
			t.Fatal(err)
		}
	}
	if c.Len() != 2 {
		t.Errorf("kept %d documents of 400 bytes within 1000, want 2", c.Len())
	}
	rendered := false
	c.Get("0", func() ([]byte, error) { rendered = true; return []byte("again"), nil })
	if !rendered {
		t.Error("the least recently used document was kept")
	}
	before := c.Len()
	if _, err := c.Get("big", doc(5000)); err != nil || c.Len() != before {
		t.Errorf("a document over the bound: %v, %d kept, want %d", err, c.Len(), before)
	}
	boom := errors.New("boom")
	if _, err := c.Get("e", func() ([]byte, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Errorf("error %v", err)
	}
	if d, err := c.Get("e", doc(10)); err != nil || len(d.Body) != 10 {
		t.Errorf("after an error: %v %v", d, err)
	}
}
