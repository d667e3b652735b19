package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// handCurated lists the simulation tables. They are curated by hand (docs/sim-data.md
// gives every derivation), not generated from raw extracts: run never writes them, and
// only reads them to check the sources they cite.
var handCurated = []string{"sim_products.csv", "sim_processes.csv", "sim_recipes.csv", "sim_demand.csv",
	"sim_stocks.csv", "sim_parameters.csv", "bom.csv", "sim_trade_forms.csv"}

// isHandCurated reports whether a data file name is one of the hand-curated tables.
func isHandCurated(name string) bool {
	for _, f := range handCurated {
		if f == name {
			return true
		}
	}
	return false
}

// simSourceTable defines the sources that only the hand-curated tables cite, in the
// layout of sourceTable. They are written to sources.csv with the generated sources.
var simSourceTable = [][7]string{
	{"critmin-calibration", "critmin project", "Calibration of the market-dynamics parameters on the 2010-11 and 2025 rare-earth episodes", "", "2026",
		"", "tools/calibrate grid search over the episodes of shared/calibration/rare-earths-2010-2025.md, scored with the calibration rule; the table is in docs/validation.md"},
	{"facts-plant-build-times", "critmin project (from cited trade press)", "Build times of recent rare-earth plants outside China", "", "2025",
		"shared/facts.md section 5: e-VAC Sumter, DoD award 2023-09 to operations late 2025 (fastmarkets.com; theitem.com, V2); Lynas Kalgoorlie, construction approvals about 2.5 years before opening (republicofmining.com; australianresourcesandinvestment.com.au, V2); MP Fort Worth, construction 2022-04 to NdPr metal and trial magnets 2025-01 (magneticsmag.com; pm-review.com, V)",
		"about 24, 30 and 33 months from decision or construction start to first output; greenfield mines take far longer (15.7 years discovery to production, S&P Global, V)"},
	{"facts-mp-dod-floor", "critmin project (from cited trade press)", "MP Materials/DoD NdPr price floor against China's market price", "", "2025-07",
		"shared/facts.md section 5: floor of 110 USD/kg about double China's market rate of about 55-60 (rjema.com citing Supply Chain Digital, V2)",
		"the price at which the US government judged new supply outside China viable: about 2x the market price"},
	{"critmin-estimate", "critmin project", "Modelling estimates and definitions of the simulation baseline", "", "2026",
		"", "estimates made by critmin where no source gives the number; each row's note gives the reasoning and docs/sim-data.md lists them under 'Estimates the model depends on'"},
	{"lynas-ar-2024", "Lynas Rare Earths Ltd", "Annual Report 2024 (financial year July 2023 - June 2024)", "https://issuu.com/apmgraphics/docs/lyc_ar24_issuu", "2024",
		"also summarised at stocksavvy.ai/filings/lynas-rare-earths-limited-asx/annual-report-fy2024", "10908 t total REO and 5655 t NdPr produced in FY2024; company disclosure"},
	{"mp-2025-01-27", "MP Materials", "Release on 2024 results: Mountain Pass NdPr oxide output and Fort Worth magnet plant", "", "2025-01-27",
		"pm-review.com (2025-01-27) and magneticsmag.com, as recorded in shared/facts.md (V2/V)", "about 1300 t NdPr oxide in 2024; Fort Worth ~1000 t/yr NdFeB, about 500,000 EV motors"},
	{"metalnomist-2024-08", "Metalnomist", "Increased supplies and weak demand (China rare-earth outlook)", "https://metalnomist.com/2024/08/increased-supplies-and-weak-demand.html", "2024-08",
		"", "projection for 2024: PrNd oxide 44500-45500 t from Chinese quota feed and 20000-21000 t from imported feed; imports ~60000 t REO from Southeast Asia and <28000 t from the US. The <28000 t is China's imports from the US; USGS MCS 2025 gives US exports of ores and compounds of 43000 t REO (2024e) to every destination: sim_processes.csv (ree_separation CHN) states both and uses neither"},
	{"metalnomist-2024-12", "Metalnomist (citing Li Yilan, China Nonferrous Metals Industry Association)", "China's gallium expansion slows as germanium supply diversifies", "https://metalnomist.com/2024/12/chinas-gallium-expansion-slows-as.html", "2024-12",
		"", "China gallium exports 48.4 t in January-September 2024; magnet makers use 46% of Chinese gallium"},
	{"fastmarkets-2024-07", "Fastmarkets", "NdPr oxide and NdPr metal price assessments", "https://www.fastmarkets.com", "2024-07-11",
		"shared/facts.md section 5 (V)", "NdPr oxide fob China 50-52 USD/kg (2024-06-20); NdPr metal 62-64 USD/kg (2024-07-11)"},
	{"heim-vanderwal-2023", "J.W. Heim II and R.L. Vander Wal, Minerals 13(10) 1274", "NdFeB Permanent Magnet Uses, Projected Growth Rates and Nd plus Dy Demands across End-Use Sectors through 2050: A Review", "https://doi.org/10.3390/min13101274", "2023-09-29",
		"encyclopedia.pub/entry/50309 (authors' summary)", "peer-reviewed review: wind 0.5 t magnet per MW (0.625-0.85 t/MW for low-speed PM generators, Moss et al. 2013); ~30% RE content; ~20% oxide-to-metal loss; consumer electronics almost 30% of NdFeB demand"},
	{"couragemagnet-composition", "Courage Magnet (magnet maker)", "What are the ingredients of Nd-Fe-B permanent magnets? What is the proportion?", "http://www.couragemagnet.com/faq/324.html", "",
		"same ranges on sensmagnetics.com and tymagnets.com", "manufacturer FAQ, low authority: Nd 29-32.5%, Fe 63.95-68.65%, B 1.1-1.2%, Dy 0.6-1.2% by weight"},
	{"askci-2023-04-26", "Zhongshang Industry Research Institute (askci.com), citing Frost & Sullivan", "China rare-earth permanent magnet materials: output 2022 and forecast 2023", "https://askci.com/news/chanye/20230426/171803268250068462810672_2.shtml", "2023-04-26",
		"", "China rare-earth permanent magnet material output 246000 t (2022), forecast 267000 t (2023); China only, not world output, and Frost & Sullivan's figures, not Adamas's"},
	{"argus-nev-magnets", "Argus Media", "China's NdFeB output capacity to grow on strong demand", "https://www.argusmedia.com/metals-platform/newsandanalysis/article/2696348-China-s-NdFeB-output-capacity-to-grow-on-strong-demand", "2025",
		"", "global NEV demand for rare-earth magnetic materials to rise by over 10% to more than 60000 t in 2025 (market participants)"},
	{"econotimes-2025-06", "EconoTimes (WSJ analysis of Chinese customs data)", "China rare-earth magnet exports, May 2025", "", "2025-06",
		"shared/facts.md section 1 (V2); also automotiveworld.com (2025-06-20)", "China magnet exports January-May 2025 19132 t, -14.5% y/y"},
	{"rareearthexchanges-2025-06-02", "Rare Earth Exchanges", "A Tale of Two Rare Earth Magnet Imports: U.S. Import Trends Reflect Strategic Shifts in SmCo vs. NdFeB Supply Chains", "https://rareearthexchanges.com/news/a-tale-of-two-rare-earth-magnet-imports-u-s-import-trends-reflect-strategic-shifts-in-smco-vs-ndfeb-supply-chains", "2025-06-02",
		"citing US import data summarised by J. Ormerod", "US sintered NdFeB imports USD 69.9 million in Q1 2024 (58.4 million from China)"},
	{"sdmmagnetic-price-structure", "SDM Magnetics (magnet maker)", "Neodymium magnets price trend", "https://www.sdmmagnetic.com/neodymium-magnets-price-trend", "",
		"", "manufacturer page, low authority: raw materials ~80% of product cost; rare earths over 90% of raw-material cost"},
	{"rawmaterials-net-2024", "rawmaterials.net", "Gallium and germanium: Germany among the main importing countries", "https://rawmaterials.net/gallium-and-germanium-germany-among-the-main-importing-countries/", "2024",
		"Chinese customs data", "China ~60% of world germanium; 2024 exports so far: gallium 54 t, germanium just over 22 t; largest buyers Germany, Japan, Belgium"},
	{"mcgroup-2013-germanium", "Merchant Research & Consulting (mcgroup.co.uk)", "Global germanium production increased by 8.5% in 2012", "https://mcgroup.co.uk/news/20130718/global-germanium-production-increased-85.html", "2013-07-18",
		"", "world germanium production just over 127 t in 2012, China 90 t (71%); the latest world total found. sim_processes.csv uses the 127 t world total only: China's row applies the later ~60% of rawmaterials-net-2024 to it (76.2 t, ROW 50.8 t), not this source's 90 t (which would leave ROW 37 t); both notes say so"},
	{"crs-r41744", "Congressional Research Service (V. Grasso)", "Rare Earth Elements in National Defense: Background, Oversight Issues, and Options for Congress (R41744)", "", "2013-12-23",
		"hitpages.com copy, p. 9 (shared/facts.md section 4, V); figures from a 2012 DoD report on REE recycling", "rare-earth material per unit: F-35 ~920 lb, DDG-51 ~5200 lb, SSN-774 ~9200 lb; Benchmark's higher figures (DDG >5700 lb, SSN >10000 lb) via Foreign Policy (arkforgeai.com excerpt, V2)"},
	{"adamas-f35-2026", "Adamas Intelligence", "Estimate of rare-earth content of the F-35 and defense share of demand", "", "2026-04-22",
		"pulse.bot summary of Adamas Intelligence (shared/facts.md section 4, V2)", "F-35: 40-70 kg REE-bearing material, 11-20 kg elemental REE; defense <0.1% of global rare-earth demand"},
	{"reuters-2025-10-licences", "Reuters", "Report on Chinese rare-earth export licence approvals", "", "2025-10",
		"en.ckhq.net Chinese-language write-up; news.jointearn.com (shared/facts.md section 1, V2)", "most approvals barely meet the 45 working-day limit set by MOFCOM"},
	{"lockheed-f35-deliveries", "Lockheed Martin (via trade press)", "F-35 annual delivery rate: 156 aircraft a year planned at full rate; 110 delivered in 2024", "https://www.americanmachinist.com/news/article/21213318/defense-contractor-tops-f-35-target-for-2021-lockheed-martin", "",
		"American Machinist (2021 deliveries article: 156 a year from 2023 on); Aviation Week 2025-01 (https://aviationweek.com/defense/aircraft-propulsion/lockheed-topped-f-35-delivery-range-2024: 110 in 2024, 156 a year committed) (critmin search, pages corpus)", "all customers, US and international (bom.csv rate_scope; no source in the data gives a US-only rate): a US defense shortfall charged against it delays jets of any customer, and reports say so"},
	{"crs-rl32109-2024", "Congressional Research Service (R. O'Rourke)", "Navy DDG-51 and DDG-1000 Destroyer Programs: Background and Issues for Congress (RL32109)", "https://news.usni.org/2024/04/04/report-to-congress-on-u-s-navy-destroyer-programs-15", "2024-03",
		"USNI News reprint of the CRS report, 2024-04-04 (critmin search, pages corpus)", "DDG-51: the FY2025-FY2029 shipbuilding plan procures 10 DDG-51s at two ships per year; 1 to 3 per year since FY2010; 73 delivered by March 2024"},
	{"crs-rl32418-2022", "Congressional Research Service (R. O'Rourke)", "Navy Virginia (SSN-774) Class Attack Submarine Procurement: Background and Issues for Congress (RL32418)", "https://www.everycrsreport.com/files/2022-12-14_RL32418_b5a82cec795091d5ddbc5a2d873c95328201cc4f.html", "2022-12-14",
		"everycrsreport.com copy (critmin search, pages corpus)", "Virginia class procured at two boats per year since FY2011; deliveries have run below that (about 1.2 a year per press reports, not used)"},
	{"fastmarkets-2024-quota1", "Fastmarkets", "China issues first batch of rare earths quotas for 2024", "https://fastmarkets.com/insights/china-issues-first-batch-of-rare-earths-quotas-for-2024", "2024",
		"shared/data/raw/ree-element-distribution/china_quota_split.csv", "mining quota first batch 2024: China Northern 94580 t, China Rare Earth Group 30280 t light + 10140 t ion-adsorption"},
}

