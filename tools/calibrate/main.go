// Command calibrate fits the engine's market-dynamics parameters to the calibration
// episodes (internal/backtest): it scores every point of a grid by the mean number of
// targets met by the point and its grid neighbours (so a lucky point does not win), then
// by its own targets met, then by the total miss (backtest.Target.Miss); it chooses the
// best point whose dynamics pass the invariants (backtest.CheckDynamics) and prints its
// table. One parameter set serves every product and both episodes.
//
//	go run ./tools/calibrate                 # the grid search of docs/validation.md
//	go run ./tools/calibrate -eval 'price_adjustment=0.3,price_elasticity=0.5'
package main

import (
	"flag"
	"fmt"
	"maps"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/critmin/critmin/internal/backtest"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/world"
)

// grid is the search space: each parameter's candidate values. The short-run demand
// elasticity stays within sim_parameters.csv's sensitivity range (-0.05 to -0.3); the
// others span a judgement of plausible values around the engine's defaults, wide enough
// that the chosen point is not at an edge except where docs/model.md says so.
var grid = []axis{
	{"price_adjustment", []float64{0.1, 0.15, 0.2, 0.3, 0.4, 0.5}},
	{"price_elasticity", []float64{0.4, 0.6, 0.8, 1, 1.25}},
	{"long_run_demand_elasticity", []float64{0.5, 0.75, 1}},
	{"thrift_months", []float64{12, 24, 36, 48}},
	{"inventory_adjustment_months", []float64{1, 2, 3}},
	{"supply_price_elasticity", []float64{0.1, 0.2, 0.4}},
	{"demand_price_elasticity", []float64{-0.05, -0.1}},
}

// aroundTie is the width of the bins of neighbourhood means within which points count
// as equally robust: a twentieth of a target.
const aroundTie = 0.05

// axis is one parameter of the grid and its candidate values.
type axis struct {
	name   string
	values []float64
}

func main() {
	eval := flag.String("eval", "", "score one point, as name=value,... (names as in a scenario's parameters:)")
	top := flag.Int("top", 10, "how many of the best points to print")
	axes := flag.String("grid", "", "replace or add grid axes, as name=v1/v2/...;name=... (names as in a scenario's parameters:)")
	flag.Parse()
	if err := setAxes(*axes); err != nil {
		fmt.Fprintln(os.Stderr, "calibrate:", err)
		os.Exit(2)
	}
	if err := run(*eval, *top); err != nil {
		fmt.Fprintln(os.Stderr, "calibrate:", err)
		os.Exit(1)
	}
}

type point struct {
	values []float64
	idx    []int // each value's index on its axis
	met    int
	loss   float64
	// around is the mean number of targets met by the point and its neighbours on the
	// grid (one step along one axis): a point that scores well only where its
	// neighbours do not is a lucky point, not a fit.
	around float64
}

func run(eval string, top int) error {
	ds, err := world.Default()
	if err != nil {
		return err
	}
	env := scenario.Env{World: ds, Products: scenario.WorldCatalogue(ds)}
	env.Base = scenario.NewLibrary(scenario.BuiltinFiles(), "builtin", env).Scenario
	if eval != "" {
		o, err := parse(eval)
		if err != nil {
			return err
		}
		c, err := backtest.Calibrate(ds, env, o)
		if err != nil {
			return err
		}
		printTable(c)
		if err := backtest.CheckDynamics(ds, env, o); err != nil {
			fmt.Printf("dynamics invariants (backtest.CheckDynamics): fail: %v\n", err)
		} else {
			fmt.Println("dynamics invariants (backtest.CheckDynamics: damped prices, recovery within 48 months, no lasting rise from an unfed plant, no growing swing in any built-in): pass")
		}
		return nil
	}
	var points []point
	var walk func(i int, vs []float64, idx []int)
	walk = func(i int, vs []float64, idx []int) {
		if i == len(grid) {
			points = append(points, point{values: slices.Clone(vs), idx: slices.Clone(idx)})
			return
		}
		for j, v := range grid[i].values {
			walk(i+1, append(vs, v), append(idx, j))
		}
	}
	walk(0, nil, nil)
	fmt.Fprintf(os.Stderr, "%d points\n", len(points))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var firstErr error
	var mu sync.Mutex
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				c, err := backtest.Calibrate(ds, env, overrides(points[i].values))
				if err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					continue
				}
				points[i].met, points[i].loss = c.Met(), c.Loss()
			}
		}()
	}
	for i := range points {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	neighbourhoods(points)
	slices.SortStableFunc(points, func(a, b point) int {
		// Neighbourhood means in the same aroundTie-wide bin are equally good: their
		// own targets met and then their miss decide.
		if ba, bb := math.Floor(a.around/aroundTie), math.Floor(b.around/aroundTie); ba != bb {
			if ba > bb {
				return -1
			}
			return 1
		}
		if a.met != b.met {
			return b.met - a.met
		}
		switch {
		case a.loss < b.loss:
			return -1
		case a.loss > b.loss:
			return 1
		}
		return 0
	})
	counts, most := map[int]int{}, 0
	for _, p := range points {
		counts[p.met]++
		most = max(most, p.met)
	}
	fmt.Printf("points by targets met:")
	for met := most; met >= 0; met-- {
		if counts[met] > 0 {
			fmt.Printf(" %d: %d", met, counts[met])
		}
	}
	fmt.Println()
	for _, p := range points[:min(top, len(points))] {
		fmt.Printf("around %.2f met %d loss %.2f  %s\n", p.around, p.met, p.loss, format(p.values))
	}
	// The best point whose dynamics pass the invariants (backtest.CheckDynamics): a fit
	// never buys targets with oscillation or a market that does not recover.
	chosen := -1
	for i := range points {
		if err := backtest.CheckDynamics(ds, env, overrides(points[i].values)); err != nil {
			fmt.Printf("rejected (around %.2f met %d) %s: %v\n", points[i].around, points[i].met, format(points[i].values), err)
			continue
		}
		chosen = i
		break
	}
	if chosen < 0 {
		return fmt.Errorf("no point of the grid passes the dynamics invariants")
	}
	fmt.Printf("chosen: around %.2f met %d loss %.2f  %s\n", points[chosen].around, points[chosen].met, points[chosen].loss, format(points[chosen].values))
	best, err := backtest.Calibrate(ds, env, overrides(points[chosen].values))
	if err != nil {
		return err
	}
	printTable(best)
	return nil
}

