package scenario

import (
	"slices"
	"testing"

	"github.com/critmin/critmin/internal/world"
)

// TestDefaultCatalogueMatchesWorld keeps the static v1 catalogue (used by the JSON Schema)
// in step with the embedded simulation products.
func TestDefaultCatalogueMatchesWorld(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := WorldCatalogue(ds).Products(), DefaultCatalogue.Products(); !slices.Equal(got, want) {
		t.Errorf("world products %v differ from DefaultCatalogue %v", got, want)
	}
	if got, want := WorldCatalogue(ds).Sectors(), DefaultCatalogue.Sectors(); !slices.Equal(got, want) {
		t.Errorf("world sectors %v differ from DefaultCatalogue %v", got, want)
	}
}
