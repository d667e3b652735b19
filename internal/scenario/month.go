package scenario

import (
	"fmt"
	"strconv"
)

// Month is a calendar month counted from year 0: 12*year + (month - 1), so that 2025-01
// is 12*2025 and consecutive months differ by one (the encoding of sim.Month). The zero
// Month means "not set". Months are written YYYY-MM in files, JSON and YAML.
type Month int

// Years outside [minYear, maxYear] are rejected as typing mistakes.
const (
	minYear = 1900
	maxYear = 2200
)

// MonthOf returns the Month of a year and a month number in 1..12.
func MonthOf(year, month int) Month { return Month(12*year + month - 1) }

// ParseMonth parses "YYYY-MM" with a year in 1900..2200 and a month in 01..12.
func ParseMonth(s string) (Month, error) {
	if len(s) != 7 || s[4] != '-' || !digits(s[:4]) || !digits(s[5:]) {
		return 0, fmt.Errorf("must be a month YYYY-MM, got %q", s)
	}
	y, _ := strconv.Atoi(s[:4])
	m, _ := strconv.Atoi(s[5:])
	if m < 1 || m > 12 {
		return 0, fmt.Errorf("must be a month YYYY-MM, got %q (month %02d is not 01 to 12)", s, m)
	}
	if y < minYear || y > maxYear {
		return 0, fmt.Errorf("must be a month YYYY-MM, got %q (year outside %d to %d)", s, minYear, maxYear)
	}
	return MonthOf(y, m), nil
}

func digits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Year returns the calendar year.
func (m Month) Year() int { return int(m) / 12 }

// Number returns the month of the year, 1 to 12.
func (m Month) Number() int { return int(m)%12 + 1 }

// IsZero reports whether m is unset.
func (m Month) IsZero() bool { return m == 0 }

// Add returns the month n months after m (before it when n < 0).
func (m Month) Add(n int) Month { return m + Month(n) }

// Sub returns the number of months from o to m: positive when m is later.
func (m Month) Sub(o Month) int { return int(m - o) }

// Before reports whether m is earlier than o.
func (m Month) Before(o Month) bool { return m < o }

// After reports whether m is later than o.
func (m Month) After(o Month) bool { return m > o }

// Compare returns -1, 0 or +1 as m is before, equal to or after o; it suits slices.SortFunc.
func (m Month) Compare(o Month) int {
	switch {
	case m < o:
		return -1
	case m > o:
		return 1
	}
	return 0
}

// String returns YYYY-MM.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year(), m.Number()) }

// MarshalText returns YYYY-MM; it serves JSON and YAML alike.
func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText parses YYYY-MM.
func (m *Month) UnmarshalText(b []byte) error {
	v, err := ParseMonth(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Window is a span of months: Start inclusive, End inclusive, and End nil for a window open
// to the end of the horizon.
type Window struct {
	Start Month  `json:"start"`
	End   *Month `json:"end,omitempty"`
}

// Contains reports whether month m lies in the window.
func (w Window) Contains(m Month) bool {
	return m >= w.Start && (w.End == nil || m <= *w.End)
}

// Overlaps reports whether the two windows share at least one month.
func (w Window) Overlaps(o Window) bool {
	return (w.End == nil || o.Start <= *w.End) && (o.End == nil || w.Start <= *o.End)
}

// String returns "2025-04..2026-11", or "2025-04.." for an open window.
func (w Window) String() string {
	if w.End == nil {
		return w.Start.String() + ".."
	}
	return w.Start.String() + ".." + w.End.String()
}
