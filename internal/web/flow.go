package web

import (
	"fmt"
	"strings"

	"github.com/critmin/critmin/internal/report"
	"github.com/critmin/critmin/internal/world"
)

// Colours of countries in the flow diagram and the share bars: the report package's
// palette (at least 3:1 contrast on white), the rival in its orange and the United
// States in its blue, so a country keeps its colour from stage to stage.
const (
	colorRival = "#d55e00"
	colorUSA   = "#0072b2"
	colorOther = "#c8c8c8"
)

var countryPalette = []string{"#007a5a", "#a3467e", "#8c6a00", "#4b4bb0", "#5e5e5e", "#b0306a", "#2a6f8f", "#6b4f2a"}

// colorMap hands out country colours in order of first use.
type colorMap struct {
	byCountry map[string]string
	next      int
}

func newColorMap() *colorMap {
	return &colorMap{byCountry: map[string]string{rivalCountry: colorRival, "USA": colorUSA}}
}

func (m *colorMap) of(iso3 string) string {
	if c, ok := m.byCountry[iso3]; ok {
		return c
	}
	c := countryPalette[m.next%len(countryPalette)]
	m.next++
	m.byCountry[iso3] = c
	return c
}

// Layout of the flow diagram, in SVG user units.
const (
	flowWidth     = 760.0 // at most
	flowMinWidth  = 380.0
	flowMargin    = 12.0
	flowTop       = 46.0 // room for the stage headings
	flowPlot      = 300.0
	flowColWidth  = 104.0
	flowMaxGap    = 150.0
	flowLegendRow = 22.0
	flowBandsMax  = 6   // countries drawn on their own per stage; the rest join "other"
	flowLabelMin  = 16  // a band this tall or more holds its label
	flowCharWidth = 7.0 // advance of a 12px glyph, to lay out the legend
)

// flowDiagram is the geometry of a commodity's chain: one column per stage, each a stack
// of country bands sized by share, with ribbons joining a country's bands in neighbouring
// stages. Coordinates are formatted already, so the template only places them.
type flowDiagram struct {
	Width, Height string
	Title, Desc   string
	Columns       []flowColumn
	Ribbons       []flowRibbon
	Legend        []flowLegend
}

type flowColumn struct {
	X, Y, W, H    string
	CenterX       string
	Heading, Year string
	NoData        bool
	NoDataY       string
	Bands         []flowBand
}

type flowBand struct {
	Y, H        string
	Color       string
	Light       bool // a light band takes dark text
	Label       string
	ShowLabel   bool
	TextY       string
	Title       string
	country     string
	top, bottom float64
}

type flowRibbon struct {
	D     string
	Color string
}

type flowLegend struct {
	X, Y, TextX, TextY string
	Color              string
	Name               string
}

// stageTable is a stage's share table, when the dataset has one.
type stageTable struct {
	stage world.Stage
	table world.ShareTable
	ok    bool
}

