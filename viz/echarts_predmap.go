package viz

import (
	"fmt"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
	"github.com/statesdiffusion/states/viz/internal/plotdata"
)

// regionRenderItem draws a run [x0, x1, y] of grid cells of height 2*HH as
// a rectangle clipped to the plotting area; %g is the half cell height.
const regionRenderItem = `function (params, api) {
 var hh = %g;
 var a = api.coord([api.value(0), api.value(2) - hh]);
 var b = api.coord([api.value(1), api.value(2) + hh]);
 var cs = params.coordSys;
 var r = echarts.graphic.clipRectByRect(
  {x: a[0] - 0.3, y: b[1] - 0.3, width: b[0] - a[0] + 0.6, height: a[1] - b[1] + 0.6},
  {x: cs.x, y: cs.y, width: cs.width, height: cs.height});
 return r && {type: 'rect', shape: r, style: api.style({stroke: null})};
}`

// timelineStyle is the look of the play/slider control of animated charts.
func timeline(labels []string, interval int, bottom int) map[string]any {
	return map[string]any{
		"axisType": "category", "data": labels, "currentIndex": 0,
		"autoPlay": false, "loop": true, "playInterval": interval,
		"left": "40px", "right": "40px", "bottom": px(bottom), "height": "50px",
		"label":           map[string]any{"fontSize": 10},
		"checkpointStyle": map[string]any{"color": StatePalette[0]},
		"controlStyle":    map[string]any{"itemSize": 20},
	}
}

// PredictionMapChart draws the classifier's argmax class over its grid as
// light regions in the state colours, the data points on top, and a
// timeline slider (with play button) over the diffusion times of pm. The
// legend toggles a state's region and points together.
func PredictionMapChart(title string, data *states.Dataset, pm *run.PredictionMap) (*charts.Scatter, error) {
	if err := plotdata.CheckMap(pm); err != nil {
		return nil, err
	}
	p := newPanels(1, 1, panelSide)
	p.bottom = 130
	b := plotdata.MapBounds(pm).Fit(1, 1)
	c := newPanelScatter(p, b, 0, title, "argmax of f(y | x_t, t) over the grid; drag the slider to change t", nil)
	_, h := plotdata.CellSize(pm)
	render := opts.FuncOpts(fmt.Sprintf(regionRenderItem, h/2))
	parts := plotdata.ByState(data)
	runs0 := plotdata.ClassRuns(pm, 0)
	for l := 0; l < states.Num; l++ {
		c.MultiSeries = append(c.MultiSeries, charts.SingleSeries{
			Name: StateName(l), Type: types.ChartCustom, Data: runs0[l], RenderItem: render,
			ItemStyle: &opts.ItemStyle{Color: LightStateColor(l, 0.62)},
			Animation: opts.Bool(false),
		})
	}
	for l := 0; l < states.Num; l++ {
		addPoints(c, 0, StateName(l), parts[l], scatterStyle{color: StateColor(l), size: 3, opacity: 0.9})
	}
	labels := make([]string, len(pm.Times))
	frames := make([]any, len(pm.Times))
	for k, t := range pm.Times {
		labels[k] = fmt.Sprintf("t=%d", t)
		runs := plotdata.ClassRuns(pm, k)
		series := make([]any, 0, 2*states.Num)
		for l := 0; l < states.Num; l++ {
			series = append(series, map[string]any{"data": runs[l]})
		}
		for l := 0; l < states.Num; l++ {
			series = append(series, map[string]any{})
		}
		frames[k] = map[string]any{
			"title":  map[string]any{"text": title, "subtext": fmt.Sprintf("classifier argmax at t = %d", t)},
			"series": series,
		}
	}
	withExtras(c, map[string]any{"timeline": timeline(labels, 900, 8), "options": frames})
	return c, nil
}
