package report

import (
	"fmt"

	"github.com/critmin/critmin/internal/result"
)

// monthString prints m as YYYY-MM. It is written here rather than relying on
// result.Month.String so the report does not depend on when the engine gains that method.
func monthString(m result.Month) string {
	y, mo := int(m)/12, int(m)%12
	if mo < 0 {
		y, mo = y-1, mo+12
	}
	return fmt.Sprintf("%04d-%02d", y, mo+1)
}

// monthOr prints *m as YYYY-MM, or none when m is nil.
func monthOr(m *result.Month, none string) string {
	if m == nil {
		return none
	}
	return monthString(*m)
}

// monthAt prints the month i months after the run's start.
func monthAt(r *result.Run, i int) string { return monthString(r.Start + result.Month(i)) }
