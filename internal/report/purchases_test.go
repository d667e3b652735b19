package report

import (
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/result"
)

// TestVerdictNamesShortPurchases: a stockpile that bought less than 95% of its plan is
// named with both reasons where both apply; one that bought its plan, or 96% of it, is not.
func TestVerdictNamesShortPurchases(t *testing.T) {
	for _, c := range []struct {
		p    result.StockpilePurchase
		want string // "" for no sentence
	}{
		{result.StockpilePurchase{Holder: "USA", Product: "ndpr/magnet", PlannedT: 4440, RequestedT: 4440, BoughtT: 1564},
			"USA's stockpile of NdPr magnet buys 1564 t of the 4440 t its purchases plan (35.2%): 2876 t were requested but not delivered (users are served before the stockpile, and producers had no unsold output left)."},
		{result.StockpilePurchase{Holder: "USA", Product: "ndpr/magnet", PlannedT: 1000, RequestedT: 600, BoughtT: 500},
			"buys 500 t of the 1000 t its purchases plan (50%): 400 t were not bought because the price was above the purchase's limit and 100 t were requested but not delivered"},
		{result.StockpilePurchase{Holder: "USA", Product: "ndpr/magnet", PlannedT: 1000, RequestedT: 1000, BoughtT: 960}, ""},
	} {
		r := testRun(0)
		r.Summary.StockpilePurchases = []result.StockpilePurchase{c.p}
		got := strings.Join(runVerdict(&pageCtx{}, r), "\n")
		switch {
		case c.want == "" && strings.Contains(got, "stockpile of"):
			t.Errorf("%+v: verdict names the purchase:\n%s", c.p, got)
		case c.want != "" && !strings.Contains(got, c.want):
			t.Errorf("%+v: verdict lacks %q:\n%s", c.p, c.want, got)
		}
	}
}
