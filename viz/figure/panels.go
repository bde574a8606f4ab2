package figure

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/viz/internal/plotdata"
)

// scatterLayer is one point set of a static scatter panel.
type scatterLayer struct {
	pts    [][2]float32
	color  string
	radius vg.Length
	alpha  float64
}

// withAlpha returns the colour hex with opacity a in [0, 1].
func withAlpha(hex string, a float64) color.Color {
	c := plotdata.HexRGBA(hex)
	return color.NRGBA{R: c.R, G: c.G, B: c.B, A: uint8(math.Round(255 * a))}
}

// plotter returns the layer as a gonum scatter of filled circles.
func (l scatterLayer) plotter() *plotter.Scatter {
	xy := make(plotter.XYs, 0, len(l.pts))
	for _, p := range l.pts {
		x, y := float64(p[0]), float64(p[1])
		if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
			continue
		}
		xy = append(xy, plotter.XY{X: x, Y: y})
	}
	s, _ := plotter.NewScatter(xy) // finite by construction: cannot fail
	if s == nil {
		s = &plotter.Scatter{}
	}
	s.GlyphStyle = draw.GlyphStyle{Color: withAlpha(l.color, l.alpha), Radius: l.radius, Shape: draw.CircleGlyph{}}
	return s
}

// Static looks of data, samples and faded reference data.
func staticData(label int) scatterLayer {
	return scatterLayer{color: plotdata.StateColor(label), radius: 1.1, alpha: 0.8}
}

func staticSample(label int) scatterLayer {
	return scatterLayer{color: plotdata.StateColor(label), radius: 1.1, alpha: 0.85}
}

func staticBackground() scatterLayer {
	return scatterLayer{color: plotdata.BackgroundColor, radius: 0.9, alpha: 0.7}
}

// dotThumb is a legend thumbnail: a filled circle of the colour.
func dotThumb(hex string) plot.Thumbnailer {
	s := &plotter.Scatter{GlyphStyle: draw.GlyphStyle{Color: plotdata.HexRGBA(hex), Radius: 3, Shape: draw.CircleGlyph{}}}
	return s
}

// swatch is a legend thumbnail: a filled square.
type swatch struct{ c color.Color }

// Thumbnail implements plot.Thumbnailer.
func (s swatch) Thumbnail(c *draw.Canvas) {
	h := c.Max.Y - c.Min.Y
	x0 := c.Min.X + (c.Max.X-c.Min.X-h)/2
	c.FillPolygon(s.c, []vg.Point{{X: x0, Y: c.Min.Y}, {X: x0 + h, Y: c.Min.Y}, {X: x0 + h, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}})
}

// stateLegend returns one legend entry per state present in d.
func stateLegend(d *states.Dataset) []legendEntry {
	parts := plotdata.ByState(d)
	var out []legendEntry
	for l := 0; l < states.Num; l++ {
		if len(parts[l]) > 0 {
			out = append(out, legendEntry{plotdata.StateName(l), dotThumb(plotdata.StateColor(l))})
		}
	}
	if len(parts[states.Num]) > 0 {
		out = append(out, legendEntry{"unlabeled", dotThumb(plotdata.SampleColor)})
	}
	return out
}

// dataLayers returns one layer per state of d.
func dataLayers(d *states.Dataset, style func(int) scatterLayer) []scatterLayer {
	parts := plotdata.ByState(d)
	var out []scatterLayer
	for l := 0; l <= states.Num; l++ {
		if len(parts[l]) == 0 {
			continue
		}
		lab := l
		if l == states.Num {
			lab = -1
		}
		ly := style(lab)
		ly.pts = parts[l]
		out = append(out, ly)
	}
	return out
}

// scatterPanel is one square panel of a static figure: a title, plotters
// drawn under the points (e.g. prediction regions) and point layers.
type scatterPanel struct {
	title  string
	under  []plot.Plotter
	layers []scatterLayer
}

// panelLayout describes a static small-multiples figure.
type panelLayout struct {
	cols   int
	side   vg.Length       // side of one panel's tile
	box    plotdata.Bounds // data box shared by all panels
	step   float64         // tick step (0: gonum's default ticks)
	labels bool            // draw the axis labels "x" and "y"
	exact  bool            // keep box exactly (no widening to fill the panel)
}

// panelFigure draws panels in a grid under a title, with the legend in a
// column on the right. Every panel keeps equal axis scales.
func panelFigure(name, title string, panels []scatterPanel, lay panelLayout, legend []legendEntry) *Figure {
	cols := lay.cols
	if cols < 1 || cols > len(panels) {
		cols = max(1, len(panels))
	}
	rows := (len(panels) + cols - 1) / cols
	lw := legendWidth(legend)
	titleH := vg.Length(0)
	if title != "" {
		titleH = 0.4 * vg.Inch
	}
	f := &Figure{Name: name, Width: vg.Length(cols)*lay.side + lw + 0.15*vg.Inch, Height: vg.Length(rows)*lay.side + titleH + 0.1*vg.Inch}
	f.draw = func(c draw.Canvas) {
		area := drawTitleAndLegend(c, title, legend, lw)
		tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: 0.12 * vg.Inch, PadY: 0.1 * vg.Inch, PadLeft: 0.05 * vg.Inch, PadBottom: 0.05 * vg.Inch}
		for i, pn := range panels {
			tile := tiles.At(area, i%cols, i/cols)
			xl, yl := "", ""
			if lay.labels {
				xl, yl = "x", "y"
			}
			p := newPlot(pn.title, xl, yl)
			p.Add(pn.under...)
			for _, ly := range pn.layers {
				p.Add(ly.plotter())
			}
			p.X.Tick.Marker, p.Y.Tick.Marker = stepTicks{lay.step}, stepTicks{lay.step}
			drawEqualAspect(p, tile, lay.box, lay.exact)
		}
	}
	return f
}

// drawEqualAspect draws p in c over box b with one data unit the same
// length on both axes: the data area is made square and b centred in it
// (widened along one axis unless exact, where the data area shrinks).
func drawEqualAspect(p *plot.Plot, c draw.Canvas, b plotdata.Bounds, exact bool) {
	set := func(b plotdata.Bounds) { p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = b.XMin, b.XMax, b.YMin, b.YMax }
	set(b)
	dc := p.DataCanvas(c)
	w, h := float64(dc.Max.X-dc.Min.X), float64(dc.Max.Y-dc.Min.Y)
	if !exact {
		set(b.Fit(w, h))
		p.Draw(c)
		return
	}
	// Shrink the canvas so that the data area has the aspect of b.
	bw, bh := b.XMax-b.XMin, b.YMax-b.YMin
	if w/h > bw/bh {
		cut := vg.Length(w - h*bw/bh)
		c = draw.Crop(c, cut/2, -cut/2, 0, 0)
	} else {
		cut := vg.Length(h - w*bh/bw)
		c = draw.Crop(c, 0, 0, cut/2, -cut/2)
	}
	p.Draw(c)
}

// drawTitleAndLegend draws a figure's title and, when lw > 0, its legend
// column of width lw on the right, and returns the area left for the panels.
func drawTitleAndLegend(c draw.Canvas, title string, legend []legendEntry, lw vg.Length) draw.Canvas {
	c = drawTitle(c, title)
	area := draw.Crop(c, 0, -lw, 0, 0)
	if lw > 0 {
		drawLegend(draw.Crop(c, c.Max.X-c.Min.X-lw+0.1*vg.Inch, 0, 0, -0.25*vg.Inch), legend)
	}
	return area
}
