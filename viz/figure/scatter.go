package figure

import (
	"fmt"

	"gonum.org/v1/plot/vg"

	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/viz"
	"github.com/statesdiffusion/states/viz/internal/plotdata"
)

// Sizes of static panels.
const (
	bigPanel   = 4.6 * vg.Inch
	smallPanel = 2.6 * vg.Inch
)

// Data is the static version of viz.DataChart: the points of d
// coloured by state, equal axis scales, legend on the right.
func Data(name, title string, d *states.Dataset) *Figure {
	b, step := plotdata.BoundsOf(d.Points).NiceSquare(0.02)
	pn := scatterPanel{title: fmt.Sprintf("%d points", d.Len()), layers: dataLayers(d, staticData)}
	return panelFigure(name, title, []scatterPanel{pn}, panelLayout{cols: 1, side: bigPanel, box: b, step: step, labels: true}, stateLegend(d))
}

// setLegend returns legend entries for sample sets (and "data" in grey
// when withData).
func setLegend(withData bool, sets []viz.SampleSet) []legendEntry {
	var out []legendEntry
	if withData {
		out = append(out, legendEntry{"data", dotThumb(plotdata.BackgroundColor)})
	}
	seen := map[string]bool{}
	for _, s := range sets {
		if !seen[s.Name] {
			seen[s.Name] = true
			out = append(out, legendEntry{s.Name, dotThumb(plotdata.StateColor(s.Label))})
		}
	}
	return out
}

// setLayers returns one layer per sample set.
func setLayers(sets []viz.SampleSet) []scatterLayer {
	var out []scatterLayer
	for _, s := range sets {
		ly := staticSample(s.Label)
		ly.pts = s.Points
		out = append(out, ly)
	}
	return out
}

// SamplesSideBySide is the static version of viz.SamplesSideBySideChart:
// the data by state on the left, the sample sets on the right, on the same
// axes.
func SamplesSideBySide(name, title string, data *states.Dataset, sets ...viz.SampleSet) *Figure {
	b, step := plotdata.BoundsOf(data.Points).Union(plotdata.BoundsOf(plotdata.AllPoints(sets))).NiceSquare(0.02)
	panels := []scatterPanel{
		{title: fmt.Sprintf("data (%d points)", data.Len()), layers: dataLayers(data, staticData)},
		{title: fmt.Sprintf("generated (%d samples)", len(plotdata.AllPoints(sets))), layers: setLayers(sets)},
	}
	legend := append(stateLegend(data), setLegend(false, sets)...)
	return panelFigure(name, title, panels, panelLayout{cols: 2, side: 3.6 * vg.Inch, box: b, step: step}, legend)
}

// SamplesGrid is the static version of viz.SamplesGridChart: one panel per
// sample set over the data in light grey.
func SamplesGrid(name, title string, data *states.Dataset, cols int, sets ...viz.SampleSet) *Figure {
	b, step := plotdata.BoundsOf(data.Points).Union(plotdata.BoundsOf(plotdata.AllPoints(sets))).NiceSquare(0.02)
	panels := make([]scatterPanel, len(sets))
	for i, s := range sets {
		bg := staticBackground()
		bg.pts = plotdata.Thinned(data.Points, plotdata.MaxBackground)
		panels[i] = scatterPanel{title: fmt.Sprintf("%s (%d)", s.Name, len(s.Points)), layers: append([]scatterLayer{bg}, setLayers(sets[i:i+1])...)}
	}
	return panelFigure(name, title, panels, panelLayout{cols: cols, side: smallPanel, box: b, step: step}, setLegend(data.Len() > 0, sets))
}

// Reverse is the static version of viz.ReverseChart: up to maxPanels
// snapshots of the reverse process, from noise to samples, over the data.
func Reverse(name, title string, data *states.Dataset, s *run.Snapshots, maxPanels int) (*Figure, error) {
	if err := plotdata.CheckSnapshots(s); err != nil {
		return nil, err
	}
	b, step := plotdata.BoundsOf(data.Points).Union(plotdata.RobustBounds(plotdata.OutlierShare, s.Points...)).NiceSquare(0.02)
	var panels []scatterPanel
	for _, k := range plotdata.PickFrames(len(s.Times), maxPanels) {
		bg := staticBackground()
		bg.pts = plotdata.Thinned(data.Points, plotdata.MaxBackground)
		smp := staticSample(-1)
		smp.pts = s.Points[k]
		panels = append(panels, scatterPanel{title: fmt.Sprintf("t = %d", s.Times[k]), layers: []scatterLayer{bg, smp}})
	}
	legend := []legendEntry{{"data", dotThumb(plotdata.BackgroundColor)}, {"x_t", dotThumb(plotdata.SampleColor)}}
	return panelFigure(name, title, panels, panelLayout{cols: 4, side: smallPanel, box: b, step: step}, legend), nil
}

// Forward is the static version of viz.ForwardChart: x_t of the data at
// each t of ts, coloured by state.
func Forward(name, title string, data *states.Dataset, s *diffusion.Schedule, ts []int, seed uint64) (*Figure, error) {
	xs, err := diffusion.ForwardNoise(data.Points, s, ts, seed)
	if err != nil {
		return nil, err
	}
	b, step := plotdata.RobustBounds(plotdata.OutlierShare, xs...).NiceSquare(0.02)
	panels := make([]scatterPanel, len(ts))
	for i, t := range ts {
		panels[i] = scatterPanel{title: fmt.Sprintf("t = %d (alphabar = %.3g)", t, s.AlphaBar[t]),
			layers: dataLayers(&states.Dataset{Points: xs[i], Labels: data.Labels}, staticData)}
	}
	return panelFigure(name, title, panels, panelLayout{cols: 3, side: smallPanel, box: b, step: step}, stateLegend(data)), nil
}

// Guidance is the static version of viz.GuidanceChart.
func Guidance(name, title string, data *states.Dataset, label int, scales []float64, samples [][][2]float32) (*Figure, error) {
	if len(scales) != len(samples) || len(scales) == 0 {
		return nil, fmt.Errorf("guidance figure: %d scales but %d sample sets", len(scales), len(samples))
	}
	sets := make([]viz.SampleSet, len(scales))
	for i, sc := range scales {
		sets[i] = viz.SampleSet{Name: fmt.Sprintf("scale %g", sc), Label: label, Points: samples[i]}
	}
	return SamplesGrid(name, title+": "+plotdata.StateName(label), data, 3, sets...), nil
}
