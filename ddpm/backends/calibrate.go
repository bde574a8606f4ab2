package backends

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/gomlx/compute"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph ops read best unqualified
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/nn"
)

// The calibration times, on each CPU backend, the two shapes the project's
// time goes to: the denoiser's forward pass at the sampler's batch, and a
// training step (forward, hand-written backward, SGD update) at batch 2048.
// The network is the default denoiser: MLP 3 -> 256 x 4 -> 2 with a PReLU
// after each hidden layer. It is built here, not taken from package ddpm
// (which imports this one), from the same products laid out the same way.
const (
	// CalibrationSampleBatch is the batch of the timed forward pass (the
	// sampler's: 5000 samples).
	CalibrationSampleBatch = 5000
	// CalibrationTrainBatch is the batch of the timed training step.
	CalibrationTrainBatch = 2048
)

// calibrationSizes are the layer widths of the timed MLP.
var calibrationSizes = []int{3, 256, 256, 256, 256, 2}

// calibrationParams is the number of weights of the timed MLP (198 914).
func calibrationParams() int {
	n := 0
	for i := 0; i+1 < len(calibrationSizes); i++ {
		n += calibrationSizes[i]*calibrationSizes[i+1] + calibrationSizes[i+1]
	}
	return n
}

// SampleFLOP is the floating-point work of one timed forward pass
// (2 x weights x batch).
func SampleFLOP() float64 { return 2 * float64(calibrationParams()) * CalibrationSampleBatch }

// TrainFLOP is the floating-point work of one timed training step
// (6 x weights x batch: the forward pass and two products per layer back).
func TrainFLOP() float64 { return 6 * float64(calibrationParams()) * CalibrationTrainBatch }

// Figure is what the calibration measured on one backend: the best of a
// few timed calls of each shape, compilation excluded.
type Figure struct {
	// Backend is the kind timed ("go", "onnx").
	Backend string `json:"backend"`
	// SampleS is the seconds of one forward pass at batch
	// CalibrationSampleBatch.
	SampleS float64 `json:"sample_s"`
	// TrainS is the seconds of one training step at batch
	// CalibrationTrainBatch.
	TrainS float64 `json:"train_s"`
	// Error says why the backend could not be timed ("" when it was).
	Error string `json:"error,omitempty"`
}

// OK reports whether the backend was timed.
func (f Figure) OK() bool { return f.Error == "" && f.SampleS > 0 && f.TrainS > 0 }

// Score is the geometric mean of the two times, in seconds: lower is
// faster. Sampling and training weigh the same.
func (f Figure) Score() float64 { return math.Sqrt(f.SampleS * f.TrainS) }

// String is the figure in one line: times and GFLOP/s of each shape.
func (f Figure) String() string {
	if !f.OK() {
		return fmt.Sprintf("%-5s failed: %s", f.Backend, f.Error)
	}
	return fmt.Sprintf("%-5s sampler forward b%d: %6.1f ms (%5.1f GFLOP/s); training step b%d: %6.1f ms (%5.1f GFLOP/s)",
		f.Backend, CalibrationSampleBatch, f.SampleS*1e3, SampleFLOP()/f.SampleS/1e9,
		CalibrationTrainBatch, f.TrainS*1e3, TrainFLOP()/f.TrainS/1e9)
}

// calibrationWeights returns the MLP's weights, deterministic, in the order
// the graphs take them: per layer W [in, out], b [out] and, for hidden
// layers, the PReLU slope (a scalar, 0.25).
func calibrationWeights() []*tensors.Tensor {
	rng := rand.New(rand.NewPCG(1, 2))
	var ws []*tensors.Tensor
	for i := 0; i+1 < len(calibrationSizes); i++ {
		in, out := calibrationSizes[i], calibrationSizes[i+1]
		w := make([]float32, in*out)
		scale := float32(math.Sqrt(6 / float64(in)))
		for j := range w {
			w[j] = (2*rng.Float32() - 1) * scale
		}
		ws = append(ws, tensors.FromFlatDataAndDimensions(w, in, out), tensors.FromFlatDataAndDimensions(make([]float32, out), out))
		if i+2 < len(calibrationSizes) {
			ws = append(ws, tensors.FromScalar(float32(0.25)))
		}
	}
	return ws
}

