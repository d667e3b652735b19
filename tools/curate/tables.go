package main

// commodityEntry is one row of commodities.csv.
type commodityEntry struct {
	id, name, parent string
	stages           []string
	note             string
}

var (
	stMine     = []string{"mine"}
	stRefined  = []string{"refined"}
	stREE      = []string{"mine", "separation"}
	stREEChain = []string{"mine", "separation", "metal", "magnet"}
)

const (
	noteREEElement = "rare-earth element; USGS publishes no element-level production table: derive from rare_earths (REO) with element_distribution"
	noteMineTable  = "USGS MCS 2026 world mine production and reserves"
)

// commodityTable lists every commodity any output table uses, with what the USGS table
// behind its figures measures.
var commodityTable = []commodityEntry{
	{"rare_earths", "rare earths", "", stREEChain, "USGS world mine production and reserves, t REO equivalent (MCS 2026; 2023 from MCS 2025); separation and magnet shares from IEA; China quotas as capacity; no metal-stage figures"},
	{"lanthanum", "lanthanum", "rare_earths", stREE, noteREEElement},
	{"cerium", "cerium", "rare_earths", stREE, noteREEElement},
	{"praseodymium", "praseodymium", "rare_earths", stREEChain, noteREEElement},
	{"neodymium", "neodymium", "rare_earths", stREEChain, noteREEElement},
	{"promethium", "promethium", "rare_earths", stREE, "rare-earth element with no natural mine production (radioactive, trace amounts); listed as one of the 17 rare-earth elements"},
	{"samarium", "samarium", "rare_earths", stREEChain, noteREEElement},
	{"europium", "europium", "rare_earths", stREE, noteREEElement},
	{"gadolinium", "gadolinium", "rare_earths", stREE, noteREEElement},
	{"terbium", "terbium", "rare_earths", stREEChain, noteREEElement},
	{"dysprosium", "dysprosium", "rare_earths", stREEChain, noteREEElement},
	{"holmium", "holmium", "rare_earths", stREE, noteREEElement},
	{"erbium", "erbium", "rare_earths", stREE, noteREEElement},
	{"thulium", "thulium", "rare_earths", stREE, noteREEElement},
	{"ytterbium", "ytterbium", "rare_earths", stREE, noteREEElement},
	{"lutetium", "lutetium", "rare_earths", stREE, noteREEElement},
	{"yttrium", "yttrium", "rare_earths", stREE, noteREEElement},
	{"scandium", "scandium", "rare_earths", stREE, "USGS MCS 2026 scandium record has no world production table: imports, prices and net import reliance only"},
	{"gallium", "gallium", "", stRefined, "USGS world low-purity primary gallium production and capacity, kg gallium content (refined stage, not mine)"},
	{"germanium", "germanium", "", stRefined, "USGS publishes no world refinery production table (MCS 2026); refined: BGS germanium metal shares"},
	{"graphite_natural", "natural graphite", "", []string{"mine", "anode"}, noteMineTable + ", t; anode: IEA battery-grade graphite (spherical natural and synthetic), kt"},
	{"antimony", "antimony", "", stMine, noteMineTable + ", t antimony content"},
	{"tungsten", "tungsten", "", stMine, noteMineTable + ", t tungsten content"},
	{"cobalt", "cobalt", "", []string{"mine", "refined"}, noteMineTable + ", t cobalt content; refined: IEA kt cobalt content of refined metal and chemicals, BGS refined shares"},
	{"lithium", "lithium", "", []string{"mine", "refined"}, noteMineTable + ", t lithium content; refined: IEA kt lithium content of lithium chemicals"},
	{"nickel", "nickel", "", []string{"mine", "refined"}, noteMineTable + ", t nickel content; refined: IEA kt nickel content of refined products (incl. NPI, ferronickel, sulphate), BGS smelter/refinery shares"},
	{"manganese", "manganese", "", stMine, noteMineTable + ", kt manganese content"},
	{"palladium", "palladium", "", stMine, "USGS world PGM mine production table: palladium, kg (2024 and 2025e)"},
	{"platinum", "platinum", "", stMine, "USGS world PGM mine production table: platinum 2025e only, kg (parsed from the transcription's note column)"},
	{"platinum_group_metals", "platinum-group metals", "", stMine, "USGS total PGM reserves, kg; prices of iridium, rhodium and ruthenium"},
	{"aluminum", "aluminum", "", stRefined, "USGS world primary aluminum smelter production and capacity, kt (bauxite and alumina chapter not transcribed)"},
	{"arsenic", "arsenic", "", stRefined, "USGS world arsenic (trioxide and metal) production and capacity, t arsenic content"},
	{"barite", "barite", "", stMine, noteMineTable + ", kt"},
	{"beryllium", "beryllium", "", stMine, "USGS MCS 2026 world mine production, t beryllium content (world reserves not available)"},
	{"bismuth", "bismuth", "", stRefined, "USGS world refinery production, t"},
	{"boron", "boron", "", stMine, "USGS world production, kt; country rows mix product forms (crude ore, ulexite, B2O3 equivalent, compounds, refined borates) and are not additive; no world total"},
	{"chromium", "chromium", "", stMine, noteMineTable + ", kt chromite ore gross weight"},
	{"copper", "copper", "", []string{"mine", "refined"}, "USGS world REFINERY production by country (kt copper content; the transcription kept the refinery pair) and mine reserves; mine production by country from the IEA (kt copper content); BGS refined shares"},
	{"fluorspar", "fluorspar", "", stMine, noteMineTable + ", kt"},
	{"indium", "indium", "", stRefined, "USGS world refinery production and capacity, t"},
	{"lead", "lead", "", stMine, noteMineTable + ", kt lead content"},
	{"magnesium_metal", "magnesium metal", "", stRefined, "USGS world primary magnesium metal production and capacity, kt (magnesium compounds chapter not transcribed)"},
	{"molybdenum", "molybdenum", "", stMine, noteMineTable + ", t molybdenum content (reserves kt, unit inferred by the transcriber)"},
	{"niobium", "niobium", "", stMine, noteMineTable + ", t niobium content"},
	{"phosphate_rock", "phosphate rock", "", stMine, noteMineTable + ", kt marketable phosphate rock"},
	{"potash", "potash", "", stMine, noteMineTable + ", kt K2O equivalent"},
	{"rhenium", "rhenium", "", stMine, "USGS world mine production (by-product of copper and molybdenum mining) and reserves, kg rhenium content"},
	{"silicon", "silicon", "", stRefined, "USGS world FERROSILICON production, kt silicon content (the transcription's production columns are ferrosilicon, not silicon metal)"},
	{"silver", "silver", "", stMine, noteMineTable + ", t silver content"},
	{"tantalum", "tantalum", "", stMine, noteMineTable + ", t tantalum content"},
	{"tellurium", "tellurium", "", stRefined, "USGS world refinery production and capacity, t tellurium content"},
	{"tin", "tin", "", stMine, noteMineTable + ", t tin content (unit per MCS convention; record units_note empty)"},
	{"titanium_sponge", "titanium sponge", "", stRefined, "USGS world titanium sponge metal production, t (capacity not transcribed; titanium mineral concentrates chapter not in the source repository)"},
	{"titanium_dioxide_pigment", "titanium dioxide pigment", "", stRefined, "US imports, prices and net import reliance only; no world table transcribed"},
	{"vanadium", "vanadium", "", stMine, noteMineTable + ", t vanadium content (reserves kt, unit inferred by the transcriber)"},
	{"zinc", "zinc", "", stMine, noteMineTable + ", kt zinc content"},
	{"zirconium_hafnium", "zirconium and hafnium", "", stMine, "USGS world zirconium mineral concentrates production, kt gross weight (unit inferred by the transcriber); reserves not transcribed"},
}

