package ddpm

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph ops read best unqualified
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

// Guidance steers sampling toward one state. With a classifier (classifier
// guidance, the denoiser),
//
//	eps_hat = eps_theta(x_t) - Scale sqrt(1 - alphabar_t) grad_x log f_phi(Label | x_t);
//
// without one (classifier-free guidance, the conditional denoiser), with
// w = Scale,
//
//	eps_hat = (1 + w) eps_theta(x_t, Label) - w eps_theta(x_t, NoLabel).
type Guidance struct {
	// Classifier is the noisy classifier; nil for classifier-free guidance.
	Classifier *Net
	// Label is the state to steer toward.
	Label int
	// Scale is the classifier guidance scale s, or the classifier-free
	// weight w (0: the conditional model alone).
	Scale float64
}

// stepCoef are the coefficients of one reverse step, all steps having the
// form
//
//	x_next = A x_t + B eps_hat + Sigma z,   eps_hat = eps_theta(x_t, tbar) - G grad,
//
// which covers DDPM, DDIM and their guided versions.
//
// SqrtAB is sqrt(alphabar_t), with which the step recovers the predicted
// x_0 = (x_t - sqrt(1 - alphabar_t) eps_hat) / sqrt(alphabar_t) when it
// clips it (SampleConfig.ClipBox).
type stepCoef struct {
	t, next       int
	A, B, Sigma   float64
	TBar, GuideSc float64
	SqrtAB        float64
}

// steps returns the reverse steps of the configuration, from t = T down to 0.
//
// DDPM (the handout's step, with the right noise):
//
//	x_{t-1} = (x_t - beta_t / sqrt(1 - alphabar_t) eps) / sqrt(alpha_t) + sigma_t z,
//
// where the handout writes "+ z_t" with unit variance, a slip: the noise must
// be scaled by sigma_t (sqrt(beta_t) or the posterior standard deviation), and
// no noise is added at the last step.
//
// DDIM from t to s < t: x_s = sqrt(ab_s) x0_hat + sqrt(1 - ab_s - sigma^2) eps
// + sigma z with x0_hat = (x_t - sqrt(1 - ab_t) eps) / sqrt(ab_t) and sigma =
// eta sqrt((1 - ab_s)/(1 - ab_t)) sqrt(1 - ab_t/ab_s). With every step and
// eta = 1 it equals DDPM with the posterior variance; with eta = 0 it is the
// handout's deterministic guided step.
func (c SampleConfig) steps(s *diffusion.Schedule, guideScale float64) ([]stepCoef, error) {
	T := s.T
	var out []stepCoef
	switch c.Method {
	case "", MethodDDPM:
		for t := T; t >= 1; t-- {
			var sigma float64
			if t > 1 {
				switch c.Variance {
				case "", VariancePosterior:
					sigma = math.Sqrt(s.PosteriorVar[t])
				case VarianceBeta:
					sigma = math.Sqrt(s.Beta[t])
				default:
					return nil, fmt.Errorf("unknown variance %q: want %q or %q", c.Variance, VariancePosterior, VarianceBeta)
				}
			}
			out = append(out, stepCoef{t: t, next: t - 1,
				A:     1 / math.Sqrt(s.Alpha[t]),
				B:     -s.Beta[t] / (math.Sqrt(s.Alpha[t]) * math.Sqrt(1-s.AlphaBar[t])),
				Sigma: sigma, TBar: s.TBar(t), GuideSc: guideScale * math.Sqrt(1-s.AlphaBar[t]), SqrtAB: math.Sqrt(s.AlphaBar[t])})
		}
	case MethodDDIM:
		n := c.Steps
		if n <= 0 || n > T {
			n = T
		}
		if c.Eta < 0 {
			return nil, fmt.Errorf("ddim eta = %g, want >= 0", c.Eta)
		}
		// Times T = tau_n > ... > tau_1 >= 1, evenly spaced, then 0.
		taus := make([]int, 0, n+1)
		for i := n; i >= 1; i-- {
			taus = append(taus, int(math.Round(float64(i)*float64(T)/float64(n))))
		}
		taus = append(taus, 0)
		for i := 0; i+1 < len(taus); i++ {
			t, u := taus[i], taus[i+1]
			abT, abU := s.AlphaBar[t], s.AlphaBar[u]
			sigma := c.Eta * math.Sqrt((1-abU)/(1-abT)) * math.Sqrt(1-abT/abU)
			out = append(out, stepCoef{t: t, next: u,
				A:     math.Sqrt(abU / abT),
				B:     math.Sqrt(max(1-abU-sigma*sigma, 0)) - math.Sqrt(abU)*math.Sqrt(1-abT)/math.Sqrt(abT),
				Sigma: sigma, TBar: s.TBar(t), GuideSc: guideScale * math.Sqrt(1-abT), SqrtAB: math.Sqrt(abT)})
		}
	default:
		return nil, fmt.Errorf("unknown sampling method %q: want %q or %q", c.Method, MethodDDPM, MethodDDIM)
	}
	return out, nil
}

// Sample draws cfg.N points from a trained network: a denoiser (DDPM or
// DDIM, guided toward a state by a classifier when guide is not nil), a
// conditional denoiser (classifier-free guidance toward guide.Label; no
// label when guide is nil) or a flow (the ODE solvers). It returns the
// samples and, when cfg.SnapshotN > 0, the snapshots of the reverse process
// (for the flow, at the times round(u T)). It is deterministic for
// cfg.Seed. Cancelling ctx stops it between calls.
func Sample(ctx context.Context, net *Net, cfg SampleConfig, guide *Guidance) ([][2]float32, *run.Snapshots, error) {
	if err := cfg.Validate(); err != nil {
		return nil, nil, err
	}
	var c chain
	var err error
	spec := net.Kind.Spec()
	switch spec.Sampler {
	case netkind.SamplerODE:
		if guide != nil {
			return nil, nil, fmt.Errorf("sample: a %s samples unguided", spec.Title)
		}
		c, err = flowChain(net, cfg)
	case netkind.SamplerReverse:
		if err := cfg.CheckSteps(net.Schedule.T); err != nil {
			return nil, nil, fmt.Errorf("sample: %d DDIM steps: %w", cfg.Steps, err)
		}
		c, err = denoiserChain(net, cfg, guide)
	default:
		return nil, nil, fmt.Errorf("sample: network is a %s, want a %s", spec.Title,
			netkind.Titles(netkind.Where(func(s netkind.Spec) bool { return s.Sampler != netkind.SamplerNone }), "or"))
	}
	if err != nil {
		return nil, nil, err
	}
	return c.sample(ctx, cfg)
}

// chain is a sampler as a chain of steps from noise to data.
type chain struct {
	// n is the number of steps.
	n int
	// time is the diffusion time after i steps (i = 0: the start).
	time func(i int) int
	// run applies steps [from, to) to x (b points, flat pairs), drawing any
	// noise from rng.
	run func(x []float32, b, from, to int, rng *rand.Rand) ([]float32, error)
}

// denoiserChain is DDPM or DDIM from a (conditional) denoiser, guided or
// not.
func denoiserChain(den *Net, cfg SampleConfig, guide *Guidance) (chain, error) {
	spec := den.Kind.Spec()
	if cfg.Method == MethodEuler || cfg.Method == MethodMidpoint {
		return chain{}, fmt.Errorf("sample: %s integrates a flow; a %s samples with %q or %q", cfg.Method, spec.Title, MethodDDPM, MethodDDIM)
	}
	scale := 0.0
	if guide != nil {
		if guide.Label < 0 || guide.Label >= states.Num {
			return chain{}, fmt.Errorf("sample: label %d out of range [0, %d)", guide.Label, states.Num)
		}
		switch {
		case spec.Guidance == netkind.GuidanceFree && guide.Classifier != nil:
			return chain{}, fmt.Errorf("sample: a %s is guided classifier-free: leave the classifier out", spec.Title)
		case spec.Guidance == netkind.GuidanceClassifier &&
			(guide.Classifier == nil || guide.Classifier.Kind.Spec().Target != netkind.TargetLabel):
			return chain{}, fmt.Errorf("sample: guidance needs a classifier")
		case spec.Guidance == netkind.GuidanceNone:
			return chain{}, fmt.Errorf("sample: a %s samples unguided", spec.Title)
		case guide.Classifier != nil && guide.Classifier.Schedule.T != den.Schedule.T:
			return chain{}, fmt.Errorf("sample: classifier trained for T=%d, denoiser for T=%d",
				guide.Classifier.Schedule.T, den.Schedule.T)
		}
		if guide.Classifier != nil {
			scale = guide.Scale
		}
	}
	steps, err := cfg.steps(den.Schedule, scale)
	if err != nil {
		return chain{}, err
	}
	clip, err := cfg.ClipBox(den)
	if err != nil {
		return chain{}, err
	}
	sm, err := newSampler(den, guide, clip)
	if err != nil {
		return chain{}, err
	}
	return chain{
		n: len(steps),
		time: func(i int) int {
			if i == 0 {
				return steps[0].t
			}
			return steps[i-1].next
		},
		run: func(x []float32, b, from, to int, rng *rand.Rand) ([]float32, error) {
			return sm.run(x, b, steps[from:to], rng)
		},
	}, nil
}

// flowChain integrates a flow's ODE with cfg's solver and grid.
func flowChain(flow *Net, cfg SampleConfig) (chain, error) {
	if cfg.Method == "" {
		cfg.Method = MethodMidpoint
	}
	midpoint := true
	switch cfg.Method {
	case MethodMidpoint:
	case MethodEuler:
		midpoint = false
	default:
		return chain{}, fmt.Errorf("sample: a flow samples with %q or %q, not %q", MethodMidpoint, MethodEuler, cfg.Method)
	}
	n := cfg.ReverseSteps(flow.Schedule.T)
	grid := flowGrid(n, cfg.GridPower())
	store := model.NewStore()
	if err := flow.copyWeights(store, samplerDenScope); err != nil {
		return chain{}, err
	}
	unit := flow.Arch.slopesInUnitInterval(store.RootScope().At(samplerDenScope))
	field := netField(flow, unit)
	clip, err := cfg.ClipBox(flow)
	if err != nil {
		return chain{}, err
	}
	if clip != nil {
		field = clippedField(field, clip)
	}
	ode, err := newODESampler(flow.Backend, store, field, midpoint)
	if err != nil {
		return chain{}, err
	}
	T := float64(flow.Schedule.T)
	return chain{
		n:    n,
		time: func(i int) int { return int(math.Round(grid[i] * T)) },
		run: func(x []float32, b, from, to int, _ *rand.Rand) ([]float32, error) {
			return ode.run(x, b, grid[from:to+1])
		},
	}, nil
}

// sample runs the chain over cfg.N points in batches of cfg.Batch, in calls
// of cfg.StepsPerCall steps, from x_T ~ N(0, I).
func (c chain) sample(ctx context.Context, cfg SampleConfig) ([][2]float32, *run.Snapshots, error) {
	k := cfg.StepsPerCall
	if k <= 0 {
		k = 10
	}
	batch := cfg.Batch
	if batch <= 0 || batch > cfg.N {
		batch = cfg.N
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0xd1ff))
	out := make([][2]float32, 0, cfg.N)
	var snaps *run.Snapshots
	if cfg.SnapshotN > 0 {
		snaps = &run.Snapshots{}
	}
	for start := 0; start < cfg.N; start += batch {
		b := min(batch, cfg.N-start)
		x := make([]float32, 2*b)
		for i := range x {
			x[i] = float32(rng.NormFloat64())
		}
		snapN := 0
		if snaps != nil && start < cfg.SnapshotN {
			snapN = min(cfg.SnapshotN-start, b)
			snaps.Record(start == 0, c.time(0), x[:2*snapN])
		}
		for i := 0; i < c.n; i += k {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
			j := min(i+k, c.n)
			var err error
			if x, err = c.run(x, b, i, j, rng); err != nil {
				return nil, nil, err
			}
			if snapN > 0 {
				snaps.Record(start == 0, c.time(j), x[:2*snapN])
			}
		}
		for i := 0; i < b; i++ {
			out = append(out, [2]float32{x[2*i], x[2*i+1]})
		}
	}
	for i, p := range out {
		if !states.IsFinite(p) {
			return nil, nil, fmt.Errorf("sample %d is not finite (%v): the model diverged", i, p)
		}
	}
	return out, snaps, nil
}

