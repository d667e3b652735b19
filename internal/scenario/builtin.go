package scenario

import (
	"embed"
	"fmt"
	"io/fs"
	"sync"

	"github.com/critmin/critmin/internal/world"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// BuiltinFiles returns the built-in scenario files, for a Library checked against a
// dataset other than the default one.
func BuiltinFiles() fs.FS {
	sub, err := fs.Sub(builtinFS, "builtin")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	return sub
}

var builtins = sync.OnceValues(func() (*Library, error) {
	ds, err := world.Default()
	if err != nil {
		return nil, fmt.Errorf("load world data: %w", err)
	}
	return NewLibrary(BuiltinFiles(), "builtin", Env{World: ds, Products: DefaultCatalogue}), nil
})

// Builtins returns the built-in scenarios as written, sorted by name, checked against the
// embedded world dataset and DefaultCatalogue.
func Builtins() ([]*Scenario, error) {
	lib, err := builtins()
	if err != nil {
		return nil, err
	}
	return lib.All()
}

// Builtin returns the named built-in scenario as written; Resolve(sc, Builtin) gives the
// complete one. An unknown name is an error wrapping ErrNotFound.
func Builtin(name string) (*Scenario, error) {
	lib, err := builtins()
	if err != nil {
		return nil, err
	}
	return lib.Scenario(name)
}
