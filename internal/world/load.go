package world

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ErrInvalidData is wrapped by every load error caused by the content of a data file.
var ErrInvalidData = errors.New("invalid data")

// Layer is one set of data files: the embedded defaults or a user directory.
type Layer struct {
	Name string // shown in errors, e.g. "embedded" or the directory path
	FS   fs.FS
}

// DirLayer returns a layer reading the data files in dir. It fails if dir is not a
// readable directory or holds a .csv file critmin does not know, which is most often a
// misspelt name that would otherwise be ignored.
func DirLayer(dir string) (Layer, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return Layer{}, fmt.Errorf("read data directory: %w", err)
	}
	known := map[string]bool{}
	for _, f := range Files() {
		known[f] = true
	}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".csv") && !known[e.Name()] {
			return Layer{}, fmt.Errorf("%s: %w: unknown data file (want one of %s)",
				filepath.Join(dir, e.Name()), ErrInvalidData, strings.Join(Files(), ", "))
		}
	}
	return Layer{Name: dir, FS: os.DirFS(dir)}, nil
}

// Load reads the layers in order, later layers overriding rows of earlier ones that have
// the same key, validates the merged dataset and returns it. On any error it returns nil
// and an error listing every problem found (up to a bound), each naming file, line, column
// and rule; nothing partial is returned.
func Load(layers ...Layer) (*Dataset, error) {
	l := loader{hash: sha256.New(), userKeys: map[string]map[string]bool{}}
	ds := l.load(layers)
	if err := l.probs.err(); err != nil {
		return nil, fmt.Errorf("%w:\n%w", ErrInvalidData, err)
	}
	if l.ioErr != nil {
		return nil, l.ioErr
	}
	ds.Version = hex.EncodeToString(l.hash.Sum(nil))[:12]
	ds.userKeys = l.userKeys
	ds.index()
	return ds, nil
}

type loader struct {
	probs problems
	ioErr error
	hash  hash.Hash
	// userKeys records, per file, the keys of rows a layer other than the embedded one
	// supplied (added or overriding), so commands can say what a --data directory changed.
	userKeys map[string]map[string]bool
}

// read returns a layer's file, or nil when the layer does not have it.
func (l *loader) read(layer Layer, name string) (data []byte, display string) {
	display = name
	if layer.Name != embeddedLayerName {
		display = filepath.Join(layer.Name, name)
	}
	// Only regular files are read: a FIFO or a device named like a data file would
	// block the load or never end.
	info, err := fs.Stat(layer.FS, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, display
	}
	if err == nil && !info.Mode().IsRegular() {
		if l.ioErr == nil {
			l.ioErr = fmt.Errorf("read %s: %w: not a regular file (%s)", display, ErrInvalidData, info.Mode().Type())
		}
		return nil, display
	}
	data, err = fs.ReadFile(layer.FS, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, display
	}
	if err != nil && l.ioErr == nil {
		l.ioErr = fmt.Errorf("read %s: %w", display, err)
	}
	fmt.Fprintf(l.hash, "%s\x00%d\x00", name, len(data))
	l.hash.Write(data)
	return data, display
}

// table reads one file from every layer and merges the rows by key. Rows come out in key
// order; the embedded tables are written sorted, so the sort is usually a no-op.
func table[T interface {
	key() string
	origin() Origin
}](l *loader, layers []Layer, name string, parse func(*row) T) []T {
	var (
		at   map[string]int // key -> index in out
		out  []T
		keys []string
	)
	for _, layer := range layers {
		data, display := l.read(layer, name)
		if data == nil {
			continue
		}
		n := bytes.Count(data, []byte{'\n'}) // an upper bound on the rows, to size once
		if at == nil {
			at, out, keys = make(map[string]int, n), make([]T, 0, n), make([]string, 0, n)
		}
		seen := make(map[string]int, n)
		readTable(display, data, columns[name], &l.probs, func(r *row) {
			before := len(l.probs.errs) + l.probs.dropped
			v := parse(r)
			if len(l.probs.errs)+l.probs.dropped != before {
				return
			}
			k := v.key()
			if prev, dup := seen[k]; dup {
				l.probs.add(&FieldError{File: display, Line: r.line, Rule: fmt.Sprintf("duplicate key %s (first on line %d)", describeKey(k), prev)})
				return
			}
			seen[k] = r.line
			if i, ok := at[k]; ok {
				out[i] = v
			} else {
				at[k] = len(out)
				out = append(out, v)
				keys = append(keys, k)
			}
			if layer.Name != embeddedLayerName {
				if l.userKeys[name] == nil {
					l.userKeys[name] = map[string]bool{}
				}
				l.userKeys[name][k] = true
			}
		})
	}
	if !sort.StringsAreSorted(keys) {
		idx := make([]int, len(keys))
		for i := range idx {
			idx[i] = i
		}
		sort.Slice(idx, func(a, b int) bool { return keys[idx[a]] < keys[idx[b]] })
		sorted := make([]T, len(out))
		for i, j := range idx {
			sorted[i] = out[j]
		}
		out = sorted
	}
	if out == nil {
		out = []T{}
	}
	return out
}

