package ddpm

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/gomlx/compute"
)

// BenchOptions size the benchmark run of RunBenchmarks.
type BenchOptions struct {
	// MinTime is the least time spent timing each training figure.
	MinTime time.Duration
	// Quick shrinks every figure (a smoke test, not a measurement).
	Quick bool
	// Log receives one line per figure (nil: none).
	Log io.Writer
}

// BenchResult holds the speed figures of the default models; the JSON keys
// are the ones bench/compare.sh matches against PyTorch.
type BenchResult struct {
	Backend                   string  `json:"backend"`
	DenoiserB10000StepsPerS   float64 `json:"denoiser_b10000_steps_per_s"`
	DenoiserB10000GFLOPs      float64 `json:"denoiser_b10000_gflop_per_s"`
	DenoiserB2048StepsPerS    float64 `json:"denoiser_b2048_steps_per_s"`
	DenoiserB2048GFLOPs       float64 `json:"denoiser_b2048_gflop_per_s"`
	ClassifierB10000StepsPerS float64 `json:"classifier_b10000_steps_per_s"`
	Sample5000x500S           float64 `json:"sample_5000x500_s"`
	Guided5000x500S           float64 `json:"guided_5000x500_s"`
	KDENLL5000S               float64 `json:"kde_nll_5000_s"`
}

// RunBenchmarks measures, on backend, the default denoiser's and
// classifier's training steps per second, 5000-sample 500-step DDPM
// sampling, 5000-sample guided DDIM sampling of one state and the KDE NLL of
// 5000 samples against 5000 points. Weights are freshly initialized: speed
// does not depend on them.
func RunBenchmarks(ctx context.Context, backend compute.Backend, opts BenchOptions) (*BenchResult, error) {
	if opts.MinTime <= 0 {
		opts.MinTime = 5 * time.Second
	}
	data, err := GenerateStates(DefaultStatesOptions())
	if err != nil {
		return nil, err
	}
	res := &BenchResult{Backend: backend.Name()}
	logf := func(format string, args ...any) {
		if opts.Log != nil {
			fmt.Fprintf(opts.Log, format+"\n", args...)
		}
	}
	minTime := opts.MinTime
	if opts.Quick {
		minTime = 300 * time.Millisecond
	}
	type trainFig struct {
		kind         string
		batch        int
		steps, flops *float64
	}
	for _, f := range []trainFig{
		{KindDenoiser, 10000, &res.DenoiserB10000StepsPerS, &res.DenoiserB10000GFLOPs},
		{KindDenoiser, 2048, &res.DenoiserB2048StepsPerS, &res.DenoiserB2048GFLOPs},
		{KindClassifier, 10000, &res.ClassifierB10000StepsPerS, nil},
	} {
		rate, params, err := benchTraining(ctx, backend, data, f.kind, f.batch, minTime)
		if err != nil {
			return nil, err
		}
		*f.steps = rate
		gflops := 6 * float64(params) * float64(f.batch) * rate / 1e9
		if f.flops != nil {
			*f.flops = gflops
		}
		logf("%-10s training, batch %5d: %7.2f steps/s (%.1f GFLOP/s)", f.kind, f.batch, rate, gflops)
	}
	den, err := NewNet(KindDenoiser, DefaultDenoiserHidden, DefaultScheduleConfig(), backend, 1)
	if err != nil {
		return nil, err
	}
	clf, err := NewNet(KindClassifier, DefaultClassifierHidden, DefaultScheduleConfig(), backend, 2)
	if err != nil {
		return nil, err
	}
	n := 5000
	if opts.Quick {
		n = 500
	}
	cfg := DefaultSampleConfig()
	cfg.N = n
	began := time.Now()
	pts, _, err := Sample(ctx, den, cfg, nil)
	if err != nil {
		return nil, err
	}
	res.Sample5000x500S = time.Since(began).Seconds()
	logf("DDPM sampling, %d x %d steps: %.2f s", n, den.Schedule.T, res.Sample5000x500S)
	gcfg := cfg
	gcfg.Method, gcfg.Eta = MethodDDIM, 0
	began = time.Now()
	if _, _, err := Sample(ctx, den, gcfg, &Guidance{Classifier: clf, Label: 2, Scale: 1}); err != nil {
		return nil, err
	}
	res.Guided5000x500S = time.Since(began).Seconds()
	logf("guided DDIM sampling, %d x %d steps: %.2f s", n, den.Schedule.T, res.Guided5000x500S)
	kde, err := NewKDE(data.Points)
	if err != nil {
		return nil, err
	}
	// Score points near the data (the real case), not the untrained samples.
	near := make([][2]float32, len(data.Points))
	for i, p := range data.Points {
		near[i] = [2]float32{p[0] + 0.01*pts[i%len(pts)][0], p[1] + 0.01*pts[i%len(pts)][1]}
	}
	began = time.Now()
	_ = kde.NLL(near)
	res.KDENLL5000S = time.Since(began).Seconds()
	logf("KDE NLL, 5000 x 5000: %.3f s", res.KDENLL5000S)
	return res, nil
}

// benchTraining times training steps of a default network at batch size,
// after two untimed steps (compilation), for at least minTime.
func benchTraining(ctx context.Context, backend compute.Backend, data *Dataset, kind string, batch int,
	minTime time.Duration) (stepsPerS float64, params int, err error) {
	cfg := DefaultDenoiserConfig()
	if kind == KindClassifier {
		cfg = DefaultClassifierConfig()
	}
	cfg.Batch, cfg.NLLEvery, cfg.Steps = batch, 0, 1<<30
	t, err := newTrainer(TrainOptions{Kind: kind, Data: data, Config: cfg, Backend: backend})
	if err != nil {
		return 0, 0, err
	}
	nb := newNoisyBatch(batch)
	step := func(i int) error {
		t.src.fill(i, nb)
		_, err := t.step.Call(append(batchTensors(nb), float32(cfg.LR))...)
		return err
	}
	for i := range 2 {
		if err := step(i); err != nil {
			return 0, 0, err
		}
	}
	began := time.Now()
	n := 0
	for time.Since(began) < minTime || n < 3 {
		if ctx.Err() != nil {
			return 0, 0, ctx.Err()
		}
		if err := step(n + 2); err != nil {
			return 0, 0, err
		}
		n++
	}
	return float64(n) / time.Since(began).Seconds(), t.net.Arch.NumParams(), nil
}
