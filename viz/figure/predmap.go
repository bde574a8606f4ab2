package figure

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/viz/internal/plotdata"
)

// regions draws runs of prediction-map cells as filled light rectangles.
type regions struct {
	runs [states.Num][][3]float64
	hh   float64 // half cell height
}

// Plot implements plot.Plotter.
func (r regions) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for l, runs := range r.runs {
		col := plotdata.HexRGBA(plotdata.LightStateColor(l, 0.62))
		for _, run := range runs {
			x0, x1 := trX(run[0]), trX(run[1])
			y0, y1 := trY(run[2]-r.hh), trY(run[2]+r.hh)
			// Overlap neighbours by a hair so no seams show between cells.
			const e = vg.Length(0.15)
			pts := []vg.Point{{X: x0 - e, Y: y0 - e}, {X: x1 + e, Y: y0 - e}, {X: x1 + e, Y: y1 + e}, {X: x0 - e, Y: y1 + e}}
			if clipped := c.ClipPolygonXY(pts); len(clipped) > 2 {
				c.FillPolygon(col, clipped)
			}
		}
	}
}

// PredictionMap is the static version of viz.PredictionMapChart: one
// panel per diffusion time of pm with the argmax regions in light state
// colours and the data on top.
func PredictionMap(name, title string, data *states.Dataset, pm *run.PredictionMap) (*Figure, error) {
	if err := plotdata.CheckMap(pm); err != nil {
		return nil, err
	}
	_, h := plotdata.CellSize(pm)
	panels := make([]scatterPanel, len(pm.Times))
	for k, t := range pm.Times {
		panels[k] = scatterPanel{title: fmt.Sprintf("t = %d", t), under: []plot.Plotter{regions{plotdata.ClassRuns(pm, k), h / 2}},
			layers: dataLayers(data, func(l int) scatterLayer { return scatterLayer{color: plotdata.StateColor(l), radius: 0.8, alpha: 0.9} })}
	}
	var legend []legendEntry
	for l := 0; l < states.Num; l++ {
		legend = append(legend, legendEntry{plotdata.StateName(l), swatch{plotdata.HexRGBA(plotdata.LightStateColor(l, 0.45))}})
	}
	cols := min(3, len(pm.Times))
	side := smallPanel
	if len(pm.Times) == 1 {
		side = bigPanel
	}
	return panelFigure(name, title, panels, panelLayout{cols: cols, side: side, box: plotdata.MapBounds(pm), exact: true}, legend), nil
}
