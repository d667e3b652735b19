package scenario

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// Hash identifies a resolved scenario in run records: the first 12 hex digits of the
// SHA-256 of its JSON form. Runs from the command line and from the server record the same
// hash for the same scenario.
func Hash(sc *Scenario) string {
	b, err := json.Marshal(sc)
	if err != nil {
		return "unavailable: " + err.Error()
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:12]
}
