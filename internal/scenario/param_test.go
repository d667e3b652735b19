package scenario

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

func inf(sign int) float64 { return math.Inf(sign) }

func TestParamPoint(t *testing.T) {
	tests := []struct {
		name string
		p    Param
		want float64
	}{
		{"fixed", Fix(3), 3},
		{"zero value", Param{}, 0},
		{"triangular: the mean", Param{Dist: Triangular, Min: 0, Mode: 1, Max: 5}, 2},
		{"uniform: the mean", Param{Dist: Uniform, Min: 2, Max: 4}, 3},
		{"normal: the mean", Param{Dist: Normal, Mean: 5, SD: 2, Min: inf(-1), Max: inf(1)}, 5},
		{"normal truncated symmetrically", Param{Dist: Normal, Mean: 5, SD: 2, Min: 1, Max: 9}, 5},
		// E[Z | Z >= 0] = sqrt(2/pi) for a standard normal Z.
		{"normal truncated at the mean", Param{Dist: Normal, Mean: 0, SD: 1, Min: 0, Max: inf(1)}, math.Sqrt(2 / math.Pi)},
		{"normal truncated in the far tail", Param{Dist: Normal, Mean: 0, SD: 1, Min: 5, Max: inf(1)}, pdf(5) / upper(5)},
		{"lognormal: the mean", Param{Dist: Lognormal, Median: 10, P95: 10 * math.Exp(z95)}, 10 * math.Exp(0.5)},
		{"discrete: the weighted mean", Param{Dist: Discrete, Values: []float64{1, 2, 3}, Weights: []float64{1, 5, 2}}, 17.0 / 8},
		{"discrete, equal weights: the mean", Param{Dist: Discrete, Values: []float64{4, 2}}, 3},
	}
	for _, tt := range tests {
		if msg := tt.p.check(); msg != "" {
			t.Errorf("%s: invalid: %s", tt.name, msg)
		}
		if got := tt.p.Point(); math.Abs(got-tt.want) > 1e-12*max(1, math.Abs(tt.want)) {
			t.Errorf("%s: Point() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestParamCheck(t *testing.T) {
	tests := []struct {
		p    Param
		want string
	}{
		{Fix(math.NaN()), "must be a finite number"},
		{Param{Dist: Triangular, Min: 1, Mode: 1, Max: 1}, "triangular distribution needs min < max (write a plain number for a fixed value)"},
		{Param{Dist: Triangular, Min: 0, Mode: 2, Max: 1}, "triangular distribution needs min <= mode <= max, got min 0, mode 2, max 1"},
		{Param{Dist: Uniform, Min: 1, Max: 1}, "uniform distribution needs min < max, got min 1, max 1"},
		{Param{Dist: Normal, Mean: 0, SD: -1, Min: inf(-1), Max: inf(1)}, "normal distribution needs sd > 0, got -1"},
		{Param{Dist: Normal, Mean: 0, SD: 1, Min: 2, Max: 1}, "normal distribution needs min < max, got min 2, max 1"},
		{Param{Dist: Normal, Mean: 0, SD: 1, Min: 40, Max: inf(1)}, "normal distribution truncated to [40, +Inf] keeps almost none of its mass (mean 0, sd 1)"},
		{Param{Dist: Lognormal, Median: 0, P95: 1}, "lognormal distribution needs 0 < median < p95, got median 0, p95 1"},
		{Param{Dist: Discrete}, "discrete distribution needs at least one value"},
		{Param{Dist: Discrete, Values: []float64{1}, Weights: []float64{-1}}, "weights must be finite and >= 0, got -1"},
		{Param{Dist: Discrete, Values: []float64{1, 2}, Weights: []float64{0, 0}}, "weights must sum to more than 0"},
		{Param{Dist: "beta"}, `unknown distribution "beta"`},
	}
	for _, tt := range tests {
		if got := tt.p.check(); got != tt.want {
			t.Errorf("%+v: check() = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestBoundsCheck(t *testing.T) {
	tests := []struct {
		b    bounds
		p    Param
		want string
	}{
		{fraction, Fix(1), ""},
		{fraction, Fix(1.4), "must be within [0, 1], got 1.4"},
		{nonNeg, Fix(-1), "must be >= 0, got -1"},
		{positive, Fix(0), "must be > 0, got 0"},
		{growthPct, Fix(-100), "must be > -100, got -100"},
		{nonPos, Fix(0.5), "must be <= 0, got 0.5"},
		{daysPerMonth, Fix(32), "must be within (0, 31], got 32"},
		{anyNumber, Fix(-1e300), ""},
		{atLeastOne, Fix(0.5), "must be >= 1, got 0.5"},
		{tonnes, Fix(1e308), "must be within [0, 1e+12], got 1e+308"},
		{tonnes, Param{Dist: Lognormal, Median: 1, P95: 2}, ""},
		{fraction, Param{Dist: Triangular, Min: 0, Mode: 0.5, Max: 1}, ""},
		{fraction, Param{Dist: Uniform, Min: -0.1, Max: 0.5}, "must be within [0, 1], but the uniform distribution reaches -0.1"},
		{positive, Param{Dist: Lognormal, Median: 1, P95: 2}, ""},
		{positive, Param{Dist: Uniform, Min: 0, Max: 1}, "must be > 0, but the uniform distribution reaches 0"},
		{nonNeg, Param{Dist: Normal, Mean: 1, SD: 1, Min: inf(-1), Max: inf(1)}, "must be >= 0, but the normal distribution reaches -Inf (truncate it with min and max)"},
		{nonNeg, Param{Dist: Normal, Mean: 1, SD: 1, Min: 0, Max: inf(1)}, ""},
		{fraction, Param{Dist: Discrete, Values: []float64{0, 1, 2}, Weights: []float64{1, 1, 0}}, "must be within [0, 1], but the discrete distribution reaches 2"},
	}
	for _, tt := range tests {
		if got := tt.b.check(tt.p); got != tt.want {
			t.Errorf("%v with %+v: %q, want %q", tt.b, tt.p, got, tt.want)
		}
	}
}

// TestParamSample draws many values with a fixed seed and compares their mean and
// variance with the distribution's, and checks every draw lies in the support. The
// tolerances are about five standard errors, so a correct sampler fails with negligible
// probability and any seed would do.
func TestParamSample(t *testing.T) {
	const n = 200_000
	tests := []struct {
		name       string
		p          Param
		mean, vari float64
	}{
		{"fixed", Fix(2), 2, 0},
		{"triangular", Param{Dist: Triangular, Min: 1, Mode: 2, Max: 6}, 3, (1 + 4 + 36 - 2 - 6 - 12) / 18.0},
		{"uniform", Param{Dist: Uniform, Min: -1, Max: 3}, 1, 16.0 / 12},
		{"normal", Param{Dist: Normal, Mean: 10, SD: 2, Min: inf(-1), Max: inf(1)}, 10, 4},
		// Half-normal: mean sqrt(2/pi), variance 1 - 2/pi.
		{"normal truncated at the mean", Param{Dist: Normal, Mean: 0, SD: 1, Min: 0, Max: inf(1)}, math.Sqrt(2 / math.Pi), 1 - 2/math.Pi},
		// Far tail, sampled by inversion: mean from the formula; variance of the
		// truncated normal 1 + a*phi(a)/Q(a) - (phi(a)/Q(a))^2.
		{"normal in the far upper tail", Param{Dist: Normal, Mean: 0, SD: 1, Min: 4, Max: inf(1)},
			pdf(4) / upper(4), 1 + 4*pdf(4)/upper(4) - math.Pow(pdf(4)/upper(4), 2)},
		{"normal in the far lower tail", Param{Dist: Normal, Mean: 0, SD: 1, Min: inf(-1), Max: -4},
			-pdf(4) / upper(4), 1 + 4*pdf(4)/upper(4) - math.Pow(pdf(4)/upper(4), 2)},
		// Narrow window around the mean: nearly uniform on [-0.1, 0.1].
		{"normal in a narrow central window", Param{Dist: Normal, Mean: 0, SD: 1, Min: -0.1, Max: 0.1}, 0, 0.2 * 0.2 / 12 * 0.998},
		{"lognormal", Param{Dist: Lognormal, Median: 1, P95: math.Exp(0.5 * z95)}, math.Exp(0.125), (math.Exp(0.25) - 1) * math.Exp(0.25)},
		{"discrete", Param{Dist: Discrete, Values: []float64{0, 6, 12}, Weights: []float64{0.5, 0.3, 0.2}}, 4.2, 0.3*36 + 0.2*144 - 4.2*4.2},
		{"discrete with a zero weight", Param{Dist: Discrete, Values: []float64{1, 2, 3}, Weights: []float64{1, 0, 1}}, 2, 1},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(i)))
			lo, hi, _ := tt.p.Support()
			var sum, sumSq float64
			for range n {
				x := tt.p.Sample(r)
				if x < lo || x > hi {
					t.Fatalf("draw %v outside the support [%v, %v]", x, lo, hi)
				}
				if tt.p.Dist == Discrete && x == 2 && tt.p.Weights[1] == 0 {
					t.Fatal("drew a value of weight 0")
				}
				sum += x
				sumSq += x * x
			}
			mean := sum / n
			vari := sumSq/n - mean*mean
			se := math.Sqrt(tt.vari / n)
			if math.Abs(mean-tt.mean) > 5*se+1e-12 {
				t.Errorf("mean = %v, want %v ± %v", mean, tt.mean, 5*se)
			}
			// The variance of a sample variance depends on the fourth moment; 3% is
			// generous for these shapes at this n.
			if math.Abs(vari-tt.vari) > 0.03*tt.vari+1e-12 {
				t.Errorf("variance = %v, want %v ± 3%%", vari, tt.vari)
			}
		})
	}
}

// TestSampleDeterministic: the same seed gives the same draws, and a fixed Param draws
// no randomness, so adding uncertainty to one number does not shift the others' streams.
func TestSampleDeterministic(t *testing.T) {
	p := Param{Dist: Triangular, Min: 0, Mode: 1, Max: 2}
	a, b := rand.New(rand.NewPCG(7, 8)), rand.New(rand.NewPCG(7, 8))
	Fix(1).Sample(b)
	for range 100 {
		if x, y := p.Sample(a), p.Sample(b); x != y {
			t.Fatalf("draws differ: %v and %v", x, y)
		}
	}
}

func TestParamJSON(t *testing.T) {
	tests := []struct {
		p    Param
		want string
	}{
		{Fix(1.5), `1.5`},
		{Param{Dist: Normal, Mean: 1, SD: 2, Min: 0, Max: inf(1)}, `{"dist":"normal","mean":1,"min":0,"sd":2}`},
		{Param{Dist: Discrete, Values: []float64{1, 2}}, `{"dist":"discrete","values":[1,2]}`},
	}
	for _, tt := range tests {
		b, err := tt.p.MarshalJSON()
		if err != nil || string(b) != tt.want {
			t.Errorf("%+v: %s, %v; want %s", tt.p, b, err, tt.want)
		}
	}
}

// TestParamJSONRoundTrip checks that UnmarshalJSON reads back what MarshalJSON writes,
// which stored Monte Carlo results need.
func TestParamJSONRoundTrip(t *testing.T) {
	for _, p := range []Param{
		Fix(2.5),
		{Dist: Triangular, Min: 0, Mode: 0.5, Max: 1},
		{Dist: Uniform, Min: 1, Max: 3},
		{Dist: Normal, Mean: 1, SD: 0.2, Min: inf(-1), Max: inf(1)},
		{Dist: Normal, Mean: 1, SD: 0.2, Min: 0, Max: 2},
		{Dist: Lognormal, Median: 10, P95: 20},
		{Dist: Discrete, Values: []float64{1, 2}, Weights: []float64{0.3, 0.7}},
		{Dist: Discrete, Values: []float64{1, 2}},
	} {
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var q Param
		if err := json.Unmarshal(b, &q); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if !reflect.DeepEqual(p, q) {
			t.Errorf("%s read back as %+v, want %+v", b, q, p)
		}
	}
}