// numStepCoef is the number of coefficients of a step in the sampler's
// graph: A, B, Sigma, TBar, G, SqrtAB.
const numStepCoef = 6

// Scope names in the sampler's store.
const (
	samplerDenScope = "den"
	samplerClfScope = "clf"
)

// sampler runs chunks of reverse steps in one compiled graph per chunk
// length. Its store holds copies of the denoiser's (and the classifier's)
// weights, so the two networks can meet in one graph.
type sampler struct {
	den, clf *Net
	// label is the guidance's state; for the conditional denoiser NoLabel
	// when unguided.
	label int
	// cfgWeight is the classifier-free guidance weight w (conditional
	// denoiser only).
	cfgWeight float64
	exec      *model.Exec
	// unitSlopes: the denoiser's PReLU slopes all lie in [0, 1], which
	// allows the cheaper max(z, a z) form (see MLP.apply).
	unitSlopes bool
	// clip is the box the predicted x_0 is clipped to
	// (SampleConfig.ClipBox); nil: no clipping.
	clip *Box
}

func newSampler(den *Net, guide *Guidance, clip *Box) (*sampler, error) {
	store := model.NewStore()
	if err := den.copyWeights(store, samplerDenScope); err != nil {
		return nil, err
	}
	s := &sampler{den: den, label: NoLabel, clip: clip}
	s.unitSlopes = den.Arch.slopesInUnitInterval(store.RootScope().At(samplerDenScope))
	if guide != nil && guide.Classifier == nil {
		s.label, s.cfgWeight = guide.Label, guide.Scale
	}
	if guide != nil && guide.Classifier != nil {
		s.clf, s.label = guide.Classifier, guide.Label
		if err := s.clf.copyWeights(store, samplerClfScope); err != nil {
			return nil, err
		}
	}
	exec, err := model.NewExec(den.Backend, store, s.graph)
	if err != nil {
		return nil, fmt.Errorf("sampler: %w", err)
	}
	s.exec = exec
	return s, nil
}

// graph builds len(coef) reverse steps: x [B, 2], coef [K, 6] (A, B, Sigma,
// TBar, G, SqrtAB per step), z [K, B, 2].
func (s *sampler) graph(scope *model.Scope, x, coef, z *Node) *Node {
	K := coef.Shape().Dimensions[0]
	B := x.Shape().Dimensions[0]
	denScope := scope.Store().RootScope().At(samplerDenScope)
	var clfScope *model.Scope
	if s.clf != nil {
		clfScope = scope.Store().RootScope().At(samplerClfScope)
	}
	for k := range K {
		c := Reshape(Slice(coef, AxisElem(k)), numStepCoef)
		a, b, sigma, tbarV, gsc := Slice(c, AxisElem(0)), Slice(c, AxisElem(1)), Slice(c, AxisElem(2)), Slice(c, AxisElem(3)), Slice(c, AxisElem(4))
		tbar := BroadcastToDims(Reshape(tbarV, 1, 1), B, 1)
		eps := s.eps(denScope, x, tbar)
		if s.clf != nil {
			_, grad := s.clf.classifierLogProbGrad(clfScope, x, tbar, s.label)
			eps = Sub(eps, Mul(grad, Reshape(gsc)))
		}
		if s.clip != nil {
			eps = s.clip.clipEps(x, eps, Reshape(Slice(c, AxisElem(5))))
		}
		zk := Reshape(Slice(z, AxisElem(k)), B, 2)
		x = Add(Add(Mul(x, Reshape(a)), Mul(eps, Reshape(b))), Mul(zk, Reshape(sigma)))
	}
	return x
}

