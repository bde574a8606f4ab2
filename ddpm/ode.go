package ddpm

import (
	"fmt"
	"math"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph ops read best unqualified
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/statesdiffusion/states/ddpm/netkind"
)

// Flow matching (Lipman et al. 2023; rectified flow, Liu et al. 2023) on the
// straight path between a data point x_0 and Gaussian noise eps,
//
//	x_u = (1 - u) x_0 + u eps,   u in [0, 1],
//
// trains v_theta(x_u, u) to regress the path's velocity eps - x_0
// (noisyBatch.setFlow). Sampling integrates the ODE dx/du = v_theta(x, u)
// from noise at u = 1 down to the data at u = 0 with a fixed-step solver.

// velocityField builds the velocity v(x, u) [B, 2] of x [B, 2] at times
// u [B, 1] inside a graph whose store is root's.
type velocityField func(root *model.Scope, x, u *Node) *Node

// odeSampler integrates dx/du = v(x, u) over chunks of a time grid, one
// compiled graph per chunk length.
type odeSampler struct {
	field    velocityField
	midpoint bool
	exec     *model.Exec
}

// newODESampler compiles the solver for field on backend; store holds the
// field's variables. midpoint selects the explicit midpoint rule (two
// evaluations per step, second order) instead of Euler (one, first order).
func newODESampler(backend compute.Backend, store *model.Store, field velocityField, midpoint bool) (*odeSampler, error) {
	o := &odeSampler{field: field, midpoint: midpoint}
	exec, err := model.NewExec(backend, store, o.graph)
	if err != nil {
		return nil, fmt.Errorf("ode sampler: %w", err)
	}
	o.exec = exec
	return o, nil
}

// graph integrates x [B, 2] over the K steps of grid [K+1] (u_0 > u_1 >
// ... > u_K): with h = u_{k+1} - u_k < 0,
//
//	Euler:    x <- x + h v(x, u_k)
//	midpoint: x <- x + h v(x + h/2 v(x, u_k), u_k + h/2).
func (o *odeSampler) graph(scope *model.Scope, x, grid *Node) *Node {
	root := scope.Store().RootScope()
	B := x.Shape().Dimensions[0]
	K := grid.Shape().Dimensions[0] - 1
	at := func(u *Node) *Node { return BroadcastToDims(Reshape(u, 1, 1), B, 1) }
	for k := range K {
		u, next := Slice(grid, AxisElem(k)), Slice(grid, AxisElem(k+1))
		h := Reshape(Sub(next, u))
		v := o.field(root, x, at(u))
		if o.midpoint {
			half := MulScalar(h, 0.5)
			v = o.field(root, Add(x, Mul(v, half)), at(Add(Reshape(u), half)))
		}
		x = Add(x, Mul(v, h))
	}
	return x
}

// run integrates x (b points, flat pairs) along grid.
func (o *odeSampler) run(x []float32, b int, grid []float64) ([]float32, error) {
	g := make([]float32, len(grid))
	for i, u := range grid {
		g[i] = float32(u)
	}
	res, err := o.exec.Call(tensors.FromFlatDataAndDimensions(x, b, 2), tensors.FromFlatDataAndDimensions(g, len(g)))
	if err != nil {
		return nil, fmt.Errorf("ode step: %w", err)
	}
	out, err := tensors.CopyFlatData[float32](res[0])
	if err != nil {
		return nil, fmt.Errorf("ode step: %w", err)
	}
	return out, nil
}

// flowGrid returns the solver's times u_0 = 1 > ... > u_steps = 0,
//
//	u_k = (1 - k/steps)^power,
//
// uniform for power 1; a larger power spends more steps near the data
// (u = 0), where the field pulls the points onto the outlines and bends
// the most.
func flowGrid(steps int, power float64) []float64 {
	g := make([]float64, steps+1)
	for k := range g {
		g[k] = math.Pow(1-float64(k)/float64(steps), power)
	}
	g[steps] = 0
	return g
}

// clippedField is field with the x_0 it predicts at x and u, x - u v,
// clipped to b: the velocity (x - clip(x - u v)) / u [B, 2] that carries x
// straight to the clipped prediction (u > 0 at every evaluation of the
// solvers).
func clippedField(field velocityField, b *Box) velocityField {
	return func(root *model.Scope, x, u *Node) *Node {
		v := field(root, x, u)
		uu := ConvertDType(u, x.DType())
		x0 := b.clamp(Sub(x, Mul(v, uu)))
		return Div(Sub(x, x0), uu)
	}
}

// netField is the velocity field of a flow network whose weights were
// copied under samplerDenScope of the sampler's store.
func netField(flow *Net, unitSlopes bool) velocityField {
	return func(root *model.Scope, x, u *Node) *Node {
		return flow.Arch.apply(root.At(samplerDenScope), flow.input(x, ConvertDType(u, dtypes.Float32), nil), unitSlopes)
	}
}

// Velocity returns the flow's velocity v_theta(x, u) at each point at time
// u in [0, 1] (0: the data, 1: the noise); dx/du = v, so the samples move
// along -v as u runs down to 0.
func (n *Net) Velocity(pts [][2]float32, u float64) ([][2]float32, error) {
	if n.Kind.Spec().Target != netkind.TargetVelocity {
		return nil, fmt.Errorf("velocity: network is a %s, want a flow", n.Kind)
	}
	if !(u >= 0 && u <= 1) {
		return nil, fmt.Errorf("velocity: u = %g out of [0, 1]", u)
	}
	if len(pts) == 0 {
		return nil, nil
	}
	out, err := n.applyAt(pts, u, func(v *Node) *Node { return v })
	if err != nil {
		return nil, fmt.Errorf("velocity: %w", err)
	}
	v := tensors.MustCopyFlatData[float32](out)
	res := make([][2]float32, len(pts))
	for i := range res {
		res[i] = [2]float32{v[2*i], v[2*i+1]}
	}
	return res, nil
}
