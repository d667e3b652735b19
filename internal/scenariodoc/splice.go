package scenariodoc

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// Section markers. A generated section of a Markdown file is the text between
//
//	<!-- begin generated NAME: ... -->
//	<!-- end generated NAME -->
//
// on lines of their own; HTML comments do not show when the Markdown is rendered.
const (
	beginPrefix = "<!-- begin generated "
	endPrefix   = "<!-- end generated "
	commentEnd  = " -->"
)

// Splice replaces the body of every generated section of doc with sections[NAME] and
// rewrites its begin marker to name the command (regenerate) that writes it. Every
// section of doc must have a body in sections and every body a section in doc, each
// once: a section lost in an edit is an error, not a silently stale table.
func Splice(doc []byte, sections map[string][]byte, regenerate string) ([]byte, error) {
	var out bytes.Buffer
	lines := strings.SplitAfter(string(doc), "\n")
	seen := map[string]bool{}
	open := ""
	for i, line := range lines {
		trimmed := strings.TrimRight(line, "\r\n")
		switch {
		case strings.HasPrefix(trimmed, beginPrefix):
			if open != "" {
				return nil, fmt.Errorf("line %d: section %q begins inside section %q", i+1, markerName(trimmed, beginPrefix), open)
			}
			open = markerName(trimmed, beginPrefix)
			body, ok := sections[open]
			if !ok {
				return nil, fmt.Errorf("line %d: no generator for section %q", i+1, open)
			}
			if seen[open] {
				return nil, fmt.Errorf("line %d: section %q appears twice", i+1, open)
			}
			seen[open] = true
			fmt.Fprintf(&out, "%s%s: do not edit, run '%s'%s\n", beginPrefix, open, regenerate, commentEnd)
			out.Write(body)
		case strings.HasPrefix(trimmed, endPrefix):
			name := markerName(trimmed, endPrefix)
			if name != open {
				return nil, fmt.Errorf("line %d: end of section %q outside it", i+1, name)
			}
			open = ""
			out.WriteString(line)
		case open == "":
			out.WriteString(line)
		}
	}
	if open != "" {
		return nil, fmt.Errorf("section %q has no end marker", open)
	}
	var missing []string
	for name := range sections {
		if !seen[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return nil, fmt.Errorf("no section %s in the document: add its markers", strings.Join(missing, ", "))
	}
	return out.Bytes(), nil
}

// markerName is the section name of a marker line: the word after the prefix, up to a
// colon or the comment's end.
func markerName(line, prefix string) string {
	name := strings.TrimSuffix(strings.TrimPrefix(line, prefix), commentEnd)
	if i := strings.IndexByte(name, ':'); i >= 0 {
		name = name[:i]
	}
	return strings.TrimSpace(name)
}
