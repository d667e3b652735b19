package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/critmin/critmin/internal/report"
	"github.com/critmin/critmin/internal/risk"
	"github.com/critmin/critmin/internal/world"
)

type riskOptions struct {
	lens     string
	importer string
	country  string
	// countrySet and importerSet are true when --country or --importer was given, even
	// as the default.
	countrySet, importerSet bool
	commodity               string
	year                    int
}

func newRiskCommand(g *globalOptions) *cobra.Command {
	opts := riskOptions{lens: "overview", importer: "USA", country: risk.DefaultCountry}
	cmd := &cobra.Command{
		Use:   "risk",
		Short: "Compute supply-risk lenses for an importer over every commodity",
		Long: `Compute static supply-risk lenses from the world data (docs/lenses.md has the formulas).

Lenses (--lens):
  overview       one line per commodity: net import reliance, top source, --country's
                 share of mining and of the first processing stage (China by default),
                 the highest stage HHI, GeoPolRisk, USGS-style DP x TE and --country's
                 chained exposure (default)
  concentration  HHI (0-10,000) and top-1 / top-3 shares per commodity and stage, with
                 --country's share (IEA style)
  reliance       net import reliance (% of apparent consumption) and source mix of
                 --importer, with the derived reliance on each exporter (NIR x share)
  eu-crm         EU CRM 2023 supply risk (EC 2017 method) at the bottleneck stage, next
                 to the published value; EU perspective whatever --importer says
  usgs           USGS 2022-style disruption potential x trade exposure (economic
                 vulnerability is not available and is not invented)
  geopolrisk     importer-perspective GeoPolRisk: HHI x governance-weighted imports
  chained        share of --importer's final-stage supply that passes through --country
                 at any stage, stage by stage

Shares and exposures are percent; HHI is on the 0-10,000 scale; SR, DP, TE and
GeoPolRisk are dimensionless. "n/a" means not computable: --json says why.`,
		Example: "  critmin risk\n  critmin risk --lens eu-crm --json\n  critmin risk --lens chained --commodity rare_earths --country CHN\n  critmin risk --importer USA --lens reliance --csv",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.countrySet = cmd.Flags().Changed("country")
			opts.importerSet = cmd.Flags().Changed("importer")
			return runRisk(cmd.Context(), g, opts, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.lens, "lens", opts.lens, "lens: "+strings.Join(risk.Lenses, ", "))
	f.StringVar(&opts.importer, "importer", opts.importer, "importing country (ISO3 code or name)")
	f.StringVar(&opts.country, "country", opts.country, "supplier country for concentration shares and chained exposure")
	f.StringVar(&opts.commodity, "commodity", "", "only this commodity (default: all)")
	f.IntVar(&opts.year, "year", 0, "data year (default: each stage's latest year with reported data)")
	return cmd
}

func runRisk(_ context.Context, g *globalOptions, opts riskOptions, w io.Writer) error {
	if !slices.Contains(risk.Lenses, opts.lens) {
		return usagef("unknown lens %q (want %s)", opts.lens, strings.Join(risk.Lenses, ", "))
	}
	ds, err := g.dataset()
	if err != nil {
		return err
	}
	importer, ok := ds.ResolveImporter(opts.importer)
	if !ok || !slices.Contains(ds.Importers(), importer) {
		return usagef("--importer: no import data for %q; importers with data: %s (EU = EU27, imports from outside the EU)",
			opts.importer, strings.Join(ds.Importers(), ", "))
	}
	country, ok := ds.ResolveCountry(opts.country)
	if !ok {
		return usagef("--country: unknown country %q", opts.country)
	}
	opts.importer, opts.country = importer, country
	commodities := ds.Commodities
	if opts.commodity != "" {
		c, ok := ds.Commodity(opts.commodity)
		if !ok {
			return usagef("--commodity: unknown commodity %q (run 'critmin world' for the list)", opts.commodity)
		}
		commodities = []world.Commodity{c}
	}
	if opts.year != 0 && opts.lens != "eu-crm" {
		ids := make([]string, len(commodities))
		for i, c := range commodities {
			ids[i] = c.ID
		}
		years := ds.DataYears(importer, ids...)
		if !slices.Contains(years, opts.year) {
			return usagef("--year %d: no figures or net import reliance for that year; years with data: %s", opts.year, yearList(years))
		}
	}
	if opts.countrySet && (opts.lens == "eu-crm" || opts.lens == "usgs" || opts.lens == "geopolrisk" || opts.lens == "reliance") {
		return usagef("--country %s: the %s lens does not take a supplier country; --lens overview, concentration and chained do", opts.country, opts.lens)
	}
	if opts.importerSet && opts.lens == "concentration" {
		return usagef("--importer %s: the concentration lens reads world output, whatever the importer; --lens overview, reliance, geopolrisk, usgs and chained take an importer", opts.importer)
	}
	if opts.country == opts.importer && (opts.lens == "overview" || opts.lens == "chained") {
		return usagef("--importer and --country are both %s: the supplier read would be the importer itself; pass --country with another supplier (e.g. --country AUS)", opts.importer)
	}
	var out report.Output
	switch opts.lens {
	case "overview":
		out = overviewOutput(ds, opts, commodities)
	case "concentration":
		out = concentrationOutput(ds, opts, commodities)
	case "reliance":
		out = relianceOutput(ds, opts, commodities)
	case "eu-crm":
		out = euCRMOutput(ds, opts)
	case "usgs":
		out = usgsOutput(ds, opts, commodities)
	case "geopolrisk":
		out = geoPolRiskOutput(ds, opts, commodities)
	case "chained":
		out = chainedOutput(ds, opts, commodities)
	}
	if notes := userFigureNotes(ds, opts.importer); len(notes) > 0 {
		for _, t := range out.Tables {
			t.Notes = append(t.Notes, notes...)
		}
	}
	return report.Write(w, g.format(), out)
}

// userFigureNotes says what --data figures of the importer itself do and do not change:
// production shares feed concentration, HHI and chained exposure, but the NIR is a
// published value, not computed from production.
func userFigureNotes(ds *world.Dataset, importer string) []string {
	var out []string
	for _, f := range ds.UserFigures() {
		if f.Country != importer || (f.Measure != world.Production && f.Measure != world.Capacity) {
			continue
		}
		out = append(out, fmt.Sprintf("--data %s changes %s %s %s %s %d: stage shares, HHI and chained exposure use it; the net import reliance is the published value and does not move with it (override reliance.csv to change it).",
			f.Origin, importer, f.Commodity, f.Stage, f.Measure, f.Year))
	}
	return out
}

func title(ds *world.Dataset, lens string, opts riskOptions) string {
	return fmt.Sprintf("%s, importer %s (%s), data %s", lens, opts.importer, ds.CountryName(opts.importer), ds.Version)
}

func overviewOutput(ds *world.Dataset, opts riskOptions, cs []world.Commodity) report.Output {
	rows := risk.OverviewRows(ds, query(opts, cs))
	who := ds.CountryName(opts.country) // the supplier country whose shares the table reads
	t := &report.Table{
		Title: title(ds, "risk overview", opts),
		Columns: []report.Column{{Name: "commodity"}, {Name: "NIR", Unit: "%", Right: true}, {Name: "top source"},
			{Name: "top share", Unit: "%", Right: true}, {Name: who + " mine", Unit: "%", Right: true},
			{Name: who + " processing", Unit: "%", Right: true}, {Name: "max HHI", Unit: "0-10000", Right: true},
			{Name: "GeoPolRisk", Right: true}, {Name: "USGS DPxTE", Right: true}, {Name: who + " chained", Unit: "%", Right: true}},
	}
	skipped, noNIR, lowerBounds, upperBounds, neither := 0, 0, 0, 0, 0
	unlisted := false
	var forms []string // the form each top share is of, where it is not the USGS category
	for _, r := range rows {
		mine, proc, maxHHI, any := "", "", 0.0, false
		for _, s := range r.Stages {
			if !s.Available {
				continue
			}
			any = true
			maxHHI = max(maxHHI, s.HHIPoints)
			// A supplier the stage's figures do not name, with output unattributed,
			// holds between 0 and that share: "<=9", not "0".
			share := report.Pct(s.ChinaShare)
			if s.CountryUnlisted {
				share, unlisted = "<="+report.Pct(s.Other), true
			}
			if s.Stage == world.Mine {
				mine = share
			} else if proc == "" {
				proc = share + " " + shortStage(s.Stage)
			}
		}
		if !any && r.NIR == nil && r.TopSource == nil {
			skipped++
			continue
		}
		nir, top, topShare := "unknown", "", ""
		if r.NIR != nil {
			nir = r.NIR.Display
		} else {
			noNIR++
		}
		if r.TopSource != nil {
			top, topShare = r.TopSource.Exporter, report.Num(r.TopSource.SharePct, 1)
			if !r.TopSource.USGSCategory() {
				forms = append(forms, fmt.Sprintf("%s: %s, %s", r.Commodity, r.TopSource.Category, r.TopSource.Period))
			}
		}
		hhi := ""
		if any {
			hhi = report.Num(maxHHI, 0)
		}
		chained := pctOpt(r.ChinaChained)
		switch {
		case r.ChinaChainedLowerBound && r.ChinaChainedUpperBound:
			chained, neither = "~"+chained, neither+1
		case r.ChinaChainedLowerBound:
			chained, lowerBounds = ">="+chained, lowerBounds+1
		case r.ChinaChainedUpperBound:
			chained, upperBounds = "<="+chained, upperBounds+1
		}
		t.Add(r.Commodity, nir, top, topShare, mine, proc, hhi, report.Opt(r.GeoPolRisk, 3), report.Opt(r.USGSRiskWithoutEV, 3), chained)
	}
	t.Notes = append(t.Notes,
		"NIR: net import reliance, % of apparent consumption (>95 = at least 95; E = net exporter; (ext) and (proc): the EU CRM 2023 import reliance at the extraction or processing stage, 2016-2020; --json gives each basis).",
		"top source: largest named exporter of the principal traded form (the form the NIR is defined on; --lens reliance shows every form).",
		who+" processing: "+possessiveName(who)+" share of the first processing stage with data (ref = refined, sep = separation, ano = anode).",
		who+" chained: share of the importer's final-stage supply passing through "+who+" at any stage (see --lens chained; --country names another supplier).")
	if n := topFormNote(forms); n != "" {
		t.Notes = slices.Insert(t.Notes, 2, n) // beside the top source's note
	}
	if unlisted {
		t.Notes = append(t.Notes, "'<=X': "+who+" is not named at that stage while X % of output is unattributed, so its share lies between 0 and X.")
	}
	if lowerBounds > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf(who+" chained '>=' (%d %s): a lower bound: a stage of the chain has no data (its exposure is unknown, not 0), "+who+" is unnamed where output is unattributed, or the NIR is given as '>X' (--lens chained says which).", lowerBounds, plural(lowerBounds, "commodity", "commodities")))
	}
	if upperBounds > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf(who+" chained '<=' (%d %s): an upper bound: without an NIR all supply is taken as imported, or the NIR is given as '<X', while domestic supply passes less through "+who+" (--lens chained says which).", upperBounds, plural(upperBounds, "commodity", "commodities")))
	}
	if neither > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf(who+" chained '~' (%d %s): reasons for both a lower and an upper bound apply, so the figure is neither (--lens chained says which).", neither, plural(neither, "commodity", "commodities")))
	}
	if noNIR > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("NIR unknown (%d %s): the data has no net import reliance (so no consumption) for %s; GeoPolRisk then weighs imports by import share alone, as if all supply were imported (an upper bound), USGS DPxTE needs the NIR and is n/a, and "+who+" chained assumes all supply imported.", noNIR, plural(noNIR, "commodity", "commodities"), opts.importer))
	}
	if skipped > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("%d %s without figures or reliance data are left out of this table (they are in --json).", skipped, plural(skipped, "commodity", "commodities")))
	}
	return report.Output{Value: rows, Tables: []*report.Table{t}}
}

