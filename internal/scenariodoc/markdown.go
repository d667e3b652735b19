package scenariodoc

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/critmin/critmin/internal/montecarlo"
	"github.com/critmin/critmin/internal/report"
	"github.com/critmin/critmin/internal/result"
)

// The products the sections follow: the NdFeB magnet chain's road, its Dy and Tb oxide
// stages, and NdPr oxide and metal, whose prices and use the response table reports.
const (
	magnet    = "ndfeb/magnet"
	dyOxide   = "dy/separation"
	tbOxide   = "tb/separation"
	ndprOxide = "ndpr/separation"
	ndprMetal = "ndpr/metal"
)

// Sections renders the generated sections of docs/scenarios.md, by marker name.
func Sections(f *Figures) (map[string][]byte, error) {
	road, err := roadSection(f.Builtins)
	if err != nil {
		return nil, err
	}
	resp, err := responseSection(f.Responses)
	if err != nil {
		return nil, err
	}
	stocks, err := stockSection(f.Stocks)
	if err != nil {
		return nil, err
	}
	return map[string][]byte{"road": road, "responses": resp, "stocks": stocks}, nil
}

// roadSection is the table of the magnet chain's road per built-in; built-ins with the
// same row share it.
func roadSection(runs []*result.Run) ([]byte, error) {
	type row struct {
		names []string
		cells [3]string
	}
	var rows []*row
	end := ""
	for _, r := range runs {
		p := productIndex(r, magnet)
		if p < 0 {
			return nil, fmt.Errorf("%s: no product %s", r.Scenario, magnet)
		}
		end = lastMonth(r).String()
		cells := [3]string{strconv.Itoa(monthsShort(r, p)), coveredFrom(r, magnet), waitsFor(r, magnet)}
		i := slices.IndexFunc(rows, func(x *row) bool { return x.cells == cells })
		if i < 0 {
			rows = append(rows, &row{cells: cells})
			i = len(rows) - 1
		}
		rows[i].names = append(rows[i].names, r.Scenario)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "| scenario | months short of magnets | magnet chain covered from | what it waits for (covered from), or what blocks it (t/yr of capacity missing at %s) |\n", end)
	fmt.Fprintf(&b, "|---|---|---|---|\n")
	for _, x := range rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", strings.Join(x.names, ", "), x.cells[0], x.cells[1], x.cells[2])
	}
	return b.Bytes(), nil
}

