package world

import (
	"embed"
	"io/fs"
	"sync"
)

//go:embed data/*.csv
var embedded embed.FS

// embeddedLayerName names the embedded layer in errors and tells it from user layers.
const embeddedLayerName = "embedded"

// EmbeddedLayer is the default dataset compiled into the binary.
func EmbeddedLayer() Layer {
	sub, err := fs.Sub(embedded, "data")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	return Layer{Name: embeddedLayerName, FS: sub}
}

var defaultOnce = sync.OnceValues(func() (*Dataset, error) { return Load(EmbeddedLayer()) })

// Default returns the embedded dataset, loaded once per process.
func Default() (*Dataset, error) { return defaultOnce() }

// LoadWithDir returns the embedded dataset with the user tables in dir merged over it, or
// the embedded dataset alone when dir is empty.
func LoadWithDir(dir string) (*Dataset, error) {
	if dir == "" {
		return Default()
	}
	user, err := DirLayer(dir)
	if err != nil {
		return nil, err
	}
	return Load(EmbeddedLayer(), user)
}