// sourceTable defines every source id the tables cite:
// id, publisher, title, url, published, via, note.
var sourceTable = [][7]string{
	{"usgs-mcs2026", "U.S. Geological Survey", "Mineral Commodity Summaries 2026", "https://pubs.usgs.gov/periodicals/mcs2026/", "2026-02",
		"hand transcription (subset) of github.com/pranava0x0/usgs-mineral-commodity-summaries data/audit/<commodity>/data.json at commits 2514d2bf45d514b45435a62983869ba1738349ad, 25031d0f60fa0c508068145d6be6228fc4933d51, 614d7edde92a28d6651e3d1af7483b6808c45b62, 02896edf4e5e6352a9a6d01cdb128415b961c9fe and 3e6e9052911fd550e7fd9ba348c3e6a18f497c61 (commit per commodity in data/raw/usgs-mcs2026-pranava/PROVENANCE.md)",
		"chapters at https://pubs.usgs.gov/periodicals/mcs2026/mcs2026-<commodity>.pdf; public domain; production 2024 (revised) and 2025e; reserves as published in MCS 2026 are recorded as year 2025"},
	{"usgs-mcs2025", "U.S. Geological Survey", "Mineral Commodity Summaries 2025: Rare Earths", "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf", "2025-01",
		"github.com/NSSAC/dpi.RAG data/marker/mcs2025-rare-earths.md @ f570faa55a7ff8a638ec7f7712e487715094c6a1 (marker PDF-to-Markdown conversion; footnote digits split from numbers by the transcriber)",
		"public domain; used for 2023 rare-earth mine production, 2020-23 import sources, 2020 net import reliance and 2020-2024e oxide prices"},
	{"wgi-2022", "World Bank (D. Kaufmann and A. Kraay)", "Worldwide Governance Indicators, 2023 update (2022 estimates)", "https://www.govindicators.org", "2023",
		"github.com/lukaszgajewski/pytradeshifts data/stability_index/worldbank_governence_indicator_2022_normalised.csv @ 3463bece7c413b427f27b86e46530bd406704892",
		"CC BY 4.0; mean of the six estimates normalised to [0,1] by pytradeshifts (formula (mean+2.5)/5 inferred, see PROVENANCE)"},
	{"eu-crm-2023", "European Commission", "Study on the Critical Raw Materials for the EU 2023 - Final Report", "https://doi.org/10.2873/725585", "2023",
		"github.com/meyerdata/CritMAT input_data/seeds/eureport_results.csv and eureport_tradeparameters.csv @ 0bd897788ddd82bc58752e5460c53b924cbc63bc",
		"data period mostly 2016-2020; seed glitches handled explicitly (see eu_crm.csv notes); published results of 8 materials withheld in the shared copy on purpose"},
	{"cepii-baci-2024", "CEPII", "BACI: International Trade Database at the Product-Level, HS17 V202601 (year 2024, 30 HS6 codes)", "http://www.cepii.fr/CEPII/en/bdd_modele/bdd_modele_item.asp?id=37", "2026-01",
		"github.com/Varcolacus/critical-materials-atlas pipeline/data/trade.parquet @ 71cc1631db6a3df2df9606c248834bf295232f1d, re-serialised to CSV (data/raw/baci-2024-critmat-atlas/PROVENANCE.md)",
		"UN Comtrade with mirror reconciliation; Etalab Open Licence 2.0; quantities are gross product weight, partly estimated by CEPII; re-export hubs appear as sources"},
	{"iea-cmde-2025", "International Energy Agency", "Critical Minerals Data Explorer (2025 update, 2024 base year), sheet '2 Total supply for key minerals'", "https://www.iea.org/data-and-statistics/data-tools/critical-minerals-data-explorer", "2025-05",
		"github.com/barrytho/uk-critical-minerals-dashboard data/iea.json @ 6229124bb0bc6a665216d831dd5d1b92fcceec74 (data/raw/iea-cm-explorer-2025/PROVENANCE.md)",
		"CC BY 4.0; kt; only the 2024 base year is used (projections are not observations)"},
	{"iea-gcmo-2026", "International Energy Agency", "Global Critical Minerals Outlook 2026, annex 'Key projection results' supply tables", "https://www.iea.org/reports/global-critical-minerals-outlook-2026", "2026-07-16",
		"github.com/Varcolacus/critical-materials-atlas sources/iea_gcmo_2026/annex-supply-demand.json @ 99a5be11b9a013af14e51742dd9de9b57ad43fd6 (data/raw/iea-gcmo2026-atlas/PROVENANCE.md); not checked against the PDF",
		"CC BY 4.0; kt; historical years 2021 and 2025 used; 2030 and 2040 are projections"},
	{"bgs-wms", "British Geological Survey (UKRI)", "World Mineral Statistics (refined-stage series)", "https://ogcapi.bgs.ac.uk/collections/world-mineral-statistics", "",
		"github.com/Varcolacus/critical-materials-atlas out/refined_years.json @ fcb9edce14f1de7d009b5137daae68beaccfa063: shares of the sum of country tonnages, rounded to 1%, countries under 1% dropped (data/raw/bgs-wms-refined-atlas/PROVENANCE.md)",
		"Open Government Licence v3 (recalled, not re-read); shares only, no tonnages; 2023-2024 often estimates"},
	{"eurostat-2025-04-09", "Eurostat", "EU trade in rare earth elements, 2024 (news release)", "https://ec.europa.eu/eurostat/en/web/products-eurostat-news/w/ddn-20250409-1", "2025-04-09",
		"data/raw/trade-shares-statements/import_export_shares.csv (hand transcription, status V)", "Eurostat Comext ds-045409; CC BY 4.0; shares by weight"},
	{"krensh-eurostat-2023", "krensh.com (citing Eurostat)", "Rare earth element trade in the EU drops in 2023", "https://krensh.com/business/rare-earth-element-trade-in-the-eu-drops-in-2023", "",
		"data/raw/trade-shares-statements/import_export_shares.csv (hand transcription, status V2)", "secondary page citing Eurostat; shares by weight"},
	{"businesskorea-kita", "BusinessKorea (citing KITA)", "Korea's imports of lithium hydroxide and neodymium magnets from China", "http://www.businesskorea.co.kr/news/articleView.html?idxno=213017", "",
		"data/raw/trade-shares-statements/import_export_shares.csv (hand transcription, status V2)", "KITA trade statistics; share basis not stated"},
	{"thailandaily-kita", "thailandaily.com (citing KITA, 2023-01-24 release)", "Korea's dependence on China for battery materials", "https://thailandaily.com/?p=179297", "",
		"data/raw/trade-shares-statements/import_export_shares.csv (hand transcription, status V2)", "KITA trade statistics; shares consistent with the printed USD values"},
	{"metalnomist-2024-08-japan", "Metalnomist (citing Japanese customs, JOGMEC)", "Japan's growing reliance on China for rare earths", "https://metalnomist.com/2024/08/japans-growing-reliance-on-china-for.html", "2024-08",
		"data/raw/trade-shares-statements/import_export_shares.csv (hand transcription, status V2)", "January-June 2024; rare earths in metal equivalent"},
	{"indianexpress-daily8", "daily8.com (reproducing The Indian Express)", "India's imports of permanent magnets", "https://www.daily8.com/en/article/9b0de0b97383ac8434ecfd5a5274b0f0", "",
		"data/raw/trade-shares-statements/import_export_shares.csv (hand transcription, status V2)", "official Indian trade data, fiscal year April-March; shares by weight"},
	{"hmeonline-china-customs", "hmeonlineglobal.com (citing China customs)", "China's lithium carbonate imports in 2022", "https://www.hmeonlineglobal.com/Metallurgy-Chemicals-Rubber-Pl/8589.html", "2023-02-10",
		"data/raw/trade-shares-statements/import_export_shares.csv (hand transcription, status V2)", "China customs; shares by weight"},
	{"iea-2025-10-23", "International Energy Agency", "IEA commentary on critical-mineral export controls and supply concentration (title not recorded)", "", "2025-10-23",
		"rareearthexchanges.com, 'The Mineral Chessboard: IEA Sounds Alarm as China Tightens Its Grip' (2025-10-24), https://rareearthexchanges.com/news/the-mineral-chessboard-iea-sounds-alarm-as-china-tightens-its-grip",
		"secondary summary (facts.md status V2); the IEA page itself was not read"},
	{"iea-gcmo-2024", "International Energy Agency", "Global Critical Minerals Outlook 2024", "", "2024",
		"seaisi.org, 'China to maintain control of REE refining this decade: IEA' (2024-06-03), https://seaisi.org/details/24787?type=news-rooms; also wayenind.com",
		"secondary report (facts.md status V2); the IEA report itself was not read"},
	{"reuters-2024-08-20", "Reuters", "Report on China's 2024 rare-earth mining and smelting/separation quotas", "https://energynews.oedigital.com/mining/2024/08/20/chinas-yeartodate-uncommon-earths-mining-output-quota-rises-59-from-2023-overall", "2024-08-20",
		"Energy News / OE Digital republication (data/raw/ree-element-distribution/PROVENANCE.md); facts.md cites mexicobusiness.news quoting Mining.com/Reuters (V2)",
		"quotas are issued by MIIT and MNR; they are not production or physical capacity"},
	{"deng-kendall-2019", "H. Deng and A. Kendall, International Journal of Life Cycle Assessment", "Life cycle assessment with primary data on heavy rare earth oxides from ion-adsorption clays (Table 1, Longnan)", "https://doi.org/10.1007/s11367-019-01582-1", "2019",
		"github.com/akarshgopal/ultimat-sim data/ionic-clay-longnan.js @ 5adcb367 (commit prefix as recorded in PROVENANCE)",
		"secondary transcription not checked against the journal; listed oxides sum to 97.27"},
	{"cn-ree-partitioning-abstract", "Chinese-language journal (journal, author and year not shown on the host page)", "Properties of rare earth partitioning in Chinese industrial rare earth ores (English abstract)", "http://soolun.net/periodical/61b4dcdca317001c98d5eb1377365635.html", "",
		"", "abstract only"},
	{"cetem-araxa-2020", "CETEM/MCTI (A.L.B. de Oliveira, M.C. Carneiro, A. Alcover Neto et al.)", "Digestao de amostras geologicas para a quantificacao de elementos das terras raras: uma abordagem sustentavel (Araxa monazite)", "http://mineralis.cetem.gov.br/handle/cetem/2370", "2020",
		"github.com/joao-mbn/etr-optimization static_values/_substances.py @ aa3d01e596957b2d2a01e8c869c8be5f35ca5b7a (fractions x100)", ""},
	{"cetem-pitinga-2001", "CETEM (R.C. Rodrigues)", "Lixiviacao alcalina do concentrado de xenotima, Jornada de Iniciacao Cientifica CETEM v. 9 (Pitinga xenotime concentrate)", "http://mineralis.cetem.gov.br/handle/cetem/891", "2001",
		"github.com/joao-mbn/etr-optimization static_values/_substances.py @ aa3d01e596957b2d2a01e8c869c8be5f35ca5b7a (fractions x100)", ""},
	{"arafura-nolans-2017", "Arafura Rare Earths Ltd", "Nolans project page, Mineral Resources as at 7 June 2017 (NdPr enrichment)", "https://www.arultd.com/projects/nolans/", "2017-06-07",
		"", "company disclosure (JORC 2012)"},
	{"ggg-kvanefjeld", "Greenland Minerals Ltd (ASX: GGG)", "Rare Earth Elements at Kvanefjeld", "http://www.ggg.gl/rare-earth-elements/rare-earth-elements-at-kvanefjeld/", "",
		"", "company disclosure"},
	{"aboutrareearths-mountain-pass", "About Rare Earths blog", "USA page (Mountain Pass LREE/HREE split, citing Molycorp Inc. 2012)", "https://aboutrareearths.blogspot.com/p/usa_30.html", "",
		"", "tertiary source quoting a Molycorp 2012 disclosure; low confidence"},
}
