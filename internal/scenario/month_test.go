package scenario

import (
	"encoding/json"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestParseMonth(t *testing.T) {
	tests := []struct {
		in   string
		want Month
		err  string
	}{
		{"2025-01", MonthOf(2025, 1), ""},
		{"2035-12", MonthOf(2035, 12), ""},
		{"1900-01", MonthOf(1900, 1), ""},
		{"2025-13", 0, `must be a month YYYY-MM, got "2025-13" (month 13 is not 01 to 12)`},
		{"2025-00", 0, `must be a month YYYY-MM, got "2025-00" (month 00 is not 01 to 12)`},
		{"2025-1", 0, `must be a month YYYY-MM, got "2025-1"`},
		{"2025/01", 0, `must be a month YYYY-MM, got "2025/01"`},
		{"+025-01", 0, `must be a month YYYY-MM, got "+025-01"`},
		{"2201-01", 0, `must be a month YYYY-MM, got "2201-01" (year outside 1900 to 2200)`},
		{"", 0, `must be a month YYYY-MM, got ""`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseMonth(tt.in)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("err = %v, want %s", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseMonth(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
			if got.String() != tt.in {
				t.Errorf("String() = %s, want %s", got, tt.in)
			}
		})
	}
}

func TestMonthArithmetic(t *testing.T) {
	m := MonthOf(2025, 11)
	if got := m.Add(3); got != MonthOf(2026, 2) {
		t.Errorf("2025-11 + 3 = %v", got)
	}
	if got := m.Add(-11); got != MonthOf(2024, 12) {
		t.Errorf("2025-11 - 11 = %v", got)
	}
	if got := MonthOf(2027, 1).Sub(m); got != 14 {
		t.Errorf("2027-01 - 2025-11 = %d months, want 14", got)
	}
	if m.Year() != 2025 || m.Number() != 11 {
		t.Errorf("Year, Number = %d, %d", m.Year(), m.Number())
	}
	if !m.Before(m.Add(1)) || !m.Add(1).After(m) || m.Compare(m) != 0 || m.Compare(m.Add(1)) != -1 || m.Add(1).Compare(m) != 1 {
		t.Error("comparisons disagree with month order")
	}
	if int(MonthOf(2025, 1)) != 12*2025 {
		t.Error("MonthOf does not use the sim.Month encoding")
	}
}

func TestMonthMarshal(t *testing.T) {
	end := MonthOf(2026, 11)
	w := Window{Start: MonthOf(2025, 4), End: &end}
	b, err := json.Marshal(w)
	if err != nil || string(b) != `{"start":"2025-04","end":"2026-11"}` {
		t.Fatalf("json = %s, %v", b, err)
	}
	var back Window
	if err := json.Unmarshal(b, &back); err != nil || back.Start != w.Start || *back.End != end {
		t.Fatalf("round trip = %+v, %v", back, err)
	}
	y, err := yaml.Marshal(map[string]Month{"start": w.Start})
	if err != nil || string(y) != "start: 2025-04\n" {
		t.Fatalf("yaml = %q, %v", y, err)
	}
	var m map[string]Month
	if err := yaml.Unmarshal(y, &m); err != nil || m["start"] != w.Start {
		t.Fatalf("yaml round trip = %v, %v", m, err)
	}
	if err := json.Unmarshal([]byte(`"2025-13"`), new(Month)); err == nil {
		t.Error("json accepted 2025-13")
	}
}

func TestWindow(t *testing.T) {
	mo := func(y, m int) *Month { x := MonthOf(y, m); return &x }
	open := Window{Start: MonthOf(2025, 4)}
	closed := Window{Start: MonthOf(2025, 4), End: mo(2025, 6)}
	tests := []struct {
		name string
		a, b Window
		want bool
	}{
		{"open windows", open, Window{Start: MonthOf(2030, 1)}, true},
		{"touching ends are inclusive", closed, Window{Start: MonthOf(2025, 6)}, true},
		{"after the end", closed, Window{Start: MonthOf(2025, 7)}, false},
		{"before the start", closed, Window{Start: MonthOf(2024, 1), End: mo(2025, 3)}, false},
		{"inside", open, closed, true},
	}
	for _, tt := range tests {
		if got := tt.a.Overlaps(tt.b); got != tt.want {
			t.Errorf("%s: %v overlaps %v = %v", tt.name, tt.a, tt.b, got)
		}
		if got := tt.b.Overlaps(tt.a); got != tt.want {
			t.Errorf("%s (swapped): %v overlaps %v = %v", tt.name, tt.b, tt.a, got)
		}
	}
	if !closed.Contains(MonthOf(2025, 6)) || closed.Contains(MonthOf(2025, 7)) || !open.Contains(MonthOf(2099, 1)) {
		t.Error("Contains disagrees with the window")
	}
	if closed.String() != "2025-04..2025-06" || open.String() != "2025-04.." {
		t.Errorf("String = %s, %s", closed, open)
	}
}