// responseSection is the table of what the response scenarios reach.
func responseSection(rs []Response) ([]byte, error) {
	var b bytes.Buffer
	if len(rs) == 0 {
		return nil, fmt.Errorf("no response scenario")
	}
	r0 := rs[0].Run
	end := lastMonth(r0).String()
	rival, imp := r0.Rival, r0.Importer
	fmt.Fprintf(&b, "| |")
	for _, r := range rs {
		fmt.Fprintf(&b, " %s |", r.Run.Scenario)
	}
	fmt.Fprintf(&b, "\n|---|")
	for range rs {
		fmt.Fprintf(&b, "---|")
	}
	fmt.Fprintf(&b, "\n")
	rowsOf := []struct {
		label string
		cell  func(Response) (string, error)
	}{
		{"months short, any final product", func(r Response) (string, error) {
			s := fmt.Sprintf("%d", r.Run.Summary.MonthsShort)
			if r.MC.ProbAnyShortfall == nil {
				return s, nil
			}
			if *r.MC.ProbAnyShortfall == 0 {
				return s + fmt.Sprintf(" (and in all %d replications)", r.MC.Replications), nil
			}
			return s + fmt.Sprintf(" (short in %s %% of %d replications)", report.Pct(*r.MC.ProbAnyShortfall), r.MC.Replications), nil
		}},
		{"cost to " + end + ", USD M (Monte Carlo P5-P95)", func(r Response) (string, error) {
			st := headline(r.MC, "total_cost_musd")
			if st == nil || st.P5 == nil || st.P95 == nil {
				return "", fmt.Errorf("%s: no total_cost_musd in the Monte Carlo aggregate", r.Run.Scenario)
			}
			return fmt.Sprintf("%s (%s-%s)", thousands(r.Run.Summary.TotalCostMUSD), thousands(*st.P5), thousands(*st.P95)), nil
		}},
		{"road: magnet chain covered from", func(r Response) (string, error) {
			return roadCell(r.Run), nil
		}},
		{"the same, Monte Carlo P5 / P50 / P95 of the stages covered after the start", func(r Response) (string, error) {
			return mcRoad(r.Run, r.MC), nil
		}},
		{"the same without " + doubtfulProject + " (never built)", func(r Response) (string, error) {
			return roadCell(r.NoProject), nil
		}},
		{"Dy oxide outside " + rival + " with its own feed vs " + imp + " need, " + end + ", t/yr", func(r Response) (string, error) {
			return capacityCell(r.Run, dyOxide)
		}},
		{"Tb oxide, the same", func(r Response) (string, error) {
			return capacityCell(r.Run, tbOxide)
		}},
		{"delivered rival-free magnets (\"independence from " + rival + "\")", func(r Response) (string, error) {
			return rivalFreeCell(r.Run)
		}},
		{"NdPr oxide price outside " + rival + ": peak / start (month); at " + end, func(r Response) (string, error) {
			return priceCell(r.Run, ndprOxide, r.Run.PriceOut)
		}},
		{"NdPr oxide price inside " + rival + ", the same", func(r Response) (string, error) {
			return priceCell(r.Run, ndprOxide, r.Run.PriceIn)
		}},
		{"NdPr oxide price outside " + rival + " without price-triggered entry", func(r Response) (string, error) {
			return priceCell(r.NoEntry, ndprOxide, r.NoEntry.PriceOut)
		}},
		{"NdPr oxide made outside " + rival + " / its capacity, " + end + ", t/yr", func(r Response) (string, error) {
			return useCell(r.Run, ndprOxide)
		}},
		{"NdPr metal, the same", func(r Response) (string, error) {
			return useCell(r.Run, ndprMetal)
		}},
	}
	for _, row := range rowsOf {
		fmt.Fprintf(&b, "| %s |", row.label)
		for _, r := range rs {
			c, err := row.cell(r)
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(&b, " %s |", c)
		}
		fmt.Fprintf(&b, "\n")
	}
	return b.Bytes(), nil
}

// monthsShort counts the months in which the importer's shortfall of product p exceeds
// 0.1 % of its demand (the summary's rule for a short month, for one product).
func monthsShort(r *result.Run, p int) int {
	n := 0
	for t := range r.Months {
		if d := r.Demand[t][p]; d > 0 && r.Shortfall[t][p] > 1e-3*d {
			n++
		}
	}
	return n
}

// coveredFrom is the month from which every stage of product's chain is covered, or
// "never".
func coveredFrom(r *result.Run, product string) string {
	var from *result.Month
	for _, s := range r.Summary.Road {
		if s.Product != product {
			continue
		}
		if s.Month == nil {
			return "never"
		}
		if from == nil || *s.Month > *from {
			from = s.Month
		}
	}
	if from == nil {
		return "never"
	}
	return from.String()
}

// waitsFor names, for a covered chain, the most upstream stage covered in each month
// after the start, latest first ("dysprosium oxide (2026-06), terbium oxide (2025-10)");
// for a blocked one, its binding stages and their gaps.
func waitsFor(r *result.Run, product string) string {
	if bs := blocked(r, product); len(bs) > 0 {
		return "blocked: " + strings.Join(bs, ", ")
	}
	late := lateStages(r, product)
	if len(late) == 0 {
		return "nothing: covered from the start"
	}
	var out []string
	for _, s := range late {
		out = append(out, fmt.Sprintf("%s (%s)", name(r, s.stage), s.month))
	}
	return strings.Join(out, ", ")
}

// blocked lists the binding stages of product's chain with their gaps in t/yr.
func blocked(r *result.Run, product string) []string {
	var out []string
	for _, b := range r.Summary.Blocked {
		if b.Product == product {
			out = append(out, fmt.Sprintf("%s %s", name(r, b.Stage), report.Num(b.GapTPerYear, 0)))
		}
	}
	return out
}

