package world

import "math"

var nan = math.NaN()

func isNaNOrInf(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }
