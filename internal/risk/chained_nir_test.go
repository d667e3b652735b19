package risk

import (
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/world"
)

// TestChainedNamesTheLatestNIR: the chained lens uses the NIR of its production year and
// says what the overview's latest NIR is when the two years differ (US rare earths: 53
// in 2024, 67 in 2025), so two views of one importer do not print two NIRs unexplained.
func TestChainedNamesTheLatestNIR(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	r := ChainedExposure(ds, "USA", "rare_earths", "CHN", 0)
	latest, ok := ds.NetImportReliance("USA", "rare_earths", 0)
	if !ok || r.NIR == nil {
		t.Fatalf("no US rare-earth NIR: latest %v, used %+v", ok, r.NIR)
	}
	said := strings.Contains(strings.Join(r.Notes, "\n"), "is what the overview's NIR column shows")
	if want := latest.Year != r.NIR.Year; said != want {
		t.Errorf("NIR used %d, latest %d: note said %v, want %v; notes %q", r.NIR.Year, latest.Year, said, want, r.Notes)
	}
}
