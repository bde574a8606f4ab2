package viz

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"
	"github.com/statesdiffusion/states/viz/internal/plotdata"
)

// pointTooltip shows the series name and the coordinates of a point.
var pointTooltip = opts.FuncOpts(`function (p) {
 if (p.seriesType === 'custom') { return p.marker + 'classified as ' + p.seriesName; }
 if (!p.value || p.value.length < 2) { return p.seriesName; }
 return p.marker + p.seriesName + '<br/>x = ' + (+p.value[0]).toFixed(3) + ', y = ' + (+p.value[1]).toFixed(3);
}`)

// newPanelScatter returns an empty scatter chart laid out as p: square
// panels over box b (ticks every step when step > 0), zoom and pan linked across panels (mouse wheel, drag,
// toolbox box-zoom), the legend of the layout and point tooltips.
func newPanelScatter(p panels, b plotdata.Bounds, step float64, title, subtitle string, panelTitles []string) *charts.Scatter {
	c := charts.NewScatter()
	c.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{Width: px(p.width()), Height: px(p.height())}),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: subtitle, Left: "10px", Top: "6px"}),
		charts.WithLegendOpts(p.legend()),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Formatter: pointTooltip}),
		charts.WithToolboxOpts(opts.Toolbox{Show: opts.Bool(true), Right: "20px", Top: "6px", Feature: &opts.ToolBoxFeature{
			DataZoom:    &opts.ToolBoxFeatureDataZoom{Show: opts.Bool(true), Icon: map[string]string{}, Title: map[string]string{"zoom": "box zoom", "back": "undo zoom"}},
			Restore:     &opts.ToolBoxFeatureRestore{Show: opts.Bool(true), Title: "reset"},
			SaveAsImage: &opts.ToolBoxFeatureSaveAsImage{Show: opts.Bool(true), Title: "save PNG"},
		}}),
		charts.WithDataZoomOpts(
			opts.DataZoom{Type: "inside", XAxisIndex: plotdata.Indices(p.n), FilterMode: "none"},
			opts.DataZoom{Type: "inside", YAxisIndex: plotdata.Indices(p.n), FilterMode: "none"},
		),
		charts.WithGridOpts(p.grids()...),
	)
	c.XAxisList = p.xAxes(b, "x")
	c.YAxisList = p.yAxes(b, "y")
	if step > 0 {
		for i := range c.XAxisList {
			c.XAxisList[i].MinInterval, c.XAxisList[i].MaxInterval = step, step
			c.YAxisList[i].MinInterval, c.YAxisList[i].MaxInterval = step, step
		}
	}
	if len(panelTitles) > 0 {
		withExtras(c, map[string]any{"title": p.titles(title, subtitle, panelTitles)})
	}
	return c
}

// scatterStyle describes how a point series is drawn.
type scatterStyle struct {
	color   string
	size    float64
	opacity float32
	symbol  string
}

// largeSeries is the size above which a series is drawn in ECharts'
// "large" mode.
const largeSeries = 2000

// animatedSeries is the size above which a series appears without its
// entry animation.
const animatedSeries = 400

// addPoints appends a scatter series of pts to panel of c.
func addPoints(c *charts.Scatter, panel int, name string, pts [][2]float32, st scatterStyle) {
	s := charts.SingleSeries{
		Name: name, Type: types.ChartScatter, Data: xyData(pts),
		XAxisIndex: panel, YAxisIndex: panel,
		SymbolSize: st.size, Symbol: st.symbol,
		ItemStyle: &opts.ItemStyle{Color: st.color, Opacity: opts.Float(st.opacity)},
		// Thousands of symbols growing in at once make pages sluggish.
		AnimationThreshold: animatedSeries,
	}
	if len(pts) > largeSeries {
		// One path for all symbols: much faster to draw and zoom.
		s.Large, s.LargeThreshold = opts.Bool(true), largeSeries
	}
	c.MultiSeries = append(c.MultiSeries, s)
}

// dataStyle, sampleStyle and backgroundStyle are the default looks of data
// points, generated samples and faded reference data.
func dataStyle(label int) scatterStyle {
	return scatterStyle{color: StateColor(label), size: 3.5, opacity: 0.75}
}

func sampleStyle(label int) scatterStyle {
	return scatterStyle{color: StateColor(label), size: 3.5, opacity: 0.85}
}

func backgroundStyle() scatterStyle {
	return scatterStyle{color: BackgroundColor, size: 3, opacity: 0.5}
}

// extras adds top-level ECharts options that go-echarts does not model
// (timeline, per-panel titles, graphic elements) when a chart is rendered.
// It is installed with Accept; a caller who installs another visitor on the
// chart drops these additions.
type extras struct {
	charts.BaseConfigurationVisitor
	set map[string]any
}

// Visit copies the extra options into the rendered option object.
func (e *extras) Visit(o map[string]any) {
	for k, v := range e.set {
		o[k] = v
	}
}

// acceptor is the part of every go-echarts chart that takes a visitor.
type acceptor interface {
	Accept(v charts.ConfigurationVisitor)
}

// withExtras installs kv as additional top-level options of c.
func withExtras(c acceptor, kv map[string]any) {
	c.Accept(&extras{set: kv})
}
