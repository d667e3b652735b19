package main

import (
	"fmt"
	"path/filepath"
	"strings"
)

const statementsDir = "trade-shares-statements"

// statementGroup selects the rows of one printed import-source list in
// import_export_shares.csv and says where it goes in trade.csv. Lists with a qualifier
// instead of a number ("69-74", ">66.7") or without a period (the ECA figures: "not
// stated") are not selected: a share table needs numbers for a known period.
type statementGroup struct {
	reporter, product, period string // as in the raw file
	commodity, category       string // trade.csv
	periodOut, source, basis  string
	// downstream marks a list of a product made from the commodity (permanent magnets),
	// ranked after BACI's flows of that product (statementDownstreamRank).
	downstream bool
}

var statementGroups = []statementGroup{
	{"EU27", "rare earth elements incl. Sc and Y (REE+)", "2024", "rare_earths", "REE+ rare-earth elements incl. Sc and Y, CN 280530xx (Eurostat)", "2024", "eurostat-2025-04-09", "weight", false},
	{"EU27", "rare earth elements (REE+)", "2023", "rare_earths", "REE+ rare-earth elements incl. Sc and Y, CN 280530xx (Eurostat)", "2023", "krensh-eurostat-2023", "weight", false},
	{"KOR", "neodymium permanent magnets", "2023", "rare_earths", "neodymium permanent magnets (KITA)", "2023", "businesskorea-kita", "not stated", true},
	{"KOR", "neodymium permanent magnets", "2022", "rare_earths", "neodymium permanent magnets (KITA)", "2022", "businesskorea-kita", "not stated", true},
	{"KOR", "lithium hydroxide", "2023", "lithium", "lithium hydroxide (KITA)", "2023", "businesskorea-kita", "not stated", false},
	{"KOR", "lithium hydroxide", "2022", "lithium", "lithium hydroxide (KITA)", "2022", "businesskorea-kita", "not stated", false},
	{"KOR", "cobalt oxide and cobalt hydroxide", "2022", "cobalt", "cobalt oxide and hydroxide (KITA)", "2022", "thailandaily-kita", "value", false},
	{"JPN", "rare earths (metal equivalent)", "2024-01..06", "rare_earths", "rare earths, metal equivalent, all forms (Japanese customs)", "2024-01..06", "metalnomist-2024-08-japan", "weight", false},
	{"JPN", "cerium oxide", "2024-01..06", "cerium", "cerium oxide (Japanese customs)", "2024-01..06", "metalnomist-2024-08-japan", "not stated", false},
	{"JPN", "yttrium oxide", "2024-01..06", "yttrium", "yttrium oxide (Japanese customs)", "2024-01..06", "metalnomist-2024-08-japan", "not stated", false},
	{"IND", "permanent magnets (many containing REEs)", "FY2024-25", "rare_earths", "permanent magnets, many containing REEs (Indian trade data)", "2024-25", "indianexpress-daily8", "weight", true},
	{"CHN", "lithium carbonate", "2022", "lithium", "lithium carbonate (China customs)", "2022", "hmeonline-china-customs", "weight", false},
}

// statementPrincipalRank puts printed statements after BACI's complete bilateral flows
// of the same form, and before BACI's flows of a downstream product (baciDownstreamRank).
const statementPrincipalRank = "3"

// statementDownstreamRank puts a printed list of a downstream product after BACI's
// complete flows of it.
const statementDownstreamRank = "5"

// addStatements converts the selected lists into trade.csv mixes. A list that names only
// its main partners is closed by a derived ROW row (100 minus the printed shares).
func (d *dataset) addStatements(rawDir string) error {
	recs, err := readRaw(filepath.Join(rawDir, statementsDir, "import_export_shares.csv"), "reporter", "flow",
		"product_as_stated", "code", "partner", "share_pct", "quantity", "quantity_unit", "value", "value_unit",
		"share_basis", "period", "primary_statistic", "source_url", "source_publisher", "source_date", "status", "note")
	if err != nil {
		return err
	}
	categories := map[[2]string]bool{}
	for _, g := range statementGroups {
		sum, n := 0.0, 0
		for _, rec := range recs {
			if rec.get("flow") != "import" || rec.get("reporter") != g.reporter || rec.get("product_as_stated") != g.product ||
				!strings.HasPrefix(rec.get("period"), g.period) || rec.get("partner") == "World" {
				continue
			}
			v, err := parseNum(rec.get("share_pct"))
			if err != nil {
				return rec.errorf("share_pct %q: %v", rec.get("share_pct"), err)
			}
			iso, _, err := d.countries.resolve(rec.get("partner"))
			if err != nil {
				return rec.errorf("%v", err)
			}
			note := fmt.Sprintf("%s (%s); %s; share basis: %s; %s:%d", rec.get("primary_statistic"), rec.get("status"),
				rec.get("period"), g.basis, statementsDir+"/import_export_shares.csv", rec.line)
			if err := d.trade.add(g.reporter, g.commodity, g.category, g.periodOut, iso, fmtNum(v), "reported", d.use(g.source), note); err != nil {
				return err
			}
			sum += v
			n++
		}
		if n == 0 {
			return fmt.Errorf("%s: no rows for %s / %s / %s", statementsDir, g.reporter, g.product, g.period)
		}
		if sum < 99 {
			if err := d.trade.add(g.reporter, g.commodity, g.category, g.periodOut, otherCountry, fmtNum(round3(100-sum)), "derived", d.use(g.source),
				fmt.Sprintf("100 minus the printed shares (%s): the source names the main partners only", fmtNum(sum))); err != nil {
				return err
			}
		}
		k := [2]string{g.commodity, g.category}
		if !categories[k] {
			categories[k] = true
			rank, why := statementPrincipalRank, "a printed import-source statement of the commodity's own form; ranked after BACI's complete bilateral flows of a form, before BACI's flows of a product made from it"
			if g.downstream {
				rank, why = statementDownstreamRank, "a printed import-source statement of a product made from the commodity; ranked after BACI's complete bilateral flows of it"
			}
			if err := d.principal.add(g.commodity, g.category, rank, "derived", d.use(g.source), why); err != nil {
				return err
			}
		}
	}
	return nil
}
