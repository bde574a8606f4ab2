package ddpm

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph ops read best unqualified
	"github.com/gomlx/gomlx/ml/model"
	"github.com/statesdiffusion/states/ddpm/netkind"
)

func TestTinyFlowLossDrops(t *testing.T) {
	c := tinyConfig()
	c.Steps, c.EvalEvery, c.NLLEvery, c.NLLSamples, c.CheckpointEvery = 600, 100, 600, 200, 0
	data := smallStates(t)
	_, curves, err := Train(context.Background(), TrainOptions{Kind: netkind.Flow, Data: data, Config: c,
		Backend: testBackend(t), Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	// The zero field scores E|eps - x_0|^2 / 2 = 1 + E|x_0|^2 / 2; a
	// trained one must beat it clearly (the best one's loss is not 0: the
	// noise of a point near the data cannot be told).
	zero := 0.0
	for _, p := range data.Points {
		zero += float64(p[0]*p[0]+p[1]*p[1]) / 2
	}
	zero = 1 + zero/float64(data.Len())
	first, last := curves.Validation[0].Value, curves.Validation[len(curves.Validation)-1].Value
	t.Logf("flow validation loss %.3f -> %.3f; the zero field's %.3f", first, last, zero)
	if !(last < first && last < 0.9*zero) {
		t.Errorf("flow validation loss went %.3f -> %.3f, want a drop below 90%% of the zero field's %.3f", first, last, zero)
	}
	if len(curves.NLL) != 1 || math.IsNaN(curves.NLL[0].Value) {
		t.Errorf("flow NLL curve %v, want one finite value", curves.NLL)
	}
}

// spiralField is a fixed, nonlinear, time-dependent velocity field:
// a rotation whose speed grows with u, plus a pull toward tanh(x).
//
//	v(x, u) = (1 + u) R x + 0.5 tanh(x) - x u,   R = [[0, -1], [1, 0]].
func spiralField(x [2]float64, u float64) [2]float64 {
	return [2]float64{
		(1+u)*(-x[1]) + 0.5*math.Tanh(x[0]) - x[0]*u,
		(1+u)*x[0] + 0.5*math.Tanh(x[1]) - x[1]*u,
	}
}

func spiralFieldGraph(_ *model.Scope, x, u *Node) *Node {
	x0, x1 := Slice(x, AxisRange(), AxisElem(0)), Slice(x, AxisRange(), AxisElem(1))
	onePlusU := AddScalar(u, 1)
	v0 := Sub(Add(Mul(onePlusU, Neg(x1)), MulScalar(Tanh(x0), 0.5)), Mul(x0, u))
	v1 := Sub(Add(Mul(onePlusU, x0), MulScalar(Tanh(x1), 0.5)), Mul(x1, u))
	return Concatenate([]*Node{v0, v1}, -1)
}

// rk4 integrates spiralField from u = 1 to 0 in n classic Runge-Kutta steps
// in float64: the fine reference.
func rk4(x [2]float64, n int) [2]float64 {
	h := -1 / float64(n)
	add := func(a, b [2]float64, s float64) [2]float64 { return [2]float64{a[0] + s*b[0], a[1] + s*b[1]} }
	for k := range n {
		u := 1 + float64(k)*h
		k1 := spiralField(x, u)
		k2 := spiralField(add(x, k1, h/2), u+h/2)
		k3 := spiralField(add(x, k2, h/2), u+h/2)
		k4 := spiralField(add(x, k3, h), u+h)
		for i := range 2 {
			x[i] += h / 6 * (k1[i] + 2*k2[i] + 2*k3[i] + k4[i])
		}
	}
	return x
}

// solveSpiral integrates the field over a uniform grid of steps with the
// package's solver, in chunks of 50 steps as Sample does, and returns the
// largest distance to the reference.
func solveSpiral(t *testing.T, steps int, midpoint bool, x0 []float32, ref [][2]float64) float64 {
	t.Helper()
	o, err := newODESampler(testBackend(t), model.NewStore(), spiralFieldGraph, midpoint)
	if err != nil {
		t.Fatal(err)
	}
	grid := flowGrid(steps, 1)
	x := append([]float32(nil), x0...)
	for i := 0; i < steps; i += 50 {
		if x, err = o.run(x, len(ref), grid[i:min(i+50, steps)+1]); err != nil {
			t.Fatal(err)
		}
	}
	worst := 0.0
	for i, r := range ref {
		worst = max(worst, math.Hypot(float64(x[2*i])-r[0], float64(x[2*i+1])-r[1]))
	}
	return worst
}

func TestODESolversMatchAFineReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 64
	x0 := make([]float32, 2*n)
	ref := make([][2]float64, n)
	for i := range n {
		x0[2*i], x0[2*i+1] = float32(rng.NormFloat64()), float32(rng.NormFloat64())
		ref[i] = rk4([2]float64{float64(x0[2*i]), float64(x0[2*i+1])}, 20000)
	}
	// Euler is first order: many steps land close, and halving the step
	// about halves the error.
	e1000, e2000 := solveSpiral(t, 1000, false, x0, ref), solveSpiral(t, 2000, false, x0, ref)
	if e2000 > 5e-3 {
		t.Errorf("Euler with 2000 steps is %.2g from the reference, want < 5e-3", e2000)
	}
	if r := e1000 / e2000; r < 1.6 || r > 2.4 {
		t.Errorf("Euler error 1000 -> 2000 steps: %.3g -> %.3g (ratio %.2f), want about 2 (first order)", e1000, e2000, r)
	}
	// Midpoint is second order: 100 steps beat Euler's 2000.
	m50, m100 := solveSpiral(t, 50, true, x0, ref), solveSpiral(t, 100, true, x0, ref)
	if m100 > e2000/2 {
		t.Errorf("midpoint with 100 steps is %.2g from the reference, Euler with 2000 %.2g: want midpoint well ahead", m100, e2000)
	}
	t.Logf("distance to the reference: Euler 1000 %.2g, 2000 %.2g; midpoint 50 %.2g, 100 %.2g", e1000, e2000, m50, m100)
	if r := m50 / m100; r < 3 || r > 5.5 {
		t.Errorf("midpoint error 50 -> 100 steps: %.3g -> %.3g (ratio %.2f), want about 4 (second order)", m50, m100, r)
	}
}

func TestFlowGridRunsFromNoiseToData(t *testing.T) {
	for _, p := range []float64{1, 2, 3} {
		g := flowGrid(10, p)
		if g[0] != 1 || g[10] != 0 {
			t.Errorf("power %g: grid %v, want 1 ... 0", p, g)
		}
		for k := 1; k < len(g); k++ {
			if !(g[k] < g[k-1]) {
				t.Fatalf("power %g: grid %v not decreasing", p, g)
			}
		}
		if p > 1 && !(g[9] < 0.1) {
			t.Errorf("power %g: last step starts at %g, want the steps crowded near the data", p, g[9])
		}
	}
}

func TestSampleRefusesMismatchedSamplers(t *testing.T) {
	den, clf := tinyNets(t)
	flow, err := NewNet(netkind.Flow, []int{8}, den.ScheduleConfig, den.Backend, 1)
	if err != nil {
		t.Fatal(err)
	}
	cond, err := NewNet(netkind.Conditional, []int{8}, den.ScheduleConfig, den.Backend, 1)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		net   *Net
		cfg   SampleConfig
		guide *Guidance
		want  string
	}{
		{"flow with ddpm", flow, SampleConfig{N: 4, Method: MethodDDPM}, nil, "flow samples with"},
		{"denoiser with euler", den, SampleConfig{N: 4, Method: MethodEuler}, nil, "integrates a flow"},
		{"guided flow", flow, SampleConfig{N: 4}, &Guidance{Label: 1}, "unguided"},
		{"conditional with classifier", cond, SampleConfig{N: 4}, &Guidance{Classifier: clf, Label: 1}, "classifier-free"},
		{"denoiser without classifier", den, SampleConfig{N: 4}, &Guidance{Label: 1}, "needs a classifier"},
		{"classifier", clf, SampleConfig{N: 4}, nil, "want a denoiser"},
	}
	for _, c := range cases {
		_, _, err := Sample(context.Background(), c.net, c.cfg, c.guide)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
}

// Velocity is the field the solver integrates: one Euler step of the
// sampler from u = 1 to 0.9 moves each point by -0.1 Velocity(x, 1).
func TestVelocityIsTheSolversField(t *testing.T) {
	flow, err := NewNet(netkind.Flow, []int{16, 16}, DefaultFlowConfig().Schedule, testBackend(t), 3)
	if err != nil {
		t.Fatal(err)
	}
	pts := [][2]float32{{0, 0}, {0.5, -1}, {-1.2, 0.7}}
	v, err := flow.Velocity(pts, 1)
	if err != nil {
		t.Fatal(err)
	}
	store := model.NewStore()
	if err := flow.copyWeights(store, samplerDenScope); err != nil {
		t.Fatal(err)
	}
	o, err := newODESampler(flow.Backend, store, netField(flow, false), false)
	if err != nil {
		t.Fatal(err)
	}
	x := []float32{0, 0, 0.5, -1, -1.2, 0.7}
	got, err := o.run(x, len(pts), []float64{1, 0.9})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range pts {
		for a := range 2 {
			if want := float64(p[a]) - 0.1*float64(v[i][a]); math.Abs(float64(got[2*i+a])-want) > 1e-5 {
				t.Errorf("point %d axis %d: Euler step %.6f, x - 0.1 v = %.6f", i, a, got[2*i+a], want)
			}
		}
	}
	if _, err := flow.Velocity(pts, 1.5); err == nil {
		t.Error("Velocity accepted u = 1.5")
	}
	if clf, _ := NewNet(netkind.Classifier, []int{8}, flow.ScheduleConfig, flow.Backend, 1); clf != nil {
		if _, err := clf.Velocity(pts, 0.5); err == nil {
			t.Error("a classifier has a velocity")
		}
	}
}

// A flow sampled with no method set takes the default solver: 25 midpoint
// steps, one snapshot per step from u = 1 (t = T) down to 0.
func TestFlowDefaultSampler(t *testing.T) {
	flow, err := NewNet(netkind.Flow, []int{8}, DefaultFlowConfig().Schedule, testBackend(t), 3)
	if err != nil {
		t.Fatal(err)
	}
	_, snaps, err := Sample(context.Background(), flow, SampleConfig{N: 4, StepsPerCall: 1, SnapshotN: 4}, nil)
	if err != nil {
		t.Fatal(err)
	}
	T := flow.Schedule.T
	if len(snaps.Times) != DefaultFlowSteps+1 || snaps.Times[0] != T || snaps.Times[DefaultFlowSteps] != 0 {
		t.Errorf("snapshot times %v, want %d from %d down to 0", snaps.Times, DefaultFlowSteps+1, T)
	}
}
