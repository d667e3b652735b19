package web

import (
	"net/http"
	"slices"

	"github.com/critmin/critmin/internal/risk"
	"github.com/critmin/critmin/internal/world"
)

// importerListView is the content of the importer list.
type importerListView struct {
	Importers []importerLink
}

// importerLink names an importer page and how many commodities it has data for.
type importerLink struct {
	ISO3        string
	Name        string
	Commodities int
}

// importerPageView is the content of an importer page: its dependence on each commodity
// it has data for, stage by stage.
type importerPageView struct {
	ISO3 string
	Name string
	// Supplier is the supplier country whose shares and chained exposure the page reads
	// (China unless ?country= names another), SupplierName its name.
	Supplier, SupplierName string
	// HasNIR is true when any row carries a net import reliance; without one the page says
	// that the figures are import shares only.
	HasNIR bool
	Rows   []importerRow
	// NoData lists the commodities without an import reliance or import mix of the importer.
	NoData []commodityLink
}

// importerRow is one stage of one commodity on the importer page. The commodity-level
// cells (import reliance, principal form, exposure of the importer's supply) are on the
// First row of the commodity and span Span rows.
type importerRow struct {
	Commodity commodityLink
	First     bool
	Span      int

	NIR *risk.NIR
	// Form and Period name the principal traded form's import mix; empty when the importer
	// has no mix of that form. Top is its largest named exporter and SupplierImports the
	// supplier's share of it (0..1).
	Form            string
	Period          string
	Top             countryShare
	SupplierImports float64
	OtherForms      int
	GeoPolRisk      *float64

	// Stage is one stage of the commodity's chain: the supplier's share of world output
	// (SupplierWorld) and the fraction of the stage's world output that passed through
	// the supplier at this or an earlier stage (Through). Available is false when the
	// stage has no data; the chain is then a lower bound.
	Stage         world.Stage
	Available     bool
	Year          int
	SupplierWorld float64
	Through       float64

	// Exposure is the share of the importer's supply of the final stage that passed
	// through the supplier anywhere in the chain; Scope says whether it is the importer's or, when
	// that cannot be computed, the world's (HasExposure false: neither). LowerBound and
	// UpperBound mark a figure that is a bound (risk.CommodityRisk says why); both, neither.
	HasExposure bool
	Exposure    float64
	Scope       string
	LowerBound  bool
	UpperBound  bool
	Missing     []world.Stage
}

// importerList serves /importers: every importer with data.
func (s *server) importerList(w http.ResponseWriter, r *http.Request) {
	s.render(w, http.StatusOK, "importers.html", page{Title: "Importers", Nav: "importers", Data: buildImporterList(s.World)})
}

// buildImporterList lists the importers of the dataset with the number of commodities
// each has an import reliance or import mix for.
func buildImporterList(ds *world.Dataset) importerListView {
	var v importerListView
	for _, iso := range ds.Importers() {
		n := 0
		for _, c := range ds.Commodities {
			if importerHasData(ds, iso, c.ID) {
				n++
			}
		}
		v.Importers = append(v.Importers, importerLink{ISO3: iso, Name: ds.CountryName(iso), Commodities: n})
	}
	return v
}

func importerHasData(ds *world.Dataset, importer, commodity string) bool {
	if _, ok := ds.NetImportReliance(importer, commodity, 0); ok {
		return true
	}
	return len(ds.ImportMixes(importer, commodity)) > 0
}

// importerPage serves /importers/{id}.
func (s *server) importerPage(w http.ResponseWriter, r *http.Request) {
	ds := s.World
	iso, ok := ds.ResolveImporter(r.PathValue("id"))
	if !ok || !slices.Contains(ds.Importers(), iso) {
		s.fail(w, r, http.StatusNotFound, "The dataset has no import data for this importer; the importer list shows every importer with data.", nil)
		return
	}
	supplier := rivalCountry
	if q := r.URL.Query().Get("country"); q != "" {
		c, ok := ds.ResolveCountry(q)
		if !ok || c == world.World || c == world.OtherCountry {
			s.fail(w, r, http.StatusBadRequest, "Unknown supplier country in ?country=: use an ISO 3166 alpha-3 code or a country name.", nil)
			return
		}
		supplier = c
	}
	v := buildImporterPage(ds, iso, supplier)
	s.render(w, http.StatusOK, "importer.html", page{Title: v.Name, Nav: "importers", Data: v})
}

// buildImporterPage gathers the importer's dependence on every commodity it has data for,
// on supplier, from the same lenses `critmin risk --importer --country` uses.
func buildImporterPage(ds *world.Dataset, iso, supplier string) importerPageView {
	v := importerPageView{ISO3: iso, Name: ds.CountryName(iso), Supplier: supplier, SupplierName: ds.CountryName(supplier)}
	for _, c := range ds.Commodities {
		link := commodityLink{ID: c.ID, Name: c.Name}
		if !importerHasData(ds, iso, c.ID) {
			v.NoData = append(v.NoData, link)
			continue
		}
		cr := risk.CommodityOverviewOf(ds, iso, c.ID, supplier, 0)
		head := importerRow{Commodity: link, NIR: cr.NIR, GeoPolRisk: cr.GeoPolRisk,
			Scope: cr.ChinaChainedScope, LowerBound: cr.ChinaChainedLowerBound, UpperBound: cr.ChinaChainedUpperBound,
			Missing: cr.Details.Chained.MissingStages}
		if cr.NIR != nil {
			v.HasNIR = true
		}
		if cr.ChinaChained != nil {
			head.HasExposure, head.Exposure = true, *cr.ChinaChained
		}
		for _, m := range cr.Details.Reliance.Mixes {
			if !m.Principal {
				head.OtherForms++
				continue
			}
			head.Form, head.Period = m.Category, m.Period
			for _, sh := range m.Sources {
				if sh.Exporter == supplier {
					head.SupplierImports = sh.SharePct / 100
				}
			}
		}
		if t := cr.TopSource; t != nil {
			head.Top = countryShare{ISO3: t.Exporter, Name: ds.CountryName(t.Exporter), Share: t.SharePct / 100}
		}
		chain := cr.Details.Chained.Chain
		if len(chain) == 0 {
			head.First, head.Span = true, 1
			v.Rows = append(v.Rows, head)
			continue
		}
		carried := 0.0 // the exposure of the last stage with data, which a skipped stage carries over
		for i, st := range chain {
			row := head
			if i > 0 {
				row = importerRow{Commodity: link}
			}
			row.First, row.Span = i == 0, len(chain)
			row.Stage, row.Available, row.Year = st.Stage, st.Available, st.Year
			if st.Share != nil && st.Exposure != nil { // nil: the stage has no data
				carried = *st.Exposure
				row.SupplierWorld = *st.Share
			}
			row.Through = carried
			v.Rows = append(v.Rows, row)
		}
	}
	return v
}
