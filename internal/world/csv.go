package world

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// FieldError is a problem with one field of one row of a data file.
type FieldError struct {
	File   string
	Line   int
	Column int // 1-based; 0 when the problem concerns the whole row or a group of rows
	Field  string
	Rule   string
}

func (e *FieldError) Error() string {
	switch {
	case e.Line == 0:
		return fmt.Sprintf("%s: %s", e.File, e.Rule)
	case e.Column == 0 && e.Field == "":
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Rule)
	case e.Column == 0:
		return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Field, e.Rule)
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s", e.File, e.Line, e.Column, e.Field, e.Rule)
}

// maxErrors bounds how many problems one load reports, so a wholly wrong file does not
// bury the first, most useful messages.
const maxErrors = 50

// problems collects FieldErrors during a load.
type problems struct {
	errs    []error
	dropped int
}

func (p *problems) add(err *FieldError) {
	if len(p.errs) >= maxErrors {
		p.dropped++
		return
	}
	p.errs = append(p.errs, err)
}

func (p *problems) err() error {
	if len(p.errs) == 0 {
		return nil
	}
	errs := p.errs
	if p.dropped > 0 {
		errs = append(errs[:len(errs):len(errs)], fmt.Errorf("... and %d more problems", p.dropped))
	}
	return errors.Join(errs...)
}

// row is one data line of a CSV table, with what is needed to point at its fields.
type row struct {
	file    string
	line    int
	header  []string
	fields  []string
	columns []int // 1-based column (byte offset + 1) of each field in the line
	probs   *problems
}

func (r *row) origin() Origin { return Origin{File: r.file, Line: r.line} }

// col returns the index of a header name; the header was checked on read, so a miss is
// a programming error.
func (r *row) col(name string) int {
	for i, h := range r.header {
		if h == name {
			return i
		}
	}
	panic("world: no column " + name)
}

func (r *row) fail(name, format string, args ...any) {
	i := r.col(name)
	r.probs.add(&FieldError{File: r.file, Line: r.line, Column: r.columns[i], Field: name, Rule: fmt.Sprintf(format, args...)})
}

// str returns the trimmed text of a field.
func (r *row) str(name string) string { return strings.TrimSpace(r.fields[r.col(name)]) }

// required returns a field that must not be empty.
func (r *row) required(name string) string {
	s := r.str(name)
	if s == "" {
		r.fail(name, "must not be empty")
	}
	return s
}

// number parses a required decimal number.
func (r *row) number(name string) float64 {
	s := r.str(name)
	if s == "" {
		r.fail(name, "must not be empty")
		return 0
	}
	if !plainDecimal(s) {
		r.fail(name, "must be a plain decimal number such as 1250 or -0.35 (no exponent, hex, underscores or separators), got %q", s)
		return 0
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || isNaNOrInf(v) {
		r.fail(name, "must be a decimal number, got %q", s)
		return 0
	}
	return v
}

// plainDecimal reports whether s is an optional sign, digits and at most one point with
// a digit on at least one side: what the data format documents. strconv.ParseFloat alone
// also takes 0x1p10, 5_000, 1e3, Inf and NaN.
func plainDecimal(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	digits, point := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !point:
			point = true
		default:
			return false
		}
	}
	return digits > 0
}

// within parses a number that must lie in [lo, hi].
func (r *row) within(name string, lo, hi float64) float64 {
	v := r.number(name)
	if v < lo || v > hi {
		r.fail(name, "must be within [%g, %g], got %g", lo, hi, v)
	}
	return v
}

// optWithin is within for an optional field; empty gives NaN.
func (r *row) optWithin(name string, lo, hi float64) float64 {
	if r.str(name) == "" {
		return nan
	}
	return r.within(name, lo, hi)
}

// year parses a four-digit year in a plausible range.
func (r *row) year(name string) int {
	s := r.str(name)
	y, err := strconv.Atoi(s)
	if err != nil || y < 1900 || y > 2100 {
		r.fail(name, "must be a year between 1900 and 2100, got %q", s)
	}
	return y
}

// oneOf checks a field against a vocabulary.
func (r *row) oneOf(name string, allowed ...string) string {
	s := r.str(name)
	for _, a := range allowed {
		if s == a {
			return s
		}
	}
	r.fail(name, "must be one of %s, got %q", strings.Join(allowed, ", "), s)
	return s
}

// list splits a ;-separated field into trimmed non-empty items.
func (r *row) list(name string) []string {
	var out []string
	for _, s := range strings.Split(r.str(name), ";") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// readTable parses a CSV table whose header must equal columns exactly. Lines starting
// with '#' are comments. Each data row is passed to fn; problems go to probs.
func readTable(file string, data []byte, columns []string, probs *problems, fn func(*row)) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:invalidUTF8At(data)], []byte("\n"))
		probs.add(&FieldError{File: file, Line: line, Rule: "not valid UTF-8 (save the file as UTF-8)"})
		return
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		probs.add(&FieldError{File: file, Line: 1, Rule: "missing header line: " + strings.Join(columns, ",")})
		return
	}
	if err != nil {
		probs.add(csvError(file, err))
		return
	}
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	if !equalStrings(header, columns) {
		line, _ := cr.FieldPos(0)
		probs.add(&FieldError{File: file, Line: line, Rule: fmt.Sprintf("header must be %q, got %q", strings.Join(columns, ","), strings.Join(header, ","))})
		return
	}
	for {
		fields, err := cr.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			probs.add(csvError(file, err))
			return
		}
		line, _ := cr.FieldPos(0)
		if len(fields) != len(columns) {
			probs.add(&FieldError{File: file, Line: line, Rule: fmt.Sprintf("has %d fields, header has %d", len(fields), len(columns))})
			continue
		}
		cols := make([]int, len(fields))
		for i := range fields {
			_, cols[i] = cr.FieldPos(i)
		}
		fn(&row{file: file, line: line, header: columns, fields: fields, columns: cols, probs: probs})
	}
}

// invalidUTF8At returns the offset of the first byte of data that is not valid UTF-8.
func invalidUTF8At(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(data)
}

func csvError(file string, err error) *FieldError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &FieldError{File: file, Line: pe.Line, Column: pe.Column, Field: "csv", Rule: pe.Err.Error()}
	}
	return &FieldError{File: file, Rule: err.Error()}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
