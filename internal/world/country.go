package world

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// countryResolver maps ISO codes, names and aliases to ISO3 codes.
type countryResolver map[string]string

func newCountryResolver(countries []Country) countryResolver {
	r := countryResolver{}
	r[foldName(World)], r[foldName(pseudoWorldNm)], r[foldName("World")] = World, World, World
	r[foldName(OtherCountry)], r[foldName(pseudoROWNm)], r[foldName("Other")] = OtherCountry, OtherCountry, OtherCountry
	r[World], r[OtherCountry] = World, OtherCountry
	for _, c := range countries {
		r[c.ISO3] = c.ISO3 // exact codes skip folding, the common case in large tables
		r[foldName(c.ISO3)] = c.ISO3
		r[foldName(c.Name)] = c.ISO3
		for _, a := range c.Aliases {
			r[foldName(a)] = c.ISO3
		}
	}
	return r
}

// resolve returns the ISO3 code for a code, name or alias. The map holds folded
// spellings (lower case) and the exact upper-case codes; a string found as is resolves as
// its folded form would, since a folded key folds to itself.
func (r countryResolver) resolve(s string) (string, bool) {
	if iso, ok := r[s]; ok {
		return iso, true
	}
	iso, ok := r[foldName(s)]
	return iso, ok
}

// foldName makes spellings comparable: case, accents, punctuation and spacing are ignored,
// so "Türkiye", "TURKIYE" and "Turkiye" meet, as do "Korea, Republic of" and "Korea Republic of".
func foldName(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
