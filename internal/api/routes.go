package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/critmin/critmin/internal/store"
)

// route is one endpoint: what the mux serves and what the OpenAPI document says.
type route struct {
	method, path string // path below Prefix, in ServeMux pattern syntax
	id, summary  string
	// write routes need the bearer token.
	write  bool
	params []param
	body   *body
	// responses by status; the errors every route may give are added by the document.
	responses []response
	handle    func(s *Server, w http.ResponseWriter, r *http.Request) error
}

// param is a path or query parameter.
type param struct {
	name, in, desc string
	typ            string // "string" or "integer"
	required       bool
	enum           []string
}

// body is a request body.
type body struct {
	contentType, desc string
	schema            any // a Go value whose type describes the body, or a schema map
}

// response is one documented response.
type response struct {
	status      int
	desc        string
	contentType string // default application/json
	schema      any    // a Go value whose type describes the body, or a schema map
}

func pathParam(name, desc string) param {
	return param{name: name, in: "path", desc: desc, typ: "string", required: true}
}

func query(name, typ, desc string, enum ...string) param {
	return param{name: name, in: "query", desc: desc, typ: typ, enum: enum}
}

// handler wraps a route's handler: it refuses unknown or repeated query parameters,
// checks the token of write routes and writes the error a handler returns.
func (s *Server) handler(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := checkQuery(rt, r); err != nil {
			s.writeError(w, r, err)
			return
		}
		if rt.write {
			if err := s.authorize(r); err != nil {
				s.writeError(w, r, err)
				return
			}
		}
		if rt.body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes)
		}
		if err := rt.handle(s, w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

func checkQuery(rt route, r *http.Request) error {
	if r.URL.RawQuery == "" {
		return nil
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return badQuery(err)
	}
	for name, vs := range q {
		known := slices.ContainsFunc(rt.params, func(p param) bool { return p.in == "query" && p.name == name })
		if !known {
			var names []string
			for _, p := range rt.params {
				if p.in == "query" {
					names = append(names, p.name)
				}
			}
			takes := "no query parameters"
			if len(names) > 0 {
				takes = "query parameters " + strings.Join(names, ", ")
			}
			return badParam(name, "unknown parameter (this endpoint takes %s)", takes)
		}
		if len(vs) > 1 {
			return badParam(name, "given %d times", len(vs))
		}
	}
	return nil
}

func notFound(format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, store.ErrNotFound)...)
}

func badMethod(method string, allowed []string) error {
	return fmt.Errorf("%s is not allowed here (allowed: %s): %w", method, strings.Join(allowed, ", "), errMethodNotAllowed)
}

// isNotFound reports whether err means the thing asked for does not exist.
func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
