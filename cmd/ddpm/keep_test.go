package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/backends"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/internal/testfix"
)

// tinyTrain are the flags of a denoiser run of a second or two.
var tinyTrain = []string{"-hidden", "16,16", "-batch", "64", "-eval-every", "10", "-nll-every", "0", "-checkpoint-every", "0"}

func wantExit(t *testing.T, wantCode int, wants []string, args ...string) string {
	t.Helper()
	code, msg := runDDPM(t, args...)
	if code != wantCode {
		t.Fatalf("ddpm %v: exit %d, want %d\n%s", args, code, wantCode, msg)
	}
	for _, w := range wants {
		if !strings.Contains(msg, w) {
			t.Errorf("ddpm %v: output does not mention %q:\n%s", args, w, msg)
		}
	}
	return msg
}

// A folder with a trained checkpoint is not trained over: ddpm train and
// ddpm all refuse, name the checkpoint and the flags, and touch nothing;
// -force replaces it.
func TestTrainKeepsACheckpoint(t *testing.T) {
	out := t.TempDir()
	wantExit(t, 0, nil, append([]string{"train", "-out", out, "-steps", "20"}, tinyTrain...)...)
	before := snapshotDir(t, out)
	ckpt := netkind.Denoiser.CheckpointDir(out)
	refusal := []string{ckpt, "trained denoiser: 20 of 20 steps", "made by ddpm train", "-resume", "-force"}
	msg := wantExit(t, 1, refusal, append([]string{"train", "-out", out, "-steps", "30"}, tinyTrain...)...)
	t.Logf("ddpm train over a checkpoint:\n%s", msg)
	wantExit(t, 1, refusal, "all", "-out", out, "-train-steps", "30")
	if after := snapshotDir(t, out); after != before {
		t.Errorf("the refusals changed files:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	wantExit(t, 0, []string{"denoiser: 10 steps"}, append([]string{"train", "-out", out, "-steps", "10", "-force"}, tinyTrain...)...)
	b, err := backends.New("go")
	if err != nil {
		t.Fatal(err)
	}
	net, _, err := ddpm.LoadCheckpoint(ckpt, b)
	if err != nil {
		t.Fatal(err)
	}
	if net.GlobalStep() != 10 {
		t.Errorf("after -force the checkpoint is at step %d, want the new run's 10", net.GlobalStep())
	}
}

// A sample set is not replaced by a smaller one unless -force: the refusal
// names the file, what made it and the flag, and the files stay
// byte-identical.
func TestSampleKeepsALargerSet(t *testing.T) {
	out := t.TempDir()
	wantExit(t, 0, nil, append([]string{"train", "-out", out, "-steps", "20"}, tinyTrain...)...)
	sample := func(n string, extra ...string) []string {
		return append([]string{"sample", "-out", out, "-n", n, "-method", "ddim", "-ddim-steps", "10", "-snapshots", "0"}, extra...)
	}
	wantExit(t, 0, nil, sample("300")...)
	before := testfix.FileHashes(t, out)
	npy := filepath.Join(out, run.UncondSamplesBase+".npy")
	msg := wantExit(t, 1, []string{npy, "300 samples (this run: 200)", "made by ddpm sample -out", "-force"}, sample("200")...)
	t.Logf("ddpm sample with fewer samples:\n%s", msg)
	wantExit(t, 1, []string{"10 reverse steps (this run: 5)"}, append(sample("300"), "-ddim-steps", "5")...)
	testfix.SameFiles(t, "the refusals", before, testfix.FileHashes(t, out))
	wantExit(t, 0, nil, sample("400")...) // larger: replaced without asking
	wantExit(t, 0, nil, sample("200", "-force")...)
	d, err := states.Load(npy)
	if err != nil || d.Len() != 200 {
		t.Fatalf("after -force: %v, %d samples, want 200", err, d.Len())
	}
	table, err := run.ReadProvenance(out)
	if err != nil {
		t.Fatal(err)
	}
	if rec := table[run.ResultUncond]; rec.N != 200 || rec.Steps != 10 || rec.DenoiserStep != 20 || !strings.Contains(rec.MadeBy, "-force") {
		t.Errorf("record of the forced set: %+v", rec)
	}
}

// Two processes on one folder: while one trains, another writer is refused
// with a message naming the first, and nothing it would have written
// appears; after the first stops, the folder is whole and can be resumed.
func TestConcurrentWritersAreRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess training")
	}
	out := t.TempDir()
	args := []string{"train", "-out", out, "-steps", "100000", "-hidden", "16,16", "-batch", "64",
		"-eval-every", "20", "-nll-every", "0", "-checkpoint-every", "20"}
	first, buf := startDDPM(t, args...)
	defer func() { _ = first.Process.Kill(); _ = first.Wait() }()
	pid := "pid " + strconv.Itoa(first.Process.Pid)
	lock := filepath.Join(out, run.LockFileName)
	waitUntil(t, first, buf, "the first run locks "+out+" and saves a checkpoint", func() bool {
		b, _ := os.ReadFile(lock)
		return ddpm.HasCheckpoint(out, netkind.Denoiser) && strings.Contains(string(b), strconv.Itoa(first.Process.Pid))
	})
	busy := []string{out + " is being written by " + pid, "ddpm train -out", "-out DIR"}
	msg := wantExit(t, 1, busy, append([]string{"train", "-out", out, "-force", "-steps", "10"}, tinyTrain...)...)
	t.Logf("a second writer:\n%s", msg)
	wantExit(t, 1, busy, "sample", "-out", out, "-n", "10", "-method", "ddim", "-ddim-steps", "5")
	wantExit(t, 1, busy, "all", "-out", out, "-resume")
	for _, name := range []string{run.UncondSamplesBase + ".npy", run.ProvenanceFile, run.MetricsFile} {
		if _, err := os.Stat(filepath.Join(out, name)); err == nil {
			t.Errorf("a refused writer wrote %s", name)
		}
	}
	// Ctrl-C: the first run saves and lets go.
	if err := first.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	b, err := backends.New("go")
	if err != nil {
		t.Fatal(err)
	}
	net, _, err := ddpm.LoadCheckpoint(netkind.Denoiser.CheckpointDir(out), b)
	if err != nil {
		t.Fatalf("checkpoint after the first run stopped: %v\n%s", err, buf.String())
	}
	steps := strconv.Itoa(net.GlobalStep() + 10)
	wantExit(t, 0, []string{"denoiser: " + steps + " steps"}, append(args[:len(args):len(args)], "-resume", "-steps", steps)...)
}
