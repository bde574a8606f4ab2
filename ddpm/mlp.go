package ddpm

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gomlx/compute"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph ops read best unqualified
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/nn"
)

// MLP describes a multilayer perceptron: Sizes[0] inputs, hidden layers of
// Sizes[1..n-2] units each followed by PReLU, and Sizes[n-1] linear outputs.
// Its variables live under one scope: "dense_<i>/weights" [in, out],
// "dense_<i>/biases" [out] and the PReLU slopes (scalars): "prelu_<i>/alpha"
// after each hidden layer i, or with SharedPReLU one "prelu/alpha" that
// every hidden layer uses, as the course's model.py does (one nn.PReLU
// module in every place of its nn.Sequential).
type MLP struct {
	Sizes []int `json:"sizes"`
	// SharedPReLU gives the network one PReLU slope instead of one per
	// hidden layer.
	SharedPReLU bool `json:"shared_prelu,omitempty"`
	// Embed is how a network turns its inputs into the Sizes[0] features
	// the first layer reads (see Embedding and EmbedArch); the zero value
	// is the course's (x, y, tbar).
	Embed Embedding `json:"embed,omitzero"`
}

// PReLU modes of TrainConfig.PReLU and Hparams.PReLU.
const (
	// PReLULayer gives every hidden layer its own PReLU slope.
	PReLULayer = "layer"
	// PReLUShared gives the network one slope, the course's architecture.
	PReLUShared = "shared"
)

// slopeScope returns the scope of the PReLU slope that follows dense layer
// i: "prelu" when the slope is shared, else "prelu_<i>".
func (m MLP) slopeScope(scope *model.Scope, i int) *model.Scope {
	if m.SharedPReLU {
		return scope.At("prelu")
	}
	return scope.At("prelu_%d", i)
}

// numSlopes is the number of PReLU slopes.
func (m MLP) numSlopes() int {
	switch {
	case len(m.Sizes) < 3:
		return 0
	case m.SharedPReLU:
		return 1
	}
	return len(m.Sizes) - 2
}

// Validate checks that the MLP has inputs, outputs and positive widths.
func (m MLP) Validate() error {
	if len(m.Sizes) < 2 {
		return fmt.Errorf("mlp: need at least input and output sizes, got %v", m.Sizes)
	}
	for _, s := range m.Sizes {
		if s <= 0 {
			return fmt.Errorf("mlp: sizes must be positive, got %v", m.Sizes)
		}
	}
	return nil
}

// NumParams returns the number of learnable scalars.
func (m MLP) NumParams() int {
	n := 0
	for i := 0; i+1 < len(m.Sizes); i++ {
		n += m.Sizes[i]*m.Sizes[i+1] + m.Sizes[i+1]
	}
	return n + m.numSlopes()
}

// Init creates the MLP's variables under scope with PyTorch's default
// initialization of nn.Linear (weights and biases uniform in
// +-1/sqrt(fan_in)) and PReLU slopes of 0.25, drawn from rng so that a seed
// fixes the initial model.
func (m MLP) Init(scope *model.Scope, rng *rand.Rand) error {
	if err := m.Validate(); err != nil {
		return err
	}
	for i := 0; i+1 < len(m.Sizes); i++ {
		in, out := m.Sizes[i], m.Sizes[i+1]
		bound := 1 / math.Sqrt(float64(in))
		w := make([]float32, in*out)
		for j := range w {
			w[j] = float32((2*rng.Float64() - 1) * bound)
		}
		b := make([]float32, out)
		for j := range b {
			b[j] = float32((2*rng.Float64() - 1) * bound)
		}
		ds := scope.At("dense_%d", i)
		if _, err := ds.CreateVariable("weights", tensors.FromFlatDataAndDimensions(w, in, out)); err != nil {
			return fmt.Errorf("mlp init: %w", err)
		}
		if _, err := ds.CreateVariable("biases", tensors.FromFlatDataAndDimensions(b, out)); err != nil {
			return fmt.Errorf("mlp init: %w", err)
		}
		if i+2 < len(m.Sizes) && (!m.SharedPReLU || i == 0) {
			if _, err := m.slopeScope(scope, i).CreateVariable("alpha", tensors.FromScalar(float32(PReLUInit))); err != nil {
				return fmt.Errorf("mlp init: %w", err)
			}
		}
	}
	return nil
}