// checkHandCurated reads the hand-curated tables present in dir and requires every source
// they cite to be defined; when all of them are present, a simSourceTable entry none cites
// is an error too, as for the generated tables.
func checkHandCurated(dir string, logw io.Writer) error {
	defined := map[string]bool{}
	for _, s := range sourceTable {
		defined[s[0]] = true
	}
	for _, s := range simSourceTable {
		defined[s[0]] = true
	}
	cited, present := map[string]bool{}, 0
	var undefined []string
	for _, name := range handCurated {
		f, err := os.Open(filepath.Join(dir, name))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		present++
		// Every row cites a source; bom.csv rows may cite one more for the build rate.
		col, rateCol := -1, -1
		for i, h := range rows[0] {
			switch h {
			case "source":
				col = i
			case "rate_source":
				rateCol = i
			}
		}
		if col < 0 {
			return fmt.Errorf("%s: no source column", name)
		}
		for i, r := range rows[1:] {
			ids := []string{r[col]}
			if rateCol >= 0 && r[rateCol] != "" {
				ids = append(ids, r[rateCol])
			}
			for _, id := range ids {
				cited[id] = true
				if !defined[id] {
					undefined = append(undefined, fmt.Sprintf("%s:%d: %s", name, i+2, id))
				}
			}
		}
	}
	if len(undefined) > 0 {
		return errors.New("hand-curated tables cite sources not defined in sourceTable or simSourceTable: " + strings.Join(undefined, ", "))
	}
	if present == len(handCurated) {
		var unused []string
		for _, s := range simSourceTable {
			if !cited[s[0]] {
				unused = append(unused, s[0])
			}
		}
		sort.Strings(unused)
		if len(unused) > 0 {
			return errors.New("sources defined in simSourceTable but cited by no hand-curated table: " + strings.Join(unused, ", "))
		}
	} else if present > 0 {
		fmt.Fprintf(logw, "warning: %d of %d hand-curated tables in %s; unused simSourceTable entries not checked\n", present, len(handCurated), dir)
	}
	return nil
}
