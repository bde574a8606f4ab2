package ddpm

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/statesdiffusion/states/ddpm/backends"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/internal/testfix"
	"github.com/statesdiffusion/states/internal/testnets"
)

var (
	tinyNetsOnce     sync.Once
	tinyDen, tinyClf *Net
	tinyNetsErr      error
)

// tinyNets trains (once per test binary) a tiny denoiser and classifier.
func tinyNets(t *testing.T) (*Net, *Net) {
	t.Helper()
	tinyNetsOnce.Do(func() {
		b, err := backends.New(testnets.BackendName())
		if err != nil {
			tinyNetsErr = err
			return
		}
		data := smallStates(t)
		c := tinyConfig()
		c.NLLEvery = 0
		tinyDen, _, tinyNetsErr = Train(context.Background(), TrainOptions{Kind: netkind.Denoiser, Data: data, Config: c, Backend: b})
		if tinyNetsErr != nil {
			return
		}
		cc := DefaultClassifierConfig()
		cc.Hidden = []int{16, 16}
		cc.Steps, cc.Batch, cc.EvalEvery = 100, 256, 50
		tinyClf, _, tinyNetsErr = Train(context.Background(), TrainOptions{Kind: netkind.Classifier, Data: data, Config: cc, Backend: b})
	})
	if tinyNetsErr != nil {
		t.Fatal(tinyNetsErr)
	}
	return tinyDen, tinyClf
}

func sampleOrFail(t *testing.T, den *Net, cfg SampleConfig, g *Guidance) [][2]float32 {
	t.Helper()
	pts, _, err := Sample(context.Background(), den, cfg, g)
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != cfg.N {
		t.Fatalf("got %d samples, want %d", len(pts), cfg.N)
	}
	return pts
}

func maxAbsDiff(a, b [][2]float32) float64 {
	d := 0.0
	for i := range a {
		d = max(d, math.Abs(float64(a[i][0]-b[i][0])), math.Abs(float64(a[i][1]-b[i][1])))
	}
	return d
}

func TestSamplingIsReproducibleForASeed(t *testing.T) {
	den, _ := tinyNets(t)
	cfg := SampleConfig{N: 300, Seed: 7, Method: MethodDDPM, Variance: VariancePosterior, StepsPerCall: 25, Batch: 128}
	a := sampleOrFail(t, den, cfg, nil)
	b := sampleOrFail(t, den, cfg, nil)
	if d := maxAbsDiff(a, b); d != 0 {
		t.Errorf("same seed, samples differ by %g", d)
	}
	cfg.Seed = 8
	c := sampleOrFail(t, den, cfg, nil)
	if d := maxAbsDiff(a, c); d < 1e-3 {
		t.Errorf("different seeds gave the same samples (max diff %g)", d)
	}
}

// DDIM over every step with eta = 1 is DDPM with the posterior variance:
// with the same seed the two draw the same noise and must agree.
func TestDDIMEtaOneAllStepsMatchesDDPM(t *testing.T) {
	den, _ := tinyNets(t)
	ddpm := sampleOrFail(t, den, SampleConfig{N: 400, Seed: 3, Method: MethodDDPM, Variance: VariancePosterior, StepsPerCall: 20}, nil)
	ddim := sampleOrFail(t, den, SampleConfig{N: 400, Seed: 3, Method: MethodDDIM, Eta: 1, StepsPerCall: 20}, nil)
	if d := maxAbsDiff(ddpm, ddim); d > 1e-3 {
		t.Errorf("DDIM(eta=1, all steps) differs from DDPM(posterior) by %g", d)
	}
	// And the statistics agree (means and variances per axis).
	mp, vp := testfix.MeanVar(ddpm)
	mi, vi := testfix.MeanVar(ddim)
	for ax := range 2 {
		if math.Abs(mp[ax]-mi[ax]) > 0.01 || math.Abs(vp[ax]-vi[ax]) > 0.01 {
			t.Errorf("axis %d: DDPM mean/var %.3f/%.3f, DDIM %.3f/%.3f", ax, mp[ax], vp[ax], mi[ax], vi[ax])
		}
	}
	// The beta variance is a different sampler: it must not coincide.
	beta := sampleOrFail(t, den, SampleConfig{N: 400, Seed: 3, Method: MethodDDPM, Variance: VarianceBeta, StepsPerCall: 20}, nil)
	if d := maxAbsDiff(ddpm, beta); d < 1e-3 {
		t.Errorf("beta and posterior variance gave the same samples")
	}
}

