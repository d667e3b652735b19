package scenariodoc

import (
	"fmt"
	"math"
	"reflect"
	"slices"

	"github.com/critmin/critmin/internal/result"
)

// A claim is a statement the hand-written prose of docs/scenarios.md makes about the runs
// without quoting a number, checked on the runs so that it fails instead of going stale.
type claim struct {
	prose string // where the prose says it, and what
	holds func(f *Figures) error
}

var claims = []claim{
	{"The road to independence: every final product but NdFeB magnets is covered from the start in every built-in",
		func(f *Figures) error {
			for _, r := range f.Builtins {
				for _, s := range r.Summary.Road {
					if s.Product != magnet && (s.Month == nil || *s.Month != r.Start) {
						return fmt.Errorf("%s: %s at stage %s is covered from %s", r.Scenario, s.Product, s.Stage, monthOrNever(s.Month))
					}
				}
			}
			return nil
		}},
	{"The road to independence: where the magnet chain is blocked, it is blocked at Dy and Tb oxide only",
		func(f *Figures) error {
			for _, r := range f.Builtins {
				for _, b := range r.Summary.Blocked {
					if b.Product == magnet && b.Stage != dyOxide && b.Stage != tbOxide {
						return fmt.Errorf("%s: blocked at %s", r.Scenario, b.Stage)
					}
				}
			}
			return nil
		}},
	{"What sets the month: in both response scenarios Dy oxide sets the month and Tb oxide is covered earlier",
		func(f *Figures) error {
			for _, resp := range f.Responses {
				r := resp.Run
				late := lateStages(r, magnet)
				if len(blocked(r, magnet)) > 0 || len(late) < 2 || late[0].stage != dyOxide || late[1].stage != tbOxide {
					return fmt.Errorf("%s: %s", r.Scenario, roadCell(r))
				}
			}
			return nil
		}},
	{"What could block it: without Lynas Texas the US package covers the magnet chain only in its last two years, or never, with Dy oxide last, and allied-buildout covers it years earlier",
		func(f *Figures) error {
			us, allied := noProject(f, "us-response-package"), noProject(f, "allied-buildout")
			if us == nil || allied == nil {
				return fmt.Errorf("a response scenario is missing")
			}
			usFrom, alliedFrom := chainFrom(us), chainFrom(allied)
			lastTwoYears := us.Start + result.Month(us.Months-24)
			usLate := usFrom == nil || *usFrom >= lastTwoYears
			dyLast := len(blocked(us, magnet)) > 0 || len(lateStages(us, magnet)) > 0 && lateStages(us, magnet)[0].stage == dyOxide
			if !usLate || !dyLast || alliedFrom == nil || usFrom != nil && *alliedFrom+24 > *usFrom {
				return fmt.Errorf("us-response-package without %s: %s; allied-buildout: %s", doubtfulProject, roadCell(us), roadCell(allied))
			}
			return nil
		}},
	{"Why delivered independence is not reached: neither response scenario reaches it for magnets",
		func(f *Figures) error {
			for _, resp := range f.Responses {
				for _, pm := range resp.Run.Summary.IndependenceByProduct {
					if pm.Product == magnet && pm.Month != nil {
						return fmt.Errorf("%s: magnets independent from %s", resp.Run.Scenario, pm.Month)
					}
				}
			}
			return nil
		}},
	{"Prices in allied-buildout: it makes more NdPr oxide outside China than the US package, below its capacity, and Lynas Malaysia makes less than under the US package",
		func(f *Figures) error {
			us, allied := response(f, "us-response-package"), response(f, "allied-buildout")
			if us == nil || allied == nil {
				return fmt.Errorf("a response scenario is missing")
			}
			usMade, _, usMYS := outsideUse(us, ndprOxide)
			alMade, alCap, alMYS := outsideUse(allied, ndprOxide)
			if alMade <= usMade || alMade >= 0.95*alCap || alMYS >= usMYS {
				return fmt.Errorf("NdPr oxide made outside %s: %.0f t/yr (US package %.0f) of %.0f; in MYS %.0f (US package %.0f)",
					allied.Rival, alMade, usMade, alCap, alMYS, usMYS)
			}
			return nil
		}},
	{"Why delivered independence is not reached: allied-buildout delivers a larger share of rival-free magnets than the US package",
		func(f *Figures) error {
			us, allied := response(f, "us-response-package"), response(f, "allied-buildout")
			if us == nil || allied == nil {
				return fmt.Errorf("a response scenario is missing")
			}
			if a, u := peakRivalFree(allied), peakRivalFree(us); a <= u {
				return fmt.Errorf("at most %.3f of demand in allied-buildout, %.3f in the US package", a, u)
			}
			return nil
		}},
	{"Prices in allied-buildout: under the US package NdPr oxide outside China ends within 5 % of its start, with or without price-triggered entry",
		func(f *Figures) error {
			for _, resp := range f.Responses {
				if resp.Run.Scenario != "us-response-package" {
					continue
				}
				p, t := productIndex(resp.Run, ndprOxide), resp.Run.Months-1
				for _, r := range []*result.Run{resp.Run, resp.NoEntry} {
					if end, start := r.PriceOut[t][p], r.PriceOut[0][p]; math.Abs(end/start-1) > 0.05 {
						return fmt.Errorf("%.2f USD/kg at the end against %.2f at the start", end, start)
					}
				}
				return nil
			}
			return fmt.Errorf("no us-response-package")
		}},
	{"The scenarios table: oct2025-expansion-renewed runs identically to apr2025-licensing",
		func(f *Figures) error {
			a, b := builtinRun(f, "apr2025-licensing"), builtinRun(f, "oct2025-expansion-renewed")
			if a == nil || b == nil {
				return fmt.Errorf("a scenario is missing")
			}
			x, y := *a, *b
			x.Scenario, x.Title, y.Scenario, y.Title = "", "", "", ""
			if !reflect.DeepEqual(x, y) {
				return fmt.Errorf("the two runs differ")
			}
			return nil
		}},
	{"Assumption 6: apr2025-licensing finds the USA never short of magnets",
		func(f *Figures) error {
			r := builtinRun(f, "apr2025-licensing")
			if r == nil {
				return fmt.Errorf("no apr2025-licensing")
			}
			if n := monthsShort(r, productIndex(r, magnet)); n > 0 {
				return fmt.Errorf("%d months short of magnets", n)
			}
			return nil
		}},
	{"Stock sensitivity: apr2025-licensing is never short at the data's cover and at four months, and at one month short in most months, to the end of the run",
		func(f *Figures) error {
			c := stockCase(f, "apr2025-licensing")
			if c == nil {
				return fmt.Errorf("no apr2025-licensing in the stock table")
			}
			for j, m := range f.Stocks.Covers {
				r := c.Runs[j]
				switch n := r.Summary.MonthsShort; {
				case m >= f.Stocks.DataCover && n > 0:
					return fmt.Errorf("%g months of cover: %d months short", m, n)
				case m == 1 && (2*n <= r.Months || !shortAt(r, r.Months-1)):
					return fmt.Errorf("1 month of cover: %d of %d months short, short in the last: %v", n, r.Months, shortAt(r, r.Months-1))
				}
			}
			return nil
		}},
	{"Stock sensitivity: the other Ann. 18 cases turn on the premise too (short at one month, never at the data's cover); the US package and allied-buildout less (fewer months short at one month than apr2025-licensing)",
		func(f *Figures) error {
			apr := stockCase(f, "apr2025-licensing")
			if apr == nil || f.Stocks.Covers[0] != 1 {
				return fmt.Errorf("no apr2025-licensing at one month of cover in the stock table")
			}
			data := slices.Index(f.Stocks.Covers, f.Stocks.DataCover)
			for _, c := range f.Stocks.Cases {
				one, atData := c.Runs[0].Summary.MonthsShort, c.Runs[data].Summary.MonthsShort
				switch c.Scenario {
				case "ree-embargo-usa":
				case "us-response-package", "allied-buildout":
					if one == 0 || one >= apr.Runs[0].Summary.MonthsShort || atData > 0 {
						return fmt.Errorf("%s: %d months short at one month, %d at the data's cover", c.Scenario, one, atData)
					}
				default:
					if one == 0 || atData > 0 {
						return fmt.Errorf("%s: %d months short at one month, %d at the data's cover", c.Scenario, one, atData)
					}
				}
			}
			return nil
		}},
	{"Stock sensitivity: ree-embargo-usa is short in nearly every month (all but a year at most) whatever the cover",
		func(f *Figures) error {
			c := stockCase(f, "ree-embargo-usa")
			if c == nil {
				return fmt.Errorf("no ree-embargo-usa in the stock table")
			}
			for j, r := range c.Runs {
				if r.Summary.MonthsShort < r.Months-12 {
					return fmt.Errorf("%g months of cover: %d of %d months short", f.Stocks.Covers[j], r.Summary.MonthsShort, r.Months)
				}
			}
			return nil
		}},
}

