package metrics

import (
	"math"
	"math/rand/v2"
	"testing"
)

// ringPoints returns n points near five circles side by side, shaped like
// the STATES outlines, with Gaussian noise of standard deviation noise.
func ringPoints(rng *rand.Rand, n int, noise float64) [][2]float32 {
	pts := make([][2]float32, n)
	for i := range pts {
		c := i % 5
		a := rng.Float64() * 2 * math.Pi
		pts[i] = [2]float32{
			float32(-2 + float64(c) + 0.4*math.Cos(a) + noise*rng.NormFloat64()),
			float32(0.4*math.Sin(a) + noise*rng.NormFloat64()),
		}
	}
	return pts
}

// BenchmarkKDENLL5000 scores 5000 samples against a 5000-point KDE: the
// course's NLL of one sample set.
func BenchmarkKDENLL5000(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	data, samples := ringPoints(rng, 5000, 0.01), ringPoints(rng, 5000, 0.05)
	k, err := NewKDE(data)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if v := k.NLL(samples); math.IsNaN(v) {
			b.Fatal("NaN NLL")
		}
	}
}

// BenchmarkKDENLL5000Gaussian is BenchmarkKDENLL5000 on a Gaussian cloud,
// where few kernel terms can be skipped.
func BenchmarkKDENLL5000Gaussian(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	data, samples := randomPoints(rng, 5000, 1, 0.5), randomPoints(rng, 5000, 1, 0.5)
	k, err := NewKDE(data)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		k.NLL(samples)
	}
}

// BenchmarkNewKDE5000 builds the KDE of 5000 points.
func BenchmarkNewKDE5000(b *testing.B) {
	data := ringPoints(rand.New(rand.NewPCG(7, 8)), 5000, 0.01)
	for b.Loop() {
		if _, err := NewKDE(data); err != nil {
			b.Fatal(err)
		}
	}
}
