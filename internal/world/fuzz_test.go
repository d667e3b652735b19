package world

import (
	"bytes"
	"os"
	"testing"
	"testing/fstest"
)

// FuzzLoadFigures feeds arbitrary bytes as a user figures.csv: the loader must never
// panic, and must either fail with ErrInvalidData or return a dataset whose figures obey
// the rules it promises.
func FuzzLoadFigures(f *testing.F) {
	// Small seeds only: the fuzzer minimises large seeds instead of exploring. The base
	// figures are cut to their header and first rows.
	for _, seed := range []string{"testdata/base/figures.csv", "testdata/good/aliases/figures.csv", "testdata/bad/unit_mismatch/figures.csv"} {
		b, err := os.ReadFile(seed)
		if err != nil {
			f.Fatal(err)
		}
		lines := bytes.SplitAfter(b, []byte("\n"))
		f.Add(bytes.Join(lines[:min(len(lines), 4)], nil))
	}
	f.Add([]byte("commodity,stage,measure,country,year,value,unit,basis,status,source,note\ncobalt,mine,production,AUS,2024,5_000,t,cobalt content,reported,usgs-test,\n"))
	f.Add([]byte("commodity,stage\n\"a\"b,\n"))
	f.Add([]byte("\xef\xbb\xbf" + "commodity,stage,measure,country,year,value,unit,basis,status,source,note\n#c\n\n"))
	f.Add([]byte("commodity,stage,measure,country,year,value,unit,basis,status,source,note\ncobalt,mine,share,AUS,2024,NaN,%,,reported,usgs-test,\n"))
	base := baseLayer(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		user := Layer{Name: "user", FS: fstest.MapFS{fileFigures: {Data: data}}}
		ds, err := Load(base, user)
		if err != nil {
			if ds != nil {
				t.Fatal("dataset returned with an error")
			}
			return
		}
		for _, fig := range ds.Figures {
			if fig.Value < 0 || isNaNOrInf(fig.Value) || !fig.Unit.known() {
				t.Fatalf("invalid figure accepted: %+v", fig)
			}
			if fig.Measure == Share && fig.Value > 100 {
				t.Fatalf("share over 100 accepted: %+v", fig)
			}
		}
	})
}
