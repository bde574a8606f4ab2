package viz

import (
	"fmt"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/viz/internal/plotdata"
)

// Default pixel sizes of the interactive charts.
const (
	panelSide      = 500 // one-panel scatter
	pairPanelSide  = 380 // two panels side by side
	smallPanelSide = 240 // small multiples, three to a row
)

// addDataByState adds one series per state (named after it) to panel.
func addDataByState(c *charts.Scatter, panel int, d *states.Dataset, style func(int) scatterStyle) {
	parts := plotdata.ByState(d)
	for l := 0; l < states.Num; l++ {
		if len(parts[l]) > 0 {
			addPoints(c, panel, StateName(l), parts[l], style(l))
		}
	}
	if n := parts[states.Num]; len(n) > 0 {
		addPoints(c, panel, "unlabeled", n, style(-1))
	}
}

// DataChart returns an interactive scatter of d, one colour and legend
// entry per state (click a legend entry to hide a state), with equal axis
// scales, zoom and pan (wheel, drag, toolbox box zoom) and point tooltips.
func DataChart(title string, d *states.Dataset) *charts.Scatter {
	p := newPanels(1, 1, panelSide)
	b, step := plotdata.BoundsOf(d.Points).NiceSquare(0.02)
	c := newPanelScatter(p, b, step, title, fmt.Sprintf("%d points", d.Len()), nil)
	addDataByState(c, 0, d, dataStyle)
	return c
}

// SamplesOverlayChart returns one panel with the data in light grey behind the
// sample sets, each set its own colour; the legend toggles data and sets.
func SamplesOverlayChart(title string, data *states.Dataset, sets ...SampleSet) *charts.Scatter {
	p := newPanels(1, 1, panelSide)
	b, step := plotdata.BoundsOf(data.Points).Union(plotdata.BoundsOf(plotdata.AllPoints(sets))).NiceSquare(0.02)
	c := newPanelScatter(p, b, step, title, fmt.Sprintf("%d data points, %d samples", data.Len(), len(plotdata.AllPoints(sets))), nil)
	if data.Len() > 0 {
		addPoints(c, 0, "data", plotdata.Thinned(data.Points, plotdata.MaxBackground), backgroundStyle())
	}
	for _, s := range sets {
		addPoints(c, 0, s.Name, s.Points, sampleStyle(s.Label))
	}
	return c
}

// SamplesSideBySideChart returns two panels with linked zoom: the data coloured
// by state on the left, the sample sets on the right, on the same axes.
func SamplesSideBySideChart(title string, data *states.Dataset, sets ...SampleSet) *charts.Scatter {
	p := newPanels(2, 2, pairPanelSide)
	b, step := plotdata.BoundsOf(data.Points).Union(plotdata.BoundsOf(plotdata.AllPoints(sets))).NiceSquare(0.02)
	n := len(plotdata.AllPoints(sets))
	c := newPanelScatter(p, b, step, title, "", []string{
		fmt.Sprintf("data (%d points)", data.Len()), fmt.Sprintf("generated (%d samples)", n)})
	addDataByState(c, 0, data, dataStyle)
	for _, s := range sets {
		addPoints(c, 1, s.Name, s.Points, sampleStyle(s.Label))
	}
	return c
}

// SamplesGridChart returns small multiples: one panel per sample set, each over
// the data in light grey, on shared axes with linked zoom.
func SamplesGridChart(title string, data *states.Dataset, cols int, sets ...SampleSet) *charts.Scatter {
	p := newPanels(len(sets), cols, smallPanelSide)
	b, step := plotdata.BoundsOf(data.Points).Union(plotdata.BoundsOf(plotdata.AllPoints(sets))).NiceSquare(0.02)
	names := make([]string, len(sets))
	for i, s := range sets {
		names[i] = fmt.Sprintf("%s (%d)", s.Name, len(s.Points))
	}
	c := newPanelScatter(p, b, step, title, "", names)
	for i, s := range sets {
		if data.Len() > 0 {
			addPoints(c, i, "data", plotdata.Thinned(data.Points, plotdata.MaxBackground), backgroundStyle())
		}
		addPoints(c, i, s.Name, s.Points, sampleStyle(s.Label))
	}
	return c
}
