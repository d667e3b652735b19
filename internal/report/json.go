package report

import (
	"encoding/json"
	"io"
)

// WriteJSON writes v as indented JSON followed by a newline. Maps are written with sorted
// keys by encoding/json, so output is deterministic.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
