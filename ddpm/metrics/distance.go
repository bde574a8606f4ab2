package metrics

import (
	"errors"
	"math"
)

// FarRadius is the distance from the data beyond which a sample counts as
// an outlier (Metrics.Far): 0.3 data units, six times DefaultRadius and
// about a tenth of a state's width in the standardized layout.
const FarRadius = 0.3

// Outliers measures how far samples lie from ref: the largest distance
// from a sample to its nearest point of ref, and the number of samples
// farther than r from every point of ref. A sample with a non-finite
// coordinate counts as far but does not enter the maximum. It fails for an
// empty ref (or one without finite points) and for a radius that is not a
// positive finite number.
func Outliers(ref, samples [][2]float32, r float64) (maxDist float64, far int, err error) {
	if err := checkRadius(r); err != nil {
		return 0, 0, err
	}
	t := newKDTree(ref)
	if t.len() == 0 {
		return 0, 0, errors.New("outliers: no finite reference points")
	}
	for _, p := range samples {
		x, y := float64(p[0]), float64(p[1])
		j := t.nearest(x, y)
		if j < 0 {
			far++
			continue
		}
		d := math.Hypot(x-float64(ref[j][0]), y-float64(ref[j][1]))
		maxDist = max(maxDist, d)
		if d > r {
			far++
		}
	}
	return maxDist, far, nil
}
