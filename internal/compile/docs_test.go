package compile

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/critmin/critmin/internal/scenario"
)

// yamlBlock matches a fenced YAML example of a Markdown file.
var yamlBlock = regexp.MustCompile("(?s)```yaml\n(.*?)```")

// TestDocExamplesCompile checks every YAML example in docs/ and the README as `critmin
// scenario check` does: parsed and compiled over the embedded data and the built-in
// scenarios, so an example that parses but acts on nothing (a stockpile its holder
// cannot use, an offtake from a country that makes none of the product) fails here. A
// fragment without a name is checked under a header naming the importer and the rival,
// as docs/scenario-format.md says.
func TestDocExamplesCompile(t *testing.T) {
	ds, env := testEnv(t)
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
				sc, err := scenario.Parse(filepath.Base(f), block, env)
				if err != nil {
					t.Fatalf("%s: example at line %d does not check:\n%v", f, line, err)
				}
				if err := Check(ds, sc, env.Base, filepath.Base(f)); err != nil {
					t.Errorf("%s: example at line %d does not compile:\n%v", f, line, err)
				}
			})
		}
	}
	if seen < 10 {
		t.Fatalf("found only %d YAML examples in the docs", seen)
	}
}
