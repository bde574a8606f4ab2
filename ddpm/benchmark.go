package ddpm

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/gomlx/compute"
	"github.com/statesdiffusion/states/ddpm/backends"
	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/states"
)

// BenchOptions size the benchmark run of RunBenchmarks.
type BenchOptions struct {
	// MinTime is the least time spent timing each training figure.
	MinTime time.Duration
	// Quick shrinks every figure (a smoke test, not a measurement).
	Quick bool
	// Log receives one line per figure (nil: none).
	Log io.Writer
	// Batches are extra sizes, for an accelerator's sweet spot (large
	// batches): for each size B, denoiser training at batch B and DDPM
	// sampling of B samples (500 steps), reported in BenchResult.Extra as
	// samples per second too. Empty: only the default figures.
	Batches []int
}

// GPUBenchBatches are the extra batch sizes that `ddpm bench` times by
// default on a GPU (see AutoBenchBatches).
var GPUBenchBatches = []int{10000, 65536, 262144}

// AutoBenchBatches returns the extra batch sizes worth timing on backend:
// GPUBenchBatches on an XLA backend whose plugin is CUDA, none elsewhere
// (on a CPU the default figures already reach its sweet spot, and the large
// sizes would take minutes).
func AutoBenchBatches(backend compute.Backend) []int {
	if backends.Kind(backend) != "xla" {
		return nil
	}
	if c, ok := backend.(interface{ IsCUDA() bool }); ok && c.IsCUDA() {
		return append([]int(nil), GPUBenchBatches...)
	}
	return nil
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
	// Extra holds the figures of BenchOptions.Batches, flattened into the
	// JSON object next to the fixed keys: for each batch size B,
	// denoiser_bB_steps_per_s, denoiser_bB_samples_per_s,
	// denoiser_bB_gflop_per_s (the last two also for B = 10000 and 2048),
	// sample_Bx500_s and sample_Bx500_samples_per_s.
	Extra map[string]float64 `json:"-"`
}

// MarshalJSON writes the fixed figures and, after them in the same object,
// the Extra ones in key order (the flat form bench/compare.sh reads). An
// Extra key that repeats a fixed one is an error.
func (r BenchResult) MarshalJSON() ([]byte, error) {
	type fixed BenchResult // the same fields, without this method
	b, err := json.Marshal(fixed(r))
	if err != nil || len(r.Extra) == 0 {
		return b, err
	}
	var seen map[string]json.RawMessage
	if err := json.Unmarshal(b, &seen); err != nil {
		return nil, fmt.Errorf("bench result: %w", err)
	}
	out := bytes.NewBuffer(b[:len(b)-1]) // without the closing brace
	for _, k := range slices.Sorted(maps.Keys(r.Extra)) {
		if _, clash := seen[k]; clash {
			return nil, fmt.Errorf("bench result: extra figure %q repeats a fixed one", k)
		}
		v, err := json.Marshal(r.Extra[k])
		if err != nil {
			return nil, fmt.Errorf("bench result: figure %q: %w", k, err)
		}
		key, _ := json.Marshal(k)
		fmt.Fprintf(out, ",%s:%s", key, v)
	}
	out.WriteByte('}')
	return out.Bytes(), nil
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
	data, err := states.Generate(states.DefaultConfig())
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
		kind         netkind.Kind
		batch        int
		steps, flops *float64
	}
	for _, f := range []trainFig{
		{netkind.Denoiser, 10000, &res.DenoiserB10000StepsPerS, &res.DenoiserB10000GFLOPs},
		{netkind.Denoiser, 2048, &res.DenoiserB2048StepsPerS, &res.DenoiserB2048GFLOPs},
		{netkind.Classifier, 10000, &res.ClassifierB10000StepsPerS, nil},
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
	den, err := NewNet(netkind.Denoiser, DefaultDenoiserHidden, diffusion.DefaultScheduleConfig(), backend, 1)
	if err != nil {
		return nil, err
	}
	clf, err := NewNet(netkind.Classifier, DefaultClassifierHidden, diffusion.DefaultScheduleConfig(), backend, 2)
	if err != nil {
		return nil, err
	}
	n := 5000
	if opts.Quick {
		n = 500
	}
	cfg := DefaultSampleConfig()
	cfg.N = n
	pts, secs, warm, err := benchSample(ctx, den, cfg, nil)
	if err != nil {
		return nil, err
	}
	res.Sample5000x500S = secs
	logf("DDPM sampling, %d x %d steps: %.2f s (after a %.2f s warm-up call)", n, den.Schedule.T, secs, warm)
	gcfg := cfg
	gcfg.Method, gcfg.Eta = MethodDDIM, 0
	if _, secs, warm, err = benchSample(ctx, den, gcfg, &Guidance{Classifier: clf, Label: 2, Scale: 1}); err != nil {
		return nil, err
	}
	res.Guided5000x500S = secs
	logf("guided DDIM sampling, %d x %d steps: %.2f s (after a %.2f s warm-up call)", n, den.Schedule.T, secs, warm)
	kde, err := metrics.NewKDE(data.Points)
	if err != nil {
		return nil, err
	}
	// Score points near the data (the real case), not the untrained samples.
	near := make([][2]float32, len(data.Points))
	for i, p := range data.Points {
		near[i] = [2]float32{p[0] + 0.01*pts[i%len(pts)][0], p[1] + 0.01*pts[i%len(pts)][1]}
	}
	began := time.Now()
	_ = kde.NLL(near)
	res.KDENLL5000S = time.Since(began).Seconds()
	logf("KDE NLL, 5000 x 5000: %.3f s", res.KDENLL5000S)
	if err := benchBatches(ctx, backend, data, den, opts.Batches, minTime, res, logf); err != nil {
		return nil, err
	}
	return res, nil
}

