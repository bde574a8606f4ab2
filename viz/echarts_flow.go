package viz

import (
	"fmt"
	"math"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/viz/internal/plotdata"
)

// FieldChart draws a flow's velocity field at several times as small
// multiples of arrows over the data in light grey. Each arrow points the
// way sampling moves a point (along -v, as u runs from 1 down to 0), its
// size grows with the speed |v| (scaled to the fastest arrow of its panel:
// the speeds differ by orders of magnitude between u = 1 and u near 0).
func FieldChart(title string, data *states.Dataset, frames []run.FieldFrame) (*charts.Scatter, error) {
	if len(frames) == 0 {
		return nil, fmt.Errorf("field chart: no frames")
	}
	var all [][][2]float32
	for _, f := range frames {
		if len(f.Points) != len(f.Velocity) {
			return nil, fmt.Errorf("field chart: u = %g has %d points but %d velocities", f.U, len(f.Points), len(f.Velocity))
		}
		all = append(all, f.Points)
	}
	p := newPanels(len(frames), 3, smallPanelSide)
	names := make([]string, len(frames))
	for i, f := range frames {
		names[i] = fmt.Sprintf("u = %.2g", f.U)
	}
	b, step := plotdata.BoundsOf(data.Points).Union(plotdata.BoundsOf(all...)).NiceSquare(0.02)
	c := newPanelScatter(p, b, step, title, "arrows: where sampling moves a point (-v), size by speed within a panel", names)
	for i, f := range frames {
		top := 0.0
		for _, v := range f.Velocity {
			top = max(top, math.Hypot(float64(v[0]), float64(v[1])))
		}
		addPoints(c, i, "data", plotdata.Thinned(data.Points, plotdata.MaxBackground), backgroundStyle())
		items := make([]opts.ScatterData, len(f.Points))
		for j, pt := range f.Points {
			dx, dy := -float64(f.Velocity[j][0]), -float64(f.Velocity[j][1])
			size := 4.0
			if top > 0 {
				size += 10 * math.Hypot(dx, dy) / top
			}
			// ECharts' arrow points up and turns counterclockwise.
			items[j] = opts.ScatterData{Value: []float64{plotdata.Round4(float64(pt[0])), plotdata.Round4(float64(pt[1]))}, Symbol: "arrow",
				SymbolSize: int(math.Round(size)), SymbolRotate: int(math.Round(math.Atan2(-dx, dy) * 180 / math.Pi))}
		}
		c.MultiSeries = append(c.MultiSeries, charts.SingleSeries{Name: "velocity", Type: types.ChartScatter, Data: items,
			XAxisIndex: i, YAxisIndex: i, ItemStyle: &opts.ItemStyle{Color: RunPalette[0], Opacity: opts.Float(0.85)}})
	}
	return c, nil
}

// PathsChart draws the paths of a few samples through the snapshots of s,
// from the noise (hollow dot) to the sample (filled dot), over the data in
// light grey: straight for an ideal flow, winding for DDPM.
func PathsChart(title string, data *states.Dataset, s *run.Snapshots, n int) (*charts.Scatter, error) {
	if err := plotdata.CheckSnapshots(s); err != nil {
		return nil, err
	}
	n = min(n, len(s.Points[0]))
	if n <= 0 {
		return nil, fmt.Errorf("paths chart: no samples to follow")
	}
	p := newPanels(1, 1, panelSide)
	b, step := plotdata.BoundsOf(data.Points).Union(plotdata.BoundsOf(s.Points...)).NiceSquare(0.02)
	c := newPanelScatter(p, b, step, title, fmt.Sprintf("%d samples from noise to data, %d snapshots", n, len(s.Times)), nil)
	addPoints(c, 0, "data", plotdata.Thinned(data.Points, plotdata.MaxBackground), backgroundStyle())
	first, last := s.Points[0][:n], s.Points[len(s.Points)-1][:n]
	for i := range n {
		path := make([][2]float32, len(s.Points))
		for k := range s.Points {
			path[k] = s.Points[k][i]
		}
		c.MultiSeries = append(c.MultiSeries, charts.SingleSeries{Name: "paths", Type: types.ChartLine, Data: xyData(path),
			ShowSymbol: opts.Bool(false), LineStyle: &opts.LineStyle{Color: RunPalette[i%len(RunPalette)], Width: 1.2, Opacity: opts.Float(0.8)}})
	}
	addPoints(c, 0, "noise x_1", first, scatterStyle{color: SampleColor, size: 6, opacity: 0.9, symbol: "emptyCircle"})
	addPoints(c, 0, "samples x_0", last, scatterStyle{color: SampleColor, size: 6, opacity: 0.9})
	return c, nil
}
