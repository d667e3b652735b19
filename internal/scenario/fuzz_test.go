package scenario

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse feeds arbitrary bytes to Parse: it must never panic, must fail only with an
// *ErrorList wrapping ErrInvalid and no scenario, and a scenario it accepts must keep its
// promises: valid windows, valid parameters, and JSON output.
func FuzzParse(f *testing.F) {
	const maxFuzzSeed = 700
	// Small fixtures only: the fuzzer minimises large seeds instead of exploring.
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) <= maxFuzzSeed {
			f.Add(b)
		}
	}
	f.Add([]byte("name: a\nimporter: USA\nrival: CHN\ncontrols: [&c {id: x}, *c, *c]\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("name: x\nimporter: USA\nrival: CHN\nparameters: {utilisation: {dist: normal, mean: 0.5, sd: 1e-300, min: 0, max: 1}}\n"))
	f.Add([]byte("\xef\xbb\xbfname: x\n"))
	f.Add([]byte("!!binary AAAA"))
	env := testEnv(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := Parse("fuzz.yaml", data, env)
		if err != nil {
			if sc != nil {
				t.Fatal("scenario returned with an error")
			}
			if _, ok := errors.AsType[*ErrorList](err); !ok || !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %T %v is not an *ErrorList wrapping ErrInvalid", err, err)
			}
			return
		}
		for _, c := range sc.Controls {
			if c.End != nil && *c.End < c.Start {
				t.Fatalf("reversed window accepted: %v", c.Window)
			}
			if c.Licensing != nil {
				if msg := fraction.check(c.Licensing.Approval); msg != "" {
					t.Fatalf("approval accepted: %s", msg)
				}
				c.Licensing.Approval.Point()
			}
		}
		if _, err := json.Marshal(sc); err != nil {
			t.Fatalf("accepted scenario does not marshal: %v", err)
		}
	})
}
