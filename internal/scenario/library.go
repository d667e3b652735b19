package scenario

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
)

// Library is a directory of scenario files, each named after its scenario
// (baseline-2025.yaml holds name: baseline-2025), that scenarios may extend. Files are
// parsed on first use and kept; a Library is safe for concurrent use.
type Library struct {
	fsys    fs.FS
	dir     string // shown in file names of messages
	env     Env
	mu      sync.Mutex
	done    map[string]libEntry
	loading []string // names being parsed, outermost first, to detect cycles
	// cycle is the cycle met while loading, which files inside it report instead of
	// their own nested messages.
	cycle *extendsError
}

type libEntry struct {
	sc  *Scenario
	err error
}

// NewLibrary returns a library of the *.yaml files at the root of fsys, naming them
// dir/FILE in messages. Scenarios are checked against env.World and env.Products; env.Base
// is ignored, since files extend scenarios of the same library.
func NewLibrary(fsys fs.FS, dir string, env Env) *Library {
	env.Base = nil
	return &Library{fsys: fsys, dir: dir, env: env, done: map[string]libEntry{}}
}

// Names returns the names of the library's scenarios (its file names without .yaml),
// sorted.
func (l *Library) Names() ([]string, error) {
	files, err := fs.Glob(l.fsys, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list scenarios in %s: %w", l.dir, err)
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = strings.TrimSuffix(f, ".yaml")
	}
	slices.Sort(names)
	return names, nil
}

// Scenario returns the named scenario as written (see Resolve for the complete one). It
// suits Env.Base. An unknown name is an error wrapping ErrNotFound.
func (l *Library) Scenario(name string) (*Scenario, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.load(name)
}

// All returns every scenario of the library, sorted by name, or the problems of every
// invalid file.
func (l *Library) All() ([]*Scenario, error) {
	names, err := l.Names()
	if err != nil {
		return nil, err
	}
	var out []*Scenario
	var errs []error
	for _, n := range names {
		sc, err := l.Scenario(n)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, sc)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// load parses a file once; l.mu is held.
func (l *Library) load(name string) (*Scenario, error) {
	if e, ok := l.done[name]; ok {
		return e.sc, e.err
	}
	if slices.Contains(l.loading, name) {
		l.cycle = &extendsError{reason: "cycle " + strings.Join(append(slices.Clone(l.loading), name), " -> ")}
		return nil, l.cycle
	}
	if !slugPattern.MatchString(name) {
		return nil, fmt.Errorf("scenario %q: %w", name, ErrNotFound)
	}
	file := name + ".yaml"
	data, err := fs.ReadFile(l.fsys, file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("scenario %q in %s: %w", name, l.dir, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read scenario %s: %w", name, err)
	}
	l.loading = append(l.loading, name)
	env := l.env
	env.Base = l.load
	sc, err := Parse(path.Join(l.dir, file), data, env)
	l.loading = l.loading[:len(l.loading)-1]
	if err != nil && l.cycle != nil {
		if len(l.loading) > 0 {
			err = l.cycle // the outermost file reports the cycle with its position
		} else {
			l.cycle = nil
		}
	}
	if err == nil && sc.Name != name {
		err = &ErrorList{Errors: []*Error{{File: path.Join(l.dir, file), Path: "name",
			Reason: fmt.Sprintf("must match the file name %q, got %q", name, sc.Name)}}}
		sc = nil
	}
	l.done[name] = libEntry{sc, err}
	return sc, err
}