// benchBatches times, for each extra batch size, denoiser training and DDPM
// sampling of that many samples with den, into res.Extra.
func benchBatches(ctx context.Context, backend compute.Backend, data *states.Dataset, den *Net, batches []int,
	minTime time.Duration, res *BenchResult, logf func(string, ...any)) error {
	if len(batches) == 0 {
		return nil
	}
	res.Extra = map[string]float64{}
	params := den.Arch.NumParams()
	known := map[int]float64{10000: res.DenoiserB10000StepsPerS, 2048: res.DenoiserB2048StepsPerS}
	for _, b := range batches {
		if b <= 0 {
			return fmt.Errorf("bench: batch size %d, want > 0", b)
		}
		key := fmt.Sprintf("denoiser_b%d_", b)
		rate, ok := known[b]
		if !ok {
			r, _, err := benchTraining(ctx, backend, data, netkind.Denoiser, b, minTime)
			if err != nil {
				return fmt.Errorf("bench: denoiser training at batch %d: %w", b, err)
			}
			rate = r
			res.Extra[key+"steps_per_s"] = rate
			known[b] = rate
		}
		gflops := 6 * float64(params) * float64(b) * rate / 1e9
		if b != 10000 && b != 2048 { // those two have fixed keys
			res.Extra[key+"gflop_per_s"] = gflops
		}
		res.Extra[key+"samples_per_s"] = rate * float64(b)
		logf("%-10s training, batch %5d: %7.2f steps/s, %.0f samples/s (%.1f GFLOP/s)",
			netkind.Denoiser, b, rate, rate*float64(b), gflops)
	}
	cfg := DefaultSampleConfig()
	for _, b := range batches {
		cfg.N = b
		_, secs, warm, err := benchSample(ctx, den, cfg, nil)
		if err != nil {
			return fmt.Errorf("bench: sampling %d points: %w", b, err)
		}
		key := fmt.Sprintf("sample_%dx%d_", b, den.Schedule.T)
		res.Extra[key+"s"] = secs
		res.Extra[key+"samples_per_s"] = float64(b) / secs
		logf("DDPM sampling, %d x %d steps: %.2f s, %.0f samples/s (after a %.2f s warm-up call)",
			b, den.Schedule.T, secs, float64(b)/secs, warm)
	}
	return nil
}

// benchSample runs Sample's chain for cfg (all cfg.N points in one batch,
// no snapshots) on one sampler, timing it after an untimed warm-up call of
// each chunk length, in which the backend compiles the chunk's graph: the
// figure is the steady-state chain, like the PyTorch reference's after its
// warm-up run (on XLA/CUDA a compilation takes seconds, the whole chain of
// 5000 points a fraction of that). It returns the points (Sample's for
// cfg and guide), the seconds of the chain and of the warm-up.
func benchSample(ctx context.Context, den *Net, cfg SampleConfig, guide *Guidance) (pts [][2]float32,
	secs, warm float64, err error) {
	scale := 0.0
	if guide != nil {
		scale = guide.Scale
	}
	steps, err := cfg.steps(den.Schedule, scale)
	if err != nil {
		return nil, 0, 0, err
	}
	k := cfg.StepsPerCall
	if k <= 0 {
		k = 10
	}
	sm, err := newSampler(den, guide, nil)
	if err != nil {
		return nil, 0, 0, err
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0xd1ff))
	x := make([]float32, 2*cfg.N)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	began := time.Now()
	warmChunks := [][]stepCoef{steps[:min(k, len(steps))]}
	if r := len(steps) % k; r != 0 && len(steps) > k {
		warmChunks = append(warmChunks, steps[len(steps)-r:]) // a shorter last chunk has its own graph
	}
	warmRNG := rand.New(rand.NewPCG(0, 0)) // the chain's own noise stays Sample's
	for _, chunk := range warmChunks {
		if _, err := sm.run(x, cfg.N, chunk, warmRNG); err != nil {
			return nil, 0, 0, err
		}
	}
	warm = time.Since(began).Seconds()
	began = time.Now()
	for i := 0; i < len(steps); i += k {
		if err := ctx.Err(); err != nil {
			return nil, 0, 0, err
		}
		if x, err = sm.run(x, cfg.N, steps[i:min(i+k, len(steps))], rng); err != nil {
			return nil, 0, 0, err
		}
	}
	secs = time.Since(began).Seconds()
	pts = make([][2]float32, cfg.N)
	for i := range pts {
		pts[i] = [2]float32{x[2*i], x[2*i+1]}
		if !states.IsFinite(pts[i]) {
			return nil, 0, 0, fmt.Errorf("bench: sample %d is not finite (%v)", i, pts[i])
		}
	}
	return pts, secs, warm, nil
}

// benchTraining times training steps of a default network at batch size,
// after two untimed steps (compilation), for at least minTime.
func benchTraining(ctx context.Context, backend compute.Backend, data *states.Dataset, kind netkind.Kind, batch int,
	minTime time.Duration) (stepsPerS float64, params int, err error) {
	cfg, err := DefaultTrainConfig(kind)
	if err != nil {
		return 0, 0, err
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
