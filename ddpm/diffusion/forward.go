package diffusion

import (
	"fmt"
	"math/rand/v2"
)

// ForwardNoise returns x_t = sqrt(alphabar_t) x_0 + sqrt(1 - alphabar_t) eps
// for every point of pts and every t of ts (one set per t, in the order of
// ts), with eps drawn from a seeded Gaussian so figures are reproducible.
// The same eps is used at every t, so each point moves along a straight
// path from its data position towards its noise.
func ForwardNoise(pts [][2]float32, s *Schedule, ts []int, seed uint64) ([][][2]float32, error) {
	if s == nil {
		return nil, fmt.Errorf("forward process: no schedule")
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	eps := make([][2]float32, len(pts))
	for i := range eps {
		eps[i] = [2]float32{float32(rng.NormFloat64()), float32(rng.NormFloat64())}
	}
	out := make([][][2]float32, len(ts))
	for k, t := range ts {
		if t < 0 || t > s.T {
			return nil, fmt.Errorf("forward process: t = %d outside [0, %d]", t, s.T)
		}
		xs := make([][2]float32, len(pts))
		for i, x0 := range pts {
			xs[i] = s.Noise(x0, t, eps[i])
		}
		out[k] = xs
	}
	return out, nil
}
