package pipeline

import (
	"cmp"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/gofrs/flock"
	"github.com/gomlx/compute"
	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/backends"
	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

// The tests of this package run the stages on networks of a few seconds'
// training, on the backend named by DDPM_TEST_BACKEND (default "go"), with
// a schedule of T = 50 steps.

func testBackend(t testing.TB) compute.Backend {
	t.Helper()
	b, err := backends.New(cmp.Or(os.Getenv("DDPM_TEST_BACKEND"), "go"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// smallStates is the STATES data with 100 points per state.
func smallStates(t testing.TB) *states.Dataset {
	t.Helper()
	cfg := states.DefaultConfig()
	cfg.PerState = 100
	d, err := states.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// tinyRecipe is a recipe of kind that trains in a second or two: steps
// steps of batch 128, two small hidden layers, T = 50, no NLL checks and
// no checkpoint but the last.
func tinyRecipe(kind string, steps int) ddpm.TrainConfig {
	cfg := ddpm.DefaultDenoiserConfig()
	cfg.Hidden = []int{16, 16}
	if kind == ddpm.KindClassifier {
		cfg = ddpm.DefaultClassifierConfig()
		cfg.Hidden = []int{8, 8}
	}
	cfg.Schedule = diffusion.ScheduleConfig{Kind: "linear", T: 50, BetaStart: 1e-3, BetaEnd: 0.2}
	cfg.Steps, cfg.Batch, cfg.WarmupSteps, cfg.LowTMax = steps, 128, 5, 10
	cfg.EvalEvery, cfg.NLLEvery, cfg.CheckpointEvery = 10, 0, 0
	return cfg
}

// tinyOptions are the options to train a tiny network of kind.
func tinyOptions(t testing.TB, kind string, steps int) ddpm.TrainOptions {
	return ddpm.TrainOptions{Kind: kind, Data: smallStates(t), Config: tinyRecipe(kind, steps), Backend: testBackend(t)}
}

var (
	tinyOnce sync.Once
	tinyDen  *ddpm.Net
	tinyClf  *ddpm.Net
	tinyErr  error
	tinyData *states.Dataset
)

// tinyNets trains (once per test binary) a tiny denoiser and classifier,
// and returns them with their data.
func tinyNets(t *testing.T) (den, clf *ddpm.Net, data *states.Dataset) {
	t.Helper()
	tinyOnce.Do(func() {
		ctx := context.Background()
		if tinyDen, _, tinyErr = ddpm.Train(ctx, tinyOptions(t, ddpm.KindDenoiser, 40)); tinyErr != nil {
			return
		}
		tinyClf, _, tinyErr = ddpm.Train(ctx, tinyOptions(t, ddpm.KindClassifier, 40))
		tinyData = smallStates(t)
	})
	if tinyErr != nil {
		t.Fatal(tinyErr)
	}
	return tinyDen, tinyClf, tinyData
}

// tinySampler is a sampler of n samples in 10 DDIM steps.
func tinySampler(n int) ddpm.SampleConfig {
	cfg := ddpm.DefaultSampleConfig()
	cfg.N, cfg.Method, cfg.Steps, cfg.Eta = n, ddpm.MethodDDIM, 10, 0
	return cfg
}

func scorerOf(t *testing.T, data *states.Dataset) *metrics.Scorer {
	t.Helper()
	s, err := metrics.NewScorer(data, metrics.DefaultRadius)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// openWS opens dir as a workspace made by "test" with the quick budget.
func openWS(t *testing.T, dir string, force bool) *run.Workspace {
	t.Helper()
	w, err := run.Open(dir, run.Options{Force: force, MadeBy: "test", Budget: "quick"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close() })
	return w
}

// holdElsewhere takes the lock of dir as another process would: on a file
// descriptor of its own, outside this process's record of its locks. The
// returned function lets go.
func holdElsewhere(t *testing.T, dir string) (letGo func()) {
	t.Helper()
	fl := flock.New(filepath.Join(dir, run.LockFileName))
	ok, err := fl.TryLock()
	if err != nil || !ok {
		t.Fatalf("lock %s: %v, %v", dir, ok, err)
	}
	letGo = func() { _ = fl.Unlock() }
	t.Cleanup(letGo)
	return letGo
}
