package report

import (
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/result"
)

// TestVerdictNamesShortOfftakes: an offtake that shipped less than 95% of its contract is
// named with its reasons (tonnes not requested, tonnes requested but not shipped); one
// that shipped 96% is not.
func TestVerdictNamesShortOfftakes(t *testing.T) {
	for _, c := range []struct {
		o    result.OfftakeDelivery
		want string // "" for no sentence
	}{
		{result.OfftakeDelivery{Buyer: "EU27", Seller: "JPN", Product: "ndpr/magnet", ContractedT: 27, RequestedT: 27, ShippedT: 0},
			"EU's offtake of NdPr magnet from JPN ships 0 t of the 27 t it contracts (0%): 27 t were requested but not shipped (JPN serves its own users first"},
		{result.OfftakeDelivery{Buyer: "USA", Seller: "AUS", Product: "ndpr/magnet", ContractedT: 100, RequestedT: 60, ShippedT: 50},
			"ships 50 t of the 100 t it contracts (50%): 40 t were not requested (the buyer needed less in those months) and 10 t were requested but not shipped"},
		{result.OfftakeDelivery{Buyer: "USA", Seller: "AUS", Product: "ndpr/magnet", ContractedT: 100, RequestedT: 100, ShippedT: 96}, ""},
	} {
		r := testRun(0)
		r.Summary.Offtakes = []result.OfftakeDelivery{c.o}
		got := strings.Join(runVerdict(&pageCtx{}, r), "\n")
		switch {
		case c.want == "" && strings.Contains(got, "offtake of"):
			t.Errorf("%+v: verdict names the offtake:\n%s", c.o, got)
		case c.want != "" && !strings.Contains(got, c.want):
			t.Errorf("%+v: verdict lacks %q:\n%s", c.o, c.want, got)
		}
	}
}
