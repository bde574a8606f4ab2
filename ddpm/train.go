package ddpm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"time"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph ops read best unqualified
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/statesdiffusion/states/ddpm/metrics"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

// TrainOptions say what to train, on what, and where to write it.
type TrainOptions struct {
	// Kind is the kind of network (a row of the kind table, netkind).
	Kind netkind.Kind
	// Data are the training points (with labels for a kind of
	// netkind.Spec.NeedsLabels: the classifier, the conditional denoiser).
	Data *states.Dataset
	// Config is the recipe.
	Config TrainConfig
	// Backend runs the graphs.
	Backend compute.Backend
	// Dir is the output directory: the checkpoint goes to
	// Kind.CheckpointDir(Dir), the curves to Kind.CurvesPath(Dir).
	// Empty: nothing is written.
	Dir string
	// Resume continues the run saved in Dir up to Config.Steps.
	Resume bool
	// Log receives progress lines (nil: none).
	Log io.Writer
	// MadeBy is recorded in the checkpoint's hparams.json as the run that
	// wrote it (a command line, a notebook); empty: unknown.
	MadeBy string
	// Hints name the settings of the caller's interface in messages (a
	// flag, a notebook's variable); empty: the messages use plain words.
	Hints run.Hints
}

// ErrNonFinite is returned (wrapped) when the loss becomes NaN or Inf.
var ErrNonFinite = errors.New("loss is not finite")

// Train trains a network of kind opts.Kind (the denoiser, the classifier,
// the flow or the conditional denoiser) as described by opts, writing
// checkpoints and curves into opts.Dir as it goes. Cancelling ctx stops
// training after the current step and saves a checkpoint. A non-finite loss
// stops training with ErrNonFinite and leaves the last good checkpoint.
func Train(ctx context.Context, opts TrainOptions) (*Net, *run.Curves, error) {
	cfg := opts.Config
	if err := cfg.Validate(); err != nil {
		return nil, nil, err
	}
	if opts.Data == nil || opts.Data.Len() < 10 {
		return nil, nil, fmt.Errorf("train: need at least 10 data points")
	}
	spec, err := netkind.Lookup(opts.Kind)
	if err != nil {
		return nil, nil, fmt.Errorf("train: %w", err)
	}
	if spec.NeedsLabels && opts.Data.Labels == nil {
		return nil, nil, fmt.Errorf("train %s: the data has no labels", opts.Kind)
	}
	if !spec.LabelInput && cfg.LabelDropout > 0 {
		return nil, nil, fmt.Errorf("train %s: label dropout %g is for the %s only", opts.Kind, cfg.LabelDropout,
			netkind.Titles(netkind.Where(func(s netkind.Spec) bool { return s.LabelInput }), "and"))
	}
	if !spec.CourseScheme && cfg.Scheme == SchemeCourse {
		return nil, nil, fmt.Errorf("train %s: the %q scheme trains the %s only; use %q", opts.Kind, SchemeCourse,
			netkind.Titles(netkind.Where(func(s netkind.Spec) bool { return s.CourseScheme }), "and"), SchemeFresh)
	}
	t, err := newTrainer(opts)
	if err != nil {
		return nil, nil, err
	}
	if err := t.run(ctx); err != nil {
		return t.net, t.curves, err
	}
	return t.net, t.curves, nil
}

// trainer holds one training run.
type trainer struct {
	opts     TrainOptions
	cfg      TrainConfig
	net      *Net
	curves   *run.Curves
	ckptDir  string
	train    *states.Dataset
	val      *noisyBatch
	valPts   *states.Dataset
	src      batchSource
	step     *model.Exec
	eval     *model.Exec
	kde      *metrics.KDE
	logEvery time.Duration
}

func newTrainer(opts TrainOptions) (*trainer, error) {
	cfg := opts.Config
	cfg.Embed = cfg.Embed.Normalized()
	spec, err := netkind.Lookup(opts.Kind)
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	t := &trainer{opts: opts, cfg: cfg, logEvery: 2 * time.Second}
	if opts.Dir != "" {
		t.ckptDir = opts.Kind.CheckpointDir(opts.Dir)
	}
	if opts.Resume {
		if t.ckptDir == "" {
			return nil, fmt.Errorf("train: Resume needs an output directory (TrainOptions.Dir)")
		}
		var hp Hparams
		t.net, hp, err = LoadCheckpoint(t.ckptDir, opts.Backend)
		if err != nil {
			return nil, err
		}
		if hp.Kind != opts.Kind {
			return nil, fmt.Errorf("resume %s: checkpoint is a %s, want a %s", t.ckptDir, hp.Kind, opts.Kind)
		}
		if hp.Origin != "" {
			return nil, fmt.Errorf("resume %s: the %s was imported (%s), its training recipe is unknown here; "+
				"train a new one over it, or elsewhere", t.ckptDir, hp.Kind, hp.Origin)
		}
		// The architecture, schedule and seed come from the checkpoint; the
		// step budget from the caller.
		steps := cfg.Steps
		cfg = hp.Train
		cfg.Steps = steps
		t.cfg = cfg
		t.curves = &run.Curves{Kind: opts.Kind}
		if err := run.ReadJSON(opts.Kind.CurvesPath(opts.Dir), t.curves); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		t.curves.Truncate(t.net.GlobalStep())
	} else {
		var arch MLP
		if arch, err = ConfigArch(opts.Kind, cfg); err != nil {
			return nil, err
		}
		t.net, err = NewNetOf(opts.Kind, arch, cfg.Schedule, opts.Backend, cfg.Seed)
		if err != nil {
			return nil, err
		}
		t.curves = &run.Curves{Kind: opts.Kind}
	}
	t.net.madeBy = opts.MadeBy
	if t.net.DataBox == nil {
		t.net.DataBox = BoxOf(opts.Data.Points)
	}
	t.splitData()
	switch cfg.Scheme {
	case SchemeCourse:
		t.src = &courseSource{s: t.net.Schedule, points: t.train.Points, labels: t.train.Labels,
			seed: cfg.Seed, refresh: cfg.RefreshEpochs, batch: cfg.Batch}
	default:
		t.src = &freshSource{target: spec.Target, s: t.net.Schedule, points: t.train.Points, labels: t.train.Labels, seed: cfg.Seed,
			lowFraction: cfg.LowTFraction, lowMax: cfg.LowTMax, labelDropout: cfg.LabelDropout}
	}
	if spec.Sampler != netkind.SamplerNone && cfg.NLLEvery > 0 && cfg.NLLSamples > 0 {
		if t.kde, err = metrics.NewKDE(opts.Data.Points); err != nil {
			return nil, fmt.Errorf("train: %w", err)
		}
	}
	if err := t.net.initAdam(); err != nil {
		return nil, err
	}
	if cfg.EMADecay > 0 {
		if err := t.net.initEMA(); err != nil {
			return nil, err
		}
	}
	if t.step, err = model.NewExec(opts.Backend, t.net.Store, t.stepGraph); err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	if t.eval, err = model.NewExec(opts.Backend, t.net.Store, t.evalGraph); err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	return t, nil
}

// splitData holds out cfg.ValFraction of the points (a seeded shuffle) and
// builds the fixed-noise validation batch: every held-out point at 4 random
// times, drawn once, so the validation curve is smooth.
func (t *trainer) splitData() {
	d := t.opts.Data
	rng := rand.New(rand.NewPCG(t.cfg.Seed, 0x5b117))
	perm := rng.Perm(d.Len())
	nVal := int(float64(d.Len()) * t.cfg.ValFraction)
	pick := func(idx []int) *states.Dataset {
		out := &states.Dataset{Points: make([][2]float32, len(idx))}
		if d.Labels != nil {
			out.Labels = make([]int, len(idx))
		}
		for i, j := range idx {
			out.Points[i] = d.Points[j]
			if d.Labels != nil {
				out.Labels[i] = d.Labels[j]
			}
		}
		return out
	}
	t.train = pick(perm[nVal:])
	if nVal == 0 {
		return
	}
	t.valPts = pick(perm[:nVal])
	const draws = 4
	t.val = newNoisyBatch(nVal * draws)
	for i := 0; i < nVal*draws; i++ {
		j := i % nVal
		tt := 1 + rng.IntN(t.net.Schedule.T)
		t.val.draw(t.opts.Kind.Spec().Target, t.net.Schedule, i, t.valPts.Points[j], labelAt(t.valPts.Labels, j), tt, rng)
	}
}

// lossGraph returns the loss of the network on a batch and, for a
// classifier (netkind.TargetLabel), its accuracy (see lossOf).
func (n *Net) lossGraph(xt, tbar, eps, label *Node) (loss, acc *Node) {
	return n.lossOf(n.Apply(xt, tbar, label), eps, label)
}

// lossOf returns the training loss of the network's output — the MSE to
// the target eps (the noise for the denoisers, the velocity for the flow),
// the cross-entropy of label for the classifier (netkind.TargetLabel) —
// and, for the classifier, the accuracy (nil otherwise).
func (n *Net) lossOf(out, eps, label *Node) (loss, acc *Node) {
	if n.Kind.Spec().Target != netkind.TargetLabel {
		return ReduceAllMean(Square(Sub(out, eps))), nil
	}
	onehot := OneHot(label, states.Num, out.DType())
	loss = Neg(ReduceAllMean(ReduceSum(Mul(LogSoftmax(out, -1), onehot), -1)))
	pred := ArgMax(out, -1, dtypes.Int32)
	acc = ReduceAllMean(ConvertDType(Equal(pred, label), out.DType()))
	return loss, acc
}

// lossGradient returns dLoss/dOut for the losses of lossOf.
func (n *Net) lossGradient(out, eps, label *Node) *Node {
	if n.Kind.Spec().Target != netkind.TargetLabel {
		diff := Sub(out, eps)
		return MulScalar(diff, 2/float64(diff.Shape().Size()))
	}
	onehot := OneHot(label, states.Num, out.DType())
	B := float64(out.Shape().Dimensions[0])
	return MulScalar(Sub(Softmax(out, -1), onehot), 1/B)
}

// stepGraph is one optimizer step: loss, gradients (backprop.go), Adam
// update with the learning rate fed in, EMA update; it returns the loss
// before the update.
func (t *trainer) stepGraph(scope *model.Scope, xt, tbar, eps, label, lr *Node) *Node {
	markTraining(scope, xt.Graph())
	loss, grads := t.net.lossAndGrads(xt, tbar, eps, label)
	t.net.adamUpdate(xt.Graph(), grads, lr)
	if t.cfg.EMADecay > 0 {
		t.net.emaGraph(xt.Graph(), t.cfg.EMADecay)
	}
	return loss
}

// evalGraph returns the loss and accuracy (0 for the denoiser) without
// changing anything.
func (t *trainer) evalGraph(scope *model.Scope, xt, tbar, eps, label *Node) (*Node, *Node) {
	markTraining(scope, xt.Graph())
	loss, acc := t.net.lossGraph(xt, tbar, eps, label)
	if acc == nil {
		acc = ScalarZero(xt.Graph(), loss.DType())
	}
	return loss, acc
}

// markTraining marks g as a graph that runs while the weights change. The
// Go and ONNX backends prefer variables folded into constants, and GoMLX
// folds them in every graph not marked as training: a reused training step
// would then keep its first weights forever (and the evaluation graph would
// score them), silently. Graphs built once for fixed weights (the sampler,
// Predict) may be folded.
func markTraining(scope *model.Scope, g *Graph) {
	scope.Store().SetTraining(g, true)
}

// batchTensors turns a host batch into the graph inputs.
func batchTensors(nb *noisyBatch) []any {
	b := len(nb.tbar)
	return []any{
		tensors.FromFlatDataAndDimensions(nb.xt, b, 2),
		tensors.FromFlatDataAndDimensions(nb.tbar, b, 1),
		tensors.FromFlatDataAndDimensions(nb.eps, b, 2),
		tensors.FromFlatDataAndDimensions(nb.label, b),
	}
}

// evaluate returns the loss and accuracy on a batch.
func (t *trainer) evaluate(nb *noisyBatch) (loss, acc float64, err error) {
	out, err := t.eval.Call(batchTensors(nb)...)
	if err != nil {
		return 0, 0, fmt.Errorf("evaluate: %w", err)
	}
	return float64(out[0].Value().(float32)), float64(out[1].Value().(float32)), nil
}

func (t *trainer) run(ctx context.Context) error {
	cfg := t.cfg
	start := t.net.GlobalStep()
	if start >= cfg.Steps {
		t.logf("%s: already trained for %d steps (asked %d): nothing to do", t.opts.Kind, start, cfg.Steps)
		return nil
	}
	nb := newNoisyBatch(cfg.Batch)
	began, lastLog := time.Now(), time.Now()
	var runLoss float64
	var runN int
	for step := start; step < cfg.Steps; step++ {
		if ctx.Err() != nil {
			t.logf("%s: interrupted at step %d; saving", t.opts.Kind, step)
			if err := t.save(); err != nil {
				return err
			}
			return ctx.Err()
		}
		t.src.fill(step, nb)
		in := append(batchTensors(nb), float32(cfg.LearningRate(step)))
		out, err := t.step.Call(in...)
		if err != nil {
			return fmt.Errorf("train step %d: %w", step, err)
		}
		loss := float64(out[0].Value().(float32))
		if math.IsNaN(loss) || math.IsInf(loss, 0) {
			lr := "try a lower learning rate"
			if h := t.opts.Hints.LearningRate; h != "" {
				lr += " (" + h + ")"
			}
			return fmt.Errorf("%s step %d: %w (%v); the last good checkpoint is kept in %s — %s",
				t.opts.Kind, step, ErrNonFinite, loss, t.ckptDir, lr)
		}
		runLoss += loss
		runN++
		done := step + 1
		if (cfg.EvalEvery > 0 && done%cfg.EvalEvery == 0) || done == cfg.Steps {
			if err := t.record(ctx, done, runLoss/float64(runN)); err != nil {
				return err
			}
			runLoss, runN = 0, 0
		}
		if time.Since(lastLog) >= t.logEvery || done == cfg.Steps {
			rate := float64(done-start) / time.Since(began).Seconds()
			eta := time.Duration(float64(cfg.Steps-done) / rate * float64(time.Second))
			t.logf("%s step %d/%d  loss %.4f  lr %.2e  %.1f steps/s  ETA %s",
				t.opts.Kind, done, cfg.Steps, loss, cfg.LearningRate(step), rate, eta.Round(time.Second))
			lastLog = time.Now()
		}
		if cfg.CheckpointEvery > 0 && done%cfg.CheckpointEvery == 0 && done != cfg.Steps {
			if err := t.save(); err != nil {
				return err
			}
		}
	}
	if t.opts.Kind.Spec().Target == netkind.TargetLabel && t.valPts != nil {
		acc, err := t.accuracyByT()
		if err != nil {
			return err
		}
		t.curves.AccuracyByT = acc
	}
	return t.save()
}

