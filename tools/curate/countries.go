package main

import (
	"fmt"
	"sort"
	"strings"
)

// countryEntry is one row of countries.csv: an ISO 3166-1 alpha-3 code, the name critmin
// shows and the other spellings the sources use.
type countryEntry struct {
	iso3    string
	name    string
	aliases []string
}

// countryTable lists every country or territory named in the raw files (USGS MCS 2025 and
// 2026 extracts, WGI 2022, EU CRM 2023 trade parameters, CEPII BACI 2024) and in
// /work/shared/facts.md.
// Codes follow ISO 3166-1 (Debian iso-codes); Kosovo uses XKX, the code the World Bank
// and the EU use, because ISO 3166-1 assigns none.
var countryTable = []countryEntry{
	{"ABW", "Aruba", nil},
	{"AFG", "Afghanistan", nil},
	{"AGO", "Angola", nil},
	{"AIA", "Anguilla", nil},
	{"ALB", "Albania", nil},
	{"AND", "Andorra", nil},
	{"ARE", "United Arab Emirates", nil},
	{"ARG", "Argentina", nil},
	{"ARM", "Armenia", nil},
	{"ASM", "American Samoa", nil},
	{"ATG", "Antigua and Barbuda", nil},
	{"AUS", "Australia", nil},
	{"AUT", "Austria", nil},
	{"AZE", "Azerbaijan", nil},
	{"BDI", "Burundi", nil},
	{"BEL", "Belgium", nil},
	{"BEN", "Benin", nil},
	{"BES", "Bonaire, Sint Eustatius and Saba", nil},
	{"BFA", "Burkina Faso", nil},
	{"BGD", "Bangladesh", nil},
	{"BGR", "Bulgaria", nil},
	{"BHR", "Bahrain", nil},
	{"BHS", "Bahamas", []string{"Bahamas, The"}},
	{"BIH", "Bosnia and Herzegovina", nil},
	{"BLM", "Saint Barthélemy", nil},
	{"BLR", "Belarus", nil},
	{"BLZ", "Belize", nil},
	{"BMU", "Bermuda", nil},
	{"BOL", "Bolivia", []string{"Bolivia, Plurinational State of"}},
	{"BRA", "Brazil", nil},
	{"BRB", "Barbados", nil},
	{"BRN", "Brunei Darussalam", nil},
	{"BTN", "Bhutan", nil},
	{"BWA", "Botswana", nil},
	{"CAF", "Central African Republic", nil},
	{"CAN", "Canada", nil},
	{"CHE", "Switzerland", nil},
	{"CHL", "Chile", nil},
	{"CHN", "China", nil},
	{"CIV", "Côte d'Ivoire", []string{"Côte d’Ivoire"}},
	{"CMR", "Cameroon", nil},
	{"COD", "Congo (Kinshasa)", []string{"Congo, Dem. Rep.", "DR Congo", "Democratic Republic of the Congo", "Democratic Republic of Congo", "DRC", "Congo, The Democratic Republic of the"}},
	{"COG", "Congo (Brazzaville)", []string{"Congo, Rep.", "Congo"}},
	{"COK", "Cook Islands", nil},
	{"COL", "Colombia", nil},
	{"COM", "Comoros", nil},
	{"CPV", "Cabo Verde", []string{"Cape Verde"}},
	{"CRI", "Costa Rica", nil},
	{"CUB", "Cuba", nil},
	{"CUW", "Curaçao", nil},
	{"CYM", "Cayman Islands", nil},
	{"CYP", "Cyprus", nil},
	{"CZE", "Czechia", []string{"Czech Republic"}},
	{"DEU", "Germany", nil},
	{"DJI", "Djibouti", nil},
	{"DMA", "Dominica", nil},
	{"DNK", "Denmark", nil},
	{"DOM", "Dominican Republic", nil},
	{"DZA", "Algeria", nil},
	{"ECU", "Ecuador", nil},
	{"EGY", "Egypt", []string{"Egypt, Arab Rep."}},
	{"ERI", "Eritrea", nil},
	{"ESP", "Spain", nil},
	{"EST", "Estonia", nil},
	{"ETH", "Ethiopia", nil},
	{"FIN", "Finland", nil},
	{"FJI", "Fiji", nil},
	{"FRA", "France", nil},
	{"FSM", "Micronesia", []string{"Micronesia, Fed. Sts.", "Micronesia, Federated States of"}},
	{"GAB", "Gabon", nil},
	{"GBR", "United Kingdom", []string{"UK"}},
	{"GEO", "Georgia", nil},
	{"GHA", "Ghana", nil},
	{"GIB", "Gibraltar", nil},
	{"GIN", "Guinea", nil},
	{"GMB", "Gambia", []string{"Gambia, The"}},
	{"GNB", "Guinea-Bissau", nil},
	{"GNQ", "Equatorial Guinea", nil},
	{"GRC", "Greece", nil},
	{"GRD", "Grenada", nil},
	{"GRL", "Greenland", nil},
	{"GTM", "Guatemala", nil},
	{"GUF", "French Guiana", nil},
	{"GUM", "Guam", nil},
	{"GUY", "Guyana", nil},
	{"HKG", "Hong Kong", nil},
	{"HND", "Honduras", nil},
	{"HRV", "Croatia", nil},
	{"HTI", "Haiti", nil},
	{"HUN", "Hungary", nil},
	{"IDN", "Indonesia", nil},
	{"IND", "India", nil},
	{"IRL", "Ireland", nil},
	{"IRN", "Iran", []string{"Iran, Islamic Rep.", "Iran, Islamic Republic of"}},
	{"IRQ", "Iraq", nil},
	{"ISL", "Iceland", nil},
	{"ISR", "Israel", nil},
	{"ITA", "Italy", nil},
	{"JAM", "Jamaica", nil},
	{"JEY", "Jersey", []string{"Jersey, Channel Islands"}},
	{"JOR", "Jordan", nil},
	{"JPN", "Japan", nil},
	{"KAZ", "Kazakhstan", nil},
	{"KEN", "Kenya", nil},
	{"KGZ", "Kyrgyzstan", []string{"Kyrgyz Republic"}},
	{"KHM", "Cambodia", nil},
	{"KIR", "Kiribati", nil},
	{"KNA", "Saint Kitts and Nevis", []string{"St. Kitts and Nevis"}},
	{"KOR", "Korea, Republic of", []string{"Korea, Rep.", "Republic of Korea", "South Korea"}},
	{"KWT", "Kuwait", nil},
	{"LAO", "Laos", []string{"Lao PDR", "Lao People's Democratic Republic"}},
	{"LBN", "Lebanon", nil},
	{"LBR", "Liberia", nil},
	{"LBY", "Libya", nil},
	{"LCA", "Saint Lucia", []string{"St. Lucia"}},
	{"LIE", "Liechtenstein", nil},
	{"LKA", "Sri Lanka", nil},
	{"LSO", "Lesotho", nil},
	{"LTU", "Lithuania", nil},
	{"LUX", "Luxembourg", nil},
	{"LVA", "Latvia", nil},
	{"MAC", "Macao", []string{"Macao SAR, China"}},
	{"MAR", "Morocco", nil},
	{"MCO", "Monaco", nil},
	{"MDA", "Moldova", []string{"Moldova, Republic of"}},
	{"MDG", "Madagascar", nil},
	{"MDV", "Maldives", nil},
	{"MEX", "Mexico", nil},
	{"MHL", "Marshall Islands", nil},
	{"MKD", "North Macedonia", nil},
	{"MLI", "Mali", nil},
	{"MLT", "Malta", nil},
	{"MMR", "Myanmar", []string{"Burma"}},
	{"MNE", "Montenegro", nil},
	{"MNG", "Mongolia", nil},
	{"MNP", "Northern Mariana Islands", nil},
	{"MOZ", "Mozambique", nil},
	{"MRT", "Mauritania", nil},
	{"MSR", "Montserrat", nil},
	{"MTQ", "Martinique", nil},
	{"MUS", "Mauritius", nil},
	{"MWI", "Malawi", nil},
	{"MYS", "Malaysia", nil},
	{"NAM", "Namibia", nil},
	{"NCL", "New Caledonia", nil},
	{"NER", "Niger", nil},
	{"NFK", "Norfolk Island", nil},
	{"NGA", "Nigeria", nil},
	{"NIC", "Nicaragua", nil},
	{"NIU", "Niue", nil},
	{"NLD", "Netherlands", nil},
	{"NOR", "Norway", nil},
	{"NPL", "Nepal", nil},
	{"NRU", "Nauru", nil},
	{"NZL", "New Zealand", nil},
	{"OMN", "Oman", nil},
	{"PAK", "Pakistan", nil},
	{"PAN", "Panama", nil},
	{"PER", "Peru", nil},
	{"PHL", "Philippines", nil},
	{"PLW", "Palau", nil},
	{"PNG", "Papua New Guinea", nil},
	{"POL", "Poland", nil},
	{"PRI", "Puerto Rico", nil},
	{"PRK", "Korea, North", []string{"Korea, Dem. Rep.", "North Korea", "Korea, Democratic People's Republic of"}},
	{"PRT", "Portugal", nil},
	{"PRY", "Paraguay", nil},
	{"PSE", "Palestine", []string{"West Bank and Gaza", "Palestine, State of"}},
	{"PYF", "French Polynesia", nil},
	{"QAT", "Qatar", nil},
	{"REU", "Réunion", nil},
	{"ROU", "Romania", nil},
	{"RUS", "Russia", []string{"Russian Federation"}},
	{"RWA", "Rwanda", nil},
	{"SAU", "Saudi Arabia", nil},
	{"SDN", "Sudan", nil},
	{"SEN", "Senegal", nil},
	{"SGP", "Singapore", nil},
	{"SHN", "Saint Helena, Ascension and Tristan da Cunha", nil},
	{"SLB", "Solomon Islands", nil},
	{"SLE", "Sierra Leone", nil},
	{"SLV", "El Salvador", nil},
	{"SMR", "San Marino", nil},
	{"SOM", "Somalia", nil},
	{"SPM", "Saint Pierre and Miquelon", nil},
	{"SRB", "Serbia", nil},
	{"SSD", "South Sudan", nil},
	{"STP", "Sao Tome and Principe", []string{"São Tomé and Principe"}},
	{"SUR", "Suriname", nil},
	{"SVK", "Slovakia", []string{"Slovak Republic"}},
	{"SVN", "Slovenia", nil},
	{"SWE", "Sweden", nil},
	{"SWZ", "Eswatini", nil},
	{"SXM", "Sint Maarten (Dutch part)", nil},
	{"SYC", "Seychelles", nil},
	{"SYR", "Syria", []string{"Syrian Arab Republic"}},
	{"TCA", "Turks and Caicos Islands", nil},
	{"TCD", "Chad", nil},
	{"TGO", "Togo", nil},
	{"THA", "Thailand", nil},
	{"TJK", "Tajikistan", nil},
	{"TKM", "Turkmenistan", nil},
	{"TLS", "Timor-Leste", nil},
	{"TON", "Tonga", nil},
	{"TTO", "Trinidad and Tobago", nil},
	{"TUN", "Tunisia", nil},
	{"TUR", "Turkey", []string{"Türkiye"}},
	{"TUV", "Tuvalu", nil},
	{"TWN", "Taiwan", []string{"Taiwan, Province of China"}},
	{"TZA", "Tanzania", []string{"Tanzania, United Republic of"}},
	{"UGA", "Uganda", nil},
	{"UKR", "Ukraine", nil},
	{"URY", "Uruguay", nil},
	{"USA", "United States", []string{"US", "U.S.", "United States of America"}},
	{"UZB", "Uzbekistan", nil},
	{"VCT", "Saint Vincent and the Grenadines", []string{"St. Vincent and the Grenadines"}},
	{"VEN", "Venezuela", []string{"Venezuela, RB", "Venezuela, Bolivarian Republic of"}},
	{"VGB", "Virgin Islands (British)", nil},
	{"VIR", "Virgin Islands (U.S.)", []string{"Virgin Islands, U.S."}},
	{"VNM", "Vietnam", []string{"Viet Nam"}},
	{"VUT", "Vanuatu", nil},
	{"WLF", "Wallis and Futuna", nil},
	{"WSM", "Samoa", nil},
	{"XKX", "Kosovo", nil},
	{"YEM", "Yemen", []string{"Yemen, Rep."}},
	{"ZAF", "South Africa", nil},
	{"ZMB", "Zambia", nil},
	{"ZWE", "Zimbabwe", nil},
}

