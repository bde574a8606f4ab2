package figure

import (
	"image/color"
	"math"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// TestDrawAtClips draws a figure that paints far beyond its own size
// (a filled polygon, a stroke, dots and text) with DrawAt and checks that
// the ink stays inside the rectangle DrawAt returns, and that the part
// inside is drawn.
func TestDrawAtClips(t *testing.T) {
	red := color.RGBA{R: 0xff, A: 0xff}
	f := &Figure{Name: "spill", Width: 2 * vg.Inch, Height: 1 * vg.Inch, draw: func(c draw.Canvas) {
		w, h := c.Max.X, c.Max.Y
		c.FillPolygon(red, []vg.Point{{X: -w, Y: -h}, {X: 2 * w, Y: h / 2}, {X: w / 2, Y: 3 * h}})
		c.StrokeLine2(draw.LineStyle{Color: red, Width: 3}, -w, h/3, 3*w, h/3)
		for _, p := range []vg.Point{{X: w / 2, Y: h / 2}, {X: w, Y: h}, {X: 3 * w, Y: -h}} {
			c.DrawGlyphNoClip(draw.GlyphStyle{Color: red, Radius: 10, Shape: draw.CircleGlyph{}}, p)
		}
		c.FillText(TextStyle(12, red), vg.Point{X: 3 * w, Y: 3 * h}, "outside")
	}}
	const dpi = 72
	img := vgimg.NewWith(vgimg.UseWH(6*vg.Inch, 4*vg.Inch), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
	box := f.DrawAt(draw.New(img), vg.Point{X: 2 * vg.Inch, Y: 1.5 * vg.Inch}, 1.2)
	if want := (vg.Rectangle{Min: vg.Point{X: 2 * vg.Inch, Y: 1.5 * vg.Inch}, Max: vg.Point{X: 2*vg.Inch + 2.4*vg.Inch, Y: 1.5*vg.Inch + 1.2*vg.Inch}}); box != want {
		t.Fatalf("DrawAt box %v, want %v", box, want)
	}
	pic := img.Image()
	b := pic.Bounds()
	inside, outside := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, _ := pic.At(x, y).RGBA(); r == 0xffff && g == 0xffff && bl == 0xffff {
				continue
			}
			// Image rows run from the top; the box is in points from the bottom.
			px, py := vg.Length(x)+0.5, 4*vg.Inch-(vg.Length(y)+0.5)
			if px >= box.Min.X-1 && px <= box.Max.X+1 && py >= box.Min.Y-1 && py <= box.Max.Y+1 {
				inside++
			} else {
				outside++
			}
		}
	}
	if outside > 0 {
		t.Errorf("%d pixels of ink outside the figure's box", outside)
	}
	if inside < 1000 {
		t.Errorf("only %d pixels of ink inside the box: the clipped parts are missing", inside)
	}
}

// TestArcsAsCurves checks that a full circle written as curves stays on
// the circle and that paths without arcs are left alone.
func TestArcsAsCurves(t *testing.T) {
	var p vg.Path
	p.Move(vg.Point{X: 13, Y: 7})
	p.Arc(vg.Point{X: 10, Y: 7}, 3, 0, 2*math.Pi)
	p.Close()
	q := arcsAsCurves(p)
	curves := 0
	for _, comp := range q {
		switch comp.Type {
		case vg.ArcComp:
			t.Fatal("an arc is left")
		case vg.CurveComp:
			curves++
		}
	}
	if curves != 4 {
		t.Errorf("%d curves for a full circle, want 4 quarter turns", curves)
	}
	for _, sub := range flatten(q) {
		for _, pt := range sub {
			if d := math.Hypot(float64(pt.X-10), float64(pt.Y-7)); math.Abs(d-3) > 0.01 {
				t.Fatalf("point %v at distance %.4f from the centre, want 3", pt, d)
			}
		}
	}
	var line vg.Path
	line.Move(vg.Point{})
	line.Line(vg.Point{X: 1, Y: 1})
	if got := arcsAsCurves(line); &got[0] != &line[0] {
		t.Error("a path without arcs was copied")
	}
}
