//go:build !unix

package store

import (
	"fmt"
	"os"
)

// lockFile creates path exclusively: on systems without flock the lock is the file's
// existence, and a server that was killed leaves it behind, to be removed by hand.
func lockFile(path, holder string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if os.IsExist(err) {
		b, _ := os.ReadFile(path)
		return nil, lockedBy(string(b) + " (remove " + path + " if no server runs)")
	}
	if err != nil {
		return nil, fmt.Errorf("create lock file: %w", err)
	}
	f.WriteString(holder + "\n")
	return f, nil
}

// unlockFile releases a lock lockFile took by removing its file.
func unlockFile(f *os.File) error {
	name := f.Name()
	f.Close()
	return os.Remove(name)
}
