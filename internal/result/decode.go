package result

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// ErrVersion is wrapped by the errors about a document of a schema version this program
// cannot read: a newer one, or one that never existed.
var ErrVersion = errors.New("unsupported result schema version")

// stamp is how a document written by this program starts: Encode puts schema_version
// first, so the version of a current document is read without parsing the rest.
var stamp = []byte(`{"schema_version":` + strconv.Itoa(Version) + `,`)

// VersionOf returns the schema version of a stored result document (a Run, or a study's
// aggregates): its schema_version, or 1 for a document written before the field
// existed.
func VersionOf(doc []byte) (int, error) {
	v, _, err := versionOf(doc)
	return v, err
}

// versionOf returns the schema version of doc and whether doc states it.
func versionOf(doc []byte) (v int, stamped bool, err error) {
	if bytes.HasPrefix(doc, stamp) {
		return Version, true, nil
	}
	var h struct {
		SchemaVersion *int `json:"schema_version"`
	}
	if err := json.Unmarshal(doc, &h); err != nil {
		return 0, false, fmt.Errorf("read result schema version: %w", err)
	}
	if h.SchemaVersion == nil {
		return 1, false, nil
	}
	return *h.SchemaVersion, true, nil
}

// Upgrade returns a stored result document in the current Version: doc itself when it is
// current, a copy carrying schema_version otherwise. Version 1 documents written before
// the field existed have the layout of version 1 and only gain the field.
func Upgrade(doc []byte) ([]byte, error) {
	v, stamped, err := versionOf(doc)
	if err != nil {
		return nil, err
	}
	switch {
	case v == 1 && !stamped: // written before the field existed
		return stampV1(doc)
	case v == Version:
		return doc, nil
	}
	return nil, fmt.Errorf("result schema version %d (this program reads 1 to %d): %w", v, Version, ErrVersion)
}

// stampV1 adds schema_version 1 to an unstamped version 1 document, a JSON object.
func stampV1(doc []byte) ([]byte, error) {
	body := bytes.TrimSpace(doc)
	if len(body) < 2 || body[0] != '{' {
		return nil, errors.New("read result: not a JSON object")
	}
	rest := bytes.TrimSpace(body[1:])
	out := make([]byte, 0, len(stamp)+len(rest))
	if rest[0] == '}' { // an empty object
		out = append(out, stamp[:len(stamp)-1]...)
	} else {
		out = append(out, stamp...)
	}
	return append(out, rest...), nil
}

// Decode reads a stored Run document of any version this program reads, upgraded to the
// current Version.
func Decode(doc []byte) (*Run, error) {
	doc, err := Upgrade(doc)
	if err != nil {
		return nil, err
	}
	var r Run
	if err := json.Unmarshal(doc, &r); err != nil {
		return nil, fmt.Errorf("decode result: %w", err)
	}
	return &r, nil
}

// Encode writes a Run as a document of the current Version, schema_version first.
func Encode(r *Run) ([]byte, error) {
	c := *r
	c.SchemaVersion = Version
	b, err := json.Marshal(&c)
	if err != nil {
		return nil, fmt.Errorf("encode result: %w", err)
	}
	return b, nil
}
