package scenariodoc

import (
	"strings"
	"testing"
)

func TestSplice(t *testing.T) {
	const cmd = "make docs"
	body := map[string][]byte{"a": []byte("new a\n"), "b": []byte("new b\n")}
	for _, tt := range []struct {
		name, doc, want, err string
	}{
		{name: "replaces bodies and rewrites markers",
			doc:  "top\n<!-- begin generated a -->\nold\nold\n<!-- end generated a -->\nmid\n<!-- begin generated b: stale note -->\n<!-- end generated b -->\nend\n",
			want: "top\n<!-- begin generated a: do not edit, run 'make docs' -->\nnew a\n<!-- end generated a -->\nmid\n<!-- begin generated b: do not edit, run 'make docs' -->\nnew b\n<!-- end generated b -->\nend\n"},
		{name: "keeps CRLF prose",
			doc:  "x\r\n<!-- begin generated a -->\r\n<!-- end generated a -->\r\n<!-- begin generated b -->\r\n<!-- end generated b -->\r\n",
			want: "x\r\n<!-- begin generated a: do not edit, run 'make docs' -->\nnew a\n<!-- end generated a -->\r\n<!-- begin generated b: do not edit, run 'make docs' -->\nnew b\n<!-- end generated b -->\r\n"},
		{name: "section without a generator",
			doc: "<!-- begin generated c -->\n<!-- end generated c -->\n", err: `line 1: no generator for section "c"`},
		{name: "missing section",
			doc: "<!-- begin generated a -->\n<!-- end generated a -->\n", err: "no section b in the document"},
		{name: "unterminated",
			doc: "<!-- begin generated a -->\n<!-- end generated a -->\n<!-- begin generated b -->\nx\n", err: `section "b" has no end marker`},
		{name: "nested",
			doc: "<!-- begin generated a -->\n<!-- begin generated b -->\n", err: `line 2: section "b" begins inside section "a"`},
		{name: "stray end",
			doc: "<!-- end generated a -->\n", err: `line 1: end of section "a" outside it`},
		{name: "twice",
			doc: "<!-- begin generated a -->\n<!-- end generated a -->\n<!-- begin generated a -->\n<!-- end generated a -->\n", err: `line 3: section "a" appears twice`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Splice([]byte(tt.doc), body, cmd)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
			again, err := Splice(got, body, cmd)
			if err != nil || string(again) != string(got) {
				t.Errorf("splicing its own output changed it: %q, %v", again, err)
			}
		})
	}
}

func TestThousands(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		want string
	}{{0, "0"}, {999.4, "999"}, {999.5, "1,000"}, {5511.7, "5,512"}, {1234567, "1,234,567"}, {-20585, "-20,585"}} {
		if got := thousands(tt.v); got != tt.want {
			t.Errorf("thousands(%g) = %q, want %q", tt.v, got, tt.want)
		}
	}
}