// topFormNote says what form each row's top share is of where it is not the USGS
// Mineral Commodity Summaries category (a customs or trade-data heading): a trial set
// Japan's 79.6 % (customs, all forms) beside the EU's 46.3 % (Eurostat, metals) as one
// measure. Empty when every share is of the USGS category.
func topFormNote(forms []string) string {
	if len(forms) == 0 {
		return ""
	}
	return "top share is of the form named here, not the USGS category (shares of different forms and sources do not compare across importers): " + strings.Join(forms, "; ") + "."
}

func shortStage(s world.Stage) string {
	return map[world.Stage]string{world.Refined: "ref", world.Separation: "sep", world.Metal: "met", world.Magnet: "mag", world.Anode: "ano"}[s]
}

func pctOpt(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return report.Pct(*v)
}

func concentrationOutput(ds *world.Dataset, opts riskOptions, cs []world.Commodity) report.Output {
	rows := risk.ConcentrationRows(ds, query(opts, cs))
	t := &report.Table{
		Title: fmt.Sprintf("concentration by stage, share of %s, data %s", opts.country, ds.Version),
		Columns: []report.Column{{Name: "commodity"}, {Name: "stage"}, {Name: "year"}, {Name: "from"},
			{Name: "world", Unit: "t", Right: true}, {Name: "HHI", Unit: "0-10000", Right: true}, {Name: "top-1"},
			{Name: "top-1", Unit: "%", Right: true}, {Name: "top-3", Unit: "%", Right: true},
			{Name: opts.country, Unit: "%", Right: true}, {Name: "unattributed", Unit: "%", Right: true}, {Name: opts.country + " named"}},
	}
	for _, r := range rows {
		if !r.Available {
			continue
		}
		named := "yes"
		if r.CountryUnlisted {
			named = "no"
		}
		total := report.Num(r.WorldTonnes, 0)
		if r.WorldTonnes <= 0 {
			total = "" // published shares carry no world tonnage
		}
		t.Add(r.Commodity, string(r.Stage), strconv.Itoa(r.Year), string(r.From), total,
			report.Num(r.HHIPoints, 0), r.Top1Country, report.Pct(r.Top1Share), top3Text(r.Top3Share, r.Top3LowerBound),
			report.Pct(r.CountryShare), report.Pct(r.Other), named)
	}
	t.Notes = []string{"Stages without data are left out of this table; --json lists them with the reason.",
		"top-3: '>=' where fewer than three countries are named and some output is unattributed (it may hold the second or third).",
		opts.country + " named: no where the figures do not name the country while some output is unattributed: its share then lies between 0 and the unattributed share, not at 0."}
	return report.Output{Value: rows, Tables: []*report.Table{t}}
}

