package scenariodoc

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/report"
	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/world"
)

// magnetMaterial is the material of magnet: a scenario list naming it names the magnet.
const magnetMaterial = "ndfeb"

// stockCovers are the months of cover of magnet users' starting stock the stock
// sensitivity table reruns the built-ins at, beside the data's own (sim_stocks.csv).
var stockCovers = []float64{1, 2, 4}

// StockSensitivity is how the built-ins that touch the magnet chain run when every
// country's magnet users start from other months of cover than the data's: its 'all'
// magnet row is "scenario premise, not a sourced fact", and whether the USA is short
// under Ann. 18 turns on it (trial 7).
type StockSensitivity struct {
	// Covers are the months of cover, ascending; DataCover is the data's among them.
	Covers    []float64
	DataCover float64
	Cases     []StockCase
}

// StockCase is one built-in run at each of StockSensitivity.Covers, in that order.
type StockCase struct {
	Scenario string
	Runs     []*result.Run
}

// stockSensitivity reruns, on workers goroutines, each built-in of names that touches a
// stage of the magnet chain and sets no magnet inventory of its own, at every cover of
// stockCovers; its run at the data's cover is its built-in run (runs, parallel to names).
func stockSensitivity(ds *world.Dataset, names []string, byName map[string]*scenario.Scenario, runs []*result.Run, workers int) (*StockSensitivity, error) {
	data, err := dataMagnetCover(ds)
	if err != nil {
		return nil, err
	}
	s := &StockSensitivity{Covers: slices.Sorted(slices.Values(append(slices.Clone(stockCovers), data))), DataCover: data}
	s.Covers = slices.Compact(s.Covers)
	type job struct {
		sc  *scenario.Scenario
		out **result.Run
	}
	var jobs []job
	for i, name := range names {
		sc := byName[name]
		if !touchesMagnetChain(ds, sc, runs[i]) || setsMagnetInventory(sc) {
			continue
		}
		s.Cases = append(s.Cases, StockCase{Scenario: name, Runs: make([]*result.Run, len(s.Covers))})
		c := &s.Cases[len(s.Cases)-1]
		for j, cover := range s.Covers {
			if cover == data {
				c.Runs[j] = runs[i]
				continue
			}
			jobs = append(jobs, job{withMagnetCover(sc, cover), &c.Runs[j]})
		}
	}
	if len(s.Cases) == 0 {
		return nil, fmt.Errorf("no built-in touches the %s chain: the stock sensitivity table would be empty", magnet)
	}
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range max(1, workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				*jobs[k].out, errs[k] = run(ds, jobs[k].sc)
			}
		}()
	}
	for k := range jobs {
		next <- k
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return s, nil
}

// dataMagnetCover is the months of cover the data's row for every region's magnet users
// gives (sim_stocks.csv, region all); an error without one, so that a renamed row fails
// the generator instead of labelling the wrong column as the data's.
func dataMagnetCover(ds *world.Dataset) (float64, error) {
	for _, s := range ds.SimStocks() {
		if s.Region == world.AllKey && s.Product == magnet && s.Kind == "commercial" && !math.IsNaN(s.MonthsOfCover) {
			return s.MonthsOfCover, nil
		}
	}
	return 0, fmt.Errorf("sim_stocks.csv: no commercial row for region all and %s in months of cover", magnet)
}

// touchesMagnetChain reports whether an element of sc names the magnet or a stage of
// its chain (the stages of its road in r).
func touchesMagnetChain(ds *world.Dataset, sc *scenario.Scenario, r *result.Run) bool {
	touched := compile.Touched(ds, sc)
	if slices.Contains(touched, magnet) {
		return true
	}
	return slices.ContainsFunc(r.Summary.Road, func(s result.StageCover) bool {
		return s.Product == magnet && slices.Contains(touched, s.Stage)
	})
}

// setsMagnetInventory reports whether sc's own inventories set some country's magnet
// stock: its runs do not rest on the data's premise.
func setsMagnetInventory(sc *scenario.Scenario) bool {
	return slices.ContainsFunc(sc.Inventories, func(inv scenario.Inventory) bool {
		return slices.ContainsFunc(inv.Products, func(p string) bool { return p == magnet || p == magnetMaterial })
	})
}

// withMagnetCover is sc with every country's magnet users starting from months of cover:
// an inventory after its own, which wins (compile, stocks).
func withMagnetCover(sc *scenario.Scenario, months float64) *scenario.Scenario {
	v := *sc
	v.Inventories = append(slices.Clone(sc.Inventories), scenario.Inventory{Country: scenario.All, Products: []string{magnet}, MonthsOfCover: scenario.Fix(months)})
	return &v
}

// stockSection is the stock sensitivity table: per built-in (those with the same row
// share it) and cover, the months the importer is short of some final product and the
// final product it is most short of over the horizon, with that shortfall's share of
// its demand at the run's prices.
func stockSection(s *StockSensitivity) ([]byte, error) {
	if s == nil || len(s.Cases) == 0 {
		return nil, fmt.Errorf("no stock sensitivity runs")
	}
	type row struct {
		names []string
		cells []string
	}
	var rows []*row
	for _, c := range s.Cases {
		var cells []string
		for _, r := range c.Runs {
			cells = append(cells, shortCell(r))
		}
		i := slices.IndexFunc(rows, func(x *row) bool { return slices.Equal(x.cells, cells) })
		if i < 0 {
			rows = append(rows, &row{cells: cells})
			i = len(rows) - 1
		}
		rows[i].names = append(rows[i].names, c.Scenario)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "| scenario |")
	for _, m := range s.Covers {
		label := report.Num(m, 2) + " months"
		if m == 1 {
			label = "1 month"
		}
		if m == s.DataCover {
			label += " (data)"
		}
		fmt.Fprintf(&b, " %s |", label)
	}
	fmt.Fprintf(&b, "\n|---|%s\n", strings.Repeat("---|", len(s.Covers)))
	for _, x := range rows {
		fmt.Fprintf(&b, "| %s | %s |\n", strings.Join(x.names, ", "), strings.Join(x.cells, " | "))
	}
	return b.Bytes(), nil
}

// shortCell is the months short of some final product and, when any, the final product
// with the largest shortfall over the horizon as a share of its demand at the run's
// prices, with that share: "128 (NdFeB magnet 15.5 %)", or "0".
func shortCell(r *result.Run) string {
	p, share := mostShort(r)
	if r.Summary.MonthsShort == 0 || p < 0 {
		return fmt.Sprint(r.Summary.MonthsShort)
	}
	return fmt.Sprintf("%d (%s %s %%)", r.Summary.MonthsShort, report.ProductName(r.Products[p]), report.Pct(share))
}

// mostShort is the final product whose shortfall over the horizon is the largest share
// of its demand at the run's prices, with that share; -1 when none is short.
func mostShort(r *result.Run) (int, float64) {
	best, at := 0.0, -1
	for p, info := range r.Products {
		if !info.Final {
			continue
		}
		short, demand := 0.0, 0.0
		for t := range r.Months {
			short += r.Shortfall[t][p]
			demand += r.Demand[t][p]
		}
		if demand > 0 && short/demand > best {
			best, at = short/demand, p
		}
	}
	return at, best
}
