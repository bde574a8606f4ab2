package metrics

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/statesdiffusion/states/ddpm/states"
)

func TestPrecisionRecallHandMade(t *testing.T) {
	nan := float32(math.NaN())
	data := [][2]float32{{0, 0}, {1, 0}, {2, 0}, {3, 0}}
	samples := [][2]float32{
		{0.25, 0},   // 0.25 from (0,0)
		{1, 0.5},    // exactly r from (1,0): inclusive
		{2.5, 0.25}, // 0.559 from (2,0) and (3,0)
		{10, 10},
		{nan, 0},
	}
	p, err := Precision(data, samples, 0.5)
	if err != nil || p != 2.0/5 {
		t.Errorf("precision = %v, %v; want 0.4", p, err)
	}
	r, err := Recall(data, samples, 0.5)
	if err != nil || r != 2.0/4 {
		t.Errorf("recall = %v, %v; want 0.5", r, err)
	}
	// A smaller radius drops the boundary sample.
	if p, _ := Precision(data, samples, 0.4); p != 1.0/5 {
		t.Errorf("precision at 0.4 = %v, want 0.2", p)
	}
}

// Neighbours in other cells, across zero and diagonally, must be found.
func TestCoverageAcrossCells(t *testing.T) {
	for _, c := range [][2][2]float32{
		{{0.49, 0}, {0.51, 0}},
		{{-0.01, -0.01}, {0.01, 0.01}},
		{{0.99, 0.99}, {1.01, 1.01}},
		{{-1.001, 0}, {-0.999, 0}},
		{{1e30, 1e30}, {1e30, 1e30}},
	} {
		got, err := Coverage([][2]float32{c[0]}, [][2]float32{c[1]}, 0.05)
		if err != nil || got != 1 {
			t.Errorf("Coverage(%v, %v) = %v, %v; want 1", c[0], c[1], got, err)
		}
	}
	far, err := Coverage([][2]float32{{3e38, 0}}, [][2]float32{{-3e38, 0}, {3e38, 1}}, 0.05)
	if err != nil || far != 0 {
		t.Errorf("Coverage of far points = %v, %v; want 0", far, err)
	}
}

func bruteCoverage(from, to [][2]float32, r float64) float64 {
	hits := 0
	for _, p := range from {
		for _, q := range to {
			dx, dy := float64(p[0])-float64(q[0]), float64(p[1])-float64(q[1])
			if dx*dx+dy*dy <= r*r {
				hits++
				break
			}
		}
	}
	return float64(hits) / float64(len(from))
}

func TestCoverageMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := range 20 {
		from, to := ringPoints(rng, 300, 0.05), ringPoints(rng, 200+trial*10, 0.08)
		r := 0.01 + 0.2*rng.Float64()
		got, err := Coverage(from, to, r)
		if err != nil {
			t.Fatal(err)
		}
		if want := bruteCoverage(from, to, r); got != want {
			t.Fatalf("trial %d (r=%g): Coverage = %v, brute force %v", trial, r, got, want)
		}
	}
}

func TestCoverageRefusesBadInput(t *testing.T) {
	pts := [][2]float32{{0, 0}}
	for _, r := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		if _, err := Coverage(pts, pts, r); err == nil {
			t.Errorf("radius %g: want an error", r)
		}
	}
	if _, err := Precision(pts, nil, DefaultRadius); err == nil {
		t.Error("no samples: want an error")
	}
	if _, err := Recall(nil, pts, DefaultRadius); err == nil {
		t.Error("no reference points: want an error")
	}
}

func TestLabelAccuracyHandMade(t *testing.T) {
	data := &states.Dataset{
		Points: [][2]float32{{0, 0}, {2, 0}, {0, 2}, {2, 2}},
		Labels: []int{1, 2, 1, 3},
	}
	samples := [][2]float32{
		{0.1, 0.1}, // (0,0): 1
		{1.9, 0.2}, // (2,0): 2
		{0.2, 1.7}, // (0,2): 1
		{1, 0},     // tie (0,0)/(2,0): lowest index, label 1
		{50, 40},   // (2,2): 3
		{float32(math.NaN()), 0},
	}
	got, err := NearestLabels(data, samples)
	if err != nil {
		t.Fatal(err)
	}
	want := []int{1, 2, 1, 1, 3, -1}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("NearestLabels = %v, want %v", got, want)
		}
	}
	for label, acc := range map[int]float64{0: 0, 1: 3.0 / 6, 2: 1.0 / 6, 3: 1.0 / 6} {
		if a, err := LabelAccuracy(data, samples, label); err != nil || a != acc {
			t.Errorf("LabelAccuracy(label %d) = %v, %v; want %v", label, a, err, acc)
		}
	}
}

func TestNearestLabelsMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	pts := ringPoints(rng, 803, 0.02)
	pts = append(pts, pts[:50]...) // duplicates with other labels: ties go to the lower index
	labels := make([]int, len(pts))
	for i := range labels {
		labels[i] = i % states.Num
	}
	data := &states.Dataset{Points: pts, Labels: labels}
	samples := append(ringPoints(rng, 500, 0.3), pts[:100]...)
	got, err := NearestLabels(data, samples)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range samples {
		best, bestD := -1, math.Inf(1)
		for j, p := range pts {
			dx, dy := float64(s[0])-float64(p[0]), float64(s[1])-float64(p[1])
			if d := dx*dx + dy*dy; d < bestD {
				best, bestD = j, d
			}
		}
		if got[i] != labels[best] {
			t.Fatalf("sample %d %v: nearest label %d, brute force %d (point %d)", i, s, got[i], labels[best], best)
		}
	}
}

func TestLabelAccuracyRefusesBadInput(t *testing.T) {
	pts := [][2]float32{{0, 0}, {1, 1}}
	ok := &states.Dataset{Points: pts, Labels: []int{0, 1}}
	for name, c := range map[string]struct {
		data    *states.Dataset
		samples [][2]float32
		label   int
	}{
		"nil data":        {nil, pts, 0},
		"no labels":       {&states.Dataset{Points: pts}, pts, 0},
		"label count":     {&states.Dataset{Points: pts, Labels: []int{0}}, pts, 0},
		"no samples":      {ok, nil, 0},
		"negative label":  {ok, pts, -1},
		"label too large": {ok, pts, states.Num},
	} {
		if _, err := LabelAccuracy(c.data, c.samples, c.label); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}