func relianceOutput(ds *world.Dataset, opts riskOptions, cs []world.Commodity) report.Output {
	rows := risk.RelianceRows(ds, query(opts, cs))
	t := &report.Table{
		Title: title(ds, "net import reliance and sources", opts),
		Columns: []report.Column{{Name: "commodity"}, {Name: "NIR", Unit: "%", Right: true}, {Name: "NIR year"},
			{Name: "category"}, {Name: "period"}, {Name: "exporter"}, {Name: "share", Unit: "% of imports", Right: true},
			{Name: "reliance", Unit: "% of consumption", Right: true}},
	}
	noNIR, staged := false, false
	for _, r := range rows {
		if !r.Available {
			continue
		}
		nir, year := "unknown", ""
		if r.NIR != nil {
			nir, year = r.NIR.Display, strconv.Itoa(r.NIR.Year)
			staged = staged || strings.Contains(nir, "(")
		}
		if len(r.Mixes) == 0 {
			t.Add(r.Commodity, nir, year, "", "", "", "", "")
		}
		for _, m := range r.Mixes {
			for _, s := range m.Sources {
				rel := "no NIR"
				noNIR = noNIR || m.Principal && s.ReliancePct == nil
				if !m.Principal {
					rel = "other form"
				}
				if s.ReliancePct != nil {
					rel = report.Num(*s.ReliancePct, 1)
					if s.RelianceBound == world.AtLeast {
						rel = ">" + rel
					}
				}
				t.Add(r.Commodity, nir, year, m.Category, m.Period, s.Exporter, report.Num(s.SharePct, 1), rel)
			}
		}
	}
	t.Notes = []string{
		"reliance on an exporter = NIR x its share of imports of the principal traded form (derived; assumes the import mix applies to net imports).",
		"principal traded form: the import category the NIR is defined on (refined copper, refined tin, antimony metal and oxide; principal_forms.csv). Other forms are shown as shares of their own imports, marked 'other form'.",
	}
	// Each marker is explained only where a row shows it.
	if noNIR {
		t.Notes = append(t.Notes, "no NIR: the data has no net import reliance for the importer and commodity (consumption unknown); shares of imports are shown alone.")
	}
	if staged {
		t.Notes = append(t.Notes, "(ext) and (proc): the EU CRM 2023 import reliance at the extraction or processing stage, 2016-2020 (--json gives each basis).")
	}
	return report.Output{Value: rows, Tables: []*report.Table{t}}
}

