package metrics

import (
	"errors"
	"fmt"
	"math"

	"github.com/statesdiffusion/states/ddpm/states"
)

// DefaultRadius is the default radius of Precision and Recall, in data units.
const DefaultRadius = 0.05

// Coverage returns the fraction of the points of from that lie within
// distance r (inclusive) of some point of to. Points with a non-finite
// coordinate are never within r of anything. It fails for an empty from or
// to and for a radius that is not a positive finite number.
//
// The points of to are bucketed in square cells of side r, so each query
// looks at 3 × 3 cells; 5000 × 5000 points take a few milliseconds.
func Coverage(from, to [][2]float32, r float64) (float64, error) {
	if err := checkRadius(r); err != nil {
		return 0, err
	}
	if len(from) == 0 || len(to) == 0 {
		return 0, fmt.Errorf("coverage: empty point set (%d query points, %d reference points)", len(from), len(to))
	}
	g := newCellGrid(to, r)
	hits := 0
	for _, p := range from {
		if g.anyWithin(float64(p[0]), float64(p[1])) {
			hits++
		}
	}
	return float64(hits) / float64(len(from)), nil
}

// Precision returns the fraction of samples within r of some reference
// point: how many samples look like data.
func Precision(ref, samples [][2]float32, r float64) (float64, error) {
	p, err := Coverage(samples, ref, r)
	if err != nil {
		return 0, fmt.Errorf("precision: %w", err)
	}
	return p, nil
}

// Recall returns the fraction of reference points within r of some sample:
// how much of the data the samples cover.
func Recall(ref, samples [][2]float32, r float64) (float64, error) {
	c, err := Coverage(ref, samples, r)
	if err != nil {
		return 0, fmt.Errorf("recall: %w", err)
	}
	return c, nil
}

// NearestLabels returns, for each sample, the label of its nearest data
// point (the lowest index among equally near ones), or -1 for a sample with
// a non-finite coordinate. It fails if data has no points, no labels, or a
// label count that differs from its point count.
func NearestLabels(data *states.Dataset, samples [][2]float32) ([]int, error) {
	if err := checkLabeled(data); err != nil {
		return nil, err
	}
	t := newKDTree(data.Points)
	if t.len() == 0 {
		return nil, errors.New("nearest labels: no finite data points")
	}
	out := make([]int, len(samples))
	for i, p := range samples {
		j := t.nearest(float64(p[0]), float64(p[1]))
		if j < 0 {
			out[i] = -1
			continue
		}
		out[i] = data.Labels[j]
	}
	return out, nil
}

// LabelAccuracy returns the share of samples whose nearest data point has
// the given label; samples with a non-finite coordinate count as misses. It
// fails for no samples, a label outside [0, states.Num) and data as refused by
// NearestLabels.
func LabelAccuracy(data *states.Dataset, samples [][2]float32, label int) (float64, error) {
	if label < 0 || label >= states.Num {
		return 0, fmt.Errorf("label accuracy: label %d outside [0, %d)", label, states.Num)
	}
	if len(samples) == 0 {
		return 0, errors.New("label accuracy: no samples")
	}
	labels, err := NearestLabels(data, samples)
	if err != nil {
		return 0, fmt.Errorf("label accuracy: %w", err)
	}
	hits := 0
	for _, l := range labels {
		if l == label {
			hits++
		}
	}
	return float64(hits) / float64(len(samples)), nil
}

// checkRadius refuses a radius that is not a positive finite number.
func checkRadius(r float64) error {
	if !(r > 0) || math.IsInf(r, 1) {
		return fmt.Errorf("radius %g: want a positive finite number", r)
	}
	return nil
}

// checkLabeled refuses a nil or empty dataset and one without one label per
// point.
func checkLabeled(data *states.Dataset) error {
	switch {
	case data == nil || len(data.Points) == 0:
		return errors.New("no data points")
	case data.Labels == nil:
		return errors.New("data has no labels")
	case len(data.Labels) != len(data.Points):
		return fmt.Errorf("data has %d labels for %d points", len(data.Labels), len(data.Points))
	}
	return nil
}

// finitePoint reports whether both coordinates are finite.
func finitePoint(x, y float64) bool {
	return !math.IsNaN(x) && !math.IsInf(x, 0) && !math.IsNaN(y) && !math.IsInf(y, 0)
}
