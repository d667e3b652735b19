package scenario

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/critmin/critmin/internal/world"
)

// yamlBlock matches a fenced YAML example of a Markdown file.
var yamlBlock = regexp.MustCompile("(?s)```yaml\n(.*?)```")

// TestDocExamples checks every YAML example in docs/ and the README as scenario check
// does, over the embedded world and the built-in scenarios. A fragment without a name is
// checked under a header naming the importer and the rival.
func TestDocExamples(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	env := Env{World: ds, Products: WorldCatalogue(ds)}
	env.Base = NewLibrary(BuiltinFiles(), "builtin", env).Scenario
	files, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, "../../README.md")
	seen := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range yamlBlock.FindAllSubmatchIndex(data, -1) {
			block := data[m[2]:m[3]]
			line := 1 + bytes.Count(data[:m[2]], []byte("\n"))
			seen++
			t.Run(fmt.Sprintf("%s#%d", filepath.Base(f), i), func(t *testing.T) {
				if !regexp.MustCompile(`(?m)^name:`).Match(block) {
					block = append([]byte("name: docs-example\nimporter: USA\nrival: CHN\n"), block...)
				}
				if _, err := Parse(filepath.Base(f), block, env); err != nil {
					t.Errorf("%s: example at line %d does not check:\n%v", f, line, err)
				}
			})
		}
	}
	if seen < 10 {
		t.Fatalf("found only %d YAML examples in the docs", seen)
	}
}