func euCRMOutput(ds *world.Dataset, opts riskOptions) report.Output {
	rows := risk.EUCRM(ds, opts.year)
	if opts.commodity != "" {
		// --commodity keeps the EU materials whose figures come from that commodity (its
		// own material, or the elements a parent such as rare_earths stands for).
		rows = slices.DeleteFunc(rows, func(r risk.EUCRMResult) bool {
			c, ok := ds.Commodity(r.CritminCommodity)
			return r.CritminCommodity != opts.commodity && !(ok && c.Parent == opts.commodity)
		})
	}
	t := &report.Table{
		Title: "EU CRM supply risk (EC 2017 method, EU perspective), data " + ds.Version,
		Columns: []report.Column{{Name: "material"}, {Name: "SR", Right: true}, {Name: "bottleneck"},
			{Name: "SR extraction", Right: true}, {Name: "SR processing", Right: true}, {Name: "published SR", Right: true},
			{Name: "EI (published)", Right: true}, {Name: "flags"}},
	}
	for _, r := range rows {
		var ext, proc *float64
		for _, s := range r.Stages {
			if s.Stage == "Extraction" {
				ext = s.SupplyRisk
			} else {
				proc = s.SupplyRisk
			}
		}
		var flags []string
		if r.EUSourcingMissing {
			flags = append(flags, "GS only")
		}
		if r.Proxy != "" {
			flags = append(flags, "proxy "+r.Proxy)
		}
		if r.WGIFallbackCountries > 0 {
			flags = append(flags, fmt.Sprintf("WGI fallback x%d", r.WGIFallbackCountries))
		}
		t.Add(r.Commodity, report.Opt(r.SupplyRisk, 2), r.BottleneckStage, report.Opt(ext, 2), report.Opt(proc, 2),
			report.Opt(r.PublishedSR, 2), report.Opt(r.EconomicImportancePublished, 1), strings.Join(flags, "; "))
	}
	t.Notes = []string{
		"SR = [HHI_WGI,t(global supply) x IR/2 + HHI_WGI,t(EU sourcing) x (1 - IR/2)] x (1 - EoL-RIR) x SI_SR, the EU sourcing from EU27 extra-EU imports (BACI 2024); where the EU27 has no import mix of the stage's form the global term stands alone (flag 'GS only').",
		"With no --year, global supply takes the EU's 2016-2020 window where the data reach into it (BGS refined shares, 2020).",
		"proxy: the element has no figures of its own; its parent's stage shares are used. Economic importance is the EU's published value, not computed.",
		"'critmin validate' compares these with the published values (docs/validation.md).",
	}
	return report.Output{Value: rows, Tables: []*report.Table{t}}
}

