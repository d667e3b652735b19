package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/sim"
)

func TestCompareSummaryGolden(t *testing.T) {
	base := testRun(0)
	base.Scenario, base.Title = "baseline", "No disruption"
	var b bytes.Buffer
	if err := Write(&b, Text, CompareSummary(base, testRun(1))); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "compare.txt.golden", b.Bytes())
}

func TestCompareSummaryJSON(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, JSON, CompareSummary(testRun(0), testRun(1))); err != nil {
		t.Fatal(err)
	}
	var got struct {
		A, B struct {
			Scenario string
			Summary  sim.Summary
		}
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.A.Summary.MonthsShort != 0 || got.B.Summary.MonthsShort != 17 {
		t.Errorf("months short: a %d, b %d", got.A.Summary.MonthsShort, got.B.Summary.MonthsShort)
	}
}

// TestCompareMismatchedRuns sets runs side by side that start in different months and do
// not share all products, end items and cost kinds.
func TestCompareMismatchedRuns(t *testing.T) {
	a, b := testRun(0), testRun(1)
	b.Start += 6
	b.Products[0].ID = "dy/metal"
	b.EndItems = b.EndItems[:1]
	b.CostByKind[3] = "tolling"
	var out bytes.Buffer
	if err := Write(&out, Text, CompareSummary(a, b)); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"dy/metal", "tolling", "offtake_premium", "ddg51"} {
		if !strings.Contains(text, want) {
			t.Errorf("comparison lacks %q", want)
		}
	}
	out.Reset()
	if err := WriteCompareHTML(&out, a, b); err != nil {
		t.Fatal(err)
	}
	checkWellFormed(t, out.String())
	if !strings.Contains(out.String(), "Monthly, 2025-01 to 2027-06") {
		t.Error("charts do not span both runs, 2025-01 to 2027-06")
	}
}
