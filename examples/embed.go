// Package examples holds the example files shipped with critmin, embedded so that the
// dashboard can offer them.
package examples

import (
	"embed"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed *.plan.yaml
var planFS embed.FS

// Plan is an example plan file.
type Plan struct {
	// Name is the file's name without ".plan.yaml", e.g. "heavy-re-road".
	Name string
	// File is the file's name, e.g. "heavy-re-road.plan.yaml".
	File string
	YAML []byte
}

// Plans returns the example plan files, by name.
func Plans() []Plan {
	names, _ := fs.Glob(planFS, "*.plan.yaml") // the pattern is valid
	sort.Strings(names)
	out := make([]Plan, 0, len(names))
	for _, n := range names {
		b, _ := planFS.ReadFile(n) // embedded: cannot fail
		out = append(out, Plan{Name: strings.TrimSuffix(path.Base(n), ".plan.yaml"), File: n, YAML: b})
	}
	return out
}
