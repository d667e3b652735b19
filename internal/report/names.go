package report

import (
	"fmt"
	"strings"

	"github.com/critmin/critmin/internal/result"
)

// materialNames are the words for the materials of the simulation's product ids, used in
// titles instead of the ids ("ndfeb/magnet" reads "NdFeB magnet"). A material not listed
// is shown by its id.
var materialNames = map[string]string{
	"antimony":   "antimony",
	"dy":         "dysprosium",
	"gallium":    "gallium",
	"germanium":  "germanium",
	"graphite":   "natural graphite",
	"ndfeb":      "NdFeB",
	"ndpr":       "NdPr",
	"other":      "other rare earths",
	"reo":        "rare earths (REO)",
	"ionic_clay": "rare earths in ionic clay (REO)",
	"tb":         "terbium",
	"tungsten":   "tungsten",
}

// productNames name the products whose material and stage do not combine into words.
var productNames = map[string]string{
	"reo/mine":         "rare-earth concentrate",
	"ionic_clay/mine":  "ionic-clay rare-earth concentrate",
	"other/separation": "other rare-earth oxides",
}

// stageNames are patterns naming a product of a stage, %s standing for the material.
var stageNames = map[string]string{
	"mine":       "%s ore and concentrate",
	"refined":    "refined %s",
	"separation": "%s oxide",
	"metal":      "%s metal",
	"magnet":     "%s magnet",
}

// ProductName names a product in words, as the reports do: "NdFeB magnet", "dysprosium
// oxide", "refined gallium".
func ProductName(p result.ProductInfo) string { return productName(p) }

// productName names a product in words: "NdFeB magnet", "dysprosium oxide", "refined
// gallium".
func productName(p result.ProductInfo) string {
	if n, ok := productNames[p.ID]; ok {
		return n
	}
	m, ok := materialNames[p.Material]
	st, okS := stageNames[p.Stage]
	if !ok || !okS {
		return p.ID
	}
	return fmt.Sprintf(st, m)
}

// possessive is name's possessive: "China's", "United States'".
func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}

// productNameByID names the product id of r, or returns the id when r lacks it.
func productNameByID(r *result.Run, id string) string {
	if p := productIndex(r, id); p >= 0 {
		return productName(r.Products[p])
	}
	return id
}

// basisWords is what a tonne of the product counts, without the leading "t ":
// "t Sb content" reads "Sb content".
func basisWords(basis string) string {
	return strings.TrimPrefix(strings.TrimSpace(basis), "t ")
}

// flowUnit is the unit of a monthly quantity of a product: "t/month of Sb content".
func flowUnit(basis string) string { return "t/month of " + basisWords(basis) }

// priceUnit is the unit of a product's price: "USD/kg Dy2O3".
func priceUnit(basis string) string { return "USD/kg " + basisWords(basis) }

// Country codes the simulation uses that are not ISO 3166 countries.
var regionNames = map[string]string{
	"EU27": "the EU",
	"ROW":  "the rest of the world",
}

// countryName names a country by its code: the simulation's regions first, then name,
// else the code itself.
func countryName(name func(string) string, code string) string {
	if n := regionNames[code]; n != "" {
		return n
	}
	if name != nil {
		if n := name(code); n != "" {
			return n
		}
	}
	return code
}
