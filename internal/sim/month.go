package sim

import "fmt"

// MonthOf returns the Month of a calendar year and month (1 to 12).
func MonthOf(year, month int) Month { return Month(12*year + month - 1) }

// String prints the month as YYYY-MM.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", int(m)/12, int(m)%12+1) }

// Window is an inclusive range of calendar months. A zero Start means from the first
// simulated month and a zero End means to the end of the horizon, so the zero Window covers
// the whole run.
type Window struct {
	Start Month
	End   Month
}

func (w Window) valid() bool { return w.End == 0 || w.End >= w.Start }

func (w Window) String() string {
	end := "end"
	if w.End != 0 {
		end = w.End.String()
	}
	start := "start"
	if w.Start != 0 {
		start = w.Start.String()
	}
	return start + ".." + end
}

// span is a window as month indices of a run: active at t when from <= t <= to.
type span struct{ from, to int }

func (w Window) span(start Month, months int) span {
	s := span{from: int(w.Start) - int(start), to: months - 1}
	if w.Start == 0 {
		s.from = 0
	}
	if w.End != 0 {
		s.to = int(w.End) - int(start)
	}
	return s
}

func (s span) has(t int) bool { return s.from <= t && t <= s.to }

// ramp is the share of full volume reached at month t by something that starts at month
// from and ramps linearly over n months: (t - from + 1) / n, capped at 1; 0 before from.
func ramp(t, from, n int) float64 {
	switch {
	case t < from:
		return 0
	case n <= 0 || t-from+1 >= n:
		return 1
	}
	return float64(t-from+1) / float64(n)
}

// MarshalText prints the month as YYYY-MM, so JSON shows calendar months.
func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText parses YYYY-MM.
func (m *Month) UnmarshalText(b []byte) error {
	var y, mo int
	if n, err := fmt.Sscanf(string(b), "%4d-%2d", &y, &mo); err != nil || n != 2 || mo < 1 || mo > 12 || len(b) != 7 {
		return fmt.Errorf("sim: month %q: want YYYY-MM", b)
	}
	*m = MonthOf(y, mo)
	return nil
}
