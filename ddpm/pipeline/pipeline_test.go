package pipeline

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/gofrs/flock"
	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/internal/testnets"
	"github.com/statesdiffusion/states/internal/testrun"
)

// The tests of this package run the stages on networks of a few seconds'
// training, on the backend of internal/testnets (DDPM_TEST_BACKEND,
// default "go"), with a schedule of T = 50 steps, on the small STATES data
// of internal/testrun.

// tinyRecipe is a recipe of kind that trains in a second or two: steps
// steps of batch 128, two small hidden layers, T = 50, no NLL checks and
// no checkpoint but the last.
func tinyRecipe(kind netkind.Kind, steps int) ddpm.TrainConfig {
	cfg := ddpm.DefaultDenoiserConfig()
	cfg.Hidden = []int{16, 16}
	if kind == netkind.Classifier {
		cfg = ddpm.DefaultClassifierConfig()
		cfg.Hidden = []int{8, 8}
	}
	cfg.Schedule = diffusion.ScheduleConfig{Kind: "linear", T: 50, BetaStart: 1e-3, BetaEnd: 0.2}
	cfg.Steps, cfg.Batch, cfg.WarmupSteps, cfg.LowTMax = steps, 128, 5, 10
	cfg.EvalEvery, cfg.NLLEvery, cfg.CheckpointEvery = 10, 0, 0
	return cfg
}

// tinyOptions are the options to train a tiny network of kind.
func tinyOptions(t testing.TB, kind netkind.Kind, steps int) ddpm.TrainOptions {
	return ddpm.TrainOptions{Kind: kind, Data: testrun.SmallStates(t), Config: tinyRecipe(kind, steps), Backend: testnets.Backend(t)}
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
		if tinyDen, _, tinyErr = ddpm.Train(ctx, tinyOptions(t, netkind.Denoiser, 40)); tinyErr != nil {
			return
		}
		tinyClf, _, tinyErr = ddpm.Train(ctx, tinyOptions(t, netkind.Classifier, 40))
		tinyData = testrun.SmallStates(t)
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