// record appends the training loss (mean since the last record), the
// validation loss/accuracy and, when due, the NLL of a small sample set.
func (t *trainer) record(ctx context.Context, step int, trainLoss float64) error {
	t.curves.Train = append(t.curves.Train, run.CurvePoint{Step: step, Value: trainLoss})
	msg := fmt.Sprintf("%s step %d: train loss %.4f", t.opts.Kind, step, trainLoss)
	if t.val != nil {
		loss, acc, err := t.evaluate(t.val)
		if err != nil {
			return err
		}
		t.curves.Validation = append(t.curves.Validation, run.CurvePoint{Step: step, Value: loss})
		msg += fmt.Sprintf(", validation loss %.4f", loss)
		if t.opts.Kind.Spec().Target == netkind.TargetLabel {
			t.curves.ValidationAccuracy = append(t.curves.ValidationAccuracy, run.CurvePoint{Step: step, Value: acc})
			msg += fmt.Sprintf(", validation accuracy %.3f", acc)
		}
	}
	if t.kde != nil && (step%t.cfg.NLLEvery == 0 || step == t.cfg.Steps) {
		pts, _, err := Sample(ctx, t.net, nllSampleConfig(t.opts.Kind, t.cfg.NLLSamples, uint64(step)), nil)
		if err != nil {
			return err
		}
		nll := t.kde.NLL(pts)
		t.curves.NLL = append(t.curves.NLL, run.CurvePoint{Step: step, Value: nll})
		msg += fmt.Sprintf(", NLL(%d samples) %.4f", len(pts), nll)
	}
	if step%max(t.cfg.EvalEvery*5, 1) == 0 || step == t.cfg.Steps {
		t.logf("%s", msg)
	}
	return nil
}

// nllSampleConfig is how training samples for its NLL curve: DDIM with 100
// steps and eta 1 for the denoisers (netkind.SamplerReverse; the
// conditional one without a label), the midpoint ODE solver with 25 steps
// (50 evaluations) for the flow (netkind.SamplerODE).
func nllSampleConfig(kind netkind.Kind, n int, seed uint64) SampleConfig {
	if kind.Spec().Sampler == netkind.SamplerODE {
		return SampleConfig{N: n, Seed: seed, Method: MethodMidpoint, Steps: 25, StepsPerCall: 10}
	}
	return SampleConfig{N: n, Seed: seed, Method: MethodDDIM, Steps: 100, Eta: 1, StepsPerCall: 10}
}

// accuracyByT measures the validation accuracy at t = 0 (clean points) and
// in 10 equal buckets of t.
func (t *trainer) accuracyByT() ([]run.BucketAccuracy, error) {
	s := t.net.Schedule
	rng := rand.New(rand.NewPCG(t.cfg.Seed, 0xacc))
	n := t.valPts.Len()
	var out []run.BucketAccuracy
	bounds := [][2]int{{0, 1}}
	for k := 0; k < 10; k++ {
		bounds = append(bounds, [2]int{1 + k*s.T/10, 1 + (k+1)*s.T/10})
	}
	nb := newNoisyBatch(n)
	for _, bd := range bounds {
		for i := 0; i < n; i++ {
			tt := bd[0] + rng.IntN(bd[1]-bd[0])
			nb.set(s, i, t.valPts.Points[i], t.valPts.Labels[i], tt, rng.NormFloat64(), rng.NormFloat64())
		}
		_, acc, err := t.evaluate(nb)
		if err != nil {
			return nil, fmt.Errorf("classifier accuracy at t in [%d, %d): %w", bd[0], bd[1], err)
		}
		out = append(out, run.BucketAccuracy{TLow: bd[0], THigh: bd[1], Accuracy: acc})
	}
	return out, nil
}

// save writes the checkpoint and the curves (when a directory is set).
func (t *trainer) save() error {
	if t.opts.Dir == "" {
		return nil
	}
	// Curves first: if the process dies between the two writes, the curves
	// are ahead of the checkpoint and a resume truncates them; the other
	// order would lose the records since the previous save.
	if err := run.WriteJSON(t.opts.Kind.CurvesPath(t.opts.Dir), t.curves); err != nil {
		return err
	}
	return t.net.SaveCheckpoint(t.ckptDir, t.cfg)
}

func (t *trainer) logf(format string, args ...any) {
	if t.opts.Log != nil {
		fmt.Fprintf(t.opts.Log, format+"\n", args...)
	}
}
