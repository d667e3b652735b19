package api

import (
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// Protect wraps the whole server (API and dashboard): every response carries
// X-Content-Type-Options: nosniff, and a query string that does not parse (a ';', a bad
// escape, more parameters than net/url accepts) is a 400 rather than silently dropped,
// which would disable the checks of the parameters that follow it. Below Prefix the
// API's routes make that check themselves, with the check of the parameters' names
// (checkQuery), so the query is parsed once.
func Protect(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["X-Content-Type-Options"] = nosniff
		if r.URL.RawQuery != "" && !strings.HasPrefix(r.URL.Path, Prefix+"/") {
			if _, err := url.ParseQuery(r.URL.RawQuery); err != nil {
				http.Error(w, "bad request: "+badQuery(err).Error(), http.StatusBadRequest)
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}

// badQuery is the error of a query string that does not parse.
func badQuery(err error) error {
	return badParam("query", "the query string does not parse: %v", err)
}

// LimitListener returns a listener that holds at most n connections open at once: Accept
// waits while n are open, leaving further clients in the kernel's backlog, so that
// connections cannot exhaust the server's memory or file descriptors.
func LimitListener(l net.Listener, n int) net.Listener {
	return &limitListener{Listener: l, sem: make(chan struct{}, n), done: make(chan struct{})}
}

type limitListener struct {
	net.Listener
	sem       chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.sem <- struct{}{}:
	case <-l.done:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.sem
		return nil, err
	}
	return &limitConn{Conn: c, release: func() { <-l.sem }}, nil
}

func (l *limitListener) Close() error {
	err := l.Listener.Close()
	l.closeOnce.Do(func() { close(l.done) })
	return err
}

// limitConn gives its place back once, on the first Close.
type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
