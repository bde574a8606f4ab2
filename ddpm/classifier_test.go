package ddpm

import (
	"math"
	"testing"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph ops read best unqualified
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// The in-graph gradient of log f_phi(y | x) with respect to x matches
// central finite differences of the same function, in float64.
func TestGuidanceGradientMatchesFiniteDifferences(t *testing.T) {
	_, clf := tinyNets(t)
	// A float64 copy of the trained classifier.
	store := model.NewStore()
	prefix := clf.scope().Scope()
	for v := range clf.Store.IterVariables() {
		p := v.Path()
		if len(p) <= len(prefix) || p[:len(prefix)] != prefix {
			continue
		}
		f32 := tensors.MustCopyFlatData[float32](v.MustValue())
		f64 := make([]float64, len(f32))
		for i, x := range f32 {
			f64[i] = float64(x)
		}
		if _, err := store.CreateVariable(model.JoinPath("/clf64", p[len(prefix):]),
			tensors.FromFlatDataAndDimensions(f64, v.Shape().Dimensions...)); err != nil {
			t.Fatal(err)
		}
	}
	const label = 3
	exec, err := model.NewExec(clf.Backend, store, func(scope *model.Scope, x, tbar *Node) (*Node, *Node) {
		return clf.classifierLogProbGrad(scope.Store().RootScope().At("clf64"), x, tbar, label)
	})
	if err != nil {
		t.Fatal(err)
	}
	eval := func(xs []float64, tb []float64) ([]float64, []float64) {
		out, err := exec.Call(tensors.FromFlatDataAndDimensions(xs, len(tb), 2), tensors.FromFlatDataAndDimensions(tb, len(tb), 1))
		if err != nil {
			t.Fatal(err)
		}
		return tensors.MustCopyFlatData[float64](out[0]), tensors.MustCopyFlatData[float64](out[1])
	}
	xs := []float64{0.3, -0.2, -1.1, 0.6, 0.9, 0.8, 0.0, 1.1}
	tb := []float64{-0.9, -0.2, 0.4, 0.95}
	_, grad := eval(xs, tb)
	const h = 1e-5
	for i := range xs {
		plus := append([]float64(nil), xs...)
		minus := append([]float64(nil), xs...)
		plus[i] += h
		minus[i] -= h
		lp, _ := eval(plus, tb)
		lm, _ := eval(minus, tb)
		fd := (lp[i/2] - lm[i/2]) / (2 * h)
		if math.Abs(fd-grad[i]) > 1e-6*max(1, math.Abs(fd)) {
			t.Errorf("coordinate %d: autodiff %.9g, finite differences %.9g", i, grad[i], fd)
		}
	}
	if grad[0] == 0 && grad[1] == 0 {
		t.Errorf("gradient is zero: the test would not catch a broken gradient")
	}
}
