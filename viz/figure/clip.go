package figure

import (
	"image"
	"math"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// clipCanvas is a vg.Canvas that draws on another canvas only inside a
// rectangle. vg.Canvas has no clip path (and vgpdf exposes none), so the
// clipping is geometric: it tracks the transforms, passes through what
// lies inside, drops what lies outside, and cuts paths that cross the
// edge (fills as polygons, strokes as polylines, curves flattened). Text
// and images are kept when their anchor point (text) or any part (images)
// is inside.
//
// It also writes arcs as cubic Bézier curves. vgpdf writes an arc as a
// line to its start, then the arc inside a transform of its own (q ...
// cm ... Q) that moves the origin to the arc: the path's first point is
// given before that transform and poppler fills it after, so every dot of
// a scatter leaves a faint copy moved by its own coordinates, anywhere on
// the page (the "ghosts" report.pdf once had; clipping what the figure
// draws cannot stop them). Curves are plain path segments
// on every canvas.
type clipCanvas struct {
	vg.Canvas
	box   draw.Canvas // the clip rectangle, in the base canvas's coordinates
	m     affine      // local coordinates -> base coordinates
	stack []affine
}

// affine maps (x, y) to (a x + c y + e, b x + d y + f).
type affine struct{ a, b, c, d, e, f float64 }

var identity = affine{a: 1, d: 1}

// apply maps a local point to base coordinates.
func (m affine) apply(p vg.Point) vg.Point {
	x, y := float64(p.X), float64(p.Y)
	return vg.Point{X: vg.Length(m.a*x + m.c*y + m.e), Y: vg.Length(m.b*x + m.d*y + m.f)}
}

// then returns the transform that applies n first, then m.
func (m affine) then(n affine) affine {
	return affine{
		a: m.a*n.a + m.c*n.b, b: m.b*n.a + m.d*n.b,
		c: m.a*n.c + m.c*n.d, d: m.b*n.c + m.d*n.d,
		e: m.a*n.e + m.c*n.f + m.e, f: m.b*n.e + m.d*n.f + m.f,
	}
}

// inverse returns the inverse transform (the identity if m is singular,
// where nothing drawn has an extent anyway).
func (m affine) inverse() affine {
	det := m.a*m.d - m.b*m.c
	if det == 0 {
		return identity
	}
	return affine{a: m.d / det, b: -m.b / det, c: -m.c / det, d: m.a / det,
		e: (m.c*m.f - m.d*m.e) / det, f: (m.b*m.e - m.a*m.f) / det}
}

// newClipCanvas returns a canvas drawing on c only inside box (in c's
// current coordinates).
func newClipCanvas(c vg.Canvas, box vg.Rectangle) *clipCanvas {
	return &clipCanvas{Canvas: c, box: draw.Canvas{Rectangle: box}, m: identity}
}

// Translate implements vg.Canvas.
func (c *clipCanvas) Translate(pt vg.Point) {
	c.m = c.m.then(affine{a: 1, d: 1, e: float64(pt.X), f: float64(pt.Y)})
	c.Canvas.Translate(pt)
}

// Scale implements vg.Canvas.
func (c *clipCanvas) Scale(x, y float64) {
	c.m = c.m.then(affine{a: x, d: y})
	c.Canvas.Scale(x, y)
}

// Rotate implements vg.Canvas.
func (c *clipCanvas) Rotate(rad float64) {
	s, co := math.Sincos(rad)
	c.m = c.m.then(affine{a: co, b: s, c: -s, d: co})
	c.Canvas.Rotate(rad)
}

// Push implements vg.Canvas.
func (c *clipCanvas) Push() {
	c.stack = append(c.stack, c.m)
	c.Canvas.Push()
}

// Pop implements vg.Canvas.
func (c *clipCanvas) Pop() {
	if n := len(c.stack); n > 0 {
		c.m = c.stack[n-1]
		c.stack = c.stack[:n-1]
	}
	c.Canvas.Pop()
}

// Fill implements vg.Canvas.
func (c *clipCanvas) Fill(p vg.Path) { c.draw(p, true) }

// Stroke implements vg.Canvas.
func (c *clipCanvas) Stroke(p vg.Path) { c.draw(p, false) }

// draw fills or strokes the part of p inside the box. A path with arcs is
// drawn around the centre of its first arc, with its arcs as curves: the
// numbers of every dot of a scatter are then the same, which keeps a PDF
// of many dots small.
func (c *clipCanvas) draw(p vg.Path, fill bool) {
	paint := func(p vg.Path) {
		if out, ok := c.clip(p, fill); ok {
			if fill {
				c.Canvas.Fill(out)
			} else {
				c.Canvas.Stroke(out)
			}
		}
	}
	centre, ok := firstArcCentre(p)
	if !ok {
		paint(p)
		return
	}
	c.Push()
	c.Translate(centre)
	paint(arcsAsCurves(shifted(p, vg.Point{X: -centre.X, Y: -centre.Y})))
	c.Pop()
}

// firstArcCentre returns the centre of the first arc of p.
func firstArcCentre(p vg.Path) (vg.Point, bool) {
	for _, comp := range p {
		if comp.Type == vg.ArcComp {
			return comp.Pos, true
		}
	}
	return vg.Point{}, false
}

// shifted returns a copy of p moved by d.
func shifted(p vg.Path, d vg.Point) vg.Path {
	out := make(vg.Path, len(p))
	for i, comp := range p {
		comp.Pos = comp.Pos.Add(d)
		if len(comp.Control) > 0 {
			ctrl := make([]vg.Point, len(comp.Control))
			for j, q := range comp.Control {
				ctrl[j] = q.Add(d)
			}
			comp.Control = ctrl
		}
		out[i] = comp
	}
	return out
}

// FillString implements vg.Canvas.
func (c *clipCanvas) FillString(f font.Face, pt vg.Point, text string) {
	if c.box.Contains(c.m.apply(pt)) {
		c.Canvas.FillString(f, pt, text)
	}
}

// DrawImage implements vg.Canvas.
func (c *clipCanvas) DrawImage(r vg.Rectangle, img image.Image) {
	lo, hi := c.bounds([]vg.Point{r.Min, r.Max, {X: r.Min.X, Y: r.Max.Y}, {X: r.Max.X, Y: r.Min.Y}})
	if lo.X < c.box.Max.X && hi.X > c.box.Min.X && lo.Y < c.box.Max.Y && hi.Y > c.box.Min.Y {
		c.Canvas.DrawImage(r, img)
	}
}

// bounds returns the bounding box of local points in base coordinates.
func (c *clipCanvas) bounds(pts []vg.Point) (lo, hi vg.Point) {
	for i, p := range pts {
		q := c.m.apply(p)
		if i == 0 {
			lo, hi = q, q
			continue
		}
		lo.X, lo.Y = min(lo.X, q.X), min(lo.Y, q.Y)
		hi.X, hi.Y = max(hi.X, q.X), max(hi.Y, q.Y)
	}
	return lo, hi
}

// clip returns the part of p inside the box (p itself when it lies
// inside, false when nothing is left).
func (c *clipCanvas) clip(p vg.Path, fill bool) (vg.Path, bool) {
	subs := flatten(p)
	var all []vg.Point
	for _, s := range subs {
		all = append(all, s...)
	}
	if len(all) == 0 {
		return nil, false
	}
	lo, hi := c.bounds(all)
	if c.box.Contains(lo) && c.box.Contains(hi) {
		return p, true
	}
	if hi.X < c.box.Min.X || lo.X > c.box.Max.X || hi.Y < c.box.Min.Y || lo.Y > c.box.Max.Y {
		return nil, false
	}
	inv := c.m.inverse()
	var out vg.Path
	add := func(pts []vg.Point, closed bool) {
		for i, q := range pts {
			if i == 0 {
				out.Move(inv.apply(q))
			} else {
				out.Line(inv.apply(q))
			}
		}
		if closed {
			out.Close()
		}
	}
	for _, s := range subs {
		base := make([]vg.Point, len(s))
		for i, q := range s {
			base[i] = c.m.apply(q)
		}
		if fill {
			if poly := c.box.ClipPolygonXY(base); len(poly) > 2 {
				add(poly, true)
			}
			continue
		}
		for _, line := range c.box.ClipLinesXY(base) {
			if len(line) > 1 {
				add(line, false)
			}
		}
	}
	return out, len(out) > 0
}

// arcsAsCurves returns p with every arc written as cubic Bézier curves of
// at most a quarter turn each (p itself when it has no arc).
func arcsAsCurves(p vg.Path) vg.Path {
	if _, ok := firstArcCentre(p); !ok {
		return p
	}
	out := make(vg.Path, 0, len(p)+4)
	for _, comp := range p {
		if comp.Type != vg.ArcComp {
			out = append(out, comp)
			continue
		}
		on := func(a float64) vg.Point {
			s, co := math.Sincos(a)
			return vg.Point{X: comp.Pos.X + comp.Radius*vg.Length(co), Y: comp.Pos.Y + comp.Radius*vg.Length(s)}
		}
		// The tangent at a, of length k times the radius.
		tangent := func(a, k float64) vg.Point {
			s, co := math.Sincos(a)
			return vg.Point{X: -comp.Radius * vg.Length(k*s), Y: comp.Radius * vg.Length(k*co)}
		}
		if len(out) == 0 {
			out.Move(on(comp.Start))
		} else {
			out.Line(on(comp.Start))
		}
		n := max(1, int(math.Ceil(math.Abs(comp.Angle)/(math.Pi/2))))
		d := comp.Angle / float64(n)
		k := 4.0 / 3 * math.Tan(d/4)
		for i := range n {
			a0, a1 := comp.Start+float64(i)*d, comp.Start+float64(i+1)*d
			p0, p3 := on(a0), on(a1)
			t0, t1 := tangent(a0, k), tangent(a1, k)
			out.CubeTo(vg.Point{X: p0.X + t0.X, Y: p0.Y + t0.Y}, vg.Point{X: p3.X - t1.X, Y: p3.Y - t1.Y}, p3)
		}
	}
	return out
}

// flatten returns the subpaths of p as polylines in p's coordinates
// (curves approximated by short segments, arcs left out: see
// arcsAsCurves; a closed subpath ends at its first point).
func flatten(p vg.Path) [][]vg.Point {
	var subs [][]vg.Point
	var cur []vg.Point
	end := func() {
		if len(cur) > 0 {
			subs = append(subs, cur)
		}
		cur = nil
	}
	last := func() vg.Point {
		if len(cur) == 0 {
			return vg.Point{}
		}
		return cur[len(cur)-1]
	}
	for _, comp := range p {
		switch comp.Type {
		case vg.MoveComp:
			end()
			cur = []vg.Point{comp.Pos}
		case vg.LineComp:
			cur = append(cur, comp.Pos)
		case vg.CurveComp:
			p0 := last()
			const n = 16
			for i := 1; i <= n; i++ {
				cur = append(cur, bezier(p0, comp.Control, comp.Pos, float64(i)/n))
			}
		case vg.CloseComp:
			if len(cur) > 0 {
				cur = append(cur, cur[0])
			}
			end()
		}
	}
	end()
	return subs
}

// bezier returns the point at t of the quadratic or cubic Bézier curve
// from p0 through the control points to p1.
func bezier(p0 vg.Point, ctrl []vg.Point, p1 vg.Point, t float64) vg.Point {
	pts := append(append([]vg.Point{p0}, ctrl...), p1)
	for len(pts) > 1 {
		next := make([]vg.Point, len(pts)-1)
		for i := range next {
			next[i] = vg.Point{X: pts[i].X + vg.Length(t)*(pts[i+1].X-pts[i].X), Y: pts[i].Y + vg.Length(t)*(pts[i+1].Y-pts[i].Y)}
		}
		pts = next
	}
	return pts[0]
}
