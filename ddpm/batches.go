package ddpm

import (
	"math"
	"math/rand/v2"

	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/netkind"
)

// noisyBatch is one batch of noisy training examples in flat host arrays:
// x_t [B, 2], tbar [B, 1], the regression target eps [B, 2] (the noise for
// the denoisers, the velocity for the flow) and the state label [B] (the
// classifier's target, the conditional denoiser's input).
type noisyBatch struct {
	xt, tbar, eps []float32
	label         []int32
}

func newNoisyBatch(b int) *noisyBatch {
	return &noisyBatch{xt: make([]float32, 2*b), tbar: make([]float32, b), eps: make([]float32, 2*b), label: make([]int32, b)}
}

// set writes example i: point p with label l noised to time t with eps.
func (nb *noisyBatch) set(s *diffusion.Schedule, i int, p [2]float32, l int, t int, e0, e1 float64) {
	a, c := math.Sqrt(s.AlphaBar[t]), math.Sqrt(1-s.AlphaBar[t])
	nb.xt[2*i] = float32(a*float64(p[0]) + c*e0)
	nb.xt[2*i+1] = float32(a*float64(p[1]) + c*e1)
	nb.eps[2*i], nb.eps[2*i+1] = float32(e0), float32(e1)
	nb.tbar[i] = float32(s.TBar(t))
	nb.label[i] = int32(l)
}

// setFlow writes example i of flow matching: point p with label l on the
// straight path to the noise (e0, e1) at time u in [0, 1],
//
//	x_u = (1 - u) x_0 + u eps,   target v = eps - x_0 = dx_u/du.
func (nb *noisyBatch) setFlow(i int, p [2]float32, l int, u, e0, e1 float64) {
	x0, x1 := float64(p[0]), float64(p[1])
	nb.xt[2*i] = float32((1-u)*x0 + u*e0)
	nb.xt[2*i+1] = float32((1-u)*x1 + u*e1)
	nb.eps[2*i], nb.eps[2*i+1] = float32(e0-x0), float32(e1-x1)
	nb.tbar[i] = float32(u)
	nb.label[i] = int32(l)
}

// draw writes example i of nb for a network that predicts target: point p
// with label l at diffusion time t in 1..T (the flow's velocity: at u = t'
// / T with t' uniform in (t-1, t]), noised with fresh draws of rng.
func (nb *noisyBatch) draw(target netkind.Target, s *diffusion.Schedule, i int, p [2]float32, l, t int, rng *rand.Rand) {
	if target == netkind.TargetVelocity {
		u := (float64(t) - rng.Float64()) / float64(s.T)
		nb.setFlow(i, p, l, u, rng.NormFloat64(), rng.NormFloat64())
		return
	}
	nb.set(s, i, p, l, t, rng.NormFloat64(), rng.NormFloat64())
}

// batchSource yields the training batches of one run.
type batchSource interface {
	// fill writes the batch of the given (0-based) step into nb.
	fill(step int, nb *noisyBatch)
}

// freshSource draws, for each example, a training point, a time t uniform
// in 1..T (or, for a fraction of them, in 1..lowMax; the flow's time is
// continuous, see noisyBatch.draw) and a fresh eps. The draws depend only
// on (seed, step), so a resumed run sees the same batches as an
// uninterrupted one. For the conditional denoiser a labelDropout fraction
// of the labels becomes NoLabel.
type freshSource struct {
	target netkind.Target
	s      *diffusion.Schedule
	points [][2]float32
	labels []int
	seed   uint64
	// lowFraction of the examples take t uniform in 1..lowMax instead.
	lowFraction float64
	lowMax      int
	// labelDropout is the probability of NoLabel (conditional denoiser).
	labelDropout float64
}

func (f *freshSource) fill(step int, nb *noisyBatch) {
	rng := rand.New(rand.NewPCG(f.seed, uint64(step)))
	for i := range nb.tbar {
		j := rng.IntN(len(f.points))
		t := 1 + rng.IntN(f.s.T)
		if f.lowFraction > 0 && rng.Float64() < f.lowFraction {
			t = 1 + rng.IntN(f.lowMax)
		}
		l := labelAt(f.labels, j)
		if f.labelDropout > 0 && rng.Float64() < f.labelDropout {
			l = NoLabel
		}
		nb.draw(f.target, f.s, i, f.points[j], l, t, rng)
	}
}

func labelAt(labels []int, j int) int {
	if labels == nil {
		return 0
	}
	return labels[j]
}

// courseSource is the handout's scheme: every training point at every t
// (N x T examples) noised once and kept in memory, visited in a shuffled
// order each epoch, re-noised every refresh epochs.
type courseSource struct {
	s       *diffusion.Schedule
	points  [][2]float32
	labels  []int
	seed    uint64
	refresh int
	batch   int

	epoch int // epoch of the current set and order; -1 before the first
	set   *noisyBatch
	order []int32
}

func (c *courseSource) fill(step int, nb *noisyBatch) {
	n := len(c.points) * c.s.T
	perEpoch := max(n/c.batch, 1)
	epoch := step / perEpoch
	if c.set == nil || epoch != c.epoch {
		c.prepare(epoch)
	}
	off := (step % perEpoch) * c.batch
	for i := range nb.tbar {
		k := int(c.order[(off+i)%n])
		nb.xt[2*i], nb.xt[2*i+1] = c.set.xt[2*k], c.set.xt[2*k+1]
		nb.eps[2*i], nb.eps[2*i+1] = c.set.eps[2*k], c.set.eps[2*k+1]
		nb.tbar[i], nb.label[i] = c.set.tbar[k], c.set.label[k]
	}
}

// prepare builds the set for the refresh period of epoch and its order.
func (c *courseSource) prepare(epoch int) {
	n := len(c.points) * c.s.T
	refresh := max(c.refresh, 1)
	period := epoch / refresh
	if c.set == nil || c.epoch/refresh != period || c.epoch < 0 {
		if c.set == nil {
			c.set = newNoisyBatch(n)
		}
		rng := rand.New(rand.NewPCG(c.seed, uint64(period)<<20|1))
		k := 0
		for j, p := range c.points {
			for t := 1; t <= c.s.T; t++ {
				c.set.set(c.s, k, p, labelAt(c.labels, j), t, rng.NormFloat64(), rng.NormFloat64())
				k++
			}
		}
	}
	if c.order == nil {
		c.order = make([]int32, n)
	}
	for i := range c.order {
		c.order[i] = int32(i)
	}
	rng := rand.New(rand.NewPCG(c.seed, uint64(epoch)<<20|2))
	rng.Shuffle(n, func(i, j int) { c.order[i], c.order[j] = c.order[j], c.order[i] })
	c.epoch = epoch
}
