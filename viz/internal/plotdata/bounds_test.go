package plotdata

import (
	"math"
	"testing"
)

func TestNiceSquare(t *testing.T) {
	for _, b := range []Bounds{{-2.05, 1.9, -1.8, 1.55}, {0, 10, 0, 1}, {-0.001, 0.002, 5, 5.003}, {3, 3, 4, 4}} {
		nb, step := b.NiceSquare(0.02)
		if w, h := nb.XMax-nb.XMin, nb.YMax-nb.YMin; math.Abs(w-h) > 1e-9*w {
			t.Errorf("%v: box %v not square", b, nb)
		}
		if nb.XMin > b.XMin || nb.XMax < b.XMax || nb.YMin > b.YMin || nb.YMax < b.YMax {
			t.Errorf("%v: box %v does not hold it", b, nb)
		}
		side := math.Max(math.Max(b.XMax-b.XMin, b.YMax-b.YMin), 1e-300)
		if b.XMax > b.XMin && nb.XMax-nb.XMin > 1.6*side {
			t.Errorf("%v: box %v wastes space", b, nb)
		}
		if m := step / math.Pow(10, math.Floor(math.Log10(step))); !(m == 1 || m == 2 || m == 2.5 || m == 5) {
			t.Errorf("%v: tick step %g not round", b, step)
		}
	}
}

func TestFitKeepsAspect(t *testing.T) {
	b := Bounds{0, 4, 0, 1}.Fit(300, 200)
	if sx, sy := (b.XMax-b.XMin)/300, (b.YMax-b.YMin)/200; math.Abs(sx-sy) > 1e-12 {
		t.Errorf("fit gives %g and %g units per pixel", sx, sy)
	}
	if b.XMin > 0 || b.XMax < 4 || b.YMin > 0 || b.YMax < 1 {
		t.Errorf("fit %v does not hold the box", b)
	}
}