// randomTensor is a deterministic [rows, cols] tensor of values in [-1, 1).
func randomTensor(seed uint64, rows, cols int) *tensors.Tensor {
	rng := rand.New(rand.NewPCG(seed, 3))
	v := make([]float32, rows*cols)
	for i := range v {
		v[i] = 2*rng.Float32() - 1
	}
	return tensors.FromFlatDataAndDimensions(v, rows, cols)
}

// mlpLayer is one dense layer's weights in a calibration graph; slope is
// nil for the last layer (no PReLU).
type mlpLayer struct{ w, b, slope *Node }

// mlpLayers splits the weight parameters (calibrationWeights' order).
func mlpLayers(ws []*Node) []mlpLayer {
	var ls []mlpLayer
	for i := 0; i+1 < len(calibrationSizes); i++ {
		l := mlpLayer{w: ws[0], b: ws[1]}
		ws = ws[2:]
		if i+2 < len(calibrationSizes) {
			l.slope, ws = ws[0], ws[1:]
		}
		ls = append(ls, l)
	}
	return ls
}

// mlpForward runs the MLP on x [B, 3] and returns its output [B, 2], with,
// per layer, its input and (hidden layers) its pre-activation z and
// min(z, 0). Each layer is nn.Dense and PReLU is z + (a - 1) min(z, 0),
// as in package ddpm.
func mlpForward(ls []mlpLayer, x *Node) (out *Node, ins, pre, neg []*Node) {
	for _, l := range ls {
		ins = append(ins, x)
		z := nn.Dense(x, l.w, l.b, compute.DenseLayoutInputOutputs)
		if l.slope == nil {
			return z, ins, pre, neg
		}
		n := Min(z, ScalarZero(z.Graph(), z.DType()))
		pre, neg = append(pre, z), append(neg, n)
		x = Add(z, Mul(n, AddScalar(l.slope, -1)))
	}
	return x, ins, pre, neg
}

// samplerGraph is the timed forward pass: inputs x [B, 3] then the
// weights; output [B, 2].
func samplerGraph(inputs []*Node) *Node {
	out, _, _, _ := mlpForward(mlpLayers(inputs[1:]), inputs[0])
	return out
}

// trainGraph is the timed training step: inputs x [B, 3], target [B, 2],
// then the weights; outputs the weights after one SGD step on the mean
// squared error, computed by the backward pass of package ddpm (one
// transpose of each layer's input, W used as the transposed operand).
func trainGraph(inputs []*Node) []*Node {
	x, target, ws := inputs[0], inputs[1], inputs[2:]
	ls := mlpLayers(ws)
	out, ins, pre, neg := mlpForward(ls, x)
	batch := float64(out.Shape().Dimensions[0])
	dz := MulScalar(Sub(out, target), 2/batch/float64(out.Shape().Dimensions[1]))
	// off[i] is where layer i's weights start in ws: W, b, then the slope.
	off := make([]int, len(ls))
	for i := 1; i < len(ls); i++ {
		off[i] = off[i-1] + 3
	}
	grads := make([]*Node, len(ws))
	for i := len(ls) - 1; i >= 0; i-- {
		grads[off[i]] = MatMul(Transpose(ins[i], 0, 1), dz)
		grads[off[i]+1] = ReduceSum(dz, 0)
		if i == 0 {
			break
		}
		// dh [B, in] = dz [B, out] . W^T, W as the transposed operand.
		dh := Dot(dz, ls[i].w).General([]int{1}, nil, []int{1}, nil)
		j := i - 1
		grads[off[j]+2] = ReduceAllSum(Mul(dh, neg[j]))
		z := pre[j]
		dz = Where(LessThan(z, ScalarZero(z.Graph(), z.DType())), Mul(dh, ls[j].slope), dh)
	}
	next := make([]*Node, len(ws))
	for i, w := range ws {
		next[i] = Sub(w, MulScalar(grads[i], 1e-3))
	}
	return next
}

