// Command calibrate fits the engine's market-dynamics parameters to the calibration
// episodes (internal/backtest): it scores every point of a grid by the number of targets
// met, then by the total miss (backtest.Target.Miss), and prints the best points and the
// table of the best. One parameter set serves every product and both episodes.
//
//	go run ./tools/calibrate                 # the grid search of docs/validation.md
//	go run ./tools/calibrate -eval 'price_adjustment=0.3,price_elasticity=0.5'
package main

import (
	"flag"
	"fmt"
	"maps"
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
var grid = []struct {
	name   string
	values []float64
}{
	{"price_adjustment", []float64{0.1, 0.15, 0.2, 0.3}},
	{"price_elasticity", []float64{0.5, 0.6, 0.8, 1, 1.25}},
	{"long_run_demand_elasticity", []float64{0, 0.25, 0.5, 0.75, 1}},
	{"thrift_months", []float64{6, 12, 24}},
	{"inventory_adjustment_months", []float64{1, 2}},
	{"supply_price_elasticity", []float64{0.05, 0.1, 0.2, 0.4}},
	{"demand_price_elasticity", []float64{-0.05, -0.1, -0.2}},
}

func main() {
	eval := flag.String("eval", "", "score one point, as name=value,... (names as in a scenario's parameters:)")
	top := flag.Int("top", 10, "how many of the best points to print")
	flag.Parse()
	if err := run(*eval, *top); err != nil {
		fmt.Fprintln(os.Stderr, "calibrate:", err)
		os.Exit(1)
	}
}

type point struct {
	values []float64
	met    int
	loss   float64
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
		return nil
	}
	var points []point
	var walk func(i int, vs []float64)
	walk = func(i int, vs []float64) {
		if i == len(grid) {
			points = append(points, point{values: slices.Clone(vs)})
			return
		}
		for _, v := range grid[i].values {
			walk(i+1, append(vs, v))
		}
	}
	walk(0, nil)
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
	slices.SortStableFunc(points, func(a, b point) int {
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
	counts := map[int]int{}
	for _, p := range points {
		counts[p.met]++
	}
	fmt.Printf("points by targets met:")
	for met := points[0].met; met >= 0; met-- {
		if counts[met] > 0 {
			fmt.Printf(" %d: %d", met, counts[met])
		}
	}
	fmt.Println()
	for _, p := range points[:min(top, len(points))] {
		fmt.Printf("met %d loss %.2f  %s\n", p.met, p.loss, format(p.values))
	}
	best, err := backtest.Calibrate(ds, env, overrides(points[0].values))
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
	for _, t := range c.Targets {
		fmt.Printf("%-8s %-66s obs %9.3f model %9.3f %v\n", t.ID, t.Name, t.Observed, t.Model, t.Met())
	}
	fmt.Printf("met %d of %d, loss %.2f\n", c.Met(), len(c.Targets), c.Loss())
}
