package ddpm

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/core/tensors"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/internal/testnets"
	"github.com/statesdiffusion/states/internal/testrun"
)

// The package's tests run on the backend of internal/testnets
// (DDPM_TEST_BACKEND, default "go") and train on the small STATES data of
// internal/testrun, under these short names.
var (
	testBackend = testnets.Backend
	smallStates = testrun.SmallStates
)

// tinyConfig is a denoiser recipe that trains in about a second.
func tinyConfig() TrainConfig {
	c := DefaultDenoiserConfig()
	c.Hidden = []int{32, 32}
	c.Steps, c.Batch, c.LR, c.WarmupSteps = 150, 256, 3e-3, 10
	c.EvalEvery, c.NLLEvery, c.NLLSamples, c.CheckpointEvery = 50, 150, 200, 50
	return c
}

func TestTinyDenoiserLossDrops(t *testing.T) {
	dir := t.TempDir()
	_, curves, err := Train(context.Background(), TrainOptions{Kind: netkind.Denoiser, Data: smallStates(t),
		Config: tinyConfig(), Backend: testBackend(t), Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(curves.Validation) != 3 || len(curves.Train) != 3 {
		t.Fatalf("curves have %d train / %d validation points, want 3", len(curves.Train), len(curves.Validation))
	}
	first, last := curves.Validation[0].Value, curves.Validation[2].Value
	// An untrained eps-predictor scores about 1 (the variance of eps).
	if !(last < first && last < 0.8) {
		t.Errorf("validation loss went %.3f -> %.3f, want a drop below 0.8", first, last)
	}
	if len(curves.NLL) != 1 || math.IsNaN(curves.NLL[0].Value) {
		t.Errorf("NLL curve %v, want one finite value", curves.NLL)
	}
	var onDisk run.Curves
	if err := run.ReadJSON(filepath.Join(dir, netkind.Denoiser.Spec().Curves), &onDisk); err != nil {
		t.Fatal(err)
	}
	if len(onDisk.Validation) != 3 {
		t.Errorf("curves on disk have %d validation points", len(onDisk.Validation))
	}
}

// A run stopped at step 100 and resumed to 150 ends where an uninterrupted
// run ends: same step count and the same loss curve. (A constant learning
// rate, since a cosine schedule depends on the total number of steps.)
func TestResumeContinuesStepsAndLoss(t *testing.T) {
	b := testBackend(t)
	data := smallStates(t)
	full := t.TempDir()
	c := tinyConfig()
	c.LRSchedule = LRConstant
	netFull, curvesFull, err := Train(context.Background(), TrainOptions{Kind: netkind.Denoiser, Data: data,
		Config: c, Backend: b, Dir: full})
	if err != nil {
		t.Fatal(err)
	}
	part := t.TempDir()
	c.Steps = 100
	if _, _, err := Train(context.Background(), TrainOptions{Kind: netkind.Denoiser, Data: data, Config: c, Backend: b, Dir: part}); err != nil {
		t.Fatal(err)
	}
	c.Steps = 150
	netRes, curvesRes, err := Train(context.Background(), TrainOptions{Kind: netkind.Denoiser, Data: data, Config: c,
		Backend: b, Dir: part, Resume: true})
	if err != nil {
		t.Fatal(err)
	}
	if netRes.GlobalStep() != 150 || netFull.GlobalStep() != 150 {
		t.Fatalf("steps: resumed %d, full %d, want 150", netRes.GlobalStep(), netFull.GlobalStep())
	}
	if len(curvesRes.Train) != len(curvesFull.Train) {
		t.Fatalf("resumed curve has %d points, full %d", len(curvesRes.Train), len(curvesFull.Train))
	}
	for i := range curvesFull.Train {
		a, r := curvesFull.Train[i], curvesRes.Train[i]
		if a.Step != r.Step || math.Abs(a.Value-r.Value) > 1e-4*math.Abs(a.Value) {
			t.Errorf("train curve point %d: full %+v, resumed %+v", i, a, r)
		}
	}
	// The resumed checkpoint reloads with the same step.
	n2, _, err := LoadCheckpoint(netkind.Denoiser.CheckpointDir(part), b)
	if err != nil {
		t.Fatal(err)
	}
	if n2.GlobalStep() != 150 {
		t.Errorf("reloaded step %d, want 150", n2.GlobalStep())
	}
}

func TestTrainRejectsBadConfig(t *testing.T) {
	for _, mut := range []func(*TrainConfig){
		func(c *TrainConfig) { c.Steps = -1 },
		func(c *TrainConfig) { c.Batch = 0 },
		func(c *TrainConfig) { c.LR = 0 },
		func(c *TrainConfig) { c.Hidden = []int{8, -1} },
		func(c *TrainConfig) { c.Schedule.T = 1 },
		func(c *TrainConfig) { c.Scheme = "magic" },
		func(c *TrainConfig) { c.LowTFraction = 1.5 },
		func(c *TrainConfig) { c.LowTFraction, c.LowTMax = 0.5, 0 },
		func(c *TrainConfig) { c.LowTFraction, c.LowTMax = 0.5, c.Schedule.T+1 },
		func(c *TrainConfig) { c.LabelDropout = 1 },
		func(c *TrainConfig) { c.LabelDropout = 0.2 }, // the denoiser has no label
	} {
		c := tinyConfig()
		mut(&c)
		if _, _, err := Train(context.Background(), TrainOptions{Kind: netkind.Denoiser, Data: smallStates(t),
			Config: c, Backend: testBackend(t)}); err == nil {
			t.Errorf("config %+v accepted", c)
		}
	}
	// The schemes and kinds that do not fit.
	for _, kind := range []netkind.Kind{netkind.Flow, netkind.Conditional} {
		c := tinyConfig()
		c.Scheme = SchemeCourse
		if _, _, err := Train(context.Background(), TrainOptions{Kind: kind, Data: smallStates(t), Config: c,
			Backend: testBackend(t)}); err == nil || !strings.Contains(err.Error(), "course") {
			t.Errorf("%s with the course scheme: error %v, want a refusal", kind, err)
		}
	}
	unlabeled := &states.Dataset{Points: smallStates(t).Points}
	if _, _, err := Train(context.Background(), TrainOptions{Kind: netkind.Conditional, Data: unlabeled, Config: tinyConfig(),
		Backend: testBackend(t)}); err == nil || !strings.Contains(err.Error(), "no labels") {
		t.Errorf("conditional denoiser on unlabeled data: error %v, want a refusal", err)
	}
}

// With EMA on, every weight has an EMA copy that lags behind it, the copy
// survives a checkpoint, and sampling uses it.
func TestEMAWeights(t *testing.T) {
	dir := t.TempDir()
	c := tinyConfig()
	c.Steps, c.EMADecay, c.NLLEvery = 60, 0.9, 0
	n, _, err := Train(context.Background(), TrainOptions{Kind: netkind.Denoiser, Data: smallStates(t), Config: c,
		Backend: testBackend(t), Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	loaded, _, err := LoadCheckpoint(netkind.Denoiser.CheckpointDir(dir), testBackend(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, net := range []*Net{n, loaded} {
		count := 0
		for v := range net.Store.IterVariables() {
			if !net.isWeight(v.Path()) {
				continue
			}
			e := net.Store.GetVariable(emaPath(v.Path()))
			if e == nil {
				t.Fatalf("no EMA copy of %s", v.Path())
			}
			if e.Trainable {
				t.Errorf("EMA copy of %s is trainable", v.Path())
			}
			w := tensors.MustCopyFlatData[float32](v.MustValue())
			ew := tensors.MustCopyFlatData[float32](e.MustValue())
			if maxDiff(w, ew) == 0 && len(w) > 1 {
				t.Errorf("EMA copy of %s equals the weights", v.Path())
			}
			count++
		}
		if want := 2*(len(net.Arch.Sizes)-1) + net.Arch.numSlopes(); count != want {
			t.Errorf("%d weights with EMA, want %d", count, want)
		}
	}
	cfg := SampleConfig{N: 50, Seed: 1, Method: MethodDDIM, Steps: 10, StepsPerCall: 5}
	a, _, err := Sample(context.Background(), n, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := Sample(context.Background(), loaded, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := maxAbsDiff(a, b); d != 0 {
		t.Errorf("samples of the trained and reloaded EMA model differ by %g", d)
	}
}

func maxDiff(a, b []float32) float64 {
	d := 0.0
	for i := range a {
		d = max(d, math.Abs(float64(a[i]-b[i])))
	}
	return d
}
