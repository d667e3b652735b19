package dynamics

import "testing"

func TestGrowingSwing(t *testing.T) {
	tests := []struct {
		name string
		xs   []float64
		want bool
	}{
		{"monotone", []float64{1, 2, 3, 3.5, 3.6}, false},
		{"damped", []float64{1, 3, 1.5, 2.5, 1.8, 2.2, 2}, false},
		{"sustained", []float64{1, 3, 1, 3, 1, 3}, false},
		{"growing", []float64{1, 3, 1.5, 3.5, 1, 4}, true},
		{"partial first swing", []float64{1.05, 1.054, 0.997, 0.998, 0.9975}, false},
		{"one late event after wiggles", []float64{22.5, 22.51, 22.505, 22.51, 25.5, 22.4, 22.4}, false},
		{"growing falls", []float64{2, 3, 1.9, 3, 1.5, 3, 1}, true},
	}
	for _, tt := range tests {
		if i, _, _ := GrowingSwing(tt.xs, 1e-12); (i >= 0) != tt.want {
			t.Errorf("%s: GrowingSwing = %d, want growing %v", tt.name, i, tt.want)
		}
	}
}
