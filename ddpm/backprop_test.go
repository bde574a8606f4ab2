package ddpm

import (
	"math"
	"math/rand/v2"
	"testing"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph ops read best unqualified
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/states"
)

// The hand-written backward pass gives GoMLX autodiff's gradients, for both
// losses, every variable included, with one slope per layer or one shared
// slope (whose gradient sums over the layers).
func TestManualBackpropMatchesAutodiff(t *testing.T) {
	for _, tc := range []struct {
		kind   netkind.Kind
		shared bool
	}{{netkind.Denoiser, false}, {netkind.Classifier, false}, {netkind.Denoiser, true}} {
		kind := tc.kind
		arch, err := NetArch(kind, []int{7, 5})
		if err != nil {
			t.Fatal(err)
		}
		arch.SharedPReLU = tc.shared
		n, err := NewNetOf(kind, arch, diffusion.DefaultScheduleConfig(), testBackend(t), 3)
		if err != nil {
			t.Fatal(err)
		}
		// Slopes away from 0.25 and of both signs exercise PReLU fully.
		for i, a := range []float32{-0.4, 0.7}[:arch.numSlopes()] {
			if err := n.Store.GetVariable(arch.slopeScope(n.scope(), i).Scope() + "/alpha").SetValue(tensors.FromScalar(a)); err != nil {
				t.Fatal(err)
			}
		}
		var paths []string
		exec, err := model.NewExec(n.Backend, n.Store, func(scope *model.Scope, xt, tbar, eps, label *Node) []*Node {
			loss, grads := n.lossAndGrads(xt, tbar, eps, label)
			var vars []*Node
			paths = paths[:0]
			var manual []*Node
			for _, vg := range grads {
				vars = append(vars, vg.v.NodeValue(xt.Graph()))
				manual = append(manual, vg.grad)
				paths = append(paths, vg.v.Path())
			}
			auto := Gradient(loss, vars...)
			return append(manual, auto...)
		})
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(1, 1))
		const B = 16
		nb := newNoisyBatch(B)
		s := n.Schedule
		for i := range B {
			nb.set(s, i, [2]float32{float32(rng.NormFloat64()), float32(rng.NormFloat64())}, rng.IntN(states.Num),
				1+rng.IntN(s.T), rng.NormFloat64(), rng.NormFloat64())
		}
		out, err := exec.Call(batchTensors(nb)...)
		if err != nil {
			t.Fatal(err)
		}
		k := len(out) / 2
		if want := 2*(len(n.Arch.Sizes)-1) + arch.numSlopes(); k != want { // weights and biases of each layer, the slopes
			t.Fatalf("%s: %d gradients, want %d", kind, k, want)
		}
		for i := range k {
			m := tensors.MustCopyFlatData[float32](out[i])
			a := tensors.MustCopyFlatData[float32](out[k+i])
			for j := range m {
				if math.Abs(float64(m[j]-a[j])) > 1e-5*(1+math.Abs(float64(a[j]))) {
					t.Errorf("%s %s[%d]: manual %g, autodiff %g", kind, paths[i], j, m[j], a[j])
					break
				}
			}
		}
	}
}

// Adam's first step moves every weight by lr against the sign of its
// gradient (bias correction makes m_hat = g and v_hat = g^2).
func TestAdamFirstStep(t *testing.T) {
	data := smallStates(t)
	c := tinyConfig()
	tr, err := newTrainer(TrainOptions{Kind: netkind.Denoiser, Data: data, Config: c, Backend: testBackend(t)})
	if err != nil {
		t.Fatal(err)
	}
	nb := newNoisyBatch(c.Batch)
	tr.src.fill(0, nb)
	gradExec, err := model.NewExec(tr.net.Backend, tr.net.Store, func(scope *model.Scope, xt, tbar, eps, label *Node) []*Node {
		_, grads := tr.net.lossAndGrads(xt, tbar, eps, label)
		var out []*Node
		for _, vg := range grads {
			out = append(out, vg.grad)
		}
		return out
	})
	if err != nil {
		t.Fatal(err)
	}
	grads, err := gradExec.Call(batchTensors(nb)...)
	if err != nil {
		t.Fatal(err)
	}
	w := tr.net.Store.GetVariable(tr.net.scope().Scope() + "/dense_1/weights")
	before := tensors.MustCopyFlatData[float32](w.MustValue())
	const lr = 1e-3
	if _, err := tr.step.Call(append(batchTensors(nb), float32(lr))...); err != nil {
		t.Fatal(err)
	}
	after := tensors.MustCopyFlatData[float32](w.MustValue())
	// dense_1/weights is the fourth gradient from the end: backward goes
	// from the last layer, each layer adding weights, biases (and a slope).
	var g []float32
	for _, gt := range grads {
		if gt.Shape().Size() == len(before) && gt.Shape().Dimensions[0] == 32 && gt.Shape().Rank() == 2 {
			g = tensors.MustCopyFlatData[float32](gt)
		}
	}
	if g == nil {
		t.Fatal("gradient of dense_1/weights not found")
	}
	checked := 0
	for i := range before {
		if math.Abs(float64(g[i])) < 1e-4 {
			continue
		}
		want := before[i] - float32(lr)*float32(math.Copysign(1, float64(g[i])))
		if math.Abs(float64(after[i]-want)) > 1e-5 {
			t.Fatalf("weight %d: %g -> %g with gradient %g; want %g", i, before[i], after[i], g[i], want)
		}
		checked++
	}
	if checked < len(before)/2 {
		t.Errorf("only %d of %d weights checked", checked, len(before))
	}
	if tr.net.GlobalStep() != 1 {
		t.Errorf("global step %d after one step", tr.net.GlobalStep())
	}
}
