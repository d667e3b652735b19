package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/result"
)

func TestRunHTMLGolden(t *testing.T) {
	var b bytes.Buffer
	opts := HTMLOptions{Generator: "critmin test", Provenance: []Fact{{"Scenario file", "scenarios/ndpr-embargo.yaml"}}}
	if err := WriteRunHTML(&b, testRun(1), opts); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "run.html.golden", b.Bytes())
	if *update {
		// A copy to open in a browser when refreshing the golden file.
		_ = os.WriteFile(os.TempDir()+"/critmin-report.html", b.Bytes(), 0o644)
	}
}

func TestCompareHTMLGolden(t *testing.T) {
	var b bytes.Buffer
	base := testRun(0)
	base.Scenario, base.Title = "baseline", "No disruption"
	if err := WriteCompareHTML(&b, base, testRun(1), HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "compare.html.golden", b.Bytes())
	if *update {
		_ = os.WriteFile(os.TempDir()+"/critmin-compare.html", b.Bytes(), 0o644)
	}
}

// reports renders every kind of HTML report of the test runs, with r's title as given.
func reports(t *testing.T, r *result.Run) map[string]string {
	t.Helper()
	out := map[string]string{}
	var b bytes.Buffer
	if err := WriteRunHTML(&b, r, HTMLOptions{Generator: "critmin test", Generated: "2026-01-02 03:04 UTC"}); err != nil {
		t.Fatal(err)
	}
	out["run"] = b.String()
	b.Reset()
	if err := WriteCompareHTML(&b, testRun(0), r, HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	out["compare"] = b.String()
	return out
}

func TestHTMLIsOffline(t *testing.T) {
	for name, doc := range reports(t, testRun(1)) {
		for _, bad := range []string{"http://", "https://", "//cdn", "<link", "src=", "@import", "url("} {
			if strings.Contains(doc, bad) {
				t.Errorf("%s report contains %q; it must load nothing", name, bad)
			}
		}
	}
}

// TestHTMLWellFormed parses each report strictly as XML, which catches unclosed or
// misnested elements, and checks every chart has a title and description it names.
func TestHTMLWellFormed(t *testing.T) {
	for name, doc := range reports(t, testRun(1)) {
		t.Run(name, func(t *testing.T) { checkWellFormed(t, doc) })
	}
}

// checkWellFormed checks doc is well-formed XML with unique ids, that every <svg> has a
// <title> and a <desc>, and that it shows no NaN or Inf.
func checkWellFormed(t *testing.T, doc string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = true
	var stack []string
	ids := map[string]bool{}
	svgs, titles, descs := 0, 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tok.Name.Local)
			for _, a := range tok.Attr {
				if a.Name.Local == "id" {
					if ids[a.Value] {
						t.Errorf("duplicate id %q", a.Value)
					}
					ids[a.Value] = true
				}
			}
			parent := ""
			if len(stack) > 1 {
				parent = stack[len(stack)-2]
			}
			switch {
			case tok.Name.Local == "svg":
				svgs++
			case tok.Name.Local == "title" && parent == "svg":
				titles++
			case tok.Name.Local == "desc" && parent == "svg":
				descs++
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) != 0 {
		t.Errorf("unclosed elements %v", stack)
	}
	if svgs == 0 || titles != svgs || descs != svgs {
		t.Errorf("%d charts, %d titles, %d descriptions", svgs, titles, descs)
	}
	for _, need := range []string{`<html lang="en">`, "<caption>", `<nav aria-label="Sections">`, "<h2 "} {
		if !strings.Contains(doc, need) {
			t.Errorf("report lacks %q", need)
		}
	}
	if strings.Contains(doc, "NaN") || strings.Contains(doc, "Inf") {
		t.Error("report shows NaN or Inf")
	}
}

func TestHTMLEscapesTitle(t *testing.T) {
	r := testRun(1)
	r.Title = `</title><script>alert("x")</script>`
	r.Products[0].ID = `ndpr/<b>oxide</b>`
	r.EndItems[0].Name = `F-35 & "friends"`
	for name, doc := range reports(t, r) {
		if strings.Contains(doc, "<script") || strings.Contains(doc, "<b>") {
			t.Errorf("%s report has unescaped markup from the Result", name)
		}
		if !strings.Contains(doc, "&lt;script&gt;") {
			t.Errorf("%s report lost the escaped title", name)
		}
	}
}
