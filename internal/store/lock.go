package store

import (
	"errors"
	"fmt"
	"os"
	"time"
)

// ErrLocked is returned by LockServer when another process holds the database's server
// lock: that server owns the database's runs, and a second one must not touch them.
var ErrLocked = errors.New("database in use by another critmin serve")

// lockedBy is the error of a lock another process holds; holder says who, when known.
func lockedBy(holder string) error {
	if holder == "" {
		return fmt.Errorf("server lock held: %w", ErrLocked)
	}
	return fmt.Errorf("server lock held by %s: %w", holder, ErrLocked)
}

// lockHolder describes this process for the holder of a server lock, so that the message
// of a refused second server says which process to stop.
func lockHolder() string {
	host, err := os.Hostname()
	if err != nil {
		host = "unknown host"
	}
	return fmt.Sprintf("critmin serve pid %d on %s since %s", os.Getpid(), host, now().Format(time.RFC3339))
}
