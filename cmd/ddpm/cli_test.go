package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/backends"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// ddpmBinary builds the command once per test run (with the environment of
// the test, GOEXPERIMENT included).
func ddpmBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ddpm-cli-test")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "ddpm")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = errors.New(string(out))
		}
	})
	if buildErr != nil {
		t.Fatalf("build ddpm: %v", buildErr)
	}
	return binPath
}

// runDDPM runs the command and returns its exit code and combined output.
func runDDPM(t *testing.T, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(ddpmBinary(t), args...)
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), buf.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, buf.String()
}

// snapshotDir lists the files under dir with their sizes and times.
func snapshotDir(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	_ = filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			b.WriteString(p + " " + info.ModTime().String() + " " + strconv.FormatInt(info.Size(), 10) + "\n")
		}
		return nil
	})
	return b.String()
}

func TestUsageErrorsAreNotPanics(t *testing.T) {
	out := t.TempDir()
	before := snapshotDir(t, out)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"train", "-out", out, "-steps", "-5"}, "steps"},
		{[]string{"train", "-out", out, "-batch", "0"}, "batch"},
		{[]string{"train", "-out", out, "-T", "1"}, "T = 1"},
		{[]string{"train", "-out", out, "-backend", "tpu9"}, "unknown backend"},
		{[]string{"train", "-out", out, "-hidden", "12,x"}, "integers"},
		{[]string{"sample", "-out", out, "-n", "-1"}, "samples"},
		{[]string{"sample", "-out", out, "-method", "heun"}, "method"},
		{[]string{"sample", "-out", out, "-model", "classifier"}, "model"},
		{[]string{"train", "-out", out, "-model", "flow", "-label-dropout", "1"}, "label dropout"},
		{[]string{"sample", "-out", out, "-variance", "small"}, "variance"},
		{[]string{"guide", "-out", out, "-eta", "-1"}, "eta = -1"},
		{[]string{"guide", "-out", out, "-label", "7"}, "label"},
		{[]string{"frobnicate"}, "unknown subcommand"},
	}
	for _, c := range cases {
		code, msg := runDDPM(t, c.args...)
		if code != 2 || !strings.Contains(msg, c.want) || strings.Contains(msg, "panic") || strings.Contains(msg, "goroutine") {
			t.Errorf("ddpm %v: exit %d, output %q; want exit 2 mentioning %q", c.args, code, msg, c.want)
		}
	}
	if after := snapshotDir(t, out); after != before {
		t.Errorf("usage errors changed files:\n%s", after)
	}
}

func TestSampleWithoutCheckpointFailsClearly(t *testing.T) {
	out := t.TempDir()
	for _, sub := range []string{"sample", "guide"} {
		code, msg := runDDPM(t, sub, "-out", out)
		if code != 1 || !strings.Contains(msg, "checkpoint") || !strings.Contains(msg, "train it first") {
			t.Errorf("ddpm %s without checkpoint: exit %d, %q", sub, code, msg)
		}
	}
	if s := snapshotDir(t, out); s != "" {
		t.Errorf("failed sampling wrote files:\n%s", s)
	}
}

// startDDPM starts the ddpm binary with args in the background; its
// output goes to the returned buffer.
func startDDPM(t *testing.T, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(ddpmBinary(t), args...)
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &buf
}

// waitUntil polls done until it holds, or kills cmd and fails t after two
// minutes, saying what it waited for and what cmd printed.
func waitUntil(t *testing.T, cmd *exec.Cmd, out *bytes.Buffer, what string, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !done() {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("%s: not after 2 minutes; output:\n%s", what, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A training run killed with SIGKILL resumes from its last checkpoint and
// ends with the requested number of steps.
func TestKilledTrainingResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess training")
	}
	out := t.TempDir()
	// Far more steps than run before the kill, however fast the backend.
	args := []string{"train", "-out", out, "-steps", "1000000", "-hidden", "32,32", "-batch", "128",
		"-checkpoint-every", "20", "-eval-every", "20", "-nll-every", "0"}
	cmd, buf := startDDPM(t, args...)
	ckDir := netkind.Denoiser.CheckpointDir(out)
	// Wait for a checkpoint at step 60 or later (older ones are pruned, so
	// a fast backend may have deleted step 60's before a look).
	waitUntil(t, cmd, buf, "a checkpoint at step 60", func() bool { return checkpointStepAtLeast(ckDir, 60) })
	if err := cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	_ = cmd.Wait()
	b, err := backends.New("go")
	if err != nil {
		t.Fatal(err)
	}
	n, _, err := ddpm.LoadCheckpoint(ckDir, b)
	if err != nil {
		t.Fatalf("checkpoint after SIGKILL does not load: %v", err)
	}
	killedAt := n.GlobalStep()
	if killedAt < 60 || killedAt >= 1000000 {
		t.Fatalf("checkpoint after kill is at step %d", killedAt)
	}
	resumeArgs := append(append([]string(nil), args...), "-resume")
	final := killedAt + 200
	resumeArgs[4] = strconv.Itoa(final) // -steps
	code, msg := runDDPM(t, resumeArgs...)
	if code != 0 {
		t.Fatalf("resume: exit %d\n%s", code, msg)
	}
	if want := fmt.Sprintf("denoiser: %d steps", final); !strings.Contains(msg, want) {
		t.Errorf("resume did not end at %d steps:\n%s", final, msg)
	}
	n2, _, err := ddpm.LoadCheckpoint(ckDir, b)
	if err != nil {
		t.Fatal(err)
	}
	if n2.GlobalStep() != final {
		t.Errorf("final checkpoint at step %d, want %d", n2.GlobalStep(), final)
	}
	var curves run.Curves
	if err := run.ReadJSON(netkind.Denoiser.CurvesPath(out), &curves); err != nil {
		t.Fatal(err)
	}
	last := curves.Train[len(curves.Train)-1]
	if last.Step != final || len(curves.Train) != final/20 {
		t.Errorf("curves end at step %d with %d points, want %d and %d", last.Step, len(curves.Train), final, final/20)
	}
}

// checkpointStepAtLeast reports whether dir holds a GoMLX checkpoint of
// step min or later (names checkpoint-*-step-NNNNNNNN.json).
func checkpointStepAtLeast(dir string, min int) bool {
	m, _ := filepath.Glob(filepath.Join(dir, "checkpoint-*-step-*.json"))
	for _, p := range m {
		name := strings.TrimSuffix(filepath.Base(p), ".json")
		i := strings.LastIndex(name, "-step-")
		if i < 0 {
			continue
		}
		if n, err := strconv.Atoi(name[i+len("-step-"):]); err == nil && n >= min {
			return true
		}
	}
	return false
}