// stockCase is the named built-in's row of the stock sensitivity table, or nil.
func stockCase(f *Figures, name string) *StockCase {
	if f.Stocks == nil {
		return nil
	}
	for i := range f.Stocks.Cases {
		if f.Stocks.Cases[i].Scenario == name {
			return &f.Stocks.Cases[i]
		}
	}
	return nil
}

// shortAt reports whether the importer is short of some final product in month t by more
// than 0.1 % of its demand (the summary's rule for a short month).
func shortAt(r *result.Run, t int) bool {
	for p, info := range r.Products {
		if d := r.Demand[t][p]; info.Final && d > 0 && r.Shortfall[t][p] > 1e-3*d {
			return true
		}
	}
	return false
}

// Check tests every claim the prose makes on the runs and returns one error per claim
// that no longer holds, naming the prose to rewrite.
func Check(f *Figures) []error {
	var errs []error
	for _, c := range claims {
		if err := c.holds(f); err != nil {
			errs = append(errs, fmt.Errorf("docs/scenarios.md says %q, the runs do not: %w", c.prose, err))
		}
	}
	return errs
}

// findResponse is the named response scenario's figures, or nil.
func findResponse(f *Figures, name string) *Response {
	for i := range f.Responses {
		if f.Responses[i].Run.Scenario == name {
			return &f.Responses[i]
		}
	}
	return nil
}