// eu27 lists the 27 EU member states (since 2020-02-01, after the United Kingdom left).
var eu27 = []string{"AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
	"IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE"}

// Pseudo-countries of the tables.
const (
	world        = "WLD"
	otherCountry = "ROW"
)

// pseudoCountries maps the sources' total and remainder rows to WLD and ROW.
var pseudoCountries = map[string]string{
	"World total":           world,
	"World total (rounded)": world,
	"Other":                 otherCountry,
	"Other countries":       otherCountry,
	"other":                 otherCountry,
	"others":                otherCountry,
}

// qualifiedCountry is a USGS country cell that carries a product form after the name.
type qualifiedCountry struct {
	country   string
	qualifier string
}

// qualifiedCountries lists the USGS country cells that name a product form as well as a
// country (boron and tellurium tables). The form goes into the row note.
var qualifiedCountries = map[string]qualifiedCountry{
	"Argentina, crude ore":             {"Argentina", "crude ore"},
	"Bolivia, ulexite":                 {"Bolivia", "ulexite"},
	"Chile, ulexite":                   {"Chile", "ulexite"},
	"China, boric oxide equivalent":    {"China", "boric oxide equivalent"},
	"Germany, compounds":               {"Germany", "compounds"},
	"Peru, crude borates":              {"Peru", "crude borates"},
	"Russia, datolite ore":             {"Russia", "datolite ore"},
	"Turkey, refined borates":          {"Turkey", "refined borates"},
	"Sweden (concentrate)":             {"Sweden", "concentrate"},
	"United States (copper telluride)": {"United States", "copper telluride"},
}

