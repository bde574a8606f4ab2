package plotdata

import (
	"math"
	"sort"
)

// Bounds is an axis-aligned box of the plane.
type Bounds struct {
	XMin, XMax, YMin, YMax float64
}

// BoundsOf returns the box around all points of all sets; an empty input
// gives the box [-1, 1]^2.
func BoundsOf(sets ...[][2]float32) Bounds {
	b := Bounds{math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)}
	for _, s := range sets {
		for _, p := range s {
			x, y := float64(p[0]), float64(p[1])
			if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
				continue
			}
			b.XMin, b.XMax = math.Min(b.XMin, x), math.Max(b.XMax, x)
			b.YMin, b.YMax = math.Min(b.YMin, y), math.Max(b.YMax, y)
		}
	}
	if b.XMin > b.XMax {
		return Bounds{-1, 1, -1, 1}
	}
	return b
}

// Union returns the smallest box holding b and o.
func (b Bounds) Union(o Bounds) Bounds {
	return Bounds{math.Min(b.XMin, o.XMin), math.Max(b.XMax, o.XMax),
		math.Min(b.YMin, o.YMin), math.Max(b.YMax, o.YMax)}
}

// Square returns a box with equal sides, centred on b, holding b with a
// margin of pad (a fraction of the longer side) on each side. Drawn in a
// Square plotting area it gives both axes the same scale.
func (b Bounds) Square(pad float64) Bounds {
	side := math.Max(b.XMax-b.XMin, b.YMax-b.YMin)
	if side <= 0 {
		side = 1
	}
	half := side * (0.5 + pad)
	cx, cy := (b.XMin+b.XMax)/2, (b.YMin+b.YMax)/2
	return Bounds{cx - half, cx + half, cy - half, cy + half}
}

// Fit returns a box centred on b with the aspect ratio w/h of a plotting
// area, holding b: both axes then have the same scale in that area.
func (b Bounds) Fit(w, h float64) Bounds {
	sx, sy := b.XMax-b.XMin, b.YMax-b.YMin
	if sx <= 0 {
		sx = 1
	}
	if sy <= 0 {
		sy = 1
	}
	if w <= 0 || h <= 0 {
		return b
	}
	scale := math.Max(sx/w, sy/h) // data units per canvas unit
	cx, cy := (b.XMin+b.XMax)/2, (b.YMin+b.YMax)/2
	return Bounds{cx - scale*w/2, cx + scale*w/2, cy - scale*h/2, cy + scale*h/2}
}

// RoundSig rounds v to n significant digits.
func RoundSig(v float64, n int) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	e := math.Pow(10, float64(n)-math.Ceil(math.Log10(math.Abs(v))))
	return math.Round(v*e) / e
}

// NiceStep returns the round number (1, 2, 2.5 or 5 times a power of ten)
// nearest above raw.
func NiceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= raw*(1-1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// NiceSquare returns a square box holding b (plus a margin of pad) whose
// ends fall on multiples of a round step (about an eighth of the side, so
// little space is wasted), and a round tick step of about a fifth of the
// side: axes over the box have equal scales and tidy ticks.
func (b Bounds) NiceSquare(pad float64) (Bounds, float64) {
	sq := b.Square(pad)
	side := sq.XMax - sq.XMin
	g := NiceStep(side / 8)
	x0, x1 := math.Floor(sq.XMin/g+1e-9), math.Ceil(sq.XMax/g-1e-9)
	y0, y1 := math.Floor(sq.YMin/g+1e-9), math.Ceil(sq.YMax/g-1e-9)
	n := math.Max(x1-x0, y1-y0)
	dx, dy := n-(x1-x0), n-(y1-y0)
	x0, x1 = x0-math.Floor(dx/2), x1+math.Ceil(dx/2)
	y0, y1 = y0-math.Floor(dy/2), y1+math.Ceil(dy/2)
	return Bounds{x0 * g, x1 * g, y0 * g, y1 * g}, NiceStep(side / 5)
}

// RobustBounds returns the box holding all but a share q of the points at
// each end of each axis, so that a few far outliers (Gaussian noise tails)
// do not shrink the rest of the picture. Points outside are clipped.
func RobustBounds(q float64, sets ...[][2]float32) Bounds {
	var xs, ys []float64
	for _, s := range sets {
		for _, p := range s {
			x, y := float64(p[0]), float64(p[1])
			if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
				continue
			}
			xs, ys = append(xs, x), append(ys, y)
		}
	}
	if len(xs) == 0 {
		return Bounds{-1, 1, -1, 1}
	}
	sort.Float64s(xs)
	sort.Float64s(ys)
	lo := int(q * float64(len(xs)))
	hi := len(xs) - 1 - lo
	return Bounds{xs[lo], xs[hi], ys[lo], ys[hi]}
}