// Apply builds the forward pass on x [batch, Sizes[0]] and returns
// [batch, Sizes[n-1]]. The variables must exist (see Init or a loaded
// checkpoint).
func (m MLP) Apply(scope *model.Scope, x *Node) *Node {
	return m.apply(scope, x, false)
}

// apply is Apply; with unitSlopes (every PReLU slope known to lie in
// [0, 1], see slopesInUnitInterval) PReLU is computed as max(z, a z), two
// element-wise operations instead of three, which is exact for such slopes.
// Training cannot use it (the slopes move); sampling can.
func (m MLP) apply(scope *model.Scope, x *Node, unitSlopes bool) *Node {
	return m.layers(scope, x, unitSlopes, fusedDense)
}

// applyForInputGradient is Apply for a graph that differentiates the
// output with respect to x alone (classifier guidance): each layer is a
// plain product and sum, whose reverse-mode derivative computes only what
// the gradient of x needs. The fused Dense op's derivative always computes
// the weights' and biases' gradients as well, which made a
// classifier-guided sampling step about 30% slower (measured: 500 points,
// 100 DDIM steps, 1.05 s against 0.75 s).
func (m MLP) applyForInputGradient(scope *model.Scope, x *Node) *Node {
	return m.layers(scope, x, false, plainDense)
}

// fusedDense is x w + b [B, out] for x [B, in], w [in, out], b [out] as
// one fused op.
func fusedDense(x, w, b *Node) *Node { return nn.Dense(x, w, b, compute.DenseLayoutInputOutputs) }

// plainDense is fusedDense as a product and a broadcast sum.
func plainDense(x, w, b *Node) *Node { return Add(DotProduct(x, w), ExpandAxes(b, 0)) }

// layers builds the MLP's layers on x with dense as each layer's affine
// map.
func (m MLP) layers(scope *model.Scope, x *Node, unitSlopes bool, dense func(x, w, b *Node) *Node) *Node {
	g := x.Graph()
	for i := 0; i+1 < len(m.Sizes); i++ {
		ds := scope.At("dense_%d", i)
		w := mustVar(ds, "weights").NodeValue(g)
		b := mustVar(ds, "biases").NodeValue(g)
		x = dense(x, w, b)
		if i+2 < len(m.Sizes) {
			if unitSlopes {
				a := mustVar(m.slopeScope(scope, i), "alpha").NodeValue(g)
				x = Max(x, Mul(x, a))
			} else {
				x = PReLU(m.slopeScope(scope, i), x)
			}
		}
	}
	return x
}

// slopesInUnitInterval reports whether every PReLU slope under scope lies
// in [0, 1].
func (m MLP) slopesInUnitInterval(scope *model.Scope) bool {
	for i := 0; i+2 < len(m.Sizes); i++ {
		v := m.slopeScope(scope, i).GetVariable("alpha")
		if v == nil {
			return false
		}
		a, ok := v.MustValue().Value().(float32)
		if !ok || !(a >= 0 && a <= 1) {
			return false
		}
	}
	return true
}

// mustVar returns an existing variable; a missing one is a programmer error
// (the model was not initialized or loaded).
func mustVar(scope *model.Scope, name string) *model.Variable {
	v := scope.GetVariable(name)
	if v == nil {
		panic(fmt.Sprintf("ddpm: variable %s/%s missing: initialize or load the model first", scope.Scope(), name))
	}
	return v
}