// countryResolver maps names, aliases and codes to ISO3 codes.
type countryResolver map[string]string

// newCountryResolver indexes the table; it fails if two countries claim one spelling.
func newCountryResolver(table []countryEntry) (countryResolver, error) {
	r := countryResolver{}
	add := func(name, iso string) error {
		k := foldCountry(name)
		if prev, ok := r[k]; ok && prev != iso {
			return fmt.Errorf("country spelling %q maps to both %s and %s", name, prev, iso)
		}
		r[k] = iso
		return nil
	}
	for _, c := range table {
		for _, n := range append([]string{c.iso3, c.name}, c.aliases...) {
			if err := add(n, c.iso3); err != nil {
				return nil, err
			}
		}
	}
	return r, nil
}

// foldCountry makes spellings comparable: case, surrounding space and the typographic
// apostrophe are ignored. Everything else must match a name or alias exactly.
func foldCountry(s string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "’", "'"))
}

// resolve returns the ISO3 code (or WLD/ROW) for a source's country cell and the product
// form that the cell names, if any. Unknown names are an error: they must be added to
// countryTable, never skipped.
func (r countryResolver) resolve(s string) (iso, qualifier string, err error) {
	if p, ok := pseudoCountries[strings.TrimSpace(s)]; ok {
		return p, "", nil
	}
	if q, ok := qualifiedCountries[strings.TrimSpace(s)]; ok {
		s, qualifier = q.country, q.qualifier
	}
	if iso, ok := r[foldCountry(s)]; ok {
		return iso, qualifier, nil
	}
	return "", "", fmt.Errorf("unknown country %q: add it to countryTable in tools/curate/countries.go", s)
}

// countryRows renders countries.csv.
func countryRows(table []countryEntry) [][]string {
	groups := map[string]string{}
	for _, iso := range eu27 {
		groups[iso] = "EU27"
	}
	rows := make([][]string, 0, len(table))
	for _, c := range table {
		aliases := append([]string(nil), c.aliases...)
		sort.Strings(aliases)
		rows = append(rows, []string{c.iso3, c.name, strings.Join(aliases, ";"), groups[c.iso3]})
	}
	return rows
}
