package backends

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeEnv is an autoEnv whose measurements are figs, counted in *calls.
func fakeEnv(t *testing.T, cache string, figs []Figure, calls *int, log *bytes.Buffer) autoEnv {
	t.Helper()
	return autoEnv{
		ortLib:    "/opt/ort/libonnxruntime.so.1",
		cachePath: cache,
		key:       CalibrationKey{Version: "test", CPU: "Test CPU", CPUFlags: "avx2 fma", ORTLibrary: "/opt/ort/libonnxruntime.so.1 (1 bytes)"},
		measure: func(kinds []string) []Figure {
			*calls++
			if strings.Join(kinds, ",") != "go,onnx" {
				t.Errorf("measured %v, want go and onnx", kinds)
			}
			return figs
		},
		log: log,
		now: func() time.Time { return time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC) },
	}
}

var onnxFaster = []Figure{{Backend: "go", SampleS: 0.030, TrainS: 0.060}, {Backend: "onnx", SampleS: 0.020, TrainS: 0.045}}

func TestDecideAutoMeasuresOnceThenUsesTheCache(t *testing.T) {
	cache := filepath.Join(t.TempDir(), "sub", "calibration.json")
	var calls int
	var log bytes.Buffer
	env := fakeEnv(t, cache, onnxFaster, &calls, &log)
	d := decideAuto(env)
	if d.Kind != "onnx" || d.Cached || calls != 1 {
		t.Fatalf("first decision: kind %q, cached %v, %d calibrations; want onnx, measured once", d.Kind, d.Cached, calls)
	}
	if !strings.Contains(d.Reason, "1.41x faster than go") {
		t.Errorf("reason %q, want the speed-up over go (sqrt(30*60)/sqrt(20*45) = 1.41)", d.Reason)
	}
	if !strings.Contains(log.String(), "cached in "+cache) {
		t.Errorf("log %q does not say where the calibration is cached", log.String())
	}
	log.Reset()
	d = decideAuto(env)
	if d.Kind != "onnx" || !d.Cached || calls != 1 || log.Len() != 0 {
		t.Errorf("second decision: kind %q, cached %v, %d calibrations, log %q; want onnx from the cache, silently",
			d.Kind, d.Cached, calls, log.String())
	}
	if !d.Calibration.Measured.Equal(env.now()) || len(d.Calibration.Figures) != 2 {
		t.Errorf("cached calibration %+v, want the first one's", d.Calibration)
	}
	env.force = true
	if d = decideAuto(env); d.Cached || calls != 2 {
		t.Errorf("forced: cached %v after %d calibrations, want a new one", d.Cached, calls)
	}
}

func TestDecideAutoMeasuresAgainWhenTheKeyChanges(t *testing.T) {
	for _, c := range []struct {
		change func(*CalibrationKey)
		says   string
	}{
		{func(k *CalibrationKey) { k.CPUFlags += " avx512f" }, "CPU changed"},
		{func(k *CalibrationKey) { k.SIMD = true }, "GOEXPERIMENT=simd changed"},
		{func(k *CalibrationKey) { k.ORTLibrary = "/opt/ort/libonnxruntime.so.1 (2 bytes)" }, "ONNX Runtime library changed"},
		{func(k *CalibrationKey) { k.Version = "test2" }, "calibration version changed"},
	} {
		cache := filepath.Join(t.TempDir(), "calibration.json")
		var calls int
		var log bytes.Buffer
		decideAuto(fakeEnv(t, cache, onnxFaster, &calls, &log))
		log.Reset()
		before := calls
		goFaster := []Figure{{Backend: "go", SampleS: 0.01, TrainS: 0.02}, {Backend: "onnx", SampleS: 0.02, TrainS: 0.04}}
		env := fakeEnv(t, cache, goFaster, &calls, &log)
		c.change(&env.key)
		d := decideAuto(env)
		if calls != before+1 || d.Cached || d.Kind != "go" {
			t.Errorf("%s: %d new calibrations, cached %v, kind %q; want one, and go", c.says, calls-before, d.Cached, d.Kind)
		}
		if !strings.Contains(log.String(), c.says) {
			t.Errorf("log %q, want it to say %q", log.String(), c.says)
		}
		// The new key is cached: the same environment does not measure again.
		if d = decideAuto(env); !d.Cached {
			t.Errorf("%s: the new calibration was not cached", c.says)
		}
	}
}