// timedCall is one shape compiled on one backend, ready to be timed.
type timedCall struct {
	call  func() error // one call, the inputs already in place
	close func()       // frees the executable and the tensors
	best  time.Duration
}

// prepareSampler compiles samplerGraph on b and makes its first call.
func prepareSampler(b compute.Backend) (*timedCall, error) {
	exec, err := NewExec(b, samplerGraph)
	if err != nil {
		return nil, err
	}
	args := []any{randomTensor(7, CalibrationSampleBatch, calibrationSizes[0])}
	for _, w := range calibrationWeights() {
		args = append(args, w)
	}
	tc := &timedCall{
		call: func() error {
			out, err := exec.Call(args...)
			for _, t := range out {
				t.FinalizeAll()
			}
			return err
		},
		close: exec.Finalize,
	}
	return tc, tc.first()
}

// prepareTrain compiles trainGraph on b and makes its first call; each
// call takes the weights the previous one returned.
func prepareTrain(b compute.Backend) (*timedCall, error) {
	exec, err := NewExec(b, trainGraph)
	if err != nil {
		return nil, err
	}
	x := randomTensor(8, CalibrationTrainBatch, calibrationSizes[0])
	target := randomTensor(9, CalibrationTrainBatch, calibrationSizes[len(calibrationSizes)-1])
	ws := calibrationWeights()
	tc := &timedCall{
		call: func() error {
			args := []any{x, target}
			for _, w := range ws {
				args = append(args, w)
			}
			out, err := exec.Call(args...)
			if err != nil {
				return err
			}
			if len(out) != len(ws) {
				return fmt.Errorf("training step returned %d tensors, want %d", len(out), len(ws))
			}
			for _, w := range ws {
				w.FinalizeAll()
			}
			ws = out
			return nil
		},
		close: func() {
			exec.Finalize()
			for _, w := range ws {
				w.FinalizeAll()
			}
		},
	}
	return tc, tc.first()
}

// first makes the untimed first call (compilation), turning a panic into an
// error.
func (tc *timedCall) first() error {
	tc.best = time.Duration(math.MaxInt64)
	return tc.timed()
}

// timed makes one call and keeps the fastest time.
func (tc *timedCall) timed() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	t0 := time.Now()
	if err := tc.call(); err != nil {
		return err
	}
	tc.best = min(tc.best, time.Since(t0))
	return nil
}

// Rounds of the calibration: every shape on every backend is called once
// per round, the backends interleaved so that they share the machine's
// load; at least calibrationMinRounds rounds, then more while under
// calibrationBudget, at most calibrationMaxRounds. The fastest call counts.
const (
	calibrationMinRounds = 2
	calibrationMaxRounds = 4
	calibrationBudget    = 400 * time.Millisecond
)

// timeBackends times both shapes on each backend (nil backends are
// skipped: their figure is already an error) and fills in the figures.
func timeBackends(bs []compute.Backend, figs []Figure) {
	calls := make([][2]*timedCall, len(bs))
	for i, b := range bs {
		if b == nil {
			continue
		}
		var err error
		if calls[i][0], err = prepareSampler(b); err == nil {
			calls[i][1], err = prepareTrain(b)
		}
		if err != nil {
			figs[i].Error = err.Error()
		}
	}
	defer func() {
		for _, cs := range calls {
			for _, c := range cs {
				if c != nil {
					c.close()
				}
			}
		}
	}()
	began := time.Now()
	for round := 0; round < calibrationMaxRounds && (round < calibrationMinRounds || time.Since(began) < calibrationBudget); round++ {
		for i := range bs {
			for _, c := range calls[i] {
				if figs[i].Error != "" {
					break
				}
				if err := c.timed(); err != nil {
					figs[i].Error = err.Error()
				}
			}
		}
	}
	for i, cs := range calls {
		if figs[i].Error == "" {
			figs[i].SampleS, figs[i].TrainS = cs[0].best.Seconds(), cs[1].best.Seconds()
		}
	}
}
