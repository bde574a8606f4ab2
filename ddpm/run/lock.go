package run

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gofrs/flock"
)

// LockFileName is the lock file of an output folder. A process that writes
// into the folder holds an exclusive lock (flock) on it for as long as it
// writes, and records in it who it is; one that only reads checkpoints of
// another folder takes a shared lock while it reads. The file stays in the
// folder, empty when nobody holds it.
const LockFileName = ".ddpm.lock"

// ErrBusy is returned (wrapped in a *BusyError) when another process is
// writing the output folder.
var ErrBusy = errors.New("output folder in use by another process")

// BusyError says which output folder is busy and, when it is known, which
// process holds it.
type BusyError struct {
	// Dir is the output folder.
	Dir string
	// Holder describes the process that holds it ("pid 1234, \"ddpm all\",
	// since 19:52:03"); empty when unknown.
	Holder string
	// Hint says what to do instead.
	Hint string
}

func (e *BusyError) Error() string {
	who := "another process"
	if e.Holder != "" {
		who = e.Holder
	}
	msg := fmt.Sprintf("%s is being written by %s", e.Dir, who)
	if e.Hint != "" {
		msg += ": " + e.Hint
	}
	return msg
}

// Unwrap makes errors.Is(err, ErrBusy) hold.
func (e *BusyError) Unwrap() error { return ErrBusy }

// lockHolder is what a writer records in the lock file.
type lockHolder struct {
	PID     int       `json:"pid"`
	Command string    `json:"command"`
	Since   time.Time `json:"since"`
}

func (h lockHolder) String() string {
	return fmt.Sprintf("pid %d (%s, since %s)", h.PID, h.Command, h.Since.Local().Format("15:04:05"))
}

// folderLock is a lock this process holds on one folder, shared by every
// user in the process (ddpm all and its stages, a notebook cell's reads).
type folderLock struct {
	fl        *flock.Flock
	exclusive bool
	refs      int
}

var (
	locksMu sync.Mutex
	locks   = map[string]*folderLock{}
)

// lockKey returns the name under which this process tracks dir's lock.
func lockKey(dir string) string {
	if p, err := filepath.EvalSymlinks(dir); err == nil {
		dir = p
	}
	if p, err := filepath.Abs(dir); err == nil {
		dir = p
	}
	return dir
}

// Lock takes the exclusive lock of dir (creating dir) for this
// process, recording command as its holder, or fails with a *BusyError when
// another process holds it. Within one process the lock is shared: a second
// call only counts. The returned function releases it.
func Lock(dir, command string) (func() error, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("output folder %s: %w", dir, err)
	}
	locksMu.Lock()
	defer locksMu.Unlock()
	key := lockKey(dir)
	if l := locks[key]; l != nil {
		if !l.exclusive {
			// A programmer error today: nothing writes a folder it reads.
			return nil, &BusyError{Dir: dir, Holder: "this process (reading it)"}
		}
		l.refs++
		return releaser(key), nil
	}
	path := filepath.Join(dir, LockFileName)
	fl := flock.New(path, flock.SetPermissions(0o644))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if !ok {
		return nil, &BusyError{Dir: dir, Holder: readHolder(path)}
	}
	h := lockHolder{PID: os.Getpid(), Command: command, Since: time.Now()}
	if err := writeHolder(path, h); err != nil {
		_ = fl.Unlock()
		return nil, err
	}
	locks[key] = &folderLock{fl: fl, exclusive: true, refs: 1}
	return releaser(key), nil
}

// RLock takes a shared lock of dir while this process reads it, or
// fails with a *BusyError when another process is writing it. A folder
// without a lock file has no writer of this program: nothing to lock then
// (and nothing is created).
func RLock(dir string) (func() error, error) {
	locksMu.Lock()
	defer locksMu.Unlock()
	key := lockKey(dir)
	if l := locks[key]; l != nil {
		l.refs++
		return releaser(key), nil
	}
	path := filepath.Join(dir, LockFileName)
	if _, err := os.Stat(path); err != nil {
		return func() error { return nil }, nil
	}
	fl := flock.New(path, flock.SetFlag(os.O_RDONLY))
	ok, err := fl.TryRLock()
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if !ok {
		return nil, &BusyError{Dir: dir, Holder: readHolder(path)}
	}
	locks[key] = &folderLock{fl: fl, refs: 1}
	return releaser(key), nil
}

// releaser returns the function that drops one use of the lock of key, and
// the lock itself with the last one.
func releaser(key string) func() error {
	var once sync.Once
	return func() error {
		var err error
		once.Do(func() {
			locksMu.Lock()
			defer locksMu.Unlock()
			l := locks[key]
			if l == nil {
				return
			}
			if l.refs--; l.refs > 0 {
				return
			}
			delete(locks, key)
			if l.exclusive {
				// Empty the holder record first: a reader that finds the
				// folder locked by nobody named sees no stale name.
				if e := os.Truncate(l.fl.Path(), 0); e != nil {
					err = fmt.Errorf("unlock %s: %w", l.fl.Path(), e)
				}
			}
			if e := l.fl.Unlock(); e != nil && err == nil {
				err = fmt.Errorf("unlock %s: %w", l.fl.Path(), e)
			}
		})
		return err
	}
}

// writeHolder records h in the lock file at path. It writes in place: the
// lock belongs to the file, so the file must not be replaced.
func writeHolder(path string, h lockHolder) error {
	b, err := json.Marshal(h)
	if err != nil {
		return fmt.Errorf("lock %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return fmt.Errorf("lock %s: %w", path, err)
	}
	_, err = f.Write(append(b, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("lock %s: %w", path, err)
	}
	return nil
}

// readHolder describes the holder recorded in the lock file at path, or
// returns "" when the record is missing or unreadable.
func readHolder(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	var h lockHolder
	if json.Unmarshal([]byte(strings.TrimSpace(string(b))), &h) != nil || h.PID == 0 {
		return ""
	}
	return h.String()
}