// buildFlow lays out the flow diagram of c from its stages' share tables.
func buildFlow(ds *world.Dataset, c world.Commodity, stages []stageTable) flowDiagram {
	colors := newColorMap()
	n := len(stages)
	// A short chain gets a narrower picture rather than columns far apart.
	width := min(flowWidth, max(flowMinWidth, float64(n)*flowColWidth+float64(max(n-1, 0))*flowMaxGap+2*flowMargin))
	gap := 0.0
	if n > 1 {
		gap = min(flowMaxGap, (width-2*flowMargin-float64(n)*flowColWidth)/float64(n-1))
	}
	total := float64(n)*flowColWidth + float64(max(n-1, 0))*gap
	left := (width - total) / 2
	f := flowDiagram{Title: c.Name + ": who holds each stage"}
	var desc []string
	var legendOrder []string
	legendSeen := map[string]string{}
	hasOther := false
	cols := make([][]flowBand, n)
	for i, st := range stages {
		x := left + float64(i)*(flowColWidth+gap)
		col := flowColumn{X: coord(x), Y: coord(flowTop), W: coord(flowColWidth), H: coord(flowPlot),
			CenterX: coord(x + flowColWidth/2), Heading: string(st.stage)}
		if !st.ok {
			col.NoData, col.NoDataY = true, coord(flowTop+flowPlot/2)
			desc = append(desc, string(st.stage)+": no data")
			f.Columns = append(f.Columns, col)
			continue
		}
		col.Year = fmt.Sprint(st.table.Year)
		y := flowTop
		var parts []string
		other := st.table.Other
		for k, e := range st.table.Entries {
			if e.Share <= 0 {
				continue
			}
			if k >= flowBandsMax {
				other += e.Share
				continue
			}
			name := ds.CountryName(e.Country)
			b := newBand(e.Country, colors.of(e.Country), e.Country+" "+report.Pct(e.Share)+"%",
				name+": "+report.Pct(e.Share)+"%", y, e.Share)
			cols[i] = append(cols[i], b)
			y = b.bottom
			parts = append(parts, name+" "+report.Pct(e.Share)+"%")
			if _, ok := legendSeen[e.Country]; !ok {
				legendSeen[e.Country] = name
				legendOrder = append(legendOrder, e.Country)
			}
		}
		if other > 0.0005 {
			b := newBand("", colorOther, "other "+report.Pct(other)+"%", "other or unattributed: "+report.Pct(other)+"%", y, other)
			b.Light = true
			hasOther = true
			cols[i] = append(cols[i], b)
			parts = append(parts, "other "+report.Pct(other)+"%")
		}
		col.Bands = cols[i]
		desc = append(desc, fmt.Sprintf("%s %d: %s", st.stage, st.table.Year, strings.Join(parts, ", ")))
		f.Columns = append(f.Columns, col)
	}
	// Ribbons join a country's bands in neighbouring stages that both have data.
	for i := 0; i+1 < n; i++ {
		x1 := left + float64(i)*(flowColWidth+gap) + flowColWidth
		x2 := x1 + gap
		for _, a := range cols[i] {
			if a.country == "" {
				continue
			}
			for _, b := range cols[i+1] {
				if b.country == a.country {
					f.Ribbons = append(f.Ribbons, flowRibbon{D: ribbonPath(x1, a.top, a.bottom, x2, b.top, b.bottom), Color: a.Color})
				}
			}
		}
	}
	// The legend runs in rows under the plot.
	lx, ly := flowMargin, flowTop+flowPlot+28
	if hasOther {
		legendOrder = append(legendOrder, "")
	}
	for _, iso := range legendOrder {
		name, color := legendSeen[iso], colors.of(iso)
		if iso == "" {
			name, color = "other or unattributed", colorOther
		} else {
			name = iso + " " + name
		}
		w := 16 + float64(len(name))*flowCharWidth + 18
		if lx+w > width-flowMargin && lx > flowMargin {
			lx, ly = flowMargin, ly+flowLegendRow
		}
		f.Legend = append(f.Legend, flowLegend{X: coord(lx), Y: coord(ly - 10), TextX: coord(lx + 16), TextY: coord(ly),
			Color: color, Name: name})
		lx += w
	}
	f.Width, f.Height = coord(width), coord(ly+12)
	f.Desc = "Share of world output by country at each stage. " + strings.Join(desc, "; ") + "."
	return f
}

// newBand returns the band of a country holding share of a stage, drawn from y down.
func newBand(country, color, label, title string, y, share float64) flowBand {
	h := share * flowPlot
	return flowBand{country: country, Color: color, Label: label, Title: title,
		Y: coord(y), H: coord(max(h-1, 0.5)), ShowLabel: h >= flowLabelMin, TextY: coord(y + h/2),
		top: y, bottom: y + h}
}

// ribbonPath is a band of constant colour curving from the right edge of one stage's band
// (x1, top1..bottom1) to the left edge of the next (x2, top2..bottom2).
func ribbonPath(x1, top1, bottom1, x2, top2, bottom2 float64) string {
	mid := (x1 + x2) / 2
	return fmt.Sprintf("M%s %s C%s %s %s %s %s %s L%s %s C%s %s %s %s %s %s Z",
		coord(x1), coord(top1), coord(mid), coord(top1), coord(mid), coord(top2), coord(x2), coord(top2),
		coord(x2), coord(bottom2-1), coord(mid), coord(bottom2-1), coord(mid), coord(bottom1-1), coord(x1), coord(bottom1-1))
}

// coord formats an SVG coordinate with at most one decimal.
func coord(v float64) string { return report.Num(v, 1) }

// shareBar is a small horizontal bar of a stage's shares, for the overview table.
type shareBar struct {
	Label    string
	Segments []barSegment
}

type barSegment struct {
	X, W  string
	Color string
}

// barWidth is the length of a share bar, in pixels.
const barWidth = 160.0

// newShareBar draws t's named countries, largest first, then the unattributed rest; the
// rival and the United States keep their colours, the others take grey tones.
func newShareBar(ds *world.Dataset, t world.ShareTable) shareBar {
	var b shareBar
	var words []string
	x := 0.0
	tones := []string{"#5e5e5e", "#8a8a8a", "#a8a8a8"}
	k := 0
	for i, e := range t.Entries {
		if e.Share <= 0 || i >= 6 {
			continue
		}
		color := colorOther
		switch e.Country {
		case rivalCountry:
			color = colorRival
		case "USA":
			color = colorUSA
		default:
			if k < len(tones) {
				color = tones[k]
			}
			k++
		}
		w := e.Share * barWidth
		b.Segments = append(b.Segments, barSegment{X: coord(x), W: coord(max(w-0.5, 0.5)), Color: color})
		x += w
		if i < 3 {
			words = append(words, ds.CountryName(e.Country)+" "+report.Pct(e.Share)+"%")
		}
	}
	b.Label = "Shares: " + strings.Join(words, ", ")
	return b
}
