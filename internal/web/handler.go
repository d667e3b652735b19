package web

import (
	"context"
	"net/http"

	"github.com/critmin/critmin/internal/report"
	"github.com/critmin/critmin/internal/runner"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/store"
	"github.com/critmin/critmin/internal/world"
)

// Deps is what the dashboard reads from and submits to.
type Deps struct {
	// World is the dataset the world pages describe.
	World *world.Dataset
	// Store holds the stored scenarios, runs and results.
	Store store.Store
	// Runner lists and checks scenarios as runs will see them (the built-ins, the
	// environment files are checked against); the pages submit runs through the JSON API.
	Runner *runner.Runner
	// ReadOnly disables saving scenarios and starting runs, with an explanation on the page.
	ReadOnly bool
	// Version is the program version shown in the footer.
	Version string
	// Reports keeps the rendered reports and comparisons of done runs; the JSON API
	// may share it (default: a cache of its own of 64 MiB).
	Reports *report.Cache
}

// server holds what every page handler needs.
type server struct {
	Deps
	pages  *pageSet
	assets *assetSet
}

// Handler returns the dashboard. It is meant to be mounted at "/" next to the JSON API
// under /api/v1, which its scripts call for validation, saving, running and progress.
func Handler(d Deps) http.Handler {
	assets := mustLoadAssets()
	if d.Reports == nil {
		d.Reports = report.NewCache(64 << 20)
	}
	s := &server{Deps: d, pages: mustParsePages(assets), assets: assets}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.overview)
	mux.HandleFunc("GET /commodities/{id}", s.commodity)
	mux.HandleFunc("GET /importers", s.importerList)
	mux.HandleFunc("GET /importers/{id}", s.importerPage)
	mux.HandleFunc("GET /scenarios", s.scenarioLibrary)
	mux.HandleFunc("GET /scenarios/new", s.scenarioNew)
	mux.HandleFunc("GET /scenarios/{name}/edit", s.scenarioEdit)
	mux.HandleFunc("POST /scenarios/check", s.scenarioCheck)
	mux.HandleFunc("GET /runs", s.runList)
	mux.HandleFunc("GET /runs/{id}", s.runPage)
	mux.HandleFunc("GET /runs/{id}/report", s.runReport)
	mux.HandleFunc("GET /plans", s.planList)
	mux.HandleFunc("GET /plans/{id}", s.planPage)
	mux.HandleFunc("GET /compare", s.comparePage)
	mux.HandleFunc("GET /compare/report", s.compareReport)
	mux.HandleFunc("GET /static/{file}", s.assets.serve)
	mux.HandleFunc("/", s.notFound)
	return securityHeaders(mux)
}

// pageCSP is the content security policy of the dashboard's own pages: everything comes
// from this server, scripts only from files (no inline script), and the pages may only be
// framed by themselves.
const pageCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'; object-src 'none'"

// reportCSP is the policy of the embedded reports, which carry their own inline <style>
// and no script at all.
const reportCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"

// securityHeaders sets the headers every response carries; a handler may tighten the CSP.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", pageCSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "SAMEORIGIN")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// countryName names a country of the world data by its ISO3 code; without world data the
// code stands for itself.
func (s *server) countryName(iso3 string) string {
	if s.World == nil {
		return iso3
	}
	return s.World.CountryName(iso3)
}

// pointCaveats are report.PointCaveats of the scenario a run ran, with that scenario;
// none when the scenario cannot be found as it ran (the world data or the scenario
// changed since).
func (s *server) pointCaveats(ctx context.Context, run store.Run) ([]string, *scenario.Scenario) {
	if s.Runner == nil {
		return nil, nil
	}
	sc, err := s.Runner.Scenario(ctx, run)
	if err != nil {
		return nil, nil
	}
	return report.PointCaveats(sc), sc
}
