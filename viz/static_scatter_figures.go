package viz

import (
	"fmt"

	"gonum.org/v1/plot/vg"

	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

// Sizes of static panels.
const (
	bigPanel   = 4.6 * vg.Inch
	smallPanel = 2.6 * vg.Inch
)

// DataFigure is the static version of DataChart: the points of d
// coloured by state, equal axis scales, legend on the right.
func DataFigure(name, title string, d *states.Dataset) *Figure {
	b, step := boundsOf(d.Points).niceSquare(0.02)
	pn := scatterPanel{title: fmt.Sprintf("%d points", d.Len()), layers: dataLayers(d, staticData)}
	return panelFigure(name, title, []scatterPanel{pn}, panelLayout{cols: 1, side: bigPanel, box: b, step: step, labels: true}, stateLegend(d))
}

// setLegend returns legend entries for sample sets (and "data" in grey
// when withData).
func setLegend(withData bool, sets []SampleSet) []legendEntry {
	var out []legendEntry
	if withData {
		out = append(out, legendEntry{"data", dotThumb(BackgroundColor)})
	}
	seen := map[string]bool{}
	for _, s := range sets {
		if !seen[s.Name] {
			seen[s.Name] = true
			out = append(out, legendEntry{s.Name, dotThumb(StateColor(s.Label))})
		}
	}
	return out
}

// setLayers returns one layer per sample set.
func setLayers(sets []SampleSet) []scatterLayer {
	var out []scatterLayer
	for _, s := range sets {
		ly := staticSample(s.Label)
		ly.pts = s.Points
		out = append(out, ly)
	}
	return out
}

// SamplesSideBySideFigure is the static version of SamplesSideBySideChart:
// the data by state on the left, the sample sets on the right, on the same
// axes.
func SamplesSideBySideFigure(name, title string, data *states.Dataset, sets ...SampleSet) *Figure {
	b, step := boundsOf(data.Points).union(boundsOf(allPoints(sets))).niceSquare(0.02)
	panels := []scatterPanel{
		{title: fmt.Sprintf("data (%d points)", data.Len()), layers: dataLayers(data, staticData)},
		{title: fmt.Sprintf("generated (%d samples)", len(allPoints(sets))), layers: setLayers(sets)},
	}
	legend := append(stateLegend(data), setLegend(false, sets)...)
	return panelFigure(name, title, panels, panelLayout{cols: 2, side: 3.6 * vg.Inch, box: b, step: step}, legend)
}

// SamplesGridFigure is the static version of SamplesGridChart: one panel per
// sample set over the data in light grey.
func SamplesGridFigure(name, title string, data *states.Dataset, cols int, sets ...SampleSet) *Figure {
	b, step := boundsOf(data.Points).union(boundsOf(allPoints(sets))).niceSquare(0.02)
	panels := make([]scatterPanel, len(sets))
	for i, s := range sets {
		bg := staticBackground()
		bg.pts = thinned(data.Points, maxBackground)
		panels[i] = scatterPanel{title: fmt.Sprintf("%s (%d)", s.Name, len(s.Points)), layers: append([]scatterLayer{bg}, setLayers(sets[i:i+1])...)}
	}
	return panelFigure(name, title, panels, panelLayout{cols: cols, side: smallPanel, box: b, step: step}, setLegend(data.Len() > 0, sets))
}

// ReverseFigure is the static version of ReverseChart: up to maxPanels
// snapshots of the reverse process, from noise to samples, over the data.
func ReverseFigure(name, title string, data *states.Dataset, s *run.Snapshots, maxPanels int) (*Figure, error) {
	if err := checkSnapshots(s); err != nil {
		return nil, err
	}
	b, step := boundsOf(data.Points).union(robustBounds(outlierShare, s.Points...)).niceSquare(0.02)
	var panels []scatterPanel
	for _, k := range pickFrames(len(s.Times), maxPanels) {
		bg := staticBackground()
		bg.pts = thinned(data.Points, maxBackground)
		smp := staticSample(-1)
		smp.pts = s.Points[k]
		panels = append(panels, scatterPanel{title: fmt.Sprintf("t = %d", s.Times[k]), layers: []scatterLayer{bg, smp}})
	}
	legend := []legendEntry{{"data", dotThumb(BackgroundColor)}, {"x_t", dotThumb(SampleColor)}}
	return panelFigure(name, title, panels, panelLayout{cols: 4, side: smallPanel, box: b, step: step}, legend), nil
}

// ForwardFigure is the static version of ForwardChart: x_t of the data at
// each t of ts, coloured by state.
func ForwardFigure(name, title string, data *states.Dataset, s *diffusion.Schedule, ts []int, seed uint64) (*Figure, error) {
	xs, err := diffusion.ForwardNoise(data.Points, s, ts, seed)
	if err != nil {
		return nil, err
	}
	b, step := robustBounds(outlierShare, xs...).niceSquare(0.02)
	panels := make([]scatterPanel, len(ts))
	for i, t := range ts {
		panels[i] = scatterPanel{title: fmt.Sprintf("t = %d (alphabar = %.3g)", t, s.AlphaBar[t]),
			layers: dataLayers(&states.Dataset{Points: xs[i], Labels: data.Labels}, staticData)}
	}
	return panelFigure(name, title, panels, panelLayout{cols: 3, side: smallPanel, box: b, step: step}, stateLegend(data)), nil
}

// GuidanceFigure is the static version of GuidanceChart.
func GuidanceFigure(name, title string, data *states.Dataset, label int, scales []float64, samples [][][2]float32) (*Figure, error) {
	if len(scales) != len(samples) || len(scales) == 0 {
		return nil, fmt.Errorf("guidance figure: %d scales but %d sample sets", len(scales), len(samples))
	}
	sets := make([]SampleSet, len(scales))
	for i, sc := range scales {
		sets[i] = SampleSet{Name: fmt.Sprintf("scale %g", sc), Label: label, Points: samples[i]}
	}
	return SamplesGridFigure(name, title+": "+StateName(label), data, 3, sets...), nil
}
