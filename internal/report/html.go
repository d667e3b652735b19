package report

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"

	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
)

// templateFS holds the HTML templates. go:embed needs a package-level variable; it is
// read-only.
//
//go:embed templates/*.tmpl
var templateFS embed.FS

// HTMLOptions are what an HTML report shows beyond the Result.
type HTMLOptions struct {
	// Generator names the program that made the report, e.g. "critmin 0.4.0"; empty
	// omits it.
	Generator string
	// Generated is when the report was made, already formatted by the caller; empty omits
	// it, which keeps golden files stable.
	Generated string
	// Provenance are further facts for the footer, such as the scenario file, its hash and
	// the world data version, shown in the order given.
	Provenance []Fact
	// Caveats are paragraphs the summary states after the verdict, such as PointCaveats
	// of the run's scenario.
	Caveats []string
	// Scenario, when set, is the resolved scenario the run ran: a single run's summary
	// then names its parts that cannot act (NoEffectCaveats) before Caveats.
	Scenario *scenario.Scenario
	// CountryName names a country by its ISO3 code in titles and legends (a world
	// dataset's CountryName); nil shows the codes.
	CountryName func(iso3 string) string
}

// Fact is a named value shown in a report's header or footer.
type Fact struct {
	Name  string
	Value string
}

// page is what the page template renders.
type page struct {
	Title    string // the document's <title>
	Heading  string
	Facts    []Fact // shown under the heading
	Sections []section
	Footer   []Fact
}

// section is a titled part of the page: prose, tables, side-by-side columns of tables, and
// figures.
type section struct {
	ID      string
	Title   string
	Intro   []string
	Tables  []htmlTable
	Columns []htmlColumn
	Figures []figure
}

// htmlColumn is a column of tables shown next to others, e.g. one run of a comparison.
type htmlColumn struct {
	Heading string
	Tables  []htmlTable
}

// figure is a chart with its visible title and its description in words.
type figure struct {
	Title string
	SVG   template.HTML // built by chart.svg, which escapes every text it holds
	Desc  string
}

// htmlTable is a Table prepared for the template.
type htmlTable struct {
	Caption string
	Headers []htmlCell
	Rows    [][]htmlCell
	Notes   []string
}

// htmlCell is a table cell; Num cells are right-aligned with tabular figures.
type htmlCell struct {
	Text string
	Num  bool
}

// toHTML prepares t for the template.
func toHTML(t *Table) htmlTable {
	h := htmlTable{Caption: t.Title, Notes: t.Notes}
	for _, c := range t.Columns {
		h.Headers = append(h.Headers, htmlCell{Text: c.header(), Num: c.Right})
	}
	for _, r := range t.Rows {
		row := make([]htmlCell, len(r))
		for i, cell := range r {
			row[i] = htmlCell{Text: cell, Num: t.Columns[i].Right}
		}
		h.Rows = append(h.Rows, row)
	}
	return h
}

// toHTMLAll prepares ts for the template.
func toHTMLAll(ts []*Table) []htmlTable {
	out := make([]htmlTable, len(ts))
	for i, t := range ts {
		out[i] = toHTML(t)
	}
	return out
}

// toFigure draws c.
func toFigure(c *chart) figure {
	// The SVG builder escapes all text it writes, so its output is safe HTML.
	return figure{Title: c.title, SVG: template.HTML(c.svg()), Desc: c.describe()}
}

// writePage renders p with the page template.
func writePage(w io.Writer, p page) error {
	for i := range p.Sections {
		intro := make([]string, len(p.Sections[i].Intro))
		for j, s := range p.Sections[i].Intro {
			intro[j] = capitalized(s)
		}
		p.Sections[i].Intro = intro
	}
	// A paragraph that is a heading of the summary (the data caveats' opening line) is
	// drawn as one.
	funcs := template.FuncMap{"isHeading": func(s string) bool { return s == dataCaveatsHeading }}
	t, err := template.New("page").Funcs(funcs).ParseFS(templateFS, "templates/*.tmpl")
	if err != nil {
		return fmt.Errorf("parse report templates: %w", err)
	}
	if err := t.ExecuteTemplate(w, "page", p); err != nil {
		return fmt.Errorf("render html report: %w", err)
	}
	return nil
}

