package main

import (
	"strings"
	"testing"
)

// wantUsageError runs ddpm with args and checks exit status 2, a message
// naming each of wants, and no panic.
func wantUsageError(t *testing.T, wants []string, args ...string) {
	t.Helper()
	code, msg := runDDPM(t, args...)
	if code != 2 || strings.Contains(msg, "panic") {
		t.Errorf("ddpm %v: exit %d, want 2 (a usage error):\n%s", args, code, msg)
		return
	}
	for _, w := range wants {
		if !strings.Contains(msg, w) {
			t.Errorf("ddpm %v: message does not name %q:\n%s", args, w, msg)
		}
	}
}

// Bad values that only show at the end of a run (a NaN scale), or never
// (more DDIM steps than T), or when memory runs out (-n 1e9) are refused up
// front: exit status 2, the flag named, nothing written.
func TestBadSamplingFlagsAreRefused(t *testing.T) {
	out := t.TempDir()
	before := snapshotDir(t, out)
	for _, c := range []struct {
		wants []string
		args  []string
	}{
		{[]string{"-scale NaN", "finite"}, []string{"guide", "-out", out, "-scale", "NaN"}},
		{[]string{"-scale +Inf", "finite"}, []string{"guide", "-out", out, "-scale", "Inf"}},
		{[]string{"-scale -1"}, []string{"guide", "-out", out, "-scale", "-1"}},
		{[]string{"-scale (the classifier-free weight w) NaN"}, []string{"guide", "-model", "conditional", "-out", out, "-scale", "NaN"}},
		{[]string{"-sweep NaN"}, []string{"guide", "-out", out, "-sweep", "0,1,NaN"}},
		{[]string{"-n 1000000000", "7.5 GiB", "10000000"}, []string{"sample", "-out", out, "-n", "1000000000"}},
		{[]string{"-n 20000000"}, []string{"guide", "-out", out, "-n", "20000000"}},
		{[]string{"-sweep-n 20000000"}, []string{"guide", "-out", out, "-sweep-n", "20000000"}},
		{[]string{"-steps 20", "-ddim-steps 50", "alias"}, []string{"sample", "-out", out, "-method", "ddim", "-steps", "20", "-ddim-steps", "50"}},
	} {
		wantUsageError(t, c.wants, c.args...)
	}
	if after := snapshotDir(t, out); after != before {
		t.Errorf("the refusals wrote files:\n%s", after)
	}
}

// Step counts a trained network cannot take are refused once its T is
// known, before the folder is touched: more DDIM steps than T (under
// either name of the flag), and a step count with -method ddpm, which
// takes all T.
func TestStepsBeyondTAreRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a tiny denoiser")
	}
	out := t.TempDir()
	wantExit(t, 0, nil, append([]string{"train", "-out", out, "-steps", "10", "-T", "50"}, tinyTrain...)...)
	before := snapshotDir(t, out)
	wantUsageError(t, []string{"-ddim-steps 1000", "T = 50"}, "sample", "-out", out, "-method", "ddim", "-ddim-steps", "1000")
	wantUsageError(t, []string{"-steps 51", "T = 50"}, "sample", "-out", out, "-method", "ddim", "-steps", "51")
	wantUsageError(t, []string{"-steps 20", "-method ddim"}, "sample", "-out", out, "-method", "ddpm", "-steps", "20")
	if after := snapshotDir(t, out); after != before {
		t.Errorf("the refusals changed files:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	wantExit(t, 0, []string{"DDIM"}, "sample", "-out", out, "-n", "50", "-method", "ddim", "-steps", "50", "-snapshots", "0")
}
