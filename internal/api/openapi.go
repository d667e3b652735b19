package api

import (
	"encoding"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"time"
)

// openAPIDocument builds the OpenAPI 3.1 document of the route table. Schemas are derived
// from the Go types the handlers encode, so they follow the code.
func openAPIDocument(version string) []byte {
	g := &schemaGen{defs: map[string]any{}}
	paths := map[string]map[string]any{}
	for _, rt := range routes {
		p := Prefix + rt.path
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		paths[p][strings.ToLower(rt.method)] = g.operation(rt)
	}
	g.defs["api.errorBody"] = g.schemaOf(reflect.TypeFor[errorBody]())
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":   "critmin API",
			"version": version,
			"description": "Critical-mineral supply-chain risk: the world data, the risk lenses, scenarios and " +
				"simulation runs. Write endpoints (PUT, POST /runs) need 'Authorization: Bearer <token>' when the " +
				"server has a token, and are refused (403) when it has none. Errors are {error: {code, message, field?, problems?}}. docs/api.md has examples.",
		},
		"paths": paths,
		"components": map[string]any{
			"schemas": g.defs,
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer"},
			},
		},
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(fmt.Sprintf("openapi document: %v", err)) // the document is built from static values
	}
	return append(b, '\n')
}

func (g *schemaGen) operation(rt route) map[string]any {
	op := map[string]any{"operationId": rt.id, "summary": rt.summary}
	var params []any
	for _, p := range rt.params {
		sch := map[string]any{"type": p.typ}
		if len(p.enum) > 0 {
			sch["enum"] = p.enum
		}
		params = append(params, map[string]any{"name": p.name, "in": p.in, "required": p.required, "description": p.desc, "schema": sch})
	}
	if len(params) > 0 {
		op["parameters"] = params
	}
	if rt.body != nil {
		op["requestBody"] = map[string]any{"required": true, "description": rt.body.desc,
			"content": map[string]any{rt.body.contentType: map[string]any{"schema": g.schemaFor(rt.body.schema)}}}
	}
	responses := map[string]any{}
	for _, r := range rt.responses {
		ct := r.contentType
		if ct == "" {
			ct = "application/json"
		}
		responses[fmt.Sprint(r.status)] = map[string]any{"description": r.desc,
			"content": map[string]any{ct: map[string]any{"schema": g.schemaFor(r.schema)}}}
	}
	errResp := func(status int, desc string) {
		if _, ok := responses[fmt.Sprint(status)]; !ok {
			responses[fmt.Sprint(status)] = map[string]any{"description": desc,
				"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/api.errorBody"}}}}
		}
	}
	errResp(http.StatusBadRequest, "A parameter is wrong; error.field names it.")
	if strings.Contains(rt.path, "{") || rt.path == "/compare" {
		errResp(http.StatusNotFound, "No such item.")
	}
	if rt.body != nil {
		errResp(http.StatusRequestEntityTooLarge, "The body is larger than the server's limit (--max-body).")
	}
	if rt.write {
		op["security"] = []any{map[string]any{"bearer": []any{}}}
		errResp(http.StatusUnauthorized, "The bearer token is missing or wrong.")
		errResp(http.StatusForbidden, "The server is read-only: it was started without --token.")
	}
	errResp(http.StatusInternalServerError, "An internal error; the server log has the details.")
	op["responses"] = responses
	return op
}

// schemaGen derives JSON Schemas from Go types, naming struct types in defs.
type schemaGen struct {
	defs map[string]any
}

// schemaFor returns the schema of a response value: a schema map as it is, oneOfSchemas
// as a oneOf, anything else by its type.
func (g *schemaGen) schemaFor(v any) any {
	switch v := v.(type) {
	case map[string]any:
		return v
	case oneOfSchemas:
		var alts []any
		for _, x := range v {
			alts = append(alts, g.schemaFor(x))
		}
		return map[string]any{"oneOf": alts}
	}
	return g.schemaOf(reflect.TypeOf(v))
}

// oneOfSchemas are alternatives for one response.
type oneOfSchemas []any

func oneOf(vs ...any) oneOfSchemas { return vs }

func (g *schemaGen) schemaOf(t reflect.Type) map[string]any {
	if t == reflect.TypeFor[time.Time]() {
		return map[string]any{"type": "string", "format": "date-time"}
	}
	if t.Implements(reflect.TypeFor[json.Marshaler]()) || t.Implements(reflect.TypeFor[encoding.TextMarshaler]()) {
		if t.Implements(reflect.TypeFor[encoding.TextMarshaler]()) {
			return map[string]any{"type": "string"}
		}
		return map[string]any{} // a custom form: a number or an object
	}
	switch t.Kind() {
	case reflect.Pointer:
		return map[string]any{"anyOf": []any{g.schemaOf(t.Elem()), map[string]any{"type": "null"}}}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "contentEncoding": "base64"}
		}
		return map[string]any{"type": "array", "items": g.schemaOf(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schemaOf(t.Elem())}
	case reflect.Struct:
		if t.Name() == "" {
			return g.structSchema(t)
		}
		name := componentName(t)
		if _, ok := g.defs[name]; !ok {
			g.defs[name] = map[string]any{} // reserve the name first, so a recursive type refers to it
			g.defs[name] = g.structSchema(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

// componentName names a struct type in the document as package.Type, with characters
// OpenAPI does not allow in component names (those of generic types) replaced.
func componentName(t reflect.Type) string {
	pkg := t.PkgPath()
	name := pkg[strings.LastIndex(pkg, "/")+1:] + "." + t.Name()
	return strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '.' || r == '_' || r == '-' {
			return r
		}
		return '_'
	}, name)
}

// schemaAmender is a body type that adds to its derived schema what its fields' types
// cannot say, such as fields that exclude each other.
type schemaAmender interface {
	amendSchema(s map[string]any)
}

func (g *schemaGen) structSchema(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	g.fields(t, props, &required)
	s := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	if a, ok := reflect.Zero(t).Interface().(schemaAmender); ok {
		a.amendSchema(s)
	}
	return s
}

// fields adds a struct's JSON fields, flattening embedded structs as encoding/json does.
func (g *schemaGen) fields(t reflect.Type, props map[string]any, required *[]string) {
	for f := range t.Fields() {
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() && !f.Anonymous {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			g.fields(f.Type, props, required)
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = g.schemaOf(f.Type)
		if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") && f.Type.Kind() != reflect.Pointer {
			*required = append(*required, name)
		}
	}
}
