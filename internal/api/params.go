package api

import (
	"net/http"
	"strconv"
)

// intParam reads an optional integer query parameter.
func intParam(r *http.Request, name string, def int) (int, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, badParam(name, "not an integer: %q", s)
	}
	return n, nil
}
