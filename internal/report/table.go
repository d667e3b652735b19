package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Column describes one column of a Table.
type Column struct {
	Name string
	// Unit is shown in the text header as "Name (unit)" and in the CSV header as "name_unit".
	Unit string
	// Right aligns the column to the right (numbers).
	Right bool
	// CSV, when set, is the CSV header in place of the one Name and Unit give: a column
	// whose text header is reworded keeps the field name scripts read.
	CSV string
}

// Table is a titled grid of already formatted cells.
type Table struct {
	Title   string
	Columns []Column
	Rows    [][]string
	// Notes are printed under the text table (not in CSV).
	Notes []string
}

// Add appends a row; it panics if the row does not match the columns, which is a
// programming error in the caller.
func (t *Table) Add(cells ...string) {
	if len(cells) != len(t.Columns) {
		panic(fmt.Sprintf("report: row has %d cells, table %q has %d columns", len(cells), t.Title, len(t.Columns)))
	}
	t.Rows = append(t.Rows, cells)
}

func (c Column) header() string {
	if c.Unit == "" {
		return c.Name
	}
	return c.Name + " (" + c.Unit + ")"
}

func (c Column) csvHeader() string {
	if c.CSV != "" {
		return c.CSV
	}
	h := strings.ToLower(strings.ReplaceAll(c.Name, " ", "_"))
	if c.Unit != "" {
		u := strings.NewReplacer("%", "pct", "/", "_per_", " ", "_").Replace(c.Unit)
		h += "_" + u
	}
	return h
}

// WriteText writes the table aligned in columns separated by two spaces.
func (t *Table) WriteText(w io.Writer) error {
	widths := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		widths[i] = utf8.RuneCountInString(c.header())
	}
	for _, r := range t.Rows {
		for i, cell := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	var b strings.Builder
	if t.Title != "" {
		b.WriteString(t.Title + "\n")
	}
	line := func(cells []string) {
		for i, cell := range cells {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell))
			if i > 0 {
				b.WriteString("  ")
			}
			if t.Columns[i].Right {
				b.WriteString(pad + cell)
			} else if i < len(cells)-1 {
				b.WriteString(cell + pad)
			} else {
				b.WriteString(cell)
			}
		}
		b.WriteString("\n")
	}
	headers := make([]string, len(t.Columns))
	rules := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		headers[i] = c.header()
		rules[i] = strings.Repeat("-", widths[i])
	}
	line(headers)
	line(rules)
	for _, r := range t.Rows {
		line(r)
	}
	for _, n := range t.Notes {
		b.WriteString("note: " + n + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteCSV writes the header and rows as CSV.
func (t *Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	headers := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		headers[i] = c.csvHeader()
	}
	if err := cw.Write(headers); err != nil {
		return err
	}
	if err := cw.WriteAll(t.Rows); err != nil {
		return err
	}
	return cw.Error()
}

// Num formats a number with at most prec decimals and no trailing zeros; NaN is "".
func Num(v float64, prec int) string {
	if math.IsNaN(v) {
		return ""
	}
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// Pct formats a fraction (0..1) as a percentage with one decimal.
func Pct(frac float64) string { return Num(frac*100, 1) }

// Opt formats an optional number: nil is "n/a".
func Opt(v *float64, prec int) string {
	if v == nil {
		return "n/a"
	}
	return Num(*v, prec)
}
