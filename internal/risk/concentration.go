package risk

import (
	"fmt"
	"math"
	"strings"

	"github.com/critmin/critmin/internal/world"
)

// DefaultCountry is the country whose share the concentration and chained-exposure lenses
// report when the caller names none.
const DefaultCountry = "CHN"

// tieTolerance is how close two shares must be to count as a tie for the top place.
const tieTolerance = 1e-12

// StageConcentration is the IEA-style concentration of one stage of a commodity in one
// year. Shares are fractions of world output of the stage (0..1). When Available is false
// the numbers are zero and Notes says why; a zero is then not a measurement.
type StageConcentration struct {
	Commodity string      `json:"commodity"`
	Stage     world.Stage `json:"stage"`
	Available bool        `json:"available"`
	Year      int         `json:"year,omitempty"`
	// From is "production" when the shares come from production tonnages and "share" when
	// the source publishes shares.
	From  world.Measure `json:"from,omitempty"`
	Basis string        `json:"basis,omitempty"` // what the tonnages count, e.g. REO equivalent
	// WorldTonnes is the world total the shares divide by; 0 for published shares.
	WorldTonnes float64 `json:"world_tonnes,omitempty"`
	// HHIPoints is the Herfindahl-Hirschman index on the 0..10,000 scale; HHI is the same on 0..1.
	HHIPoints   float64 `json:"hhi_points"`
	HHI         float64 `json:"hhi"`
	Top1Country string  `json:"top1_country,omitempty"`
	Top1Share   float64 `json:"top1_share"`
	Top3Share   float64 `json:"top3_share"`
	// Top3LowerBound is true when Top3Share is only a lower bound: fewer than three
	// countries are named and some output is unattributed (world.ShareTable.Top3LowerBound).
	Top3LowerBound bool `json:"top3_lower_bound,omitempty"`
	// Country is the country asked about (China by default) and CountryShare its share.
	Country      string  `json:"country"`
	CountryShare float64 `json:"country_share"`
	// Other is the fraction of world output not attributed to a named country.
	Other float64 `json:"other"`
	// CountryUnlisted is true when Country is not among the named countries while some
	// output is unattributed: its share is then unknown between 0 and Other, not 0.
	CountryUnlisted bool     `json:"country_unlisted,omitempty"`
	Notes           []string `json:"notes,omitempty"`
}

// Concentration returns the concentration of every stage of a commodity, in chain order,
// with China as the country reported. year 0 means each stage's default year (see
// world.Dataset.DefaultYear). It returns nil for a commodity the dataset does not have.
func Concentration(ds *world.Dataset, commodity string, year int) []StageConcentration {
	return ConcentrationOf(ds, commodity, year, DefaultCountry)
}

// ConcentrationOf is Concentration reporting the share of country (an ISO3 code) instead
// of China's.
func ConcentrationOf(ds *world.Dataset, commodity string, year int, country string) []StageConcentration {
	c, ok := ds.Commodity(commodity)
	if !ok {
		return nil
	}
	out := make([]StageConcentration, 0, len(c.Stages))
	for _, s := range c.Stages {
		out = append(out, stageConcentration(ds, commodity, s, year, country))
	}
	return out
}

// ConcentrationAll returns the concentration of every stage of every commodity, ordered by
// commodity slug and then chain order.
func ConcentrationAll(ds *world.Dataset, year int, country string) []StageConcentration {
	var out []StageConcentration
	for _, c := range ds.Commodities {
		out = append(out, ConcentrationOf(ds, c.ID, year, country)...)
	}
	return out
}

func stageConcentration(ds *world.Dataset, commodity string, stage world.Stage, year int, country string) StageConcentration {
	r := StageConcentration{Commodity: commodity, Stage: stage, Country: country}
	t, ok, note := stageShares(ds, commodity, stage, year)
	if note != "" {
		r.Notes = append(r.Notes, note)
	}
	if !ok {
		r.Notes = append(r.Notes, noStageData(commodity, stage, year))
		return r
	}
	r.Available, r.Year, r.From, r.Basis, r.WorldTonnes = true, t.Year, t.From, t.Basis, t.WorldTonnes
	r.HHI = HHI(t)
	r.HHIPoints = HHIPoints(t)
	r.Top1Country, r.Top1Share = t.Entries[0].Country, t.Entries[0].Share
	r.Top3Share, r.Top3LowerBound = t.Top(3), t.Top3LowerBound()
	r.CountryShare = t.Share(country)
	r.Other = t.Other
	if tied := topTies(t); len(tied) > 1 {
		r.Notes = append(r.Notes, fmt.Sprintf("tie for the largest share: %s at %s each; top-1 is the first by country code",
			strings.Join(tied, ", "), pctText(t.Entries[0].Share)))
	}
	if !tableLists(t, country) {
		r.CountryUnlisted = t.Other > 0
		if t.Other > 0 {
			r.Notes = append(r.Notes, fmt.Sprintf("%s is not listed for %s %s %d; its share is 0 among named countries but may be inside the unattributed %s",
				country, commodity, stage, t.Year, pctText(t.Other)))
		} else {
			r.Notes = append(r.Notes, fmt.Sprintf("%s is not listed for %s %s %d", country, commodity, stage, t.Year))
		}
	}
	if t.Other >= 0.005 {
		r.Notes = append(r.Notes, fmt.Sprintf("%s of world output is not attributed to a named country and counts as fragmented, so the HHI is a lower bound",
			pctText(t.Other)))
	}
	if t.From == world.Share {
		r.Notes = append(r.Notes, "from published shares, not production tonnages")
	}
	return r
}

// stageShares returns a stage's share table for year (0 = the stage's default year). When
// the year asked has no usable data it falls back to the latest earlier year with data,
// else the earliest later one, and says so in note.
func stageShares(ds *world.Dataset, commodity string, stage world.Stage, year int) (t world.ShareTable, ok bool, note string) {
	t, ok = ds.Shares(commodity, stage, year)
	if ok || year == 0 {
		return t, ok, ""
	}
	years := ds.StageYears(commodity, stage) // newest first
	pick := 0
	for _, y := range years {
		if y < year {
			pick = y
			break
		}
	}
	if pick == 0 {
		for i := len(years) - 1; i >= 0; i-- {
			if years[i] > year {
				pick = years[i]
				break
			}
		}
	}
	if pick == 0 {
		return t, false, ""
	}
	t, ok = ds.Shares(commodity, stage, pick)
	if !ok {
		return t, false, ""
	}
	return t, true, fmt.Sprintf("%s %s has no data for %d; used %d", commodity, stage, year, pick)
}

func noStageData(commodity string, stage world.Stage, year int) string {
	if year == 0 {
		return fmt.Sprintf("not computable because %s %s has no production or share figures", commodity, stage)
	}
	return fmt.Sprintf("not computable because %s %s has no production or share figures in or near %d", commodity, stage, year)
}

// topTies returns the countries tied for the largest share (one country when there is no tie).
func topTies(t world.ShareTable) []string {
	var out []string
	for _, e := range t.Entries {
		if math.Abs(e.Share-t.Entries[0].Share) > tieTolerance {
			break
		}
		out = append(out, e.Country)
	}
	return out
}

func tableLists(t world.ShareTable, iso3 string) bool {
	for _, e := range t.Entries {
		if e.Country == iso3 {
			return true
		}
	}
	return false
}

// pctText formats a fraction as a percentage with one decimal, for notes.
func pctText(f float64) string { return fmt.Sprintf("%.1f%%", f*100) }
