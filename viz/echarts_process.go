package viz

import (
	"fmt"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/statesdiffusion/states/ddpm/diffusion"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/viz/internal/plotdata"
)

// ReverseChart animates the reverse process: the sample batch of s at each
// recorded step, from x_T (noise) to x_0, over the data in light grey, with
// a timeline slider and a play button. Axes are fixed over all frames.
func ReverseChart(title string, data *states.Dataset, s *run.Snapshots) (*charts.Scatter, error) {
	if err := plotdata.CheckSnapshots(s); err != nil {
		return nil, err
	}
	p := newPanels(1, 1, panelSide)
	p.bottom = 130
	b, step := plotdata.BoundsOf(data.Points).Union(plotdata.RobustBounds(plotdata.OutlierShare, s.Points...)).NiceSquare(0.02)
	c := newPanelScatter(p, b, step, title, "press play: noise x_T to samples x_0", nil)
	addPoints(c, 0, "data", plotdata.Thinned(data.Points, plotdata.MaxBackground), backgroundStyle())
	addPoints(c, 0, "x_t", s.Points[0], sampleStyle(-1))
	// Keep the moves between frames animated whatever the batch size.
	c.MultiSeries[len(c.MultiSeries)-1].AnimationThreshold = 100000
	labels := make([]string, len(s.Times))
	frames := make([]any, len(s.Times))
	for k, t := range s.Times {
		labels[k] = fmt.Sprintf("%d", t)
		frames[k] = map[string]any{
			"title":  map[string]any{"text": title, "subtext": fmt.Sprintf("reverse process, t = %d", t)},
			"series": []any{map[string]any{}, map[string]any{"data": xyData(s.Points[k])}},
		}
	}
	withExtras(c, map[string]any{"timeline": timeline(labels, 350, 8), "options": frames})
	return c, nil
}

// ForwardChart shows the forward process as small multiples: x_t of the
// data at each t of ts (see diffusion.ForwardNoise), coloured by state, on shared
// axes with linked zoom.
func ForwardChart(title string, data *states.Dataset, s *diffusion.Schedule, ts []int, seed uint64) (*charts.Scatter, error) {
	xs, err := diffusion.ForwardNoise(data.Points, s, ts, seed)
	if err != nil {
		return nil, err
	}
	p := newPanels(len(ts), 3, smallPanelSide)
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = fmt.Sprintf("t = %d (alphabar = %.3g)", t, s.AlphaBar[t])
	}
	b, step := plotdata.RobustBounds(plotdata.OutlierShare, xs...).NiceSquare(0.02)
	c := newPanelScatter(p, b, step, title, "x_t = sqrt(alphabar_t) x_0 + sqrt(1 - alphabar_t) eps", names)
	for i := range ts {
		addDataByState(c, i, &states.Dataset{Points: xs[i], Labels: data.Labels}, func(l int) scatterStyle {
			st := dataStyle(l)
			st.size = 2.5
			return st
		})
	}
	return c, nil
}

// GuidanceChart shows samples guided towards state label at several
// guidance scales as small multiples over the data in light grey;
// samples[i] belongs to scales[i].
func GuidanceChart(title string, data *states.Dataset, label int, scales []float64, samples [][][2]float32) (*charts.Scatter, error) {
	if len(scales) != len(samples) || len(scales) == 0 {
		return nil, fmt.Errorf("guidance chart: %d scales but %d sample sets", len(scales), len(samples))
	}
	sets := make([]SampleSet, len(scales))
	for i, sc := range scales {
		sets[i] = SampleSet{Name: fmt.Sprintf("scale %g", sc), Label: label, Points: samples[i]}
	}
	return SamplesGridChart(title+": "+StateName(label), data, 3, sets...), nil
}
