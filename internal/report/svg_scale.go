package report

import (
	"math"
	"strconv"
	"strings"

	"github.com/critmin/critmin/internal/result"
)

// axis is a linear value axis with round tick values.
type axis struct {
	lo, hi float64   // the domain, tick-aligned; lo < hi always
	ticks  []float64 // from lo to hi inclusive
	step   float64
}

// niceAxis returns an axis that covers [lo, hi] and zero with about want ticks. Empty or
// flat input gets a unit-wide domain so that scaling never divides by zero.
func niceAxis(lo, hi float64, want int) axis {
	lo, hi = min(lo, 0), max(hi, 0)
	if !finite(lo) || !finite(hi) || hi-lo == 0 {
		lo, hi = 0, 1
	}
	step := niceStep((hi - lo) / float64(want))
	a := axis{lo: math.Floor(lo/step) * step, hi: math.Ceil(hi/step) * step, step: step}
	n := int(math.Round((a.hi - a.lo) / step))
	for k := 0; k <= n; k++ {
		v := a.lo + float64(k)*step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		a.ticks = append(a.ticks, v)
	}
	return a
}

// niceStep rounds raw up to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw*(1-1e-12) {
			return m * mag
		}
	}
	return 10 * mag
}

// scale maps v in the domain to a pixel between bottom and top.
func (a axis) scale(v, bottom, top float64) float64 {
	return bottom + (v-a.lo)/(a.hi-a.lo)*(top-bottom)
}

// label formats tick value v with as many decimals as the step needs and thousands
// separators; tiny steps use scientific notation.
func (a axis) label(v float64) string {
	if a.step < 1e-4 {
		if v == 0 {
			return "0"
		}
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	dec := max(0, int(math.Ceil(-math.Log10(a.step)+1e-9)))
	if s := a.step * math.Pow(10, float64(dec)); math.Abs(s-math.Round(s)) > 1e-6 {
		dec++ // 2.5, 0.25: one more decimal than the power of ten says
	}
	return groupThousands(Num(v, dec))
}

// groupThousands puts commas between groups of three digits of the integer part of s.
func groupThousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, d := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return sign + b.String()
}

// humanNum formats v for prose with three or so significant digits.
func humanNum(v float64) string {
	if !finite(v) {
		return "n/a"
	}
	a := math.Abs(v)
	switch {
	case a == 0:
		return "0"
	case a >= 100:
		return groupThousands(Num(v, 0))
	case a >= 10:
		return Num(v, 1)
	case a >= 0.01:
		return Num(v, 2)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// monthTick is a labelled month on a time axis.
type monthTick struct {
	index int // months after the chart's start
	label string
}

// monthTicks returns calendar-aligned ticks for months months from start: every 1, 2, 3,
// 6, 12, 24, 60 or 120 months, the smallest step that gives at most eight labels. Steps
// of a year or more are labelled with the year only.
func monthTicks(start result.Month, months int) []monthTick {
	step := 120
	for _, s := range []int{1, 2, 3, 6, 12, 24, 60} {
		if months <= 8*s {
			step = s
			break
		}
	}
	var ticks []monthTick
	for i := range months {
		m := int(start) + i
		if ((m%step)+step)%step != 0 {
			continue
		}
		label := monthString(result.Month(m))
		if step >= 12 {
			label = label[:len(label)-3]
		}
		ticks = append(ticks, monthTick{index: i, label: label})
	}
	return ticks
}
