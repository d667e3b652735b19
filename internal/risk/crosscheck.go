package risk

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/critmin/critmin/internal/world"
)

// ConcentrationCheck sets a share the concentration lens reports beside the same share
// worked out directly from the cited figures: production rows over the source's world
// row, or the published share row.
type ConcentrationCheck struct {
	Commodity string      `json:"commodity"`
	Stage     world.Stage `json:"stage"`
	Year      int         `json:"year"`
	Country   string      `json:"country"`
	// Published is how the source states it, e.g. "270000 / 380000 t" or "91 %".
	Published      string  `json:"published"`
	PublishedShare float64 `json:"published_share"`
	LensShare      float64 `json:"lens_share"`
	Source         string  `json:"source"`
}

// Matches reports whether the lens reproduces the source to rounding error.
func (c ConcentrationCheck) Matches() bool { return math.Abs(c.LensShare-c.PublishedShare) < 1e-9 }

// ConcentrationChecks checks the top producer of every stage of every commodity that has
// data in its default year, plus China wherever it is listed.
func ConcentrationChecks(ds *world.Dataset) []ConcentrationCheck {
	var out []ConcentrationCheck
	for _, c := range ds.Commodities {
		for _, s := range c.Stages {
			t, ok := ds.Shares(c.ID, s, 0)
			if !ok || len(t.Entries) == 0 {
				continue
			}
			countries := []string{t.Entries[0].Country}
			if t.Entries[0].Country != DefaultCountry && t.Share(DefaultCountry) > 0 {
				countries = append(countries, DefaultCountry)
			}
			for _, iso := range countries {
				if chk, ok := concentrationCheck(ds, t, iso); ok {
					out = append(out, chk)
				}
			}
		}
	}
	return out
}

func concentrationCheck(ds *world.Dataset, t world.ShareTable, iso string) (ConcentrationCheck, bool) {
	chk := ConcentrationCheck{Commodity: t.Commodity, Stage: t.Stage, Year: t.Year, Country: iso, LensShare: t.Share(iso)}
	if t.From == world.Share {
		for _, f := range ds.FiguresOf(t.Commodity, t.Stage, world.Share) {
			if f.Year == t.Year && f.Country == iso {
				chk.Published, chk.PublishedShare, chk.Source = fmt.Sprintf("%g %%", f.Value), f.Value/100, f.Source
				return chk, true
			}
		}
		return chk, false
	}
	var country, total *world.Figure
	sum := 0.0
	for _, f := range ds.FiguresOf(t.Commodity, t.Stage, world.Production) {
		if f.Year != t.Year {
			continue
		}
		switch f.Country {
		case iso:
			country = &f
		case world.World:
			total = &f
		}
		if f.Country != world.World {
			sum += f.Tonnes()
		}
	}
	if country == nil {
		return chk, false
	}
	denominator, what := sum, "sum of the country rows (no world row)"
	if total != nil {
		denominator, what = total.Tonnes(), fmt.Sprintf("%g t", total.Tonnes())
	}
	chk.Published = fmt.Sprintf("%g t / %s", country.Tonnes(), what)
	chk.PublishedShare, chk.Source = country.Tonnes()/denominator, country.Source
	return chk, true
}

// WriteConcentrationMarkdown renders the concentration section of docs/validation.md.
func WriteConcentrationMarkdown(w io.Writer, checks []ConcentrationCheck) error {
	var b strings.Builder
	matched := 0
	for _, c := range checks {
		if c.Matches() {
			matched++
		}
	}
	fmt.Fprintf(&b, "## Concentration against the cited figures\n\n")
	fmt.Fprintf(&b, "For the top producer of every stage with data (and China where it is listed), the share the\n")
	fmt.Fprintf(&b, "concentration lens reports beside the share worked out directly from the cited rows: the\n")
	fmt.Fprintf(&b, "country's production over the source's own world total, or the published share.\n")
	fmt.Fprintf(&b, "%d of %d shares match to 1e-9.\n\n", matched, len(checks))
	fmt.Fprintf(&b, "| commodity | stage | year | country | source figures | source share (%%) | lens share (%%) | match | source |\n")
	fmt.Fprintf(&b, "|---|---|---:|---|---|---:|---:|---|---|\n")
	for _, c := range checks {
		fmt.Fprintf(&b, "| %s | %s | %d | %s | %s | %.2f | %.2f | %s | %s |\n", c.Commodity, c.Stage, c.Year, c.Country,
			c.Published, c.PublishedShare*100, c.LensShare*100, mdYesNo(c.Matches()), c.Source)
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}
