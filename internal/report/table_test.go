package report

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

func TestNum(t *testing.T) {
	tests := []struct {
		v    float64
		prec int
		want string
	}{
		{1.5, 3, "1.5"}, {2, 2, "2"}, {0.12345, 3, "0.123"}, {-0.0001, 2, "0"}, {math.NaN(), 2, ""}, {270000, 0, "270000"},
	}
	for _, tt := range tests {
		if got := Num(tt.v, tt.prec); got != tt.want {
			t.Errorf("Num(%v, %d) = %q, want %q", tt.v, tt.prec, got, tt.want)
		}
	}
}

func TestTableText(t *testing.T) {
	tb := &Table{Title: "T", Columns: []Column{{Name: "country"}, {Name: "share", Unit: "%", Right: true}, {Name: "source"}}}
	tb.Add("China", "69.2", "usgs")
	tb.Add("Myanmar (Burma)", "6.9", "usgs")
	tb.Notes = []string{"shares of world mine production"}
	var b bytes.Buffer
	if err := tb.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	want := "T\n" +
		"country          share (%)  source\n" +
		"---------------  ---------  ------\n" +
		"China                 69.2  usgs\n" +
		"Myanmar (Burma)        6.9  usgs\n" +
		"note: shares of world mine production\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	if err := tb.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	if want := "country,share_pct,source\nChina,69.2,usgs\nMyanmar (Burma),6.9,usgs\n"; b.String() != want {
		t.Errorf("csv got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestAddPanicsOnWrongWidth(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	(&Table{Columns: []Column{{Name: "a"}}}).Add("1", "2")
}

// TestCapitalized: a paragraph opens with a capital unless it opens with a field path or
// an id, which keep their case.
func TestCapitalized(t *testing.T) {
	for in, want := range map[string]string{
		"the EU runs short.":                      "The EU runs short.",
		"USA is never short.":                     "USA is never short.",
		"controls[ann18-usa].licensing.approval:": "controls[ann18-usa].licensing.approval:",
		"ndfeb/magnet is short":                   "ndfeb/magnet is short",
		"":                                        "",
		// Trial 9: a sentence inside the paragraph opening with the EU.
		"(715.8 t that month). the EU's last short month is 2028-10.": "(715.8 t that month). The EU's last short month is 2028-10.",
		"Is it short? the rest of the world is not.":                  "Is it short? The rest of the world is not.",
		"a plant in a member state, e.g. the EU's node; for the EU":   "A plant in a member state, e.g. the EU's node; for the EU",
		"USA ships to the EU. the EU ships to the EU.":                "USA ships to the EU. The EU ships to the EU.",
	} {
		if got := capitalized(in); got != want {
			t.Errorf("capitalized(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestUncapitalized: a sentence after a lead-in loses its capital unless its first word
// is an acronym or a code.
func TestUncapitalized(t *testing.T) {
	for in, want := range map[string]string{
		"Capacity outside CHN covers it.": "capacity outside CHN covers it.",
		"USA is short.":                   "USA is short.",
		"NdFeB magnet is short.":          "NdFeB magnet is short.",
		"independence of USA":             "independence of USA",
	} {
		if got := uncapitalized(in); got != want {
			t.Errorf("uncapitalized(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLastShortSentenceOpensWithACapital: the sentence that follows the worst month
// starts with a capital for the EU, whose name is written "the EU" (trial 9).
func TestLastShortSentenceOpensWithACapital(t *testing.T) {
	for _, c := range []struct {
		imp, want string
	}{
		{"the EU", " The EU's last short month is "},
		{"USA", " USA's last short month is "},
	} {
		r := testRun(1)
		if got := lastShortSentence(c.imp, r); !strings.HasPrefix(got, c.want) {
			t.Errorf("lastShortSentence(%q) = %q, want prefix %q", c.imp, got, c.want)
		}
	}
}
