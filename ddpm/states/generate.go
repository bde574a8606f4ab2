package states

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Config holds the parameters of Generate.
type Config struct {
	// PerState is the number of points of each state (> 0).
	PerState int
	// Jitter is the standard deviation of the Gaussian noise added to each
	// coordinate of a point on an outline (>= 0), in the layout's units,
	// which are close to the standardized ones.
	Jitter float64
	// Seed makes the draw reproducible.
	Seed uint64
}

// maxPerState bounds Config.PerState so that a typo cannot ask for
// gigabytes.
const maxPerState = 10_000_000

// DefaultConfig returns the configuration of the course's STATES set:
// 1000 points per state (5000 in all) with a jitter of 0.015.
func DefaultConfig() Config {
	return Config{PerState: 1000, Jitter: 0.015, Seed: 0}
}

// Validate reports the first invalid option.
func (o Config) Validate() error {
	if o.PerState <= 0 || o.PerState > maxPerState {
		return fmt.Errorf("states: points per state must be in [1, %d], got %d", maxPerState, o.PerState)
	}
	if !(o.Jitter >= 0) || math.IsInf(o.Jitter, 0) {
		return fmt.Errorf("states: jitter must be finite and >= 0, got %v", o.Jitter)
	}
	return nil
}

// Generate draws the STATES dataset: for each state in label order,
// opts.PerState points uniform by arc length along its outline (placed by
// statesLayout), plus Gaussian jitter; the whole set is then standardized to
// mean 0 and standard deviation 1 per axis. Points are grouped by label. The
// result depends only on opts (math/rand/v2 PCG seeded with opts.Seed).
func Generate(opts Config) (*Dataset, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	outlines, err := stateOutlines()
	if err != nil {
		return nil, err
	}
	raw, labels := drawStates(opts, outlines)
	return &Dataset{Points: standardize(raw), Labels: labels}, nil
}

// drawStates draws the points of Generate before standardization.
func drawStates(opts Config, outlines []outline) ([][2]float64, []int) {
	rng := rand.New(rand.NewPCG(opts.Seed, 0x5747e5d1ff0510))
	n := len(outlines) * opts.PerState
	raw := make([][2]float64, 0, n)
	labels := make([]int, 0, n)
	for label, o := range outlines {
		s := newArcSampler(placeRings(o.rings, statesLayout[label]))
		for range opts.PerState {
			p := s.sample(rng)
			raw = append(raw, [2]float64{
				p[0] + opts.Jitter*rng.NormFloat64(),
				p[1] + opts.Jitter*rng.NormFloat64(),
			})
			labels = append(labels, label)
		}
	}
	return raw, labels
}

// placeRings moves rings so that their arc-length centroid lies at
// place.Center and scales them by place.Span (the outlines have a larger side
// of 1). A uniform scaling keeps arc-length sampling uniform.
func placeRings(rings [][][2]float64, place statePlacement) [][][2]float64 {
	c := newArcSampler(rings).centroid()
	out := make([][][2]float64, len(rings))
	for i, r := range rings {
		out[i] = make([][2]float64, len(r))
		for j, p := range r {
			out[i][j] = [2]float64{
				place.Center[0] + place.Span*(p[0]-c[0]),
				place.Center[1] + place.Span*(p[1]-c[1]),
			}
		}
	}
	return out
}