func describeKey(k string) string { return "(" + strings.ReplaceAll(k, "|", ", ") + ")" }

func (l *loader) load(layers []Layer) *Dataset {
	ds := &Dataset{}
	ds.Sources = table(l, layers, fileSources, parseSource)
	ds.Countries = table(l, layers, fileCountries, parseCountry)
	ds.Commodities = table(l, layers, fileCommodities, parseCommodity)
	x := &refs{sources: map[string]Source{}, countries: newCountryResolver(ds.Countries), commodities: map[string]Commodity{},
		groups: regionNames(ds.Countries)}
	for _, s := range ds.Sources {
		x.sources[s.ID] = s
	}
	for _, c := range ds.Commodities {
		x.commodities[c.ID] = c
	}
	l.checkCountryAliases(ds.Countries)
	l.checkParents(ds.Commodities, x)
	ds.Figures = table(l, layers, fileFigures, func(r *row) Figure { return parseFigure(r, x) })
	ds.Trade = table(l, layers, fileTrade, func(r *row) TradeShare { return parseTrade(r, x) })
	ds.Reliance = table(l, layers, fileReliance, func(r *row) Reliance { return parseReliance(r, x) })
	ds.Prices = table(l, layers, filePrices, func(r *row) Price { return parsePrice(r, x) })
	ds.Governance = table(l, layers, fileGovernance, func(r *row) Governance { return parseGovernance(r, x) })
	ds.EUCRM = table(l, layers, fileEUCRM, func(r *row) EUCRMMaterial { return parseEUCRM(r, x) })
	ds.EUTradeParameters = table(l, layers, fileEUTradeParams, func(r *row) EUTradeParameter { return parseEUTradeParameter(r, x) })
	ds.ElementShares = table(l, layers, fileElements, func(r *row) ElementShare { return parseElementShare(r, x) })
	ds.PrincipalForms = table(l, layers, filePrincipal, func(r *row) PrincipalForm { return parsePrincipalForm(r, x) })
	l.loadSim(layers, ds, x)
	ds.countries = x.countries
	l.checkGroups(ds)
	return ds
}

// checkCountryAliases rejects an alias that two countries claim, which would make
// normalisation depend on load order.
func (l *loader) checkCountryAliases(cs []Country) {
	owner := map[string]Country{}
	for _, c := range cs {
		for _, name := range append([]string{c.ISO3, c.Name}, c.Aliases...) {
			f := foldName(name)
			if o, ok := owner[f]; ok && o.ISO3 != c.ISO3 {
				l.probs.add(&FieldError{File: c.Origin.File, Line: c.Origin.Line, Field: "aliases",
					Rule: fmt.Sprintf("name %q also names %s (%s)", name, o.ISO3, o.Origin)})
				continue
			}
			owner[f] = c
		}
	}
}

func (l *loader) checkParents(cs []Commodity, x *refs) {
	for _, c := range cs {
		if c.Parent == "" {
			continue
		}
		if _, ok := x.commodities[c.Parent]; !ok || c.Parent == c.ID {
			l.probs.add(&FieldError{File: c.Origin.File, Line: c.Origin.Line, Field: "parent", Rule: fmt.Sprintf("unknown parent commodity %q", c.Parent)})
		}
	}
}
