package scenario

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Schema returns a JSON Schema (draft 2020-12) of scenario files, for editors'
// completion and checking. It is generated from the same field descriptions the decoder
// uses, lists products and sectors of DefaultCatalogue, and is byte-for-byte stable.
//
// The schema checks the ranges of plain numbers; for a distribution it checks the form,
// while critmin also checks that every value the distribution can take is in range.
// Country names, cross-references and overlapping windows are only checked by critmin.
func Schema() []byte {
	g := &schemaGen{cat: DefaultCatalogue, defs: map[string]any{}}
	root := g.object(&Scenario{})
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["title"] = "critmin scenario"
	root["description"] = "A critmin scenario file (docs/scenario-format.md). Months are YYYY-MM; tonnes are metric tonnes of the product's basis; _musd is million USD; share, approval and fraction are in [0, 1]; _pct keys are percentages. Every number may be a distribution."
	g.defs["month"] = map[string]any{"type": "string", "pattern": `^[0-9]{4}-(0[1-9]|1[0-2])$`, "description": "a month, YYYY-MM"}
	g.defs["country"] = map[string]any{"type": "string", "minLength": 1, "description": "an ISO 3166 alpha-3 code, or a country name or alias known to the world dataset, or EU27: the EU27 and its member states are one simulation node"}
	g.defs["countryOrGroup"] = map[string]any{"type": "string", "minLength": 1, "not": map[string]any{"const": All},
		"description": "a country (ISO 3166 alpha-3 code, name or alias) or a group such as EU27"}
	g.defs["countryScope"] = map[string]any{"type": "string", "minLength": 1, "description": `a country (ISO 3166 alpha-3 code, name or alias), a group such as EU27, or "all"`}
	g.defs["product"] = map[string]any{"enum": g.cat.Products(), "description": "a product, material/stage"}
	g.defs["productOrMaterial"] = map[string]any{"enum": slices.Concat(g.cat.Products(), g.cat.Materials()),
		"description": "a product (material/stage) or a bare material, meaning all its stages"}
	var forms []any
	for _, d := range dists {
		s := g.fields(distFields(&Param{}, d))
		s["title"] = string(d)
		forms = append(forms, s)
	}
	g.defs["distribution"] = map[string]any{"oneOf": forms, "description": "an uncertain number: deterministic runs use the distribution's mean"}
	root["$defs"] = g.defs
	b, err := json.MarshalIndent(root, "", "  ")
	if err != nil {
		panic(err) // the schema holds only maps, slices, strings and numbers
	}
	return append(b, '\n')
}

// schemaGen builds the schema, collecting named record types under $defs.
type schemaGen struct {
	cat  *StaticCatalogue
	defs map[string]any
}

// object returns the schema of a record.
func (g *schemaGen) object(r record) map[string]any {
	s := g.fields(r.fields())
	if x, ok := r.(interface{ schemaRules() []any }); ok {
		s["allOf"] = x.schemaRules()
	}
	return s
}

