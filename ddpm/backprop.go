package ddpm

import (
	"fmt"
	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph ops read best unqualified
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/nn"
	"github.com/gomlx/gomlx/ml/train/optimizer"
)

// Hand-written backpropagation for the MLP. GoMLX's autodiff gives the same
// gradients (a test checks it), but the graph it builds makes the Go backend
// transpose both operands of every weight-gradient product (a contraction
// over the batch axis) and compute masks through Sign. Here each product is
// laid out for the backend's matmul kernels, with one transpose of the
// layer's input per layer, and PReLU's derivative is one Where.

// mlpTape holds what the backward pass needs from the forward pass.
type mlpTape struct {
	ins   []*Node // input of each dense layer
	pre   []*Node // pre-activation z of each hidden layer
	neg   []*Node // min(z, 0) of each hidden layer
	slope []*Node // PReLU slope of each hidden layer
}

// forwardTape runs the MLP on x, recording the tape.
func (m MLP) forwardTape(scope *model.Scope, x *Node) (*Node, *mlpTape) {
	g := x.Graph()
	tp := &mlpTape{}
	for i := 0; i+1 < len(m.Sizes); i++ {
		ds := scope.At("dense_%d", i)
		w := mustVar(ds, "weights").NodeValue(g)
		b := mustVar(ds, "biases").NodeValue(g)
		tp.ins = append(tp.ins, x)
		z := nn.Dense(x, w, b, compute.DenseLayoutInputOutputs)
		if i+2 < len(m.Sizes) {
			a := mustVar(m.slopeScope(scope, i), "alpha").NodeValue(g)
			neg := Min(z, ScalarZero(g, z.DType()))
			tp.pre, tp.neg, tp.slope = append(tp.pre, z), append(tp.neg, neg), append(tp.slope, a)
			x = Add(z, Mul(neg, Sub(a, OnesLike(a))))
		} else {
			x = z
		}
	}
	return x, tp
}

// varGrad is a variable and the gradient of the loss for it.
type varGrad struct {
	v    *model.Variable
	grad *Node
}

// backward returns the gradients of the loss for every variable of the MLP,
// given dOut = dLoss/dOutput, from the last layer to the first. A shared
// PReLU slope gets one gradient, the sum over the layers that use it.
func (m MLP) backward(scope *model.Scope, tp *mlpTape, dOut *Node) []varGrad {
	var grads []varGrad
	slopeGrad := map[*model.Variable]int{} // index in grads of each slope's gradient
	dz := dOut
	for i := len(m.Sizes) - 2; i >= 0; i-- {
		ds := scope.At("dense_%d", i)
		wv, bv := mustVar(ds, "weights"), mustVar(ds, "biases")
		in := tp.ins[i]
		// dW [in, out] = in^T [in, B] . dz [B, out]: one transpose of in.
		grads = append(grads, varGrad{wv, MatMul(Transpose(in, 0, 1), dz)}, varGrad{bv, ReduceSum(dz, 0)})
		if i == 0 {
			break
		}
		// dh [B, in] = dz [B, out] . W^T: W [in, out] is the "transposed"
		// right operand of the kernels, no copy.
		w := wv.NodeValue(dz.Graph())
		dh := Dot(dz, w).General([]int{1}, nil, []int{1}, nil)
		// PReLU of layer i-1: h = z + (a - 1) min(z, 0).
		j := i - 1
		av := mustVar(m.slopeScope(scope, j), "alpha")
		da := ReduceAllSum(Mul(dh, tp.neg[j]))
		if k, ok := slopeGrad[av]; ok {
			grads[k].grad = Add(grads[k].grad, da)
		} else {
			slopeGrad[av] = len(grads)
			grads = append(grads, varGrad{av, da})
		}
		z := tp.pre[j]
		dz = Where(LessThan(z, ScalarZero(z.Graph(), z.DType())), Mul(dh, tp.slope[j]), dh)
	}
	return grads
}

// lossAndGrads returns the training loss of the network on a batch and the
// gradient of every weight, by the hand-written backward pass.
func (n *Net) lossAndGrads(xt, tbar, eps, label *Node) (*Node, []varGrad) {
	scope := n.scope()
	out, tp := n.Arch.forwardTape(scope, n.input(xt, tbar, label))
	loss, _ := n.lossOf(out, eps, label)
	return loss, n.Arch.backward(scope, tp, n.lossGradient(out, eps, label))
}

// adamUpdate applies one Adam step (PyTorch's formulation: betas 0.9, 0.999,
// eps added to sqrt(v_hat)) to every variable in grads, with the moments
// kept in non-trainable variables under /adam, and increments the global
// step.
func (n *Net) adamUpdate(g *Graph, grads []varGrad, lr *Node) {
	const beta1, beta2, eps = 0.9, 0.999, 1e-8
	stepVar := optimizer.GetGlobalStepVar(n.Store)
	step := Add(stepVar.NodeValue(g), OnesLike(stepVar.NodeValue(g)))
	stepVar.SetNodeValue(step)
	t := ConvertDType(step, dtypes.Float32)
	bc1 := OneMinus(Pow(Scalar(g, dtypes.Float32, beta1), t))
	bc2 := OneMinus(Pow(Scalar(g, dtypes.Float32, beta2), t))
	stepSize := Div(lr, bc1)
	sqrtBC2 := Sqrt(bc2)
	for _, vg := range grads {
		v, grad := vg.v, vg.grad
		mv, vv := n.Store.GetVariable(adamPath(v.Path(), "m")), n.Store.GetVariable(adamPath(v.Path(), "v"))
		m1 := Add(MulScalar(mv.NodeValue(g), beta1), MulScalar(grad, 1-beta1))
		m2 := Add(MulScalar(vv.NodeValue(g), beta2), MulScalar(Square(grad), 1-beta2))
		mv.SetNodeValue(m1)
		vv.SetNodeValue(m2)
		denom := AddScalar(Div(Sqrt(m2), sqrtBC2), eps)
		v.SetNodeValue(Sub(v.NodeValue(g), Mul(stepSize, Div(m1, denom))))
	}
}

// adamPath is where Adam's moment ("m" or "v") of the variable at path lives.
func adamPath(path, moment string) string { return model.JoinPath("/adam", path, moment) }

// initAdam creates Adam's moments (zeros, not trainable) for every weight
// that has none yet, and the global step.
func (n *Net) initAdam() error {
	optimizer.GetGlobalStepVar(n.Store)
	var weights []*model.Variable
	for v := range n.Store.IterVariables() {
		if v.Trainable && n.isWeight(v.Path()) {
			weights = append(weights, v)
		}
	}
	for _, v := range weights {
		for _, moment := range []string{"m", "v"} {
			p := adamPath(v.Path(), moment)
			if n.Store.GetVariable(p) != nil {
				continue
			}
			zeros := tensors.FromFlatDataAndDimensions(make([]float32, v.Shape().Size()), v.Shape().Dimensions...)
			mv, err := n.Store.CreateVariable(p, zeros)
			if err != nil {
				return fmt.Errorf("adam state %s: %w", p, err)
			}
			mv.SetTrainable(false)
		}
	}
	return nil
}