// Guidance with scale 0 is unguided sampling, bit for bit.
func TestGuidanceScaleZeroEqualsUnguided(t *testing.T) {
	den, clf := tinyNets(t)
	cfg := SampleConfig{N: 200, Seed: 5, Method: MethodDDIM, Eta: 0, StepsPerCall: 20}
	plain := sampleOrFail(t, den, cfg, nil)
	guided := sampleOrFail(t, den, cfg, &Guidance{Classifier: clf, Label: 2, Scale: 0})
	if d := maxAbsDiff(plain, guided); d != 0 {
		t.Errorf("scale-0 guidance differs from unguided DDIM by %g", d)
	}
	pushed := sampleOrFail(t, den, cfg, &Guidance{Classifier: clf, Label: 2, Scale: 2})
	if d := maxAbsDiff(plain, pushed); d < 1e-3 {
		t.Errorf("scale-2 guidance changed nothing (max diff %g)", d)
	}
}

func TestSnapshotsRecordTheReverseProcess(t *testing.T) {
	den, _ := tinyNets(t)
	_, snaps, err := Sample(context.Background(), den, SampleConfig{N: 100, Seed: 1, Method: MethodDDIM, Steps: 50, Eta: 1,
		StepsPerCall: 10, Batch: 40, SnapshotN: 60}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(snaps.Times) != 6 || snaps.Times[0] != 500 || snaps.Times[5] != 0 {
		t.Fatalf("snapshot steps %v, want 6 from 500 to 0", snaps.Times)
	}
	for i, p := range snaps.Points {
		if len(p) != 60 {
			t.Errorf("snapshot %d has %d points, want 60", i, len(p))
		}
	}
}

// The max(z, a z) form of PReLU used for sampling gives the same samples as
// the general form when the slopes lie in [0, 1].
func TestUnitSlopePReLUSamplesMatch(t *testing.T) {
	den, _ := tinyNets(t)
	cfg := SampleConfig{N: 100, Seed: 9, Method: MethodDDIM, Steps: 25, Eta: 1, StepsPerCall: 5}
	sm, err := newSampler(den, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !sm.unitSlopes {
		t.Fatal("tiny denoiser's slopes are outside [0, 1]: the test does not exercise the fast form")
	}
	fast := sampleOrFail(t, den, cfg, nil)
	general := func() [][2]float32 {
		// The same sampler with the general PReLU (its graph is built at
		// its first call, after the switch).
		saved := sm.unitSlopes
		defer func() { sm.unitSlopes = saved }()
		sm.unitSlopes = false
		rng := rand.New(rand.NewPCG(cfg.Seed, 0xd1ff))
		steps, err := cfg.steps(den.Schedule, 0)
		if err != nil {
			t.Fatal(err)
		}
		x := make([]float32, 2*cfg.N)
		for i := range x {
			x[i] = float32(rng.NormFloat64())
		}
		for i := 0; i < len(steps); i += cfg.StepsPerCall {
			if x, err = sm.run(x, cfg.N, steps[i:min(i+cfg.StepsPerCall, len(steps))], rng); err != nil {
				t.Fatal(err)
			}
		}
		out := make([][2]float32, cfg.N)
		for i := range out {
			out[i] = [2]float32{x[2*i], x[2*i+1]}
		}
		return out
	}()
	if d := maxAbsDiff(fast, general); d > 1e-5 {
		t.Errorf("fast and general PReLU samples differ by %g", d)
	}
}

// Validate refuses what no sampler can run, naming the value.
func TestSampleConfigValidate(t *testing.T) {
	if err := DefaultSampleConfig().Validate(); err != nil {
		t.Errorf("the default: %v", err)
	}
	if err := (SampleConfig{N: 1}).Validate(); err != nil {
		t.Errorf("zero method and variance (the defaults): %v", err)
	}
	for _, tc := range []struct {
		edit func(*SampleConfig)
		want string
	}{
		{func(c *SampleConfig) { c.N = 0 }, "number of samples 0"},
		{func(c *SampleConfig) { c.Batch = -1 }, "negative batch"},
		{func(c *SampleConfig) { c.Method = "heun" }, `unknown sampling method "heun"`},
		{func(c *SampleConfig) { c.Variance = "small" }, `unknown variance "small"`},
		{func(c *SampleConfig) { c.Method, c.Eta = MethodDDIM, -0.5 }, "eta = -0.5, want >= 0"},
		{func(c *SampleConfig) { c.Eta = math.NaN() }, "eta = NaN"},
	} {
		cfg := DefaultSampleConfig()
		tc.edit(&cfg)
		if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one containing %q", cfg, err, tc.want)
		}
	}
}

// DDIM cannot take more steps than the network's T: Sample refuses instead
// of quietly running T.
func TestSampleRefusesMoreDDIMStepsThanT(t *testing.T) {
	den, _ := tinyNets(t)
	T := den.Schedule.T
	cfg := SampleConfig{N: 10, Seed: 1, Method: MethodDDIM, Steps: T + 1}
	if _, _, err := Sample(context.Background(), den, cfg, nil); err == nil || !strings.Contains(err.Error(), "at most T") {
		t.Errorf("%d DDIM steps on T = %d: error %v, want a refusal", T+1, T, err)
	}
	cfg.Steps = T
	sampleOrFail(t, den, cfg, nil)
}
