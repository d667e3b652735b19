package api

import (
	"github.com/critmin/critmin/internal/risk"
	"net/http/httptest"
	"testing"
)

func benchmarkGet(b *testing.B, path string, header ...string) {
	ts := newTestServer(b, serverConfig{noWorkers: true})
	ts.do(b, "GET", path, "", header...) // fill the cache
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest("GET", path, nil)
			for i := 0; i+1 < len(header); i += 2 {
				req.Header.Set(header[i], header[i+1])
			}
			rec := httptest.NewRecorder()
			ts.h.ServeHTTP(rec, req)
			if rec.Code != 200 {
				b.Fatalf("status %d", rec.Code)
			}
		}
	})
}

// BenchmarkGetCommodities measures GET /commodities through the handler (no network).
func BenchmarkGetCommodities(b *testing.B) { benchmarkGet(b, "/api/v1/commodities") }

// BenchmarkGetRiskOverview measures the US risk overview, the largest cached response,
// sent compressed as browsers ask for it.
func BenchmarkGetRiskOverview(b *testing.B) {
	benchmarkGet(b, "/api/v1/risk?importer=USA", "Accept-Encoding", "gzip")
}

// BenchmarkGetRiskOverviewUncached measures computing the overview, as on a cache miss.
func BenchmarkGetRiskOverviewUncached(b *testing.B) {
	ts := newTestServer(b, serverConfig{noWorkers: true})
	q, err := ts.riskQuery(httptest.NewRequest("GET", "/api/v1/risk?importer=USA", nil))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := risk.Compute(ts.ds, q.lens, q.Query); err != nil {
			b.Fatal(err)
		}
	}
}
