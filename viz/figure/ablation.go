package figure

import (
	"fmt"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/viz/internal/plotdata"
)

// Sizes of the ablation figure's rows.
const (
	ablationSide     = 1.9 * vg.Inch  // one panel's tile
	ablationHeadingH = 0.28 * vg.Inch // a row's heading above its panels
	ablationHeadSize = 12             // the heading's font size
	ablationCellSize = 9              // a panel's setting and scores
)

// Ablation is the static version of viz.AblationChart for rows, a share
// of ab's rows (a page of them): each row headed by its axis, one panel
// per setting with the setting and its NLL, precision (P) and recall (R)
// above the samples over the data in light grey. Every share is laid out
// for the widest row of ab and drawn over the same box, so that pages
// compare.
func Ablation(name, title string, data *states.Dataset, ab *run.Ablation, rows []run.AblationRow) *Figure {
	cols := max(1, plotdata.AblationColumnsOf(ab.Rows))
	b, step := plotdata.AblationBounds(data.Points, ab).NiceSquare(0.02)
	legend := []legendEntry{{"data", dotThumb(plotdata.BackgroundColor)}, {"samples", dotThumb(plotdata.AblationColor)}}
	lw := legendWidth(legend)
	titleH := vg.Length(0)
	if title != "" {
		titleH = 0.4 * vg.Inch
	}
	rowH := ablationHeadingH + ablationSide
	f := &Figure{Name: name, Width: vg.Length(cols)*ablationSide + lw + 0.15*vg.Inch,
		Height: vg.Length(len(rows))*rowH + titleH + 0.1*vg.Inch}
	bg := staticBackground()
	bg.pts = plotdata.Thinned(data.Points, plotdata.MaxBackground/2)
	f.draw = func(c draw.Canvas) {
		area := drawTitleAndLegend(c, title, legend, lw)
		head := TextStyle(ablationHeadSize, Ink)
		head.YAlign = draw.YTop
		for r, row := range rows {
			top := area.Max.Y - vg.Length(r)*rowH
			c.FillText(head, vg.Point{X: area.Min.X + 0.05*vg.Inch, Y: top}, fmt.Sprintf("%s (%s)", row.Title, row.Axis))
			for j, cell := range row.Cells {
				x := area.Min.X + vg.Length(j)*ablationSide
				tile := draw.Canvas{Canvas: area.Canvas, Rectangle: vg.Rectangle{
					Min: vg.Point{X: x, Y: top - rowH}, Max: vg.Point{X: x + ablationSide, Y: top - ablationHeadingH}}}
				tile = draw.Crop(tile, 0.05*vg.Inch, -0.07*vg.Inch, 0.05*vg.Inch, 0)
				setting, scores := plotdata.AblationCellTitle(cell)
				p := newPlot(setting+"\n"+scores, "", "")
				restyle(&p.Title.TextStyle, ablationCellSize)
				p.Add(bg.plotter())
				if len(cell.Samples) > 0 {
					smp := staticSample(-1)
					smp.pts, smp.radius, smp.color = cell.Samples, 0.9, plotdata.AblationColor
					p.Add(smp.plotter())
				}
				p.X.Tick.Marker, p.Y.Tick.Marker = stepTicks{step}, stepTicks{step}
				drawEqualAspect(p, tile, b, false)
			}
		}
	}
	return f
}

// AblationTable draws the ablation grid's figures as a table: one line
// per cell, the base recipe's setting marked "*", under two lines that say
// what the base recipe and the budget are, and above one line per row
// that says how it changes the recipe.
func AblationTable(name, title string, ab *run.Ablation) *Figure {
	rows := plotdata.AblationRows(ab)
	const line, margin = 0.2 * vg.Inch, 0.2 * vg.Inch
	width := 9.5 * vg.Inch
	st := TextStyle(9, Ink)
	st.YAlign = draw.YTop
	var notes []string // the rows' changes, wrapped to the figure's width
	for _, r := range ab.Rows {
		notes = append(notes, WrapText(st, fmt.Sprintf("%s (%s): %s.", r.Title, r.Axis, r.Change), width-2*margin)...)
	}
	f := &Figure{Name: name, Width: width,
		Height: vg.Length(len(rows)+2)*0.26*vg.Inch + vg.Length(len(notes)+3)*line + 0.6*vg.Inch}
	f.draw = func(c draw.Canvas) {
		c = drawTitle(c, title)
		x := c.Min.X + margin
		y := c.Max.Y
		say := func(s string) {
			c.FillText(st, vg.Point{X: x, Y: y}, s)
			y -= line
		}
		say(fmt.Sprintf("Base recipe (*): %s.", ab.Base))
		say(fmt.Sprintf("%d samples per cell (%s); data NLL %.3f; %s budget, %.0f s in all.", ab.N, ab.Sampler, ab.DataNLL, ab.Budget, ab.Seconds))
		y -= DrawTable(draw.Crop(c, margin, 0, 0, -(c.Max.Y-y)), plotdata.AblationColumns, rows, 10) + line
		for _, s := range notes {
			say(s)
		}
	}
	return f
}
