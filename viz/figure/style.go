package figure

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"github.com/statesdiffusion/states/viz/internal/plotdata"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Font sizes of the static figures, in points.
const (
	figTitleSize  = 14
	panelTitleSze = 11
	labelSize     = 10
	tickSize      = 8.5
	legendSize    = 9.5
)

// sans returns the Liberation Sans font (bundled with gonum/plot) at size.
func sans(size vg.Length) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
}

// TextStyle returns a sans text style of the given size and colour.
func TextStyle(size vg.Length, c color.Color) text.Style {
	return text.Style{Color: c, Font: sans(size), Handler: plot.DefaultTextHandler}
}

// restyle sets the font and colour of st, keeping its alignment.
func restyle(st *text.Style, size vg.Length) {
	st.Font, st.Color = sans(size), Ink
}

// Ink is the colour of text and axes.
var Ink = color.RGBA{0x33, 0x33, 0x33, 0xff}

// newPlot returns a plot with the project's fonts, light grid lines and
// the given title and axis labels.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	restyle(&p.Title.TextStyle, panelTitleSze)
	p.Title.Padding = 4
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		restyle(&ax.Label.TextStyle, labelSize)
		restyle(&ax.Tick.Label, tickSize)
		ax.LineStyle.Color = Ink
		ax.Tick.LineStyle.Color = Ink
		ax.Padding = 2
	}
	p.X.Label.Text, p.Y.Label.Text = xLabel, yLabel
	p.X.Tick.Marker, p.Y.Tick.Marker = stepTicks{}, stepTicks{}
	g := plotter.NewGrid()
	g.Vertical.Color, g.Horizontal.Color = gridInk, gridInk
	g.Vertical.Width, g.Horizontal.Width = 0.5, 0.5
	p.Add(g)
	return p
}

// gridInk is the colour of grid lines.
var gridInk = plotdata.HexRGBA(plotdata.GridColor)

// stepTicks puts labelled ticks at the multiples of Step, or of a round
// step giving about five ticks when Step is 0.
type stepTicks struct{ Step float64 }

// Ticks implements plot.Ticker.
func (s stepTicks) Ticks(min, max float64) []plot.Tick {
	if max <= min {
		return plot.DefaultTicks{}.Ticks(min, max)
	}
	if s.Step <= 0 || (max-min)/s.Step > 50 {
		s.Step = plotdata.NiceStep((max - min) / 5)
	}
	var ts []plot.Tick
	for k := math.Ceil(min/s.Step - 1e-9); k*s.Step <= max+1e-9*s.Step; k++ {
		v := k * s.Step
		if math.Abs(v) < 1e-12*s.Step {
			v = 0
		}
		ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', 4, 64)})
	}
	return ts
}

// drawTitle writes a figure title centred at the top of c and returns the
// canvas below it.
func drawTitle(c draw.Canvas, title string) draw.Canvas {
	if title == "" {
		return c
	}
	st := TextStyle(figTitleSize, Ink)
	st.XAlign, st.YAlign = draw.XCenter, draw.YTop
	h := st.Height(title) + 8
	c.FillText(st, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: c.Max.Y - 4}, title)
	return draw.Crop(c, 0, 0, 0, -h)
}

// legendEntry is one line of a figure legend.
type legendEntry struct {
	name  string
	thumb plot.Thumbnailer
}

// legendWidth is the width of the legend column of a figure.
func legendWidth(entries []legendEntry) vg.Length {
	if len(entries) == 0 {
		return 0
	}
	st := TextStyle(legendSize, Ink)
	w := vg.Length(0)
	for _, e := range entries {
		w = vg.Length(math.Max(float64(w), float64(st.Width(e.name))))
	}
	return w + 0.6*vg.Inch
}

// drawLegend draws entries at the top left of c.
func drawLegend(c draw.Canvas, entries []legendEntry) {
	if len(entries) == 0 {
		return
	}
	l := plot.NewLegend()
	l.TextStyle = TextStyle(legendSize, Ink)
	l.Top, l.Left = true, true
	l.ThumbnailWidth = 0.22 * vg.Inch
	l.Padding = 3
	for _, e := range entries {
		l.Add(e.name, e.thumb)
	}
	l.Draw(c)
}

// WrapText breaks s at spaces into lines no wider than width in st; a
// word wider than width stays whole on its own line. Empty s is one empty
// line.
func WrapText(st text.Style, s string, width vg.Length) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		next := w
		if line != "" {
			next = line + " " + w
		}
		if line != "" && st.Width(next) > width {
			lines = append(lines, line)
			next = w
		}
		line = next
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}
