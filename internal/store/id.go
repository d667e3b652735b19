package store

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
)

// NewID returns a new run id: 128 random bits from crypto/rand as 32 lower-case hex
// digits. Ids are random rather than time-ordered so that they reveal nothing and cannot
// be guessed; the store orders runs by creation time, not by id.
func NewID() string {
	var b [16]byte
	rand.Read(b[:]) // never returns an error: it crashes the program if the OS has no entropy
	return hex.EncodeToString(b[:])
}

// scenarioHash returns the hash stored with a scenario version: the first 12 hex digits
// of the SHA-256 of its YAML, as long as the scenario hash critmin run prints.
func scenarioHash(yaml []byte) string {
	sum := sha256.Sum256(yaml)
	return hex.EncodeToString(sum[:])[:12]
}