// WriteRunHTML writes a self-contained HTML report of r: the summary tables, then charts
// of supply and shortfall, production, prices, stocks, capacity, end items and cost, and
// a footer with the run's provenance. It loads nothing from the network and needs no
// script.
func WriteRunHTML(w io.Writer, r *result.Run, opts HTMLOptions) error {
	p := page{
		Title:   runTitle(r) + " - critmin run report",
		Heading: runTitle(r),
		Facts:   runFacts(r, opts),
		Footer:  footer(opts, r),
	}
	ids := &pageCtx{name: opts.CountryName}
	p.Sections = append([]section{{
		ID:    "summary",
		Title: "Summary",
		// The same sentences as RunLead, in its order, with country names.
		Intro:  slices.Concat(runVerdictOf(ids, r, opts.Scenario), PriceInversions(r), LastingAfterDisruption(opts.Scenario, r), dataCaveats(ids, r), NoEffectCaveats(opts.Scenario, r), opts.Caveats),
		Tables: toHTMLAll(RunSummary(r).Tables),
	}}, runSections(ids, r)...)
	return writePage(w, p)
}

// runFacts are the facts shown under a run's heading.
func runFacts(r *result.Run, opts HTMLOptions) []Fact {
	return []Fact{
		{"Scenario", r.Scenario},
		{"Importer", countryName(opts.CountryName, r.Importer)},
		{"Rival", countryName(opts.CountryName, r.Rival)},
		{"Horizon", horizon(r)},
	}
}

// footer lists the provenance of the report: what made it, then the Result's own fields.
func footer(opts HTMLOptions, runs ...*result.Run) []Fact {
	var fs []Fact
	if opts.Generator != "" {
		fs = append(fs, Fact{"Generated by", opts.Generator})
	}
	if opts.Generated != "" {
		fs = append(fs, Fact{"Generated at", opts.Generated})
	}
	fs = append(fs, opts.Provenance...)
	for i, r := range runs {
		prefix := ""
		if len(runs) > 1 {
			prefix = string(rune('A'+i)) + ": "
		}
		fs = append(fs, Fact{prefix + "Scenario", r.Scenario + " (" + runTitle(r) + ")"},
			Fact{prefix + "Start month", monthString(r.Start)},
			Fact{prefix + "Months", fmt.Sprint(r.Months)},
			Fact{prefix + "Countries", joinOr(r.Countries)},
			Fact{prefix + "Sectors", joinOr(r.Sectors)},
			Fact{prefix + "Cost kinds", joinOr(r.CostByKind)})
		for _, p := range r.Products {
			fs = append(fs, Fact{prefix + "Product " + p.ID, "tonnes of " + p.Basis + finalNote(p)})
		}
		for _, e := range r.EndItems {
			rate := ""
			if e.UnitsPerYear > 0 {
				rate = fmt.Sprintf("; build rate %s units/yr", Num(e.UnitsPerYear, 1))
				if e.RateScope != "" {
					rate += ", counting " + e.RateScope
				}
				rate += " (" + e.RateSource + ")"
			}
			fs = append(fs, Fact{prefix + "End item " + e.ID, fmt.Sprintf("%s, %s to %s kg of %s per unit, source: %s%s",
				e.Name, Num(e.KgLow, 2), Num(e.KgHigh, 2), e.Product, e.Source, rate)})
		}
		fs = append(fs, Fact{prefix + "Max mass-balance residual", sci(r.Summary.MaxMassBalance) + " of throughput"})
	}
	return fs
}

// finalNote marks a final product.
func finalNote(p result.ProductInfo) string {
	if p.Final {
		return ", final demand"
	}
	return ""
}

// joinOr joins ss with commas, or says none.
func joinOr(ss []string) string {
	if len(ss) == 0 {
		return "none"
	}
	return strings.Join(ss, ", ")
}
