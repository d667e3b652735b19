package scenario

import (
	"slices"
	"strings"

	"github.com/critmin/critmin/internal/world"
)

// Catalogue is what a scenario may name as products and sectors: the simulation's
// product catalogue. Products are "material/stage" ids; a bare material stands for all
// its stages where the format allows it.
type Catalogue interface {
	HasProduct(id string) bool
	HasMaterial(m string) bool
	// Products returns the product ids, sorted; error messages list them.
	Products() []string
	// Sectors returns the demand sectors in a fixed order.
	Sectors() []string
}

// StaticCatalogue is a Catalogue from fixed lists.
type StaticCatalogue struct {
	products  []string
	materials []string
	sectors   []string
}

// NewStaticCatalogue returns a catalogue of the given product ids ("material/stage") and
// sectors. It panics on an id without exactly one "/", which is a programming error.
func NewStaticCatalogue(products, sectors []string) *StaticCatalogue {
	c := &StaticCatalogue{products: slices.Sorted(slices.Values(products)), sectors: slices.Clone(sectors)}
	for _, p := range c.products {
		m, stage, ok := strings.Cut(p, "/")
		if !ok || m == "" || stage == "" || strings.Contains(stage, "/") {
			panic("scenario: product id " + p + " is not material/stage")
		}
		if !slices.Contains(c.materials, m) {
			c.materials = append(c.materials, m)
		}
	}
	slices.Sort(c.materials)
	return c
}

// HasProduct reports whether id is a product of the catalogue.
func (c *StaticCatalogue) HasProduct(id string) bool {
	_, ok := slices.BinarySearch(c.products, id)
	return ok
}

// HasMaterial reports whether m is the material of some product.
func (c *StaticCatalogue) HasMaterial(m string) bool {
	_, ok := slices.BinarySearch(c.materials, m)
	return ok
}

// Sectors returns the sectors in the order given.
func (c *StaticCatalogue) Sectors() []string { return slices.Clone(c.sectors) }

// Products returns the product ids, sorted.
func (c *StaticCatalogue) Products() []string { return slices.Clone(c.products) }

// Materials returns the materials, sorted.
func (c *StaticCatalogue) Materials() []string { return slices.Clone(c.materials) }

// DefaultCatalogue is the v1 simulation product catalogue. It stands in until the world
// dataset provides its own (sim_products.csv); Env.Products takes either.
var DefaultCatalogue = NewStaticCatalogue(
	[]string{
		"reo/mine", "ionic_clay/mine",
		"ndpr/separation", "dy/separation", "tb/separation", "other/separation",
		"ndpr/metal", "dy/metal", "tb/metal",
		"ndfeb/magnet",
		"gallium/refined", "germanium/refined",
		"graphite/mine", "antimony/mine", "antimony/refined", "tungsten/mine",
	},
	[]string{"defense", "ev", "wind", "electronics", "industrial", "other"},
)

// ProductMatches reports whether a product pattern of a scenario (a product id or a bare
// material) covers the product id.
func ProductMatches(pattern, id string) bool {
	if pattern == id {
		return true
	}
	m, _, _ := strings.Cut(id, "/")
	return pattern == m
}

// productsOverlap reports whether two product patterns cover a common product.
func productsOverlap(a, b string) bool { return ProductMatches(a, b) || ProductMatches(b, a) }

// WorldCatalogue is the catalogue of a dataset's simulation products and sectors, so that
// products a user's --data tables add can be named in scenarios.
func WorldCatalogue(ds *world.Dataset) *StaticCatalogue {
	var ids []string
	for _, p := range ds.SimProducts() {
		ids = append(ids, p.ID)
	}
	return NewStaticCatalogue(ids, world.SimSectors)
}
