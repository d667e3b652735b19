package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/critmin/critmin/internal/result"
)

// inversionTolerance is how far below the cost of its inputs a price must fall to be
// named: the data's starting prices put NdPr and terbium metal within 0.3% of the cost
// of their oxide (the conversion margin is not in the data), so a gap of a few percent
// is the data's, not the run's.
const inversionTolerance = 0.05

// PriceInversions is the verdict caveat that names, per product a one-output recipe makes
// (result.Run.CostRecipes) and market (outside and inside the rival's), a price more than
// 5% below the cost of the inputs one tonne of it takes at that market's prices, at the
// run's last month and at its worst month: each market's price follows its own balance
// and the model passes no cost on (docs/model.md, What is simplified), so a metal can end
// cheaper than its oxide. A trial read NdPr metal at 33 USD/kg beside NdPr oxide at 163
// as a price outlook. Nil when no price falls below its inputs' cost or the run carries
// no recipes.
func PriceInversions(r *result.Run) []string {
	if len(r.CostRecipes) == 0 || r.Months <= 0 {
		return nil
	}
	recipes := map[string][]result.PlantInput{}
	for _, in := range r.CostRecipes {
		recipes[in.Product] = append(recipes[in.Product], in)
	}
	var found, checked []string
	for p, info := range r.Products {
		ins := recipes[info.ID]
		if len(ins) == 0 {
			continue
		}
		checked = append(checked, productName(info))
		for _, m := range []struct {
			where  string
			prices [][]float64
		}{{"outside " + r.Rival, r.PriceOut}, {"inside " + r.Rival, r.PriceIn}} {
			if s := inversionOf(r, p, ins, m.where, m.prices); s != "" {
				found = append(found, s)
			}
		}
	}
	if len(found) == 0 {
		return nil
	}
	return []string{"Prices below the cost of their inputs: " + strings.Join(found, "; ") + ". " +
		"This is the model's missing cost pass-through, not a forecast: each market's price follows its own balance of supply and demand, " +
		"and no price carries the cost of its inputs on, so a product can end cheaper than what it is made of while its plants keep running " +
		"(docs/model.md, What is simplified); read these prices as signs of which market is tight, not as levels. " +
		"Checked: the products a recipe with one output makes (" + joinAnd(checked) + "), whose inputs' cost is theirs alone; " +
		"the separation lines make several oxides from one feed, whose cost the model has no rule to split among them, and are not checked. " +
		"Gaps under 5% are not named (the data's starting prices put NdPr and terbium metal within 0.3% of their oxides' cost)."}
}

// inversionOf is the clause for product p in one market whose prices are prices, or ""
// when its price stays within the tolerance of its inputs' cost in every month.
func inversionOf(r *result.Run, p int, ins []result.PlantInput, where string, prices [][]float64) string {
	idx := make([]int, len(ins))
	for i, in := range ins {
		if idx[i] = productIndex(r, in.Input); idx[i] < 0 {
			return ""
		}
	}
	cost := func(m int) float64 {
		c := 0.0
		for i, in := range ins {
			c += in.TPerT * prices[m][idx[i]]
		}
		return c
	}
	ratio := func(m int) float64 {
		if m >= len(prices) || p >= len(prices[m]) {
			return math.NaN()
		}
		c := cost(m)
		if !(c > 0) || math.IsNaN(prices[m][p]) {
			return math.NaN()
		}
		return prices[m][p] / c
	}
	worst, worstRatio := -1, math.Inf(1)
	for m := range r.Months {
		if q := ratio(m); q <= worstRatio { // ties: the later month, so a flat gap reads once
			worst, worstRatio = m, q
		}
	}
	if worst < 0 || worstRatio >= 1-inversionTolerance {
		return ""
	}
	last := r.Months - 1
	name := productName(r.Products[p]) + " " + where
	took := inputsWords(r, ins)
	at := func(m int) string {
		return fmt.Sprintf("%s USD/kg against the %s USD/kg of its inputs, %s%% of their cost", priceWords(prices[m][p]), priceWords(cost(m)), Num(100*ratio(m), 0))
	}
	if q := ratio(last); q < 1-inversionTolerance {
		s := fmt.Sprintf("%s ends at %s USD/kg, below the %s USD/kg of %s it takes", name, priceWords(prices[last][p]), priceWords(cost(last)), took)
		if worst != last {
			s += fmt.Sprintf(" (at its worst, %s, %s)", monthAt(r, worst), at(worst))
		}
		return s
	}
	return fmt.Sprintf("%s falls to %s USD/kg in %s, below the %s USD/kg of %s it takes (it ends at %s)",
		name, priceWords(prices[worst][p]), monthAt(r, worst), priceWords(cost(worst)), took, at(last))
}

// inputsWords names a recipe's inputs with their tonnes per tonne: "the 1.24 t of NdPr
// oxide", "the 0.296 t of NdPr metal, 0.012 t of dysprosium metal and 0.002 t of terbium
// metal".
func inputsWords(r *result.Run, ins []result.PlantInput) string {
	parts := make([]string, len(ins))
	for i, in := range ins {
		parts[i] = strconv.FormatFloat(in.TPerT, 'g', 3, 64) + " t of " + productNameByID(r, in.Input)
	}
	return "the " + joinAnd(parts)
}

// priceWords formats a price in USD/kg: whole dollars from 10 up, cents below.
func priceWords(v float64) string {
	if math.Abs(v) >= 10 {
		return Num(v, 0)
	}
	return Num(v, 2)
}
