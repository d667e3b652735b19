package api

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// writeJSON writes v as compact JSON. Struct fields keep their order and map keys are
// sorted, so equal values give equal bytes.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = fmt.Appendf(nil, `{"error":{"code":"internal","message":%q}}`, "encode response: "+err.Error())
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// cached is a response body computed once: its bytes, their gzip form and its ETag,
// with the header values of its responses, made once too (net/http only reads them).
type cached struct {
	body        []byte
	gz          []byte
	etag        string
	contentType string

	// hdr holds the header values of its responses; nil fields are made per response.
	hdr cachedHeader
}

// cachedHeader holds the header values a cached response sends.
type cachedHeader struct {
	etag, contentType, length, gzLength []string
}

// headerValues returns the header values of c's responses.
func (c *cached) headerValues() cachedHeader {
	if c.hdr.etag != nil {
		return c.hdr
	}
	return cachedHeader{etag: []string{c.etag}, contentType: []string{c.contentType},
		length: []string{strconv.Itoa(len(c.body))}, gzLength: []string{strconv.Itoa(len(c.gz))}}
}

// newCached encodes v as JSON for caching.
func newCached(v any) (*cached, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode response: %w", err)
	}
	return newCachedBytes(append(b, '\n'), "application/json"), nil
}

// newCachedBytes keeps body with its gzip form when that is smaller.
func newCachedBytes(body []byte, contentType string) *cached {
	sum := sha256.Sum256(body)
	c := &cached{body: body, etag: `"` + hex.EncodeToString(sum[:12]) + `"`, contentType: contentType}
	if len(body) > 1024 {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // the level is valid
		zw.Write(body)
		zw.Close()
		if buf.Len() < len(body) {
			c.gz = buf.Bytes()
		}
	}
	c.hdr = c.headerValues()
	return c
}

// datasetMaxAge is how long clients may reuse a response that depends only on the world
// data, which does not change while the server runs; the ETag revalidates after.
const datasetMaxAge = "public, max-age=300"

// serve writes a cached response, answering a matching If-None-Match with 304 and
// sending the gzip form to clients that accept it.
func (c *cached) serve(w http.ResponseWriter, r *http.Request, cacheControl string) {
	// The keys are in canonical form and the values shared: setting the map saves the
	// canonicalisation and an allocation per header.
	h, v := w.Header(), c.headerValues()
	h["Etag"] = v.etag
	h["Cache-Control"] = headerValue(cacheControl)
	h["Vary"] = varyEncoding
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatches(match, c.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h["Content-Type"] = v.contentType
	body, length := c.body, v.length
	if c.gz != nil && acceptsGzip(r) {
		h["Content-Encoding"] = gzipEncoding
		body, length = c.gz, v.gzLength
	}
	h["Content-Length"] = length
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// Header values shared by every response that sends them.
var (
	varyEncoding  = []string{"Accept-Encoding"}
	gzipEncoding  = []string{"gzip"}
	cacheControls = map[string][]string{datasetMaxAge: {datasetMaxAge}, resultMaxAge: {resultMaxAge}}
)

// headerValue returns the shared value of a Cache-Control the API sends, or a new one.
func headerValue(v string) []string {
	if s, ok := cacheControls[v]; ok {
		return s
	}
	return []string{v}
}

func etagMatches(header, etag string) bool {
	for t := range strings.SplitSeq(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

func acceptsGzip(r *http.Request) bool {
	for part := range strings.SplitSeq(r.Header.Get("Accept-Encoding"), ",") {
		enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(enc) == "gzip" && strings.ReplaceAll(params, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// writeRaw writes a large body, compressed on the fly for clients that accept gzip.
func writeRaw(w http.ResponseWriter, r *http.Request, body []byte, contentType string) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Vary", "Accept-Encoding")
	if len(body) < 1024 || !acceptsGzip(r) {
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		w.Write(body)
		return
	}
	h.Set("Content-Encoding", "gzip")
	w.WriteHeader(http.StatusOK)
	zw, _ := gzip.NewWriterLevel(w, gzip.BestSpeed) // the level is valid
	zw.Write(body)
	zw.Close()
}
