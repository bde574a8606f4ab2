package viz

import (
	"fmt"
	"math/rand/v2"

	"github.com/statesdiffusion/states/ddpm"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

// outlierShare is the share of noisy points at each end of an axis that
// the forward and reverse process figures may leave outside their box.
const outlierShare = 0.002

// checkSnapshots reports whether s has one point set per step.
func checkSnapshots(s run.Snapshots) error {
	if len(s.Steps) == 0 || len(s.Steps) != len(s.Points) {
		return fmt.Errorf("snapshots: %d steps but %d point sets", len(s.Steps), len(s.Points))
	}
	return nil
}

// pickFrames returns up to n indices of s.Steps spread evenly from the
// first (noise) to the last (x_0), both included.
func pickFrames(total, n int) []int {
	if n >= total || n < 2 {
		return indices(total)
	}
	out := make([]int, n)
	for i := range out {
		out[i] = (i * (total - 1)) / (n - 1)
	}
	return out
}

// ForwardNoise returns x_t = sqrt(alphabar_t) x_0 + sqrt(1 - alphabar_t) eps
// for every point of data and every t of ts (one set per t, in the order of
// ts), with eps drawn from a seeded Gaussian so figures are reproducible.
// The same eps is used at every t, so each point moves along a straight
// path from its data position towards its noise.
func ForwardNoise(data states.Dataset, s *ddpm.Schedule, ts []int, seed uint64) ([][][2]float32, error) {
	if s == nil {
		return nil, fmt.Errorf("forward process: no schedule")
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	eps := make([][2]float32, data.Len())
	for i := range eps {
		eps[i] = [2]float32{float32(rng.NormFloat64()), float32(rng.NormFloat64())}
	}
	out := make([][][2]float32, len(ts))
	for k, t := range ts {
		if t < 0 || t > s.T {
			return nil, fmt.Errorf("forward process: t = %d outside [0, %d]", t, s.T)
		}
		xs := make([][2]float32, data.Len())
		for i, x0 := range data.Points {
			xs[i] = s.Noise(x0, t, eps[i])
		}
		out[k] = xs
	}
	return out, nil
}

// DefaultForwardTs returns six times from 0 to T for the forward strip.
func DefaultForwardTs(T int) []int {
	return []int{0, T / 20, T / 10, T / 4, T / 2, T}
}
