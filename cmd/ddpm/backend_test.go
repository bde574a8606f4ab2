package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/ddpm/backends"
)

// runBackendCmd runs `ddpm backend args...` with the calibration cached in
// cache, and returns stdout and stderr.
func runBackendCmd(t *testing.T, cache string, args ...string) (stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(ddpmBinary(t), append([]string{"backend"}, args...)...)
	cmd.Env = append(os.Environ(), backends.CalibrationCacheEnv+"="+cache, backends.Env+"=")
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	if err := cmd.Run(); err != nil {
		t.Fatalf("ddpm backend %v: %v\n%s%s", args, err, o.String(), e.String())
	}
	return o.String(), e.String()
}

// `ddpm backend` on auto: the banner first, saying why; the calibration
// figures; the kind last. The second run reads the cache; a corrupt cache
// is replaced with a note; an explicit backend measures nothing.
func TestBackendCalibration(t *testing.T) {
	cache := filepath.Join(t.TempDir(), "calibration.json")
	ort := backends.FindORTLibrary() != ""
	out, errs := runBackendCmd(t, cache)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	first, last := lines[0], lines[len(lines)-1]
	if !strings.HasPrefix(first, "backend: "+last+" (") || !strings.Contains(first, "auto: ") {
		t.Fatalf("first line %q: want the banner of %q saying why auto picked it", first, last)
	}
	if !ort {
		if !strings.Contains(first, "ONNX Runtime is not installed") {
			t.Errorf("without ONNX Runtime: %q does not say so", first)
		}
		return
	}
	if !strings.Contains(out, "measured now") || !strings.Contains(out, "go    sampler forward b5000") ||
		!strings.Contains(out, "onnx  sampler forward b5000") || !strings.Contains(out, "cache: "+cache) {
		t.Errorf("first run: want both backends' figures, measured now, and the cache path:\n%s", out)
	}
	if !strings.Contains(errs, "timing the pure-Go backend and ONNX Runtime") {
		t.Errorf("first run: stderr %q does not say it calibrates", errs)
	}
	out2, errs := runBackendCmd(t, cache)
	if !strings.Contains(out2, "cached, measured") || errs != "" {
		t.Errorf("second run: want the cached figures, silently:\n%s\nstderr: %s", out2, errs)
	}
	if l := strings.Split(strings.TrimSpace(out2), "\n"); l[len(l)-1] != last {
		t.Errorf("second run picked %q, the first %q, from the same figures", l[len(l)-1], last)
	}
	if err := os.WriteFile(cache, []byte("{garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs = runBackendCmd(t, cache)
	if !strings.Contains(errs, "ignoring the calibration cache "+cache) || !strings.Contains(out, "measured now") {
		t.Errorf("corrupt cache: want a note naming it and a new calibration; stdout:\n%s\nstderr: %s", out, errs)
	}
	other := filepath.Join(t.TempDir(), "calibration.json")
	out, errs = runBackendCmd(t, other, "-backend", "go")
	if !strings.HasPrefix(out, "backend: go (pure Go") || !strings.HasSuffix(out, ")\ngo\n") || strings.Count(out, "\n") != 2 ||
		strings.Contains(out, "auto") || strings.Contains(errs, "timing") {
		t.Errorf("explicit go: want the banner and the kind, nothing measured; got:\n%s\nstderr: %s", out, errs)
	}
	if _, err := os.Stat(other); !os.IsNotExist(err) {
		t.Errorf("explicit go wrote a calibration: %v", err)
	}
}
