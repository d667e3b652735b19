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
// opens with a name such as "the EU" must still read as one, inside the paragraph too
// (a trial read "(715.8 t that month). the EU's last short month is 2028-10.").
func capitalized(p string) string {
	p = namesOpeningSentences(p)
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

// uncapitalizedUnless is uncapitalized, except that a sentence opening with one of names
// (countries' display names, such as "United States") is left as written.
func uncapitalizedUnless(p string, names []string) string {
	for _, n := range names {
		if n != "" && strings.HasPrefix(p, n) {
			return p
		}
	}
	return uncapitalized(p)
}

// namesOpeningSentences writes in upper case the first letter of a region name written in
// lower case ("the EU", "the rest of the world") where it opens a sentence inside a
// paragraph: after ". ", "? " or "! ", but not after an abbreviation ("e.g. the EU").
func namesOpeningSentences(p string) string {
	for _, name := range regionNames {
		r, n := utf8.DecodeRuneInString(name)
		if n == 0 || !unicode.IsLower(r) || !strings.Contains(p, name) {
			continue
		}
		upper := string(unicode.ToUpper(r)) + name[n:]
		var b strings.Builder
		rest := p
		for {
			i := strings.Index(rest, name)
			if i < 0 {
				b.WriteString(rest)
				break
			}
			before := p[:len(p)-len(rest)+i]
			b.WriteString(rest[:i])
			if opensSentence(before) {
				b.WriteString(upper)
			} else {
				b.WriteString(name)
			}
			rest = rest[i+len(name):]
		}
		p = b.String()
	}
	return p
}

// opensSentence reports whether text that follows before starts a sentence: before ends
// with a full stop, question or exclamation mark and a space, and the word ending there
// is not an abbreviation.
func opensSentence(before string) bool {
	t, ok := strings.CutSuffix(before, " ")
	if !ok || t == "" {
		return false
	}
	switch t[len(t)-1] {
	case '?', '!':
		return true
	case '.':
	default:
		return false
	}
	word := t[strings.LastIndexAny(t, " (")+1:]
	switch strings.ToLower(word) {
	case "e.g.", "i.e.", "cf.", "vs.", "etc.", "approx.":
		return false
	}
	return true
}
