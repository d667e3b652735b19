package sim

// BuildReusing is Build, but the model may take over the storage of old, a model the
// caller is done with, instead of allocating its own: the dense tables (sourcing weights,
// licensing rings), the series the model owns, the per-(product, country) tables and the
// sparse indexes, wherever their sizes fit. The model is the one Build would return,
// entry for entry; only its memory differs. Series shared through a SeriesCache are never
// reused.
//
// The caller promises that nobody uses old any more, whatever BuildReusing returns (it
// may have overwritten old's storage even when it reports an error): an Engine that ran
// old must be rebound (Engine.Use) or dropped before it runs again. Slices the accessors
// of old returned (Countries, Sectors, Products) are not reused and stay valid. A nil old
// is Build.
func (b *Builder) BuildReusing(old *Model) (*Model, error) {
	return b.build(harvest(old))
}

// spare is the storage of a model that a build may take over (BuildReusing). Every slice
// is either nil or old's, and each backs at most one table of the new model.
type spare struct {
	weights []float64
	// ringOf is -1 over its length; the rest of its capacity holds anything.
	ringOf []int
	own    []float64

	producerStock0, producerFrac0, userStock0, userFrac0, cover []float64
	stockpileOf, qualLag                                        []int
	hasDemand                                                   []bool

	wStart, wExporters, wQualFrom, wUpdStart, wUpd []int32
	activeIdx                                      []int

	procs    []proc
	demands  []demandEntry
	controls []control
	dests    [][]int // the controls' destinations, in order
}

// harvest takes the storage of old (nil: none) for a build to reuse. It restores old's
// licensing rings to -1, visiting only the links its licensing controls ring.
func harvest(old *Model) spare {
	if old == nil {
		return spare{}
	}
	s := spare{
		weights: old.weights, own: old.own,
		producerStock0: old.producerStock0, producerFrac0: old.producerFrac0,
		userStock0: old.userStock0, userFrac0: old.userFrac0, cover: old.cover,
		stockpileOf: old.stockpileOf, qualLag: old.qualLag, hasDemand: old.hasDemand,
		wStart: old.wStart, wExporters: old.wExporters, wQualFrom: old.wQualFrom,
		wUpdStart: old.wUpdStart, wUpd: old.wUpd, activeIdx: old.activeIdx,
		procs: old.procs, demands: old.demands, controls: old.controls,
	}
	if len(old.controls) > 0 {
		s.dests = make([][]int, len(old.controls))
		for j, k := range old.controls {
			s.dests[j] = k.dests
		}
	}
	// The rings: exactly the links controls rang, one ring each (compiler.controls).
	ring, nc, reset := old.ringOf, old.nc, 0
	for _, k := range old.controls {
		if k.kind != Licensing {
			continue
		}
		for _, b := range k.dests {
			for x := range nc {
				if (x == k.exporter || k.extra) && x != b {
					if l := (k.p*nc+b)*nc + x; l < len(ring) && ring[l] >= 0 {
						ring[l] = -1
						reset++
					}
				}
			}
		}
	}
	if reset != old.nRings {
		fill(ring, -1) // not the rings controls make: start afresh
	}
	s.ringOf = ring
	return s
}

// zeroed returns n zero elements, as make([]E, n) does, in s's storage when it fits.
func zeroed[E any](s []E, n int) []E {
	if s == nil || cap(s) < n {
		return make([]E, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// resized returns n elements of any value, in s's storage when it fits: callers set them
// all.
func resized[E any](s []E, n int) []E {
	if s == nil || cap(s) < n {
		return make([]E, n)
	}
	return s[:n]
}

// withCap returns an empty slice with room for n elements, as make([]E, 0, n) does, in s's
// storage when it fits (cleared, so that it keeps nothing alive).
func withCap[E any](s []E, n int) []E {
	if s == nil || cap(s) < n {
		return make([]E, 0, n)
	}
	clear(s[:cap(s)])
	return s[:0]
}

// grown returns an empty slice with room for n elements, as slices.Grow(nil, n) does
// (nil for n = 0), in s's storage when it fits (cleared).
func grown[E any](s []E, n int) []E {
	if n == 0 {
		return nil
	}
	return withCap(s, n)
}

// ringTable returns n links without a ring (-1), in s's storage when it fits: s is -1 over
// its length (harvest).
func ringTable(s []int, n int) []int {
	if s == nil || cap(s) < n {
		s = make([]int, n)
		fill(s, -1)
		return s
	}
	if done := len(s); n > done {
		s = s[:n]
		fill(s[done:], -1)
	}
	return s[:n]
}

// scratch is the storage a Builder keeps between builds for what compiling a model uses
// and the model does not keep: maps by name and temporary tables.
type scratch struct {
	country, sector, product map[string]int
	template                 map[string]int
	proc                     map[procKey]int
	ids                      map[string]bool
	procKeys                 map[procKey]uint8
	demandKeys               map[demandKey]bool
	byKey                    map[demandKey][]int

	procChanges, demandChanges, varies, explicit, declared, active, changed, dynamic []bool
	demandSeen                                                                       []bool
	prod0, need                                                                      []float64
	first, makerStart, makers, count, prank, size, producers                         []int
}

// cleared returns *m emptied, making it with room for hint entries the first time.
func cleared[K comparable, V any](m *map[K]V, hint int) map[K]V {
	if *m == nil {
		*m = make(map[K]V, hint)
	} else {
		clear(*m)
	}
	return *m
}

// zeroedIn returns n zero elements in *s's storage, growing *s when they do not fit.
func zeroedIn[E any](s *[]E, n int) []E {
	if cap(*s) < n {
		*s = make([]E, n)
	}
	z := (*s)[:n]
	clear(z)
	return z
}
