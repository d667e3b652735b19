package risk

import (
	"testing"

	"github.com/critmin/critmin/internal/world"
)

// benchDataset returns the embedded dataset, skipping the benchmark while it does not load.
func benchDataset(b *testing.B) *world.Dataset {
	b.Helper()
	ds, err := world.Default()
	if err != nil {
		b.Skipf("embedded data does not load: %v", err)
	}
	return ds
}

// BenchmarkOverview runs every lens on every commodity for one importer.
func BenchmarkOverview(b *testing.B) {
	ds := benchDataset(b)
	b.ReportAllocs()
	for b.Loop() {
		Overview(ds, "USA", 0)
	}
	b.ReportMetric(float64(len(ds.Commodities)), "commodities")
}

// BenchmarkAllImporters runs Overview for every importer the dataset has.
func BenchmarkAllImporters(b *testing.B) {
	ds := benchDataset(b)
	importers := ds.Importers()
	if len(importers) == 0 {
		b.Skip("embedded data has no importers yet")
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, imp := range importers {
			Overview(ds, imp, 0)
		}
	}
	b.ReportMetric(float64(len(importers)), "importers")
}
