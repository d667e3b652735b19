package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"

	"github.com/critmin/critmin/internal/report"
	"github.com/critmin/critmin/internal/risk"
	"github.com/critmin/critmin/internal/world"
)

// templateFS holds the page templates; layout.html wraps every other one.
//
//go:embed templates/*.html
var templateFS embed.FS

// staticFS holds the style sheet and the scripts.
//
//go:embed static/*
var staticFS embed.FS

// page is what the layout renders around a page's content.
type page struct {
	Title string
	// Nav names the navigation entry to mark as current: world, importers, scenarios, runs,
	// plans or compare.
	Nav string
	// Scripts are the static scripts the page loads, by file name.
	Scripts []string
	// Refresh, when above zero, reloads the page after that many seconds for readers
	// without JavaScript (a run still in progress).
	Refresh     int
	ReadOnly    bool
	Version     string
	DataVersion string
	// Data is the page's own view, rendered by its "content" template.
	Data any
}

// pageSet is the parsed templates, one tree per page, each holding the layout.
type pageSet struct {
	byName map[string]*template.Template
}

// templateFuncs are the helpers the templates use; every one returns text that
// html/template still escapes.
func templateFuncs(a *assetSet) template.FuncMap {
	return template.FuncMap{
		"asset":    a.url,
		"pct":      report.Pct,
		"num":      report.Num,
		"plain":    plainAddresses,
		"mul":      func(a, b float64) float64 { return a * b },
		"reliance": relianceText,
	}
}

// addressSchemes drops the scheme of web addresses in free text, so that notes keep the
// address to copy but no page links out of a server that may have no network.
var addressSchemes = strings.NewReplacer("https://", "", "http://", "")

// plainAddresses returns s with the schemes of its web addresses removed.
func plainAddresses(s string) string { return addressSchemes.Replace(s) }

// relianceText formats the derived reliance on one exporter: ">" marks a lower bound.
func relianceText(s risk.SourceShare) string {
	if s.ReliancePct == nil {
		return "n/a"
	}
	v := report.Num(*s.ReliancePct, 1)
	if s.RelianceBound == world.AtLeast {
		return ">" + v
	}
	return v
}

// parsePages parses the layout and, for each other file of templates/, a copy of the
// layout with that page's templates.
func parsePages(a *assetSet) (*pageSet, error) {
	base, err := template.New("layout.html").Funcs(templateFuncs(a)).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout template: %w", err)
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("list templates: %w", err)
	}
	ps := &pageSet{byName: map[string]*template.Template{}}
	for _, name := range names {
		file := path.Base(name)
		if file == "layout.html" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, name)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", file, err)
		}
		ps.byName[file] = t
	}
	return ps, nil
}

// mustParsePages is parsePages for templates that are part of the binary: a parse error is
// a programming error, which the template test catches.
func mustParsePages(a *assetSet) *pageSet {
	ps, err := parsePages(a)
	if err != nil {
		panic(err)
	}
	return ps
}

// execute renders page name with the layout.
func (ps *pageSet) execute(buf *bytes.Buffer, name string, p page) error {
	t, ok := ps.byName[name]
	if !ok {
		return fmt.Errorf("no page template %q", name)
	}
	if err := t.ExecuteTemplate(buf, "layout", p); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	return nil
}

// render writes page name with status, or a plain 500 when the template fails; the page is
// rendered into memory first so a failure never leaves half a page.
func (s *server) render(w http.ResponseWriter, status int, name string, p page) {
	p.Version, p.ReadOnly = s.Version, s.ReadOnly
	if s.World != nil {
		p.DataVersion = s.World.Version
	}
	var buf bytes.Buffer
	if err := s.pages.execute(&buf, name, p); err != nil {
		slog.Error("web: render page", "page", name, "err", err)
		http.Error(w, "internal error: the page could not be rendered", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// errorView is the content of an error page.
type errorView struct {
	Status  int
	Heading string
	Message string
}

// fail renders an error page. Internal errors are logged with their cause and shown
// without it, since it may name files or queries.
func (s *server) fail(w http.ResponseWriter, r *http.Request, status int, msg string, err error) {
	if status >= 500 {
		slog.Error("web: request failed", "path", r.URL.Path, "err", err)
		msg = "Something went wrong on the server; the error is in its log."
	}
	s.render(w, status, "error.html", page{Title: http.StatusText(status), Data: errorView{
		Status: status, Heading: http.StatusText(status), Message: msg,
	}})
}

// notFound answers every path no page claims.
func (s *server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, http.StatusNotFound, "There is no page at this address.", nil)
}

// assetSet is the embedded static files with a content hash each, so pages can ask
// browsers to cache them for good and still get a new file after an upgrade.
type assetSet struct {
	files map[string]asset
}

type asset struct {
	body        []byte
	hash        string
	contentType string
}

// loadAssets reads the static files.
func loadAssets() (*assetSet, error) {
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		return nil, fmt.Errorf("list static files: %w", err)
	}
	a := &assetSet{files: map[string]asset{}}
	for _, e := range entries {
		body, err := fs.ReadFile(staticFS, "static/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("read static file %s: %w", e.Name(), err)
		}
		sum := sha256.Sum256(body)
		a.files[e.Name()] = asset{body: body, hash: hex.EncodeToString(sum[:6]), contentType: contentType(e.Name())}
	}
	return a, nil
}

// mustLoadAssets is loadAssets for files that are part of the binary.
func mustLoadAssets() *assetSet {
	a, err := loadAssets()
	if err != nil {
		panic(err)
	}
	return a
}

// contentType returns the media type of a static file by its extension.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	}
	return "application/octet-stream"
}

// url returns the address of a static file, with its hash as a cache key. An unknown name
// is a programming error and yields an address that answers 404.
func (a *assetSet) url(name string) string {
	f, ok := a.files[name]
	if !ok {
		return "/static/" + name
	}
	return "/static/" + name + "?h=" + f.hash
}

// serve answers GET /static/{file}. The name is only a key into the embedded files, never
// a path on disk.
func (a *assetSet) serve(w http.ResponseWriter, r *http.Request) {
	f, ok := a.files[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("ETag", `"`+f.hash+`"`)
	if r.URL.Query().Get("h") == f.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	if strings.Contains(r.Header.Get("If-None-Match"), `"`+f.hash+`"`) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	_, _ = w.Write(f.body)
}