func TestDecideAutoIgnoresACorruptCache(t *testing.T) {
	for name, content := range map[string]string{
		"truncated":  `{"key": {"version": "test"`,
		"not json":   "hello",
		"empty":      "",
		"no figures": `{"key": {}, "figures": []}`,
	} {
		t.Run(name, func(t *testing.T) {
			cache := filepath.Join(t.TempDir(), "calibration.json")
			if err := os.WriteFile(cache, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			var calls int
			var log bytes.Buffer
			d := decideAuto(fakeEnv(t, cache, onnxFaster, &calls, &log))
			if calls != 1 || d.Kind != "onnx" {
				t.Errorf("%d calibrations, kind %q; want one, onnx", calls, d.Kind)
			}
			msg := log.String()
			if !strings.Contains(msg, "ignoring the calibration cache "+cache) || !strings.Contains(msg, "not a calibration") ||
				!strings.Contains(msg, "measuring again") {
				t.Errorf("log %q: want a note naming %s, saying it is not a calibration and that it is measured again", msg, cache)
			}
			if c, err := readCalibration(cache); err != nil || c == nil {
				t.Errorf("the cache was not replaced by a good one: %v", err)
			}
		})
	}
}

func TestDecideAutoWithoutONNXRuntimeMeasuresNothing(t *testing.T) {
	cache := filepath.Join(t.TempDir(), "calibration.json")
	var calls int
	var log bytes.Buffer
	env := fakeEnv(t, cache, onnxFaster, &calls, &log)
	env.ortLib = ""
	d := decideAuto(env)
	if d.Kind != "go" || calls != 0 || d.Calibration != nil || !strings.Contains(d.Reason, "ONNX Runtime is not installed") {
		t.Errorf("without ONNX Runtime: %+v after %d calibrations; want go, unmeasured, saying why", d, calls)
	}
	if _, err := os.Stat(cache); !os.IsNotExist(err) {
		t.Errorf("a cache was written without anything measured: %v", err)
	}
}

func TestDecideAutoWithoutACacheFolder(t *testing.T) {
	var calls int
	var log bytes.Buffer
	// A cache path under a file cannot be written: a note, not an error.
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	d := decideAuto(fakeEnv(t, filepath.Join(file, "calibration.json"), onnxFaster, &calls, &log))
	if d.Kind != "onnx" || !strings.Contains(log.String(), "calibration not cached") {
		t.Errorf("unwritable cache: kind %q, log %q; want onnx and a note", d.Kind, log.String())
	}
	log.Reset()
	if d = decideAuto(fakeEnv(t, "", onnxFaster, &calls, &log)); d.Kind != "onnx" || !strings.Contains(log.String(), "not cached") {
		t.Errorf("no cache: kind %q, log %q; want onnx and a note", d.Kind, log.String())
	}
}

func TestChoose(t *testing.T) {
	for _, c := range []struct {
		name string
		figs []Figure
		want string
		says string
	}{
		{"onnx faster", onnxFaster, "onnx", "faster than go"},
		{"go faster", []Figure{{Backend: "go", SampleS: 1, TrainS: 1}, {Backend: "onnx", SampleS: 2, TrainS: 1}}, "go", "1.41x faster than onnx"},
		{"a near tie", []Figure{{Backend: "go", SampleS: 1, TrainS: 1}, {Backend: "onnx", SampleS: 1.02, TrainS: 1.02}}, "go", "about as fast as onnx in this machine's calibration (1.02x)"},
		{"mixed: geometric mean", []Figure{{Backend: "go", SampleS: 1, TrainS: 4}, {Backend: "onnx", SampleS: 3, TrainS: 1}}, "onnx", "1.15x"},
		{"tie", []Figure{{Backend: "onnx", SampleS: 1, TrainS: 1}, {Backend: "go", SampleS: 1, TrainS: 1}}, "go", "1.00x"},
		{"onnx failed", []Figure{{Backend: "go", SampleS: 9, TrainS: 9}, {Backend: "onnx", Error: "boom"}}, "go", "onnx failed"},
		{"go failed", []Figure{{Backend: "go", Error: "boom"}, {Backend: "onnx", SampleS: 9, TrainS: 9}}, "onnx", "go failed"},
		{"both failed", []Figure{{Backend: "go", Error: "a"}, {Backend: "onnx", Error: "b"}}, "go", "failed on go and onnx"},
	} {
		kind, why := choose(c.figs)
		if kind != c.want || !strings.Contains(why, c.says) {
			t.Errorf("%s: chose %q (%s), want %q saying %q", c.name, kind, why, c.want, c.says)
		}
	}
}

// The real calibration, on the pure-Go backend and on ONNX Runtime when it
// is installed, finishes in well under two seconds and gives figures.
func TestCalibrationRuns(t *testing.T) {
	kinds := []string{"go"}
	if FindORTLibrary() != "" {
		kinds = append(kinds, ONNX)
	}
	backendsMu.Lock()
	t0 := time.Now()
	figs := measureBackends(kinds)
	took := time.Since(t0)
	backendsMu.Unlock()
	for _, f := range figs {
		t.Log(f)
		if !f.OK() {
			t.Errorf("%s: not measured: %s", f.Backend, f.Error)
		}
	}
	t.Logf("calibration of %v took %v", kinds, took)
	if took > 2*time.Second {
		t.Errorf("calibration of %v took %v, want < 2 s", kinds, took)
	}
}
