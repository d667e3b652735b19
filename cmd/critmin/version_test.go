package main

import "testing"

// TestVCSVersion: a release version is kept; "dev" gains the build's revision only when
// the binary carries one (a test binary carries none, so it stays "dev").
func TestVCSVersion(t *testing.T) {
	if got := vcsVersion("1.2.0"); got != "1.2.0" {
		t.Errorf("vcsVersion(1.2.0) = %q", got)
	}
	if got := vcsVersion("dev"); got != "dev" && len(got) < len("dev-")+12 {
		t.Errorf("vcsVersion(dev) = %q, want dev or dev-<12 hex>", got)
	}
}
