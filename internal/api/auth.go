package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"
)

// authorize checks the bearer token of a write request. Both tokens are hashed first so
// that the comparison takes the same time whatever their lengths.
func (s *Server) authorize(r *http.Request) error {
	if s.opts.Token == "" {
		return fmt.Errorf("this server is read-only: start critmin serve with --token T (or the CRITMIN_TOKEN environment variable) and send 'Authorization: Bearer T' to enable writes: %w", errReadOnly)
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return fmt.Errorf("this endpoint needs the header 'Authorization: Bearer <token>': %w", errUnauthorized)
	}
	a, b := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(s.opts.Token))
	if subtle.ConstantTimeCompare(a[:], b[:]) != 1 {
		return fmt.Errorf("wrong bearer token: %w", errUnauthorized)
	}
	return nil
}