// response is the named response scenario's run, or nil.
func response(f *Figures, name string) *result.Run {
	if r := findResponse(f, name); r != nil {
		return r.Run
	}
	return nil
}

func builtinRun(f *Figures, name string) *result.Run {
	for _, r := range f.Builtins {
		if r.Scenario == name {
			return r
		}
	}
	return nil
}

// outsideUse is what the countries other than the rival made of the product in the
// last month, their capacity, and what Malaysia made, in t/yr.
func outsideUse(r *result.Run, product string) (made, capacity, mys float64) {
	p, t := productIndex(r, product), r.Months-1
	for c, country := range r.Countries {
		if country == r.Rival {
			continue
		}
		made += 12 * r.CountryProduction[t][p][c]
		capacity += 12 * r.CountryCapacity[t][p][c]
		if country == "MYS" {
			mys = 12 * r.CountryProduction[t][p][c]
		}
	}
	return made, capacity, mys
}

// peakRivalFree is the largest share of the importer's magnet demand met by rival-free
// supply in one month.
func peakRivalFree(r *result.Run) float64 {
	p, best := productIndex(r, magnet), 0.0
	for t := range r.Months {
		if d := r.Demand[t][p]; d > 0 {
			best = max(best, r.RivalFree[t][p]/d)
		}
	}
	return best
}

func monthOrNever(m *result.Month) string {
	if m == nil {
		return "never"
	}
	return m.String()
}

// noProject is the named response scenario's run without its doubtful project.
func noProject(f *Figures, name string) *result.Run {
	if r := findResponse(f, name); r != nil {
		return r.NoProject
	}
	return nil
}

// chainFrom is the month from which every stage of the magnet chain is covered, or nil
// when one never is.
func chainFrom(r *result.Run) *result.Month {
	if len(blocked(r, magnet)) > 0 {
		return nil
	}
	var from *result.Month
	for _, s := range r.Summary.Road {
		if s.Product != magnet {
			continue
		}
		if s.Month == nil {
			return nil
		}
		if from == nil || *s.Month > *from {
			m := *s.Month
			from = &m
		}
	}
	return from
}
