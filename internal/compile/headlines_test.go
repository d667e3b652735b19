package compile

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/sim"
)

var updateHeadlines = flag.Bool("update-headlines", false, "rewrite testdata/headlines.golden from the current engine")

const headlinesGolden = "testdata/headlines.golden"

// headlineRelTol is the relative change a headline number may show when an algebraic
// rewrite of the engine changes the rounding of its sums (issue 13): last bits, not
// results.
const headlineRelTol = 1e-12

// TestHeadlines pins the headline numbers of every built-in scenario in a readable
// golden: the Summary's figures, and per product the last month's prices and volumes and
// the horizon's totals, at full precision. Where TestResultDigests says that some bits
// moved, this test says by how much: numbers must agree within headlineRelTol, words and
// months exactly. Run with -update-headlines together with -update-digests, in the commit
// that regenerates the digests, so that the golden's diff shows what moved.
func TestHeadlines(t *testing.T) {
	var got bytes.Buffer
	eachBuiltin(t, func(_ *testing.T, _ *sim.Model, r *sim.Result) {
		for _, h := range headlines(r) {
			fmt.Fprintf(&got, "%s %s %s\n", r.Scenario, h.key, h.value)
		}
	})
	if t.Failed() {
		return // a scenario that did not run must not leave a partial golden
	}
	if *updateHeadlines {
		if err := os.MkdirAll(filepath.Dir(headlinesGolden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(headlinesGolden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(headlinesGolden)
	if err != nil {
		t.Fatalf("%v (run with -update-headlines to create it)", err)
	}
	wantLines, wantKeys := headlineLines(t, want)
	gotLines, gotKeys := headlineLines(t, got.Bytes())
	worst, worstKey := 0.0, ""
	for _, key := range wantKeys {
		w := wantLines[key]
		g, ok := gotLines[key]
		if !ok {
			t.Errorf("%s: missing", key)
			continue
		}
		rel, numeric := relativeChange(g, w)
		switch {
		case !numeric && g != w:
			t.Errorf("%s = %s, want %s", key, g, w)
		case numeric && !(rel <= headlineRelTol):
			t.Errorf("%s = %s, want %s (relative change %.3g > %g)", key, g, w, rel, headlineRelTol)
		case numeric && rel > worst:
			worst, worstKey = rel, key
		}
	}
	for _, key := range gotKeys {
		if _, ok := wantLines[key]; !ok {
			t.Errorf("%s: not in %s", key, headlinesGolden)
		}
	}
	t.Logf("largest relative change of a headline number: %.3g (%s)", worst, worstKey)
}

// relativeChange is |g - w| / max(|g|, |w|) when both are numbers (0 when they are
// equal), and whether they are.
func relativeChange(g, w string) (float64, bool) {
	gv, gerr := strconv.ParseFloat(g, 64)
	wv, werr := strconv.ParseFloat(w, 64)
	if gerr != nil || werr != nil {
		return 0, false
	}
	if gv == wv {
		return 0, true
	}
	return math.Abs(gv-wv) / max(math.Abs(gv), math.Abs(wv)), true
}

type headline struct{ key, value string }

// headlines lists r's headline numbers in a fixed order: the Summary (its mass-balance
// residual aside: rounding noise by definition), then per product the last month's
// prices, production, demand, supply, inventory and stockpile and the horizon's
// production and supply.
func headlines(r *sim.Result) []headline {
	var out []headline
	num := func(key string, v float64) {
		out = append(out, headline{key, strconv.FormatFloat(v, 'g', -1, 64)})
	}
	word := func(key, v string) {
		if v == "" {
			v = "-"
		}
		out = append(out, headline{key, v})
	}
	month := func(key string, m *sim.Month) {
		if m == nil {
			word(key, "never")
			return
		}
		word(key, m.String())
	}
	s := &r.Summary
	num("peak_shortfall_share", s.PeakShortfallShare)
	num("peak_shortfall_t", s.PeakShortfallT)
	word("peak_shortfall_product", s.PeakShortfallProduct)
	month("peak_shortfall_month", s.PeakShortfallMonth)
	word("months_short", strconv.Itoa(s.MonthsShort))
	for _, e := range r.EndItems {
		num("end_items_lost_low/"+e.ID, s.EndItemsLostLow[e.ID])
		num("end_items_lost_high/"+e.ID, s.EndItemsLostHigh[e.ID])
	}
	month("stockpile_exhausted", s.StockpileExhausted)
	month("independence", s.Independence)
	for _, pm := range s.IndependenceByProduct {
		month("independence/"+pm.Product, pm.Month)
	}
	for _, sc := range s.Road {
		key := "road/" + sc.Product + "/" + sc.Stage
		month(key+"/month", sc.Month)
		num(key+"/need_t_per_year", sc.NeedTPerYear)
		num(key+"/capacity_t_per_year", sc.CapacityTPerYear)
		num(key+"/fed_t_per_year", sc.FedTPerYear)
	}
	for _, b := range s.Blocked {
		key := "blocked/" + b.Product + "/" + b.Stage
		num(key+"/gap_t_per_year", b.GapTPerYear)
		word(key+"/until", b.Until.String())
	}
	for _, en := range s.Entry {
		key := "entry/" + en.Country + "/" + en.Process
		num(key+"/t_per_year", en.TPerYear)
		word(key+"/first", en.First.String())
	}
	num("total_cost_musd", s.TotalCostMUSD)
	num("price_ratio_peak", s.PriceRatioPeak)
	word("price_ratio_peak_product", s.PriceRatioPeakProduct)
	month("price_ratio_peak_month", s.PriceRatioPeakMonth)
	for _, pc := range s.PriceCapMonths {
		word("price_cap_months/"+pc.Product+"/"+pc.Market+"/"+pc.Bound, strconv.Itoa(pc.Months))
	}
	if r.Months == 0 {
		return out
	}
	last := r.Months - 1
	for p, info := range r.Products {
		key := "last/" + info.ID + "/"
		num(key+"price_out", r.PriceOut[last][p])
		num(key+"price_in", r.PriceIn[last][p])
		num(key+"production", r.Production[last][p])
		num(key+"demand", r.Demand[last][p])
		num(key+"supply", r.Supply[last][p])
		num(key+"inventory", r.Inventory[last][p])
		num(key+"stockpile", r.Stockpile[last][p])
	}
	for p, info := range r.Products {
		prod, supply := 0.0, 0.0
		for t := range r.Months {
			prod += r.Production[t][p]
			supply += r.Supply[t][p]
		}
		key := "horizon/" + info.ID + "/"
		num(key+"production", prod)
		num(key+"supply", supply)
	}
	return out
}

// headlineLines maps "scenario key" to its value, and lists the keys in file order.
func headlineLines(t *testing.T, data []byte) (map[string]string, []string) {
	t.Helper()
	values := map[string]string{}
	var keys []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 {
			t.Fatalf("%s: bad line %q", headlinesGolden, sc.Text())
		}
		key := f[0] + " " + f[1]
		values[key] = f[2]
		keys = append(keys, key)
	}
	return values, keys
}
