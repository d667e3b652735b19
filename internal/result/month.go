package result

import "fmt"

// Month is a calendar month counted from year 0: 12*year + (month - 1), as the engine
// counts them. In JSON it is "YYYY-MM".
type Month int

// MonthOf returns the Month of a calendar year and month (1 to 12).
func MonthOf(year, month int) Month { return Month(12*year + month - 1) }

// String prints the month as YYYY-MM.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", int(m)/12, int(m)%12+1) }

// MarshalText prints the month as YYYY-MM.
func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText parses YYYY-MM.
func (m *Month) UnmarshalText(b []byte) error {
	var y, mo int
	if n, err := fmt.Sscanf(string(b), "%4d-%2d", &y, &mo); err != nil || n != 2 || mo < 1 || mo > 12 || len(b) != 7 {
		return fmt.Errorf("month %q: want YYYY-MM", b)
	}
	*m = MonthOf(y, mo)
	return nil
}
