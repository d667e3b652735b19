package sim

import "testing"

func TestMonthText(t *testing.T) {
	m := MonthOf(2025, 4)
	b, err := m.MarshalText()
	if err != nil || string(b) != "2025-04" {
		t.Fatalf("MarshalText = %q, %v", b, err)
	}
	var back Month
	if err := back.UnmarshalText(b); err != nil || back != m {
		t.Fatalf("UnmarshalText(%q) = %v, %v", b, back, err)
	}
	for _, bad := range []string{"2025-13", "2025-4", "25-04", "2025-04-01", "x"} {
		if err := back.UnmarshalText([]byte(bad)); err == nil {
			t.Errorf("UnmarshalText(%q) accepted", bad)
		}
	}
}
