package ddpm

import (
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph ops read best unqualified
	"github.com/gomlx/gomlx/ml/model"
)

// PReLUInit is the initial slope of PReLU for negative inputs, as in PyTorch's
// nn.PReLU().
const PReLUInit = 0.25

// PReLU applies the parametric ReLU with one learnable slope a (the variable
// "alpha" in scope, shared by all units of the layer, as nn.PReLU() in
// PyTorch): y = x for x >= 0, y = a x otherwise. GoMLX has no PReLU layer.
//
// It is written as y = max(x, 0) + a min(x, 0), exact for any a (no mask
// tensor, no Where), so autodiff yields the gradients for x and a directly.
func PReLU(scope *model.Scope, x *Node) *Node {
	a := scope.GetVariable("alpha")
	if a == nil {
		a = scope.VariableWithValue("alpha", float32(PReLUInit))
	}
	zero := ScalarZero(x.Graph(), x.DType())
	return Add(Max(x, zero), Mul(Min(x, zero), a.NodeValue(x.Graph())))
}