// stageMonth is a stage of a chain and the month it is covered from.
type stageMonth struct {
	stage string
	month result.Month
}

// lateStages are, for each month after the start in which some stage of product's chain
// becomes covered, the most upstream such stage, latest month first: the stages the
// chain waits for.
func lateStages(r *result.Run, product string) []stageMonth {
	// Road lists stages downstream first: the last stage of a month is its most upstream.
	var out []stageMonth
	for _, s := range r.Summary.Road {
		if s.Product != product || s.Month == nil || *s.Month <= r.Start {
			continue
		}
		if i := slices.IndexFunc(out, func(x stageMonth) bool { return x.month == *s.Month }); i >= 0 {
			out[i].stage = s.Stage
			continue
		}
		out = append(out, stageMonth{s.Stage, *s.Month})
	}
	slices.SortStableFunc(out, func(a, b stageMonth) int { return int(b.month - a.month) })
	return out
}

// roadCell is the magnet chain's month and what sets it, or what blocks it.
func roadCell(r *result.Run) string {
	from := coveredFrom(r, magnet)
	if bs := blocked(r, magnet); len(bs) > 0 || from == "never" {
		return "never; blocked at " + lastMonth(r).String() + ": " + strings.Join(bs, ", ") + " t/yr of capacity missing"
	}
	late := lateStages(r, magnet)
	if len(late) == 0 {
		return from
	}
	c := from + ", set by " + name(r, late[0].stage)
	for _, s := range late[1:] {
		c += "; " + name(r, s.stage) + " from " + s.month.String()
	}
	return c
}

// mcRoad gives P5 / P50 / P95 of the month each stage of the magnet chain is covered,
// for the stages covered after the start in some replication; stages with the same
// figures share them, named by the most upstream.
func mcRoad(r *result.Run, mc *montecarlo.Aggregate) string {
	type group struct{ stage, figs string }
	var groups []group
	for _, st := range mc.Headlines {
		if !strings.HasPrefix(st.Name, montecarlo.ScalarRoad+":") || st.Product != magnet || st.Max == nil || *st.Max == 0 {
			continue
		}
		figs := fmt.Sprintf("%s / %s / %s", mcMonth(r, st.P5), mcMonth(r, st.P50), mcMonth(r, st.P95))
		if st.Never != nil && *st.Never > 0 {
			figs += fmt.Sprintf(", never in %s %%", report.Pct(*st.Never))
		}
		// Headlines follow Road, downstream first: a later stage with the same figures
		// is further upstream and names the group.
		if i := slices.IndexFunc(groups, func(g group) bool { return g.figs == figs }); i >= 0 {
			groups[i].stage = st.Stage
			continue
		}
		groups = append(groups, group{st.Stage, figs})
	}
	if len(groups) == 0 {
		return "every stage covered from the start"
	}
	var out []string
	for _, g := range groups {
		out = append(out, name(r, g.stage)+" "+g.figs)
	}
	return strings.Join(out, "; ")
}

func mcMonth(r *result.Run, idx *float64) string {
	if idx == nil {
		return "n/a"
	}
	i := int(math.Round(*idx))
	if i >= r.Months {
		return "never"
	}
	return (r.Start + result.Month(i)).String()
}

// capacityCell is the stage's capacity outside the rival with its own feed against the
// importer's need at the last month, with the month it is covered from and what
// price-triggered entry added outside the rival.
func capacityCell(r *result.Run, stage string) (string, error) {
	i := slices.IndexFunc(r.Summary.Road, func(s result.StageCover) bool { return s.Product == magnet && s.Stage == stage })
	if i < 0 {
		return "", fmt.Errorf("%s: no stage %s on the road of %s", r.Scenario, stage, magnet)
	}
	s := r.Summary.Road[i]
	c := fmt.Sprintf("%s vs %s", thousands(s.FedTPerYear), thousands(s.NeedTPerYear))
	if s.Month != nil {
		c += ", covered from " + s.Month.String()
	} else {
		c += ", never covered"
	}
	entered := 0.0
	for _, e := range r.Summary.Entry {
		if e.Product == stage && e.Country != r.Rival {
			entered += e.TPerYear
		}
	}
	if math.Round(entered) > 0 {
		c += fmt.Sprintf(" (of which price-triggered entry %s)", thousands(entered))
	}
	return c, nil
}

