package report

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/result"
)

func TestNiceAxis(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   []float64
	}{
		{0, 0, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{5, 5, []float64{0, 1, 2, 3, 4, 5}},
		{0, 1000, []float64{0, 200, 400, 600, 800, 1000}},
		{0, 1040, []float64{0, 250, 500, 750, 1000, 1250}},
		{-3, 7, []float64{-4, -2, 0, 2, 4, 6, 8}},
		{0, 0.3, []float64{0, 0.1, 0.2, 0.3}},
		{math.Inf(1), math.Inf(-1), []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
	}
	for _, tt := range tests {
		a := niceAxis(tt.lo, tt.hi, 5)
		got := make([]float64, len(a.ticks))
		for i, v := range a.ticks {
			got[i] = math.Round(v*1e9) / 1e9
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("niceAxis(%v, %v) ticks = %v, want %v", tt.lo, tt.hi, got, tt.want)
		}
		if a.lo > min(tt.lo, 0) || (finite(tt.hi) && a.hi < tt.hi) {
			t.Errorf("niceAxis(%v, %v) = [%v, %v] does not cover the data", tt.lo, tt.hi, a.lo, a.hi)
		}
	}
}

func TestAxisLabel(t *testing.T) {
	tests := []struct {
		hi   float64
		v    float64
		want string
	}{
		{12000, 10000, "10,000"}, {1040, 750, "750"}, {1, 0.4, "0.4"}, {5, 2.5, "2.5"}, {2.3e-13, 2e-13, "2e-13"}, {1e6, -250000, "-250,000"},
	}
	for _, tt := range tests {
		if got := niceAxis(0, tt.hi, 5).label(tt.v); got != tt.want {
			t.Errorf("label(%v) on [0, %v] = %q, want %q", tt.v, tt.hi, got, tt.want)
		}
	}
}

func TestMonthTicks(t *testing.T) {
	start := result.Month(12*2025 + 1) // 2025-02
	tests := []struct {
		months int
		want   string
	}{
		{1, "0:2025-02"},
		{24, "2:2025-04 5:2025-07 8:2025-10 11:2026-01 14:2026-04 17:2026-07 20:2026-10 23:2027-01"},
		{60, "11:2026 23:2027 35:2028 47:2029 59:2030"},
		{120, "11:2026 35:2028 59:2030 83:2032 107:2034"},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range monthTicks(start, tt.months) {
			got = append(got, strconv.Itoa(tk.index)+":"+tk.label)
		}
		if s := strings.Join(got, " "); s != tt.want {
			t.Errorf("monthTicks(%d) = %s, want %s", tt.months, s, tt.want)
		}
	}
}

// TestChartScaling draws awkward series and checks every coordinate is a finite number
// inside the picture.
func TestChartScaling(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name   string
		months int
		series []series
	}{
		{"zero", 12, []series{{name: "z", values: make([]float64, 12)}, {name: "s", kind: stackKind, values: make([]float64, 12)}}},
		{"flat", 12, []series{{name: "f", values: slices.Repeat([]float64{42}, 12)}, {name: "a", kind: areaKind, values: slices.Repeat([]float64{42}, 12)}}},
		{"one month", 1, []series{{name: "o", values: []float64{3}}, {name: "s", kind: stackKind, values: []float64{3}}}},
		{"no months", 0, []series{{name: "n"}}},
		{"gaps", 6, []series{{name: "g", values: []float64{nan, 1, nan, 2, 3, nan}}, {name: "b", kind: bandKind, values: []float64{1, nan, 1, 1, 1, 1}, hi: []float64{2, 2, 2, 2, nan, 2}}}},
		{"all missing", 4, []series{{name: "m", values: []float64{nan, nan, nan, nan}}}},
		{"negative", 3, []series{{name: "r", values: []float64{-2e-13, 1e-13, 0}}}},
		{"huge", 3, []series{{name: "h", values: []float64{1e15, 2e15, 3e15}}}},
	}
	num := regexp.MustCompile(`\s(?:x|y|x1|y1|x2|y2|cx|cy|width|height)="([^"]*)"`)
	path := regexp.MustCompile(` d="([^"]*)"`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &chart{id: "c", title: tt.name, unit: "t", start: 12 * 2025, months: tt.months, series: tt.series}
			for i := range c.series {
				c.series[i].color = palette(i)
			}
			svg := c.svg()
			if strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
				t.Fatalf("svg has NaN or Inf:\n%s", svg)
			}
			var vals []string
			for _, m := range num.FindAllStringSubmatch(svg, -1) {
				vals = append(vals, m[1])
			}
			for _, m := range path.FindAllStringSubmatch(svg, -1) {
				vals = append(vals, strings.Fields(strings.NewReplacer("M", " ", "L", " ", "Z", " ").Replace(m[1]))...)
			}
			for _, v := range vals {
				f, err := strconv.ParseFloat(v, 64)
				if err != nil || f < 0 || f > 1000 {
					t.Errorf("coordinate %q out of the picture", v)
				}
			}
		})
	}
}
