package report

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"errors"
	"sync"
)

// Document is a rendered report with its gzip form (nil when compression does not pay).
type Document struct {
	Body []byte
	Gzip []byte
}

func (d *Document) size() int64 { return int64(len(d.Body) + len(d.Gzip)) }

// Cache keeps rendered documents that never change, such as the HTML report of a done
// run, so that a server renders each once however many read it: concurrent misses of
// one key render it once, and the documents kept are bounded in total bytes, the least
// recently used going first. Errors are not kept. It is safe for concurrent use.
type Cache struct {
	mu       sync.Mutex
	maxBytes int64
	bytes    int64
	order    *list.List // of *cacheEntry, most recent first
	byKey    map[string]*list.Element
	filling  map[string]*cacheFill
}

type cacheEntry struct {
	key string
	doc *Document
}

type cacheFill struct {
	done chan struct{}
	doc  *Document
	err  error
}

// NewCache returns a cache that keeps at most maxBytes of documents (body and gzip). A
// document larger than that is rendered for each request and never kept.
func NewCache(maxBytes int64) *Cache {
	return &Cache{maxBytes: maxBytes, order: list.New(), byKey: map[string]*list.Element{}, filling: map[string]*cacheFill{}}
}

// Get returns the document of key, rendering it with render when it is not kept or being
// rendered already.
func (c *Cache) Get(key string, render func() ([]byte, error)) (*Document, error) {
	c.mu.Lock()
	if e, ok := c.byKey[key]; ok {
		c.order.MoveToFront(e)
		c.mu.Unlock()
		return e.Value.(*cacheEntry).doc, nil
	}
	if f, ok := c.filling[key]; ok {
		c.mu.Unlock()
		<-f.done
		return f.doc, f.err
	}
	f := &cacheFill{done: make(chan struct{})}
	c.filling[key] = f
	c.mu.Unlock()

	defer func() {
		c.mu.Lock()
		delete(c.filling, key)
		if f.err == nil && f.doc != nil {
			c.put(key, f.doc)
		} else if f.err == nil {
			f.err = errPanicked // the panic goes on to the caller's recovery
		}
		c.mu.Unlock()
		close(f.done)
	}()
	body, err := render()
	if err != nil {
		f.err = err
		return nil, err
	}
	f.doc = compress(body)
	return f.doc, nil
}

// put keeps doc under key, evicting the least recently used documents beyond the bound.
// c.mu is held.
func (c *Cache) put(key string, doc *Document) {
	if doc.size() > c.maxBytes {
		return
	}
	c.byKey[key] = c.order.PushFront(&cacheEntry{key: key, doc: doc})
	c.bytes += doc.size()
	for c.bytes > c.maxBytes {
		last := c.order.Back()
		e := last.Value.(*cacheEntry)
		c.order.Remove(last)
		delete(c.byKey, e.key)
		c.bytes -= e.doc.size()
	}
}

// Len returns the number of documents kept.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// compress adds the gzip form of body when it is smaller.
func compress(body []byte) *Document {
	d := &Document{Body: body}
	if len(body) < 1024 {
		return d
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // the level is valid
	zw.Write(body)
	zw.Close()
	if buf.Len() < len(body) {
		d.Gzip = buf.Bytes()
	}
	return d
}

var errPanicked = errors.New("render report: panicked")
