//go:build unix

package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
)

// lockFile takes an exclusive flock on path (created when missing) and writes holder into
// it. The kernel releases the lock when the process ends, however it ends, so a killed
// server never leaves a stale lock behind. flock and SQLite's own POSIX record locks are
// independent on Linux and the BSDs, which is why the lock is on a file of its own.
func lockFile(path, holder string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		defer f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			b, _ := io.ReadAll(io.LimitReader(f, 512))
			return nil, lockedBy(strings.TrimSpace(string(b)))
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(holder+"\n"), 0) // informative only: the flock is the lock
	}
	return f, nil
}

// unlockFile releases a lock lockFile took. The file stays: removing it could let a
// third process lock a new file while a second still waits on the old one.
func unlockFile(f *os.File) error { return f.Close() }
