package ddpm

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph ops read best unqualified
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/statesdiffusion/states/ddpm/netkind"
)

// tinyConditional trains a tiny conditional denoiser.
func tinyConditional(t *testing.T) *Net {
	t.Helper()
	c := tinyConfig()
	c.NLLEvery, c.LabelDropout = 0, 0.2
	net, curves, err := Train(context.Background(), TrainOptions{Kind: netkind.Conditional, Data: smallStates(t), Config: c,
		Backend: testBackend(t)})
	if err != nil {
		t.Fatal(err)
	}
	if first, last := curves.Validation[0].Value, curves.Validation[len(curves.Validation)-1].Value; !(last < first) {
		t.Errorf("conditional validation loss went %.3f -> %.3f, want a drop", first, last)
	}
	return net
}

// referenceDDIM samples n points with deterministic DDIM (eta 0) from cond
// in a plain host loop, one Net.Apply per label and step, combining them
// as (1 + w) eps(x, label) - w eps(x, NoLabel): the reference for the
// sampler's compiled graph. x_T is drawn the way Sample draws it.
func referenceDDIM(t *testing.T, cond *Net, cfg SampleConfig, label int, w float64) [][2]float32 {
	t.Helper()
	steps, err := cfg.steps(cond.Schedule, 0)
	if err != nil {
		t.Fatal(err)
	}
	apply, err := model.NewExec(cond.Backend, cond.Store, func(_ *model.Scope, x, tbar, lab *Node) *Node {
		return cond.Apply(x, tbar, lab)
	})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0xd1ff))
	n := cfg.N
	x := make([]float32, 2*n)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	eps := func(tbar float64, l int) []float32 {
		tb, labs := make([]float32, n), make([]int32, n)
		for i := range tb {
			tb[i], labs[i] = float32(tbar), int32(l)
		}
		out, err := apply.Call(tensors.FromFlatDataAndDimensions(x, n, 2), tensors.FromFlatDataAndDimensions(tb, n, 1),
			tensors.FromFlatDataAndDimensions(labs, n))
		if err != nil {
			t.Fatal(err)
		}
		v, err := tensors.CopyFlatData[float32](out[0])
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, s := range steps {
		ec, eu := eps(s.TBar, label), eps(s.TBar, NoLabel)
		for i := range x {
			e := (1+w)*float64(ec[i]) - w*float64(eu[i])
			x[i] = float32(s.A*float64(x[i]) + s.B*e)
		}
	}
	out := make([][2]float32, n)
	for i := range out {
		out[i] = [2]float32{x[2*i], x[2*i+1]}
	}
	return out
}

func TestClassifierFreeGuidance(t *testing.T) {
	cond := tinyConditional(t)
	cfg := SampleConfig{N: 200, Seed: 5, Method: MethodDDIM, Steps: 20, Eta: 0}
	const label = 2
	for _, w := range []float64{0, 2} {
		got := sampleOrFail(t, cond, cfg, &Guidance{Label: label, Scale: w})
		want := referenceDDIM(t, cond, cfg, label, w)
		if d := maxAbsDiff(got, want); d > 1e-3 {
			t.Errorf("w = %g: sampler and reference differ by %.2g, want < 1e-3", w, d)
		}
	}
	// w = 0 is the conditional model alone: its samples differ from those
	// of the same network without a label, and from w = 2.
	w0 := sampleOrFail(t, cond, cfg, &Guidance{Label: label, Scale: 0})
	for name, other := range map[string][][2]float32{
		"no label": sampleOrFail(t, cond, cfg, nil),
		"w = 2":    sampleOrFail(t, cond, cfg, &Guidance{Label: label, Scale: 2}),
	} {
		if d := maxAbsDiff(w0, other); !(d > 1e-2) || math.IsNaN(d) {
			t.Errorf("w = 0 and %s differ by only %.2g: the label or the weight is ignored", name, d)
		}
	}
}
