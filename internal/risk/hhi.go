package risk

import "github.com/critmin/critmin/internal/world"

// HHI is the Herfindahl-Hirschman index of a share table on a 0..1 scale (1 = a single
// supplier). The unattributed remainder (the sources' "other countries") is treated as
// fragmented among many small producers and contributes nothing, so the index is a lower
// bound when that remainder is large.
func HHI(t world.ShareTable) float64 {
	h := 0.0
	for _, e := range t.Entries {
		h += e.Share * e.Share
	}
	return h
}

// HHIPoints is HHI on the 0..10,000 scale used by competition authorities and the IEA.
func HHIPoints(t world.ShareTable) float64 { return HHI(t) * 10000 }

// ScaledWGI converts a normalised WGI score (0..1, 1 = best governed) to the EU CRM
// scale, on which 0 is best and 10 worst: scaled = 10 - 10 x.
//
// The EC 2017 guidelines ("Methodology for establishing the EU list of critical raw
// materials – Guidelines", doi:10.2873/769526) rescale the mean of the six WGI estimates
// (-2.5..2.5) linearly onto 0..10 with 10 = worst governance; CritMAT implements this as
// scaled = (WGI_mean - 2.5) x -2. governance.csv stores x = (WGI_mean + 2.5) / 5, so
// WGI_mean = 5x - 2.5 and scaled = (5x - 5) x -2 = 10 - 10 x exactly. The exact CritMAT
// form was checked; the guideline text itself was not read.
func ScaledWGI(normalised float64) float64 { return 10 - 10*normalised }
