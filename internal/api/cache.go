package api

import (
	"container/list"
	"errors"
	"sync"
)

// lru is a bounded cache of responses by request key, evicting the least recently used.
type lru struct {
	mu    sync.Mutex
	max   int
	order *list.List // of *lruEntry, most recent first
	byKey map[string]*list.Element
	// filling holds the computations in progress, so that concurrent misses of one key
	// compute it once.
	filling map[string]*fill
}

// fill is a computation of one cache entry that other requests may wait for.
type fill struct {
	done chan struct{}
	val  *cached
	err  error
}

type lruEntry struct {
	key string
	val *cached
}

func newLRU(max int) *lru {
	return &lru{max: max, order: list.New(), byKey: map[string]*list.Element{}, filling: map[string]*fill{}}
}

// fill computes and caches the response of key, or waits for the computation another
// request started. Errors are not cached.
func (c *lru) fill(key string, compute func() (any, error)) (*cached, error) {
	c.mu.Lock()
	if f, ok := c.filling[key]; ok {
		c.mu.Unlock()
		<-f.done
		return f.val, f.err
	}
	f := &fill{done: make(chan struct{})}
	c.filling[key] = f
	c.mu.Unlock()

	defer func() {
		if f.val == nil && f.err == nil {
			f.err = errors.New("compute response: panicked") // the panic goes on to net/http
		}
		c.mu.Lock()
		delete(c.filling, key)
		c.mu.Unlock()
		close(f.done)
	}()
	v, err := compute()
	if err == nil {
		f.val, err = newCached(v)
	}
	if f.err = err; err == nil {
		c.put(key, f.val)
	}
	return f.val, f.err
}

func (c *lru) get(key string) (*cached, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*lruEntry).val, true
}

func (c *lru) put(key string, val *cached) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		e.Value.(*lruEntry).val = val
		c.order.MoveToFront(e)
		return
	}
	c.byKey[key] = c.order.PushFront(&lruEntry{key: key, val: val})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*lruEntry).key)
	}
}

func (c *lru) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
