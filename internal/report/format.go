package report

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Format is an output format chosen on the command line or in a request.
type Format int

// The output formats.
const (
	Text Format = iota
	JSON
	CSV
)

// Output is a result that can be shown as tables and as JSON.
type Output struct {
	// Value is what --json prints.
	Value any
	// Lead is the verdict in words the text format prints before the tables, one
	// paragraph per item.
	Lead []string
	// Tables are what the text and CSV formats print, in order. CSV output separates
	// several tables by a blank line.
	Tables []*Table
}

// Write renders out in the format f.
func Write(w io.Writer, f Format, out Output) error {
	switch f {
	case JSON:
		return WriteJSON(w, out.Value)
	case CSV:
		for i, t := range out.Tables {
			if i > 0 {
				if _, err := io.WriteString(w, "\n"); err != nil {
					return err
				}
			}
			if err := t.WriteCSV(w); err != nil {
				return err
			}
		}
		return nil
	case Text:
		for _, p := range out.Lead {
			if _, err := io.WriteString(w, capitalized(p)+"\n"); err != nil {
				return err
			}
		}
		if len(out.Lead) > 0 && len(out.Tables) > 0 {
			if _, err := io.WriteString(w, "\n"); err != nil {
				return err
			}
		}
		for i, t := range out.Tables {
			if i > 0 {
				if _, err := io.WriteString(w, "\n"); err != nil {
					return err
				}
			}
			if err := t.WriteText(w); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("report: unknown format %d", f)
}

// capitalized returns a paragraph with its first letter in upper case: a sentence that
// opens with a name such as "the EU" must still read as one.
func capitalized(p string) string {
	r, n := utf8.DecodeRuneInString(p)
	if n == 0 || !unicode.IsLower(r) {
		return p
	}
	// A paragraph that opens with a field path (controls[ann18-usa].licensing) or an id
	// (ndfeb/magnet) keeps it as written.
	word, _, _ := strings.Cut(p, " ")
	if strings.ContainsAny(word, "[]./_:") {
		return p
	}
	return string(unicode.ToUpper(r)) + p[n:]
}

// uncapitalized returns a sentence with its first letter in lower case, to follow a
// lead-in ("Under both, capacity outside ..."), unless its first word is a name or code
// written in capitals (USA, CHN, NdFeB).
func uncapitalized(p string) string {
	word, _, _ := strings.Cut(p, " ")
	r, n := utf8.DecodeRuneInString(word)
	if n == 0 || !unicode.IsUpper(r) {
		return p
	}
	for _, c := range word[n:] {
		if unicode.IsUpper(c) || unicode.IsDigit(c) {
			return p // an acronym or code
		}
	}
	return string(unicode.ToLower(r)) + p[n:]
}
