package ddpm

import (
	"fmt"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph ops read best unqualified
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

// The noisy classifier f_phi(y | x_t, tbar) is a Net of netkind.Classifier:
// an MLP 3 -> 100 -> 200 -> 500 -> 5 with PReLU, trained by Train with the
// cross-entropy of the state label on points noised at a random t (the same
// schedule as the denoiser, T = 500). This file holds its predictions and
// the gradient of its log-probability that guides sampling.

// Predict returns the classifier's argmax class for each point at time t.
func (n *Net) Predict(pts [][2]float32, t int) ([]int, error) {
	if n.Kind.Spec().Target != netkind.TargetLabel {
		return nil, fmt.Errorf("predict: network is a %s, want a classifier", n.Kind)
	}
	if t < 0 || t > n.Schedule.T {
		return nil, fmt.Errorf("predict: t = %d out of [0, %d]", t, n.Schedule.T)
	}
	if len(pts) == 0 {
		return nil, nil
	}
	out, err := n.applyAt(pts, n.Schedule.TBar(t), func(logits *Node) *Node { return ArgMax(logits, -1, dtypes.Int32) })
	if err != nil {
		return nil, fmt.Errorf("predict: %w", err)
	}
	cls := tensors.MustCopyFlatData[int32](out)
	res := make([]int, len(cls))
	for i, c := range cls {
		res[i] = int(c)
	}
	return res, nil
}

// applyAt evaluates the network on pts, every point at the same time input
// tin (the classifier's and denoiser's tbar, the flow's u), and returns
// head of its output [N, out] as a host tensor.
func (n *Net) applyAt(pts [][2]float32, tin float64, head func(out *Node) *Node) (*tensors.Tensor, error) {
	exec, err := model.NewExec(n.Backend, n.Store, func(_ *model.Scope, x, t *Node) *Node {
		return head(n.Apply(x, t, nil))
	})
	if err != nil {
		return nil, err
	}
	flat := make([]float32, 2*len(pts))
	ts := make([]float32, len(pts))
	for i, p := range pts {
		flat[2*i], flat[2*i+1] = p[0], p[1]
		ts[i] = float32(tin)
	}
	out, err := exec.Call(tensors.FromFlatDataAndDimensions(flat, len(pts), 2), tensors.FromFlatDataAndDimensions(ts, len(pts), 1))
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// MakePredictionMap evaluates the classifier's argmax class on an nx x ny
// grid covering the data (with a margin of 10% of its extent) at each of
// the times ts.
func (n *Net) MakePredictionMap(data *states.Dataset, nx, ny int, ts []int) (*run.PredictionMap, error) {
	if nx <= 0 || ny <= 0 {
		return nil, fmt.Errorf("prediction map: grid %dx%d, want positive sizes", nx, ny)
	}
	if data.Len() == 0 {
		return nil, fmt.Errorf("prediction map: no data points")
	}
	lo, hi := data.Box(0.1)
	m := &run.PredictionMap{XMin: lo[0], XMax: hi[0], YMin: lo[1], YMax: hi[1], NX: nx, NY: ny}
	grid := states.GridCentres(lo, hi, nx, ny)
	for _, t := range ts {
		cls, err := n.Predict(grid, t)
		if err != nil {
			return nil, err
		}
		m.Times = append(m.Times, t)
		m.Classes = append(m.Classes, cls)
	}
	return m, nil
}

// classifierLogProbGrad builds, for the classifier n and a batch x [B, 2]
// at times tbar [B, 1], the classifier's log-probability of label,
// log f_phi(label | x, tbar) [B], and its gradient with respect to the
// input, grad_x [B, 2].
//
// This is the handout's recipe done by autodiff inside the graph: the logits
// go through a log-softmax, the column of the label is taken, and its
// gradient is the reverse-mode derivative of the column's sum (each sample
// depends only on its own x, so the sum's gradient is the per-sample one,
// like calling backward with a vector of ones).
//
// Guided sampling (sample.go) then uses
//
//	eps_hat = eps_theta(x_t) - s sqrt(1 - alphabar_t) grad_x log f_phi(y | x_t)
//
// in the DDIM step (deterministic, eta = 0, as in the handout) or in the
// ancestral DDPM step; s is the guidance scale (1 in the handout).
//
// The classifier's weights are read under scope (a sampler's copy); the
// gradient goes through its input embedding, if any.
func (n *Net) classifierLogProbGrad(scope *model.Scope, x, tbar *Node, label int) (logp, grad *Node) {
	g := x.Graph()
	logits := n.Arch.applyForInputGradient(scope, n.input(x, tbar, nil))
	ysel := OneHot(Const(g, []int32{int32(label)}), states.Num, logits.DType()) // [1, states.Num]
	logp = ReduceSum(Mul(LogSoftmax(logits, -1), ysel), -1)
	grad = Gradient(ReduceAllSum(logp), x)[0]
	return logp, grad
}
