package ddpm

import (
	"context"
	"os"
	"testing"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/statesdiffusion/states/ddpm/backends"
	"github.com/statesdiffusion/states/ddpm/netkind"
)

// RequireONNXEnv, set to 1 (scripts/test.sh does), makes the tests that need
// the ONNX Runtime library fail instead of skipping when it is not found.
const RequireONNXEnv = "DDPM_REQUIRE_ONNX"

// onnxOrSkip returns the ONNX backend, or skips the test when the library
// is not installed (fails under DDPM_REQUIRE_ONNX=1).
func onnxOrSkip(t *testing.T) compute.Backend {
	t.Helper()
	if backends.FindORTLibrary() == "" {
		if os.Getenv(RequireONNXEnv) == "1" {
			t.Fatalf("ONNX Runtime library not found (%s=1): run scripts/install-deps.sh", RequireONNXEnv)
		}
		t.Skip("ONNX Runtime library not found: run scripts/install-deps.sh")
	}
	b, err := backends.New(backends.ONNX)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// cpuBackends returns every CPU backend the tests can run here: "go" and,
// when its library is found, "onnx".
func cpuBackends(t *testing.T) map[string]compute.Backend {
	t.Helper()
	g, err := backends.New("go")
	if err != nil {
		t.Fatal(err)
	}
	return map[string]compute.Backend{"go": g, "onnx": onnxOrSkip(t)}
}

// weightValues returns a copy of every weight of n, by variable path.
func weightValues(t *testing.T, n *Net) map[string][]float32 {
	t.Helper()
	out := map[string][]float32{}
	for v := range n.Store.IterVariables() {
		if !n.isWeight(v.Path()) {
			continue
		}
		val, err := v.Value()
		if err != nil {
			t.Fatal(err)
		}
		out[v.Path()] = tensors.MustCopyFlatData[float32](val)
	}
	return out
}

// On every CPU backend a training run moves every weight and counts its
// steps. (gomlx v0.28.16 folds variables into constants in graphs not
// marked as training on backends that prefer it: the training step then
// kept its first weights, silently.)
func TestWeightsMoveOnEveryBackend(t *testing.T) {
	for name, b := range cpuBackends(t) {
		t.Run(name, func(t *testing.T) {
			c := tinyConfig()
			c.Steps, c.NLLEvery, c.EvalEvery = 30, 0, 10
			for _, kind := range []netkind.Kind{netkind.Denoiser, netkind.Classifier} {
				arch, err := ConfigArch(kind, c)
				if err != nil {
					t.Fatal(err)
				}
				init, err := NewNetOf(kind, arch, c.Schedule, b, c.Seed)
				if err != nil {
					t.Fatal(err)
				}
				before := weightValues(t, init)
				n, curves, err := Train(context.Background(), TrainOptions{Kind: kind, Data: smallStates(t), Config: c, Backend: b})
				if err != nil {
					t.Fatal(err)
				}
				if got := n.GlobalStep(); got != c.Steps {
					t.Errorf("%s: global step %d after %d steps", kind, got, c.Steps)
				}
				after := weightValues(t, n)
				if len(after) == 0 || len(after) != len(before) {
					t.Fatalf("%s: %d weights before, %d after", kind, len(before), len(after))
				}
				for path, w0 := range before {
					if maxAbsDiff32(w0, after[path]) == 0 {
						t.Errorf("%s: weight %s did not move in %d steps", kind, path, c.Steps)
					}
				}
				v := curves.Validation
				if len(v) < 2 || !(v[len(v)-1].Value < v[0].Value) {
					t.Errorf("%s: validation loss %v, want a drop", kind, v)
				}
			}
		})
	}
}

func maxAbsDiff32(a, b []float32) float64 {
	d := 0.0
	for i := range a {
		d = max(d, float64(max(a[i]-b[i], b[i]-a[i])))
	}
	return d
}

// A checkpoint written on one CPU backend loads and samples on the other,
// with the same samples for the same seed (up to float rounding).
func TestCheckpointsArePortableAcrossBackends(t *testing.T) {
	backends := cpuBackends(t)
	for _, pair := range [][2]string{{"go", "onnx"}, {"onnx", "go"}} {
		t.Run(pair[0]+"_to_"+pair[1], func(t *testing.T) {
			dir := t.TempDir()
			c := tinyConfig()
			c.Steps, c.NLLEvery = 60, 0
			trained, _, err := Train(context.Background(), TrainOptions{Kind: netkind.Denoiser, Data: smallStates(t), Config: c,
				Backend: backends[pair[0]], Dir: dir})
			if err != nil {
				t.Fatal(err)
			}
			loaded, _, err := LoadCheckpoint(netkind.Denoiser.CheckpointDir(dir), backends[pair[1]])
			if err != nil {
				t.Fatal(err)
			}
			if loaded.GlobalStep() != c.Steps {
				t.Errorf("loaded step %d, want %d", loaded.GlobalStep(), c.Steps)
			}
			cfg := SampleConfig{N: 200, Seed: 4, Method: MethodDDIM, Steps: 50, Eta: 0, StepsPerCall: 10}
			a := sampleOrFail(t, trained, cfg, nil)
			b := sampleOrFail(t, loaded, cfg, nil)
			if d := maxAbsDiff(a, b); d > 1e-3 {
				t.Errorf("samples on %s and %s differ by %g", pair[0], pair[1], d)
			}
		})
	}
}
