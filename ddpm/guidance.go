package ddpm

import (
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph ops read best unqualified
	"github.com/gomlx/gomlx/ml/model"
	"github.com/statesdiffusion/states/ddpm/states"
)

// classifierLogProbGrad builds, for a batch x [B, 2] at times tbar [B, 1],
// the classifier's log-probability of label, log f_phi(label | x, tbar) [B],
// and its gradient with respect to the input, grad_x [B, 2].
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
func classifierLogProbGrad(arch MLP, scope *model.Scope, x, tbar *Node, label int) (logp, grad *Node) {
	g := x.Graph()
	logits := arch.Apply(scope, Concatenate([]*Node{x, tbar}, -1))
	ysel := OneHot(Const(g, []int32{int32(label)}), states.Num, logits.DType()) // [1, states.Num]
	logp = ReduceSum(Mul(LogSoftmax(logits, -1), ysel), -1)
	grad = Gradient(ReduceAllSum(logp), x)[0]
	return logp, grad
}
