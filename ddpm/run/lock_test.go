package run

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// lockHelperEnv makes the test binary, run as a child, hold a folder's lock
// until its standard input closes (see TestHelperHoldsLock).
const lockHelperEnv = "DDPM_TEST_HOLD_LOCK"

// TestHelperHoldsLock is not a test: run as a child process with
// DDPM_TEST_HOLD_LOCK=DIR, it opens DIR as a workspace, says "locked" and
// waits for its standard input to close.
func TestHelperHoldsLock(t *testing.T) {
	dir := os.Getenv(lockHelperEnv)
	if dir == "" {
		t.Skip("helper process only")
	}
	w, err := Open(dir, Options{MadeBy: "the lock helper"})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println("locked")
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
	_ = w.Close()
}

// holdLock starts a child process that holds dir's lock, and returns the
// function that makes it let go.
func holdLock(t *testing.T, dir string) (pid int, letGo func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldsLock$")
	cmd.Env = append(os.Environ(), lockHelperEnv+"="+dir)
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "locked" {
		_ = cmd.Process.Kill()
		t.Fatalf("lock helper: %q, %v", line, err)
	}
	done := false
	letGo = func() {
		if done {
			return
		}
		done = true
		_ = in.Close()
		_ = cmd.Wait()
	}
	t.Cleanup(letGo)
	return cmd.Process.Pid, letGo
}

// Two processes never write one folder at once: the second is refused,
// told who holds it, and gets it once the first lets go. Within one
// process the folder is shared (ddpm all and its stages).
func TestWorkspaceLockAcrossProcesses(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "outputs")
	pid, letGo := holdLock(t, dir)
	_, err := Open(dir, Options{MadeBy: "test"})
	var be *BusyError
	if !errors.Is(err, ErrBusy) || !errors.As(err, &be) {
		t.Fatalf("second writer: got %v, want a BusyError", err)
	}
	t.Logf("refusal: %v", err)
	for _, want := range []string{dir, fmt.Sprintf("pid %d", pid), "the lock helper", "-out DIR"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("refusal %q does not mention %q", err, want)
		}
	}
	if _, err := RLock(dir); !errors.Is(err, ErrBusy) {
		t.Errorf("a reader while the helper writes: got %v, want ErrBusy", err)
	}
	letGo()

	w1, err := Open(dir, Options{MadeBy: "first"})
	if err != nil {
		t.Fatalf("after the helper let go: %v", err)
	}
	w2, err := Open(dir, Options{MadeBy: "second"})
	if err != nil {
		t.Fatalf("a second workspace in the same process: %v", err)
	}
	if err := w1.Close(); err != nil {
		t.Fatal(err)
	}
	// Still held for w2: another process is refused.
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldsLock$")
	cmd.Env = append(os.Environ(), lockHelperEnv+"="+dir)
	cmd.Stdin = strings.NewReader("\n")
	out, _ := cmd.Output()
	if !strings.Contains(string(out), "error:") || !strings.Contains(string(out), fmt.Sprintf("pid %d", os.Getpid())) {
		t.Errorf("another process while w2 is open: %q, want a refusal naming this process", out)
	}
	if err := w2.Close(); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, LockFileName)); err != nil || len(b) != 0 {
		t.Errorf("lock file after the last close: %q, %v; want it empty", b, err)
	}
	_, letGo = holdLock(t, dir)
	letGo()
}

// A reader takes a shared lock only where a writer of this program has
// been (a lock file exists): it creates nothing in the folder it reads.
func TestReadLockCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	release, err := RLock(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("reading created %v", entries)
	}
}
