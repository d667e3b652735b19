//go:build unix

package world

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLoadRefusesFIFO checks that a data file that is not a regular file is refused
// rather than read: reading a FIFO with no writer blocks for ever.
func TestLoadRefusesFIFO(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "figures.csv"), 0o644); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	user, err := DirLayer(dir)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := Load(baseLayer(t), user)
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, ErrInvalidData) || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("Load = %v, want ErrInvalidData: not a regular file", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Load still reading the FIFO after 30 s")
	}
}
