package metrics

import (
	"math/rand/v2"
	"testing"

	"github.com/statesdiffusion/states/ddpm/states"
)

// BenchmarkPrecisionRecall5000 computes precision and recall of 5000 samples
// against 5000 data points at DefaultRadius.
func BenchmarkPrecisionRecall5000(b *testing.B) {
	rng := rand.New(rand.NewPCG(19, 20))
	data, samples := ringPoints(rng, 5000, 0.01), ringPoints(rng, 5000, 0.05)
	for b.Loop() {
		if _, err := Precision(data, samples, DefaultRadius); err != nil {
			b.Fatal(err)
		}
		if _, err := Recall(data, samples, DefaultRadius); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLabelAccuracy5000 finds the nearest of 5000 labeled data points
// for 5000 samples.
func BenchmarkLabelAccuracy5000(b *testing.B) {
	rng := rand.New(rand.NewPCG(21, 22))
	pts := ringPoints(rng, 5000, 0.01)
	labels := make([]int, len(pts))
	for i := range labels {
		labels[i] = i % states.Num
	}
	data, samples := &states.Dataset{Points: pts, Labels: labels}, ringPoints(rng, 5000, 0.05)
	for b.Loop() {
		if _, err := LabelAccuracy(data, samples, 2); err != nil {
			b.Fatal(err)
		}
	}
}