func (g *schemaGen) fields(fs []field) map[string]any {
	props := map[string]any{}
	required := []string{}
	for _, f := range fs {
		p := g.valueSchema(f.val)
		if f.doc != "" {
			p["description"] = f.doc
		}
		props[f.key] = p
		if f.required {
			required = append(required, f.key)
		}
	}
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

// valueSchema returns a fresh map, so that fields may add their description.
func (g *schemaGen) valueSchema(v value) map[string]any {
	s := v.schema(g)
	out := make(map[string]any, len(s)+1)
	for k, x := range s {
		out[k] = x
	}
	return out
}

// ref returns a reference to the definition of a record, adding it on first use.
func (g *schemaGen) ref(r record) map[string]any {
	name := reflect.TypeOf(r).Elem().Name()
	c, size := utf8.DecodeRuneInString(name)
	name = string(unicode.ToLower(c)) + name[size:]
	if _, ok := g.defs[name]; !ok {
		g.defs[name] = true // reserve the name first, so a recursive type refers to it
		g.defs[name] = g.object(r)
	}
	return map[string]any{"$ref": "#/$defs/" + name}
}

func defRef(name string) map[string]any { return map[string]any{"$ref": "#/$defs/" + name} }

func (v textV) schema(*schemaGen) map[string]any {
	s := map[string]any{"type": "string", "minLength": 1}
	if v.pattern != nil {
		s["pattern"] = v.pattern.String()
	}
	return s
}

func (stringsV) schema(*schemaGen) map[string]any {
	return map[string]any{"type": "array", "items": map[string]any{"type": "string", "minLength": 1}}
}

func (v enumV[T]) schema(*schemaGen) map[string]any {
	return map[string]any{"enum": strings.Split(joinStrings(v.options), ", ")}
}

func (boolV) schema(*schemaGen) map[string]any { return map[string]any{"type": "boolean"} }

func (v countryV) schema(*schemaGen) map[string]any {
	if v.scope {
		return defRef("countryScope")
	}
	return defRef("country")
}

func (importerV) schema(*schemaGen) map[string]any {
	return map[string]any{"type": "string", "minLength": 1, "description": "a country (ISO 3166 alpha-3 code, name or alias), or EU27"}
}

func (v countriesV) schema(*schemaGen) map[string]any {
	item := "countryOrGroup"
	if v.allowAll {
		item = "countryScope"
	}
	return map[string]any{"type": "array", "minItems": 1, "uniqueItems": true, "items": defRef(item)}
}

func (productV) schema(*schemaGen) map[string]any { return defRef("product") }

func (productsV) schema(*schemaGen) map[string]any {
	return map[string]any{"type": "array", "minItems": 1, "uniqueItems": true, "items": defRef("productOrMaterial")}
}

func (v sectorV) schema(g *schemaGen) map[string]any {
	sectors := g.cat.Sectors()
	if v.allowAll {
		sectors = append(sectors, All)
	}
	return map[string]any{"enum": sectors}
}

func (sectorsV) schema(g *schemaGen) map[string]any {
	return map[string]any{"type": "array", "uniqueItems": true, "items": sectorV{}.schema(g)}
}

func (monthV) schema(*schemaGen) map[string]any    { return defRef("month") }
func (monthPtrV) schema(*schemaGen) map[string]any { return defRef("month") }
func (numV) schema(*schemaGen) map[string]any      { return map[string]any{"type": "number"} }

func (numsV) schema(*schemaGen) map[string]any {
	return map[string]any{"type": "array", "minItems": 1, "items": map[string]any{"type": "number"}}
}

func (v constV) schema(*schemaGen) map[string]any { return map[string]any{"const": string(v)} }

func (v recordV) schema(g *schemaGen) map[string]any { return g.ref(v.r) }

func (v optRecordV[T, PT]) schema(g *schemaGen) map[string]any { return g.ref(PT(new(T))) }

func (v listV[T, PT]) schema(g *schemaGen) map[string]any {
	return map[string]any{"type": "array", "items": g.ref(PT(new(T)))}
}

func (v paramV) schema(*schemaGen) map[string]any    { return paramSchema(v.b) }
func (v optParamV) schema(*schemaGen) map[string]any { return paramSchema(v.b) }

// paramSchema is a number within b, or a distribution.
func paramSchema(b bounds) map[string]any {
	n := map[string]any{"type": "number"}
	if !math.IsInf(b.lo, -1) {
		if b.loOpen {
			n["exclusiveMinimum"] = b.lo
		} else {
			n["minimum"] = b.lo
		}
	}
	if !math.IsInf(b.hi, 1) {
		if b.hiOpen {
			n["exclusiveMaximum"] = b.hi
		} else {
			n["maximum"] = b.hi
		}
	}
	return map[string]any{"oneOf": []any{n, defRef("distribution")}}
}

// schemaRules states the kind-specific keys of a control.
func (*Control) schemaRules() []any {
	rule := func(kind ControlKind, key string) any {
		return map[string]any{
			"if":   map[string]any{"properties": map[string]any{"kind": map[string]any{"const": string(kind)}}, "required": []string{"kind"}},
			"then": map[string]any{"required": []string{key}},
			"else": map[string]any{"not": map[string]any{"required": []string{key}}},
		}
	}
	quota := map[string]any{
		"if": map[string]any{"properties": map[string]any{"kind": map[string]any{"const": string(Quota)}}, "required": []string{"kind"}},
		"then": map[string]any{"oneOf": []any{
			map[string]any{"required": []string{"quota_t_per_month"}, "not": map[string]any{"required": []string{"quota_t_per_year"}}},
			map[string]any{"required": []string{"quota_t_per_year"}, "not": map[string]any{"required": []string{"quota_t_per_month"}}},
		}},
		"else": map[string]any{"allOf": []any{
			map[string]any{"not": map[string]any{"required": []string{"quota_t_per_month"}}},
			map[string]any{"not": map[string]any{"required": []string{"quota_t_per_year"}}},
		}},
	}
	return []any{quota, rule(Licensing, "licensing")}
}
