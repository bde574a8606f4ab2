package ddpm

import (
	"math"
	"testing"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph ops read best unqualified
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// PReLU is x for x >= 0 and a x below, and its gradients are 1 / a for x
// and sum(min(x, 0)) for a, whatever the slope (also outside [0, 1]).
func TestPReLUValuesAndGradients(t *testing.T) {
	for _, slope := range []float64{0.25, -0.3, 1.7} {
		store := model.NewStore()
		if _, err := store.RootScope().At("p").CreateVariable("alpha", tensors.FromScalar(slope)); err != nil {
			t.Fatal(err)
		}
		exec, err := model.NewExec(testBackend(t), store, func(scope *model.Scope, x *Node) []*Node {
			s := scope.Store().RootScope().At("p")
			y := PReLU(s, x)
			grads := Gradient(ReduceAllSum(y), x, s.GetVariable("alpha").NodeValue(x.Graph()))
			return []*Node{y, grads[0], grads[1]}
		})
		if err != nil {
			t.Fatal(err)
		}
		xs := []float64{-2, -0.5, 0, 0.5, 3}
		out, err := exec.Call(tensors.FromFlatDataAndDimensions(xs, len(xs)))
		if err != nil {
			t.Fatal(err)
		}
		y := tensors.MustCopyFlatData[float64](out[0])
		dx := tensors.MustCopyFlatData[float64](out[1])
		da := out[2].Value().(float64)
		wantDA := 0.0
		for i, x := range xs {
			want, wantDX := x, 1.0
			if x < 0 {
				want, wantDX = slope*x, slope
				wantDA += x
			}
			if math.Abs(y[i]-want) > 1e-12 || (x != 0 && math.Abs(dx[i]-wantDX) > 1e-12) {
				t.Errorf("slope %g, x=%g: y=%g dy/dx=%g, want %g and %g", slope, x, y[i], dx[i], want, wantDX)
			}
		}
		if math.Abs(da-wantDA) > 1e-12 {
			t.Errorf("slope %g: dy/da = %g, want %g", slope, da, wantDA)
		}
	}
}