// rivalFreeCell is the month of delivered independence for magnets, or the largest
// share of the importer's magnet demand met by rival-free supply, when, and at the end.
func rivalFreeCell(r *result.Run) (string, error) {
	p := productIndex(r, magnet)
	if p < 0 {
		return "", fmt.Errorf("%s: no product %s", r.Scenario, magnet)
	}
	from := "never"
	for _, pm := range r.Summary.IndependenceByProduct {
		if pm.Product == magnet && pm.Month != nil {
			from = "from " + pm.Month.String()
		}
	}
	best, at, end := 0.0, 0, 0.0
	for t := range r.Months {
		if d := r.Demand[t][p]; d > 0 {
			share := r.RivalFree[t][p] / d
			if share > best {
				best, at = share, t
			}
			if t == r.Months-1 {
				end = share
			}
		}
	}
	return fmt.Sprintf("%s: at most %s %% of %s demand (%s); %s %% at %s", from, pct(best), r.Importer,
		r.Start+result.Month(at), pct(end), lastMonth(r)), nil
}

// priceCell is the product's peak price over its first month's, when, and the last
// month's over the first.
func priceCell(r *result.Run, product string, price [][]float64) (string, error) {
	p := productIndex(r, product)
	if p < 0 || price[0][p] <= 0 {
		return "", fmt.Errorf("%s: no price of %s", r.Scenario, product)
	}
	start := price[0][p]
	peak, at := start, 0
	for t := range r.Months {
		if price[t][p] > peak {
			peak, at = price[t][p], t
		}
	}
	return fmt.Sprintf("%sx (%s); %sx", report.Num(peak/start, 2), r.Start+result.Month(at), report.Num(price[r.Months-1][p]/start, 2)), nil
}

// useCell is what the countries other than the rival made of the product in the last
// month against their capacity, in t/yr, and the share.
func useCell(r *result.Run, product string) (string, error) {
	p := productIndex(r, product)
	if p < 0 {
		return "", fmt.Errorf("%s: no product %s", r.Scenario, product)
	}
	made, capacity, _ := outsideUse(r, product)
	if capacity <= 0 {
		return "", fmt.Errorf("%s: no capacity of %s outside %s", r.Scenario, product, r.Rival)
	}
	return fmt.Sprintf("%s / %s (%s %%)", thousands(made), thousands(capacity), report.Num(100*made/capacity, 0)), nil
}

func headline(mc *montecarlo.Aggregate, name string) *montecarlo.Stat {
	for i := range mc.Headlines {
		if mc.Headlines[i].Name == name {
			return &mc.Headlines[i]
		}
	}
	return nil
}

func productIndex(r *result.Run, id string) int {
	return slices.IndexFunc(r.Products, func(p result.ProductInfo) bool { return p.ID == id })
}

// name is a product's name in words, or its id when the run does not have it.
func name(r *result.Run, id string) string {
	if p := productIndex(r, id); p >= 0 {
		return report.ProductName(r.Products[p])
	}
	return id
}

func lastMonth(r *result.Run) result.Month { return r.Start + result.Month(r.Months-1) }

// pct is a share in percent, one decimal below 1 % and none above.
func pct(frac float64) string {
	if frac < 0.01 {
		return report.Num(100*frac, 1)
	}
	return report.Num(100*frac, 0)
}

// thousands rounds v to a whole number and groups its digits by three: 5511.7 ->
// "5,512".
func thousands(v float64) string {
	s := strconv.FormatFloat(math.Abs(math.Round(v)), 'f', 0, 64)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if math.Round(v) < 0 {
		s = "-" + s
	}
	return s
}