func overrides(vs []float64) scenario.Parameters {
	var s []string
	for i, g := range grid {
		s = append(s, g.name+"="+strconv.FormatFloat(vs[i], 'g', -1, 64))
	}
	o, err := parse(strings.Join(s, ","))
	if err != nil {
		panic(err)
	}
	return o
}

// neighbourhoods sets each point's around: the mean of met over the point and the
// points one step from it along one axis. points holds the whole grid in walk order.
func neighbourhoods(points []point) {
	key := func(idx []int) string { return fmt.Sprint(idx) }
	at := make(map[string]int, len(points))
	for i, p := range points {
		at[key(p.idx)] = i
	}
	for i := range points {
		p := &points[i]
		sum, n := float64(p.met), 1
		for a := range p.idx {
			for _, d := range []int{-1, 1} {
				q := slices.Clone(p.idx)
				q[a] += d
				if j, ok := at[key(q)]; ok {
					sum += float64(points[j].met)
					n++
				}
			}
		}
		p.around = sum / float64(n)
	}
}

// setAxes replaces the values of the grid axes spec names, adding axes it names that the
// grid lacks: "precautionary_elasticity=0/0.5/1;thrift_months=12/24".
func setAxes(spec string) error {
	if spec == "" {
		return nil
	}
	var known scenario.Parameters
	names := known.ByName()
	for _, ax := range strings.Split(spec, ";") {
		name, list, ok := strings.Cut(strings.TrimSpace(ax), "=")
		if _, found := names[name]; !ok || !found {
			return fmt.Errorf("bad grid axis %q: want name=v1/v2/... with a name of %s", ax, strings.Join(slices.Sorted(maps.Keys(names)), ", "))
		}
		var vs []float64
		for _, s := range strings.Split(list, "/") {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return fmt.Errorf("grid axis %s: %w", name, err)
			}
			vs = append(vs, v)
		}
		i := slices.IndexFunc(grid, func(g axis) bool { return g.name == name })
		if i < 0 {
			grid = append(grid, axis{name: name})
			i = len(grid) - 1
		}
		grid[i].values = vs
	}
	return nil
}

func format(vs []float64) string {
	var s []string
	for i, g := range grid {
		s = append(s, fmt.Sprintf("%s=%g", g.name, vs[i]))
	}
	return strings.Join(s, ",")
}

func parse(s string) (scenario.Parameters, error) {
	var o scenario.Parameters
	fields := o.ByName()
	for _, kv := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
		f, known := fields[k]
		if !ok || !known {
			return o, fmt.Errorf("bad parameter %q: want name=value with a name of %s", kv, strings.Join(slices.Sorted(maps.Keys(fields)), ", "))
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return o, fmt.Errorf("parameter %s: %w", k, err)
		}
		p := scenario.Fix(x)
		*f = &p
	}
	return o, nil
}

func printTable(c backtest.Calibration) {
	p := c.Parameters
	fmt.Printf("parameters: price_adjustment=%g price_elasticity=%g price_cap=%g inventory_adjustment_months=%g long_run_demand_elasticity=%g thrift_months=%g supply_price_elasticity=%g demand_price_elasticity=%g entry_elasticity=%g entry_hurdle=%g entry_lead_months=%d expected_price_months=%g arbitrage_elasticity=%g feed_adjustment_months=%g\n",
		p.PriceAdjustment, p.PriceElasticity, p.PriceCap, p.InventoryAdjustmentMonths, -p.LongRunDemandElasticity, p.ThriftMonths,
		p.SupplyElasticity, -p.DemandElasticity, p.EntryElasticity, p.EntryHurdle, p.EntryLeadMonths, p.ExpectedPriceMonths, p.ArbitrageElasticity, p.FeedAdjustmentMonths)
	for _, t := range c.Targets {
		met := "no"
		if t.Met() {
			met = "yes"
		}
		fmt.Printf("%-11s %-66s observed %-16s model %-10s met %s\n", t.ID, t.Name, t.ObservedFigure(), t.ModelFigure(), met)
	}
	fmt.Printf("met %d of %d, summed miss %.2f\n", c.Met(), len(c.Targets), c.Loss())
}