// eps is the denoiser's noise prediction at x [B, 2], tbar [B, 1]: for the
// conditional denoiser with classifier-free guidance,
// (1 + w) eps(x, label) - w eps(x, NoLabel), one evaluation when w = 0.
func (s *sampler) eps(scope *model.Scope, x, tbar *Node) *Node {
	if !s.den.Kind.Spec().LabelInput {
		return s.den.Arch.apply(scope, s.den.input(x, tbar, nil), s.unitSlopes)
	}
	B := x.Shape().Dimensions[0]
	labelled := func(l int) *Node {
		lab := BroadcastToDims(Const(x.Graph(), []int32{int32(l)}), B)
		return s.den.Arch.apply(scope, s.den.input(x, tbar, lab), s.unitSlopes)
	}
	eps := labelled(s.label)
	if s.cfgWeight == 0 || s.label == NoLabel {
		return eps
	}
	return Sub(MulScalar(eps, 1+s.cfgWeight), MulScalar(labelled(NoLabel), s.cfgWeight))
}

// run applies the steps of chunk to x (B points, flat pairs), drawing the
// noise from rng.
func (s *sampler) run(x []float32, b int, chunk []stepCoef, rng *rand.Rand) ([]float32, error) {
	K := len(chunk)
	coef := make([]float32, 0, numStepCoef*K)
	z := make([]float32, K*b*2)
	for i, c := range chunk {
		coef = append(coef, float32(c.A), float32(c.B), float32(c.Sigma), float32(c.TBar), float32(c.GuideSc), float32(c.SqrtAB))
		if c.Sigma != 0 {
			zz := z[i*b*2 : (i+1)*b*2]
			for j := range zz {
				zz[j] = float32(rng.NormFloat64())
			}
		}
	}
	res, err := s.exec.Call(
		tensors.FromFlatDataAndDimensions(x, b, 2),
		tensors.FromFlatDataAndDimensions(coef, K, numStepCoef),
		tensors.FromFlatDataAndDimensions(z, K, b, 2))
	if err != nil {
		return nil, fmt.Errorf("sampling step: %w", err)
	}
	out, err := tensors.CopyFlatData[float32](res[0])
	if err != nil {
		return nil, fmt.Errorf("sampling step: %w", err)
	}
	return out, nil
}

// copyWeights copies the network's weights (its EMA copy when it has one)
// into store under scopeName, with the same relative paths.
func (n *Net) copyWeights(store *model.Store, scopeName string) error {
	return n.eachSamplingWeight(func(rel string, val *tensors.Tensor) error {
		cp, err := cloneTensor(val)
		if err != nil {
			return err
		}
		_, err = store.CreateVariable(model.JoinPath("/"+scopeName, rel), cp)
		return err
	})
}

// eachSamplingWeight calls fn with each weight the network samples with
// (its EMA copy when it has one) and its path relative to the network's
// scope ("/dense_0/weights", ...); an error names the weight.
func (n *Net) eachSamplingWeight(fn func(rel string, val *tensors.Tensor) error) error {
	prefix := n.scope().Scope()
	for v := range n.Store.IterVariables() {
		path := v.Path()
		if !n.isWeight(path) {
			continue
		}
		src := v
		if e := n.Store.GetVariable(emaPath(path)); e != nil {
			src = e
		}
		val, err := src.Value()
		if err == nil {
			err = fn(path[len(prefix):], val)
		}
		if err != nil {
			return fmt.Errorf("weight %s: %w", path, err)
		}
	}
	return nil
}

// cloneTensor returns a host copy of a float32 tensor.
func cloneTensor(t *tensors.Tensor) (*tensors.Tensor, error) {
	data, err := tensors.CopyFlatData[float32](t)
	if err != nil {
		return nil, err
	}
	return tensors.FromFlatDataAndDimensions(data, t.Shape().Dimensions...), nil
}

// emaPath is where the EMA copy of the variable at path lives.
func emaPath(path string) string { return model.JoinPath("/ema", path) }
