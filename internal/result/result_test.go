package result_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/world"
)

// testdata/run-v1-unstamped.json is what the server stored for a run before results
// carried a schema version: json.Marshal of the engine's sim.Result for
// apr2025-licensing cut to 2025-01..2025-06, written by the program at commit 06ca5a1.
// It is never regenerated: it stands for the documents already in stores.
const v1Fixture = "testdata/run-v1-unstamped.json"

// TestDecodeUnstampedV1 reads a result stored before the schema version existed, and
// checks that nothing of it is lost: re-encoded without the stamp it is the same bytes.
func TestDecodeUnstampedV1(t *testing.T) {
	doc, err := os.ReadFile(v1Fixture)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := result.VersionOf(doc); err != nil || v != 1 {
		t.Fatalf("VersionOf = %d, %v; want 1", v, err)
	}
	r, err := result.Decode(doc)
	if err != nil {
		t.Fatal(err)
	}
	if r.SchemaVersion != result.Version || r.Scenario != "apr2025-licensing" || r.Start != result.MonthOf(2025, 1) || r.Months != 6 {
		t.Errorf("decoded version %d, scenario %q, start %s, %d months; want %d, apr2025-licensing, 2025-01, 6",
			r.SchemaVersion, r.Scenario, r.Start, r.Months, result.Version)
	}
	if len(r.Demand) != 6 || len(r.Summary.Road) == 0 || len(r.Summary.EndItemsLostLow) == 0 {
		t.Errorf("decoded %d months of demand, %d road stages, %d end items; want 6 and some", len(r.Demand), len(r.Summary.Road), len(r.Summary.EndItemsLostLow))
	}
	again, err := result.Encode(r)
	if err != nil {
		t.Fatal(err)
	}
	if want := []byte(`{"schema_version":1,`); !bytes.HasPrefix(again, want) {
		t.Fatalf("Encode starts %.40q, want %q", again, want)
	}
	if got := append([]byte("{"), again[len(`{"schema_version":1,`):]...); !bytes.Equal(got, doc) {
		t.Error("the fixture re-encoded without its stamp differs from the fixture: the reader loses or alters fields")
	}
	up, err := result.Upgrade(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(up, again) {
		t.Error("Upgrade of the fixture differs from Encode(Decode(fixture))")
	}
}

// TestFromSimKeepsEveryField checks, on every built-in scenario, that the contract holds
// exactly what the engine computed: FromSim's document is the engine's JSON with the
// stamp, and it does not share the engine's buffers.
func TestFromSimKeepsEveryField(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	all, err := scenario.Builtins()
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range all {
		t.Run(sc.Name, func(t *testing.T) {
			if testing.Short() && sc.Name != "apr2025-licensing" {
				t.Skip("short: one scenario")
			}
			_, res, err := compile.Run(ds, sc, compile.RunOptions{})
			if err != nil {
				t.Fatal(err)
			}
			engine, err := json.Marshal(res)
			if err != nil {
				t.Fatal(err)
			}
			run := result.FromSim(res)
			doc, err := result.Encode(run)
			if err != nil {
				t.Fatal(err)
			}
			if got := append([]byte("{"), doc[len(`{"schema_version":1,`):]...); !bytes.Equal(got, engine) {
				t.Fatal("FromSim's document differs from the engine's result beyond the schema version")
			}
			res.Demand[0][0]++
			res.CountryProduction[0][0][0]++
			if run.Demand[0][0] == res.Demand[0][0] || run.CountryProduction[0][0][0] == res.CountryProduction[0][0][0] {
				t.Error("the Run shares series with the engine's result")
			}
		})
	}
}

func TestUpgrade(t *testing.T) {
	tests := []struct {
		name, doc, want, err string
	}{
		{"unstamped", `{"scenario":"x"}`, `{"schema_version":1,"scenario":"x"}`, ""},
		{"unstamped with space", " { \"scenario\":\"x\"} ", `{"schema_version":1,"scenario":"x"}`, ""},
		{"empty object", `{}`, `{"schema_version":1}`, ""},
		{"current", `{"schema_version":1,"scenario":"x"}`, `{"schema_version":1,"scenario":"x"}`, ""},
		{"current elsewhere", `{"scenario":"x","schema_version":1}`, `{"scenario":"x","schema_version":1}`, ""},
		{"newer", `{"schema_version":2,"scenario":"x"}`, "", "result schema version 2 (this program reads 1 to 1)"},
		{"zero", `{"schema_version":0}`, "", "result schema version 0"},
		{"null", `null`, "", "not a JSON object"},
		{"array", `[1]`, "", "read result schema version"},
		{"bad json", `{"scenario":`, "", "read result schema version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := result.Upgrade([]byte(tt.doc))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Upgrade(%s) = %s, %v; want error containing %q", tt.doc, got, err, tt.err)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Fatalf("Upgrade(%s) = %s, %v; want %s", tt.doc, got, err, tt.want)
			}
		})
	}
	if _, err := result.Decode([]byte(`{"schema_version":7}`)); !errors.Is(err, result.ErrVersion) {
		t.Errorf("Decode of version 7: %v, want ErrVersion", err)
	}
}

func TestMonthText(t *testing.T) {
	var m result.Month
	if err := m.UnmarshalText([]byte("2031-07")); err != nil || m != result.MonthOf(2031, 7) || m.String() != "2031-07" {
		t.Errorf("2031-07 reads as %s, %v", m, err)
	}
	for _, bad := range []string{"2031-13", "2031-7", "31-07", "2031-07x", ""} {
		if err := m.UnmarshalText([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// FuzzDecode checks that any stored bytes give a Run or an error, never a panic, and that
// a Run read re-encodes to a document that reads back the same.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{}`, `{"schema_version":1,"start":"2025-01","months":1}`, `{"summary":{"road":[{"month":"2030-02"}]}}`, ` {} `, `null`, `{"schema_version":2}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		r, err := result.Decode(doc)
		if err != nil {
			return
		}
		b, err := result.Encode(r)
		if err != nil {
			t.Fatalf("encode of a decoded run: %v", err)
		}
		r2, err := result.Decode(b)
		if err != nil {
			t.Fatalf("re-read of %s: %v", b, err)
		}
		if !reflect.DeepEqual(r, r2) {
			t.Fatalf("re-read differs:\n%+v\n%+v", r, r2)
		}
	})
}
