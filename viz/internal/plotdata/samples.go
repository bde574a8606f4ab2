package plotdata

import (
	"github.com/statesdiffusion/states/ddpm/states"
)

// SampleSet is a named set of generated points. Label is the state that
// guidance asked for, or -1 for unconditional samples; it picks the colour.
type SampleSet struct {
	Name   string
	Label  int
	Points [][2]float32
}

// Unconditional returns a SampleSet of unconditional samples.
func Unconditional(points [][2]float32) SampleSet {
	return SampleSet{Name: "samples", Label: -1, Points: points}
}

// Guided returns the SampleSet of samples guided towards state label,
// named after the state.
func Guided(label int, points [][2]float32) SampleSet {
	return SampleSet{Name: StateName(label) + " (guided)", Label: label, Points: points}
}

// ByState splits the points of d by label. Index states.Num holds unlabeled
// points and points with a label out of range.
func ByState(d *states.Dataset) [states.Num + 1][][2]float32 {
	var out [states.Num + 1][][2]float32
	for i, p := range d.Points {
		l := states.Num
		if d.Labels != nil && i < len(d.Labels) && d.Labels[i] >= 0 && d.Labels[i] < states.Num {
			l = d.Labels[i]
		}
		out[l] = append(out[l], p)
	}
	return out
}

// AllPoints concatenates the points of sets.
func AllPoints(sets []SampleSet) [][2]float32 {
	var out [][2]float32
	for _, s := range sets {
		out = append(out, s.Points...)
	}
	return out
}

// MaxBackground is the most reference points drawn behind samples: enough
// to show the outlines, few enough to keep pages light.
const MaxBackground = 1500

// Thinned returns at most n points of pts, evenly spaced in pts' order (the
// same points every time).
func Thinned(pts [][2]float32, n int) [][2]float32 {
	if len(pts) <= n || n <= 0 {
		return pts
	}
	out := make([][2]float32, n)
	for i := range out {
		out[i] = pts[i*len(pts)/n]
	}
	return out
}