func usgsOutput(ds *world.Dataset, opts riskOptions, cs []world.Commodity) report.Output {
	rows := risk.USGSRows(ds, query(opts, cs))
	t := &report.Table{
		Title: title(ds, "USGS 2022-style supply risk", opts),
		Columns: []report.Column{{Name: "commodity"}, {Name: "stage"}, {Name: "year"}, {Name: "DP", Right: true},
			{Name: "TE", Right: true}, {Name: "EV", Right: true}, {Name: "DP x TE", Right: true}},
	}
	for _, r := range rows {
		if r.DP == nil && r.TE == nil {
			continue
		}
		t.Add(r.Commodity, string(r.Stage), yearStr(r.Year), report.Opt(r.DP, 3), report.Opt(r.TE, 3), report.Opt(r.EV, 3), report.Opt(r.RiskWithoutEV, 3))
	}
	t.Notes = []string{
		"DP: disruption potential (governance-weighted production concentration); TE: trade exposure (NIR as a fraction).",
		"EV (economic vulnerability) needs industry data critmin lacks: it is n/a, never invented. The formulas and what is reconstructed are in docs/lenses.md.",
	}
	return report.Output{Value: rows, Tables: []*report.Table{t}}
}

func geoPolRiskOutput(ds *world.Dataset, opts riskOptions, cs []world.Commodity) report.Output {
	rows := risk.GeoPolRiskRows(ds, query(opts, cs))
	t := &report.Table{
		Title: title(ds, "GeoPolRisk", opts),
		Columns: []report.Column{{Name: "commodity"}, {Name: "stage"}, {Name: "year"}, {Name: "HHI", Unit: "0-1", Right: true},
			{Name: "import risk", Right: true}, {Name: "GeoPolRisk", Right: true}, {Name: "largest term"}, {Name: "import mix of"}},
	}
	var notes []string
	for _, r := range rows {
		if r.HHI == nil && r.Score == nil {
			continue
		}
		largest := ""
		if len(r.Terms) > 0 {
			largest = r.Terms[0].Exporter
		}
		form := r.Category
		if r.Period != "" {
			form += " (" + r.Period + ")"
		}
		t.Add(r.Commodity, string(r.Stage), yearStr(r.Year), report.Opt(r.HHI, 3), report.Opt(r.ImportRisk, 3), report.Opt(r.Score, 3), largest, form)
		for _, n := range r.Notes {
			notes = append(notes, r.Commodity+": "+n)
		}
	}
	// The HHI is of a production stage and the mix of a traded form, which may be another
	// stage or a product made from the commodity: the form is named in the table, and the
	// notes that say how to read a score are printed under it, not only in --json (a trial
	// compared the EU's and Japan's rare-earth scores read from magnet imports).
	t.Notes = append([]string{"GeoPolRisk = HHI x sum_i(g_i x imports_i / consumption), g = 1 - normalised WGI; imports_i / consumption = NIR x import share (derived).",
		"The HHI is of the stage shown; the import mix is of the traded form named, which may be another stage or a product made from the commodity: compare scores only across the same form."}, notes...)
	return report.Output{Value: rows, Tables: []*report.Table{t}}
}

