package metrics

import (
	"math"
	"testing"
)

func TestOutliers(t *testing.T) {
	ref := [][2]float32{{0, 0}, {1, 0}, {0, 1}}
	samples := [][2]float32{{0.1, 0}, {1, 0.2}, {0, 1.5}, {3, 4}, {float32(math.NaN()), 0}}
	maxD, far, err := Outliers(ref, samples, 0.3)
	if err != nil {
		t.Fatal(err)
	}
	// (0, 1.5) is 0.5 from (0, 1); (3, 4) is sqrt(9 + 9) from (0, 1); NaN counts as far.
	if want := math.Hypot(3, 3); math.Abs(maxD-want) > 1e-6 || far != 3 {
		t.Errorf("Outliers = %g, %d; want %g, 3", maxD, far, want)
	}
	if _, _, err := Outliers(nil, samples, 0.3); err == nil {
		t.Error("no reference points accepted")
	}
	if _, _, err := Outliers(ref, samples, 0); err == nil {
		t.Error("radius 0 accepted")
	}
	if maxD, far, err := Outliers(ref, nil, 0.3); err != nil || maxD != 0 || far != 0 {
		t.Errorf("no samples: %g, %d, %v; want 0, 0, nil", maxD, far, err)
	}
}
