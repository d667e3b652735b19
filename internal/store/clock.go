package store

import "time"

// timePrecision is the precision of stored times: a microsecond, that of a PostgreSQL
// timestamptz. Every time is cut to it, in UTC, before it is stored or returned, so the
// time a write returns equals the one a later read returns, on either backend.
const timePrecision = time.Microsecond

// now returns the current time as the store keeps it.
func now() time.Time {
	return storedTime(time.Now())
}

// storedTime returns t as the store keeps it: UTC, truncated to timePrecision, without a
// monotonic clock reading.
func storedTime(t time.Time) time.Time {
	return t.UTC().Truncate(timePrecision)
}
