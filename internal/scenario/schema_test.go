package scenario

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestSchema(t *testing.T) {
	b := Schema()
	if !bytes.Equal(b, Schema()) {
		t.Fatal("Schema() differs between calls")
	}
	var s map[string]any
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	if s["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %v", s["$schema"])
	}
	props := s["properties"].(map[string]any)
	for _, key := range []string{"name", "title", "summary", "sources", "importer", "rival", "start", "end", "extends",
		"controls", "suspensions", "tariffs", "outages", "demand_growth", "projects", "emergency_powers", "stockpiles",
		"inventories", "offtakes", "recycling", "substitution", "price_floors", "priority", "parameters", "correlations"} {
		if _, ok := props[key]; !ok {
			t.Errorf("top-level key %q missing", key)
		}
	}
	if len(props) != 25 {
		t.Errorf("%d top-level keys, want 25", len(props))
	}
	if s["additionalProperties"] != false || !slices.Equal(s["required"].([]any), []any{"name"}) {
		t.Errorf("top level: additionalProperties %v, required %v", s["additionalProperties"], s["required"])
	}

	// Every reference resolves, and every object forbids unknown keys.
	defs := s["$defs"].(map[string]any)
	var walk func(v any, where string)
	walk = func(v any, where string) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				if _, ok := defs[strings.TrimPrefix(ref, "#/$defs/")]; !ok {
					t.Errorf("%s: dangling $ref %s", where, ref)
				}
			}
			if v["type"] == "object" && v["additionalProperties"] != false {
				t.Errorf("%s: object allows unknown keys", where)
			}
			for k, x := range v {
				walk(x, where+"/"+k)
			}
		case []any:
			for _, x := range v {
				walk(x, where)
			}
		}
	}
	walk(s, "#")

	forms := defs["distribution"].(map[string]any)["oneOf"].([]any)
	var names []string
	for _, f := range forms {
		names = append(names, f.(map[string]any)["title"].(string))
	}
	if strings.Join(names, ",") != "triangular,uniform,normal,lognormal,discrete" {
		t.Errorf("distribution forms %v", names)
	}
	golden(t, "testdata/schema.golden.json", b)
}

// TestSchemaRange: a fraction's plain-number form carries its range.
func TestSchemaRange(t *testing.T) {
	var s struct {
		Defs map[string]struct {
			Properties map[string]struct {
				OneOf []map[string]any `json:"oneOf"`
			} `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(Schema(), &s); err != nil {
		t.Fatal(err)
	}
	approval := s.Defs["licensingRule"].Properties["approval"].OneOf
	if len(approval) != 2 || approval[0]["minimum"] != 0.0 || approval[0]["maximum"] != 1.0 || approval[1]["$ref"] != "#/$defs/distribution" {
		t.Errorf("approval schema = %v", approval)
	}
	growth := s.Defs["demandGrowth"].Properties["pct_per_year"].OneOf
	if growth[0]["exclusiveMinimum"] != -100.0 || growth[0]["maximum"] != 100.0 {
		t.Errorf("pct_per_year schema = %v", growth)
	}
}