func chainedOutput(ds *world.Dataset, opts riskOptions, cs []world.Commodity) report.Output {
	rows := risk.ChainedRows(ds, query(opts, cs))
	t := &report.Table{
		Title: fmt.Sprintf("chained exposure to %s, importer %s, data %s", opts.country, opts.importer, ds.Version),
		Columns: []report.Column{{Name: "commodity"}, {Name: "stage"}, {Name: "year"}, {Name: "from"},
			{Name: opts.country + " share", Unit: "%", Right: true}, {Name: "exposure", Unit: "%", Right: true}},
	}
	var notes []string // each commodity's notes, which say how to read its figures
	neither := false
	for _, r := range rows {
		if r.WorldExposure == nil {
			// No stage has data: a row that says so, and why, rather than none (a trial
			// read the empty table for dysprosium as an answer).
			t.Add(r.Commodity, opts.importer+" supply", "", "no data: not computable", "", "")
			for _, n := range r.Notes {
				notes = append(notes, r.Commodity+": "+n)
			}
			continue
		}
		for _, s := range r.Chain {
			if !s.Available {
				t.Add(r.Commodity, string(s.Stage), "", "no data: unknown", "", "")
				continue
			}
			t.Add(r.Commodity, string(s.Stage), strconv.Itoa(s.Year), string(s.From), report.Pct(*s.Share), report.Pct(*s.Exposure))
			for _, n := range s.Notes {
				// The result's notes repeat the outgrown-feed note; the skipped stage's
				// row says "no data".
				if !strings.Contains(n, "takes feed the chain does not model") {
					notes = append(notes, r.Commodity+" "+string(s.Stage)+": "+n)
				}
			}
		}
		if r.ImporterExposure != nil {
			v := report.Pct(*r.ImporterExposure)
			switch {
			case r.LowerBound && r.UpperBound:
				v, neither = "~"+v, true
			case r.LowerBound:
				v = ">=" + v
			case r.UpperBound:
				v = "<=" + v
			}
			t.Add(r.Commodity, opts.importer+" supply", "", r.ImportBasis, "", v)
		}
		for _, n := range r.Notes {
			notes = append(notes, r.Commodity+": "+n)
		}
	}
	t.Notes = []string{
		"exposure at a stage = share + (1 - share) x exposure of the stage before (proportional mixing; docs/lenses.md).",
		"importer supply = d x domestic exposure + (1 - d) x import exposure, d = 1 - NIR.",
		"'>=': a lower bound (a stage with no data, whose exposure is unknown, not 0; the supplier unnamed where output is unattributed; an NIR given as '>X'). '<=': an upper bound (no NIR, so all supply is taken as imported; an NIR given as '<X'). The notes below say which.",
	}
	if neither {
		t.Notes = append(t.Notes, "'~': both a lower-bound and an upper-bound reason apply, so the figure is neither bound.")
	}
	t.Notes = append(t.Notes, notes...)
	return report.Output{Value: rows, Tables: []*report.Table{t}}
}

func yearStr(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

// query is the lens query of the command's options over the chosen commodities.
func query(opts riskOptions, cs []world.Commodity) risk.Query {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return risk.Query{Importer: opts.importer, Country: opts.country, Commodities: ids, Year: opts.year}
}

// possessiveName is a country name in the possessive: "China's".
func possessiveName(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}

// plural is one for n = 1, else many.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
