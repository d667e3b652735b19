package report

import (
	"fmt"

	"github.com/critmin/critmin/internal/sim"
)

// monthString prints m as YYYY-MM. It is written here rather than relying on
// sim.Month.String so the report does not depend on when the engine gains that method.
func monthString(m sim.Month) string {
	y, mo := int(m)/12, int(m)%12
	if mo < 0 {
		y, mo = y-1, mo+12
	}
	return fmt.Sprintf("%04d-%02d", y, mo+1)
}

// monthOr prints *m as YYYY-MM, or none when m is nil.
func monthOr(m *sim.Month, none string) string {
	if m == nil {
		return none
	}
	return monthString(*m)
}

// monthAt prints the month i months after the run's start.
func monthAt(r *sim.Result, i int) string { return monthString(r.Start + sim.Month(i)) }
