package main

import (
	"runtime/debug"
	"testing"
)

// TestVCSVersion: a release version is kept; "dev" gains the build's revision (12 hex
// digits, -dirty for uncommitted changes) when the build carries one, and stays "dev"
// when it does not.
func TestVCSVersion(t *testing.T) {
	rev := []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}}
	dirty := append(rev, debug.BuildSetting{Key: "vcs.modified", Value: "true"})
	clean := append(rev[:1:1], debug.BuildSetting{Key: "vcs.modified", Value: "false"})
	for _, tt := range []struct {
		v        string
		settings []debug.BuildSetting
		want     string
	}{
		{"1.2.0", dirty, "1.2.0"},
		{"dev", nil, "dev"},
		{"dev", clean, "dev-0123456789ab"},
		{"dev", dirty, "dev-0123456789ab-dirty"},
	} {
		if got := vcsVersion(tt.v, tt.settings); got != tt.want {
			t.Errorf("vcsVersion(%q, %v) = %q, want %q", tt.v, tt.settings, got, tt.want)
		}
	}
}
