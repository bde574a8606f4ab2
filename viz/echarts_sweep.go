package viz

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/viz/internal/plotdata"
)

// SweepChart draws a guidance sweep as four panels over the guidance scale
// (label accuracy, precision, recall and KDE NLL), one line per state; the
// legend toggles a state in all panels.
func SweepChart(title string, rows []run.SweepRow) *charts.Line {
	return metricPanelsChart(title, "quality of guided samples per guidance scale", "guidance scale", false, plotdata.SweepMetrics(rows))
}

// metricPanelsChart draws metric panels in two columns, each with its
// curves over a shared kind of x (log scale when logX); the legend toggles
// a curve name in all panels.
func metricPanelsChart(title, subtitle, xName string, logX bool, ms []plotdata.SweepMetric) *charts.Line {
	c := lineChart(title, subtitle, "", "", false, nil)
	rows := (len(ms) + 1) / 2
	const w, h, left, top, gapX, gapY = 300, 190, 70, 110, 90, 80
	width, height := 2*left+2*w+gapX, top+rows*h+(rows-1)*gapY+60
	// Percentages of the chart's size: the chart is responsive (see
	// responsiveElement) and its panels shrink with it.
	pctX := func(v int) string { return pct(v, width) }
	pctY := func(v int) string { return pct(v, height) }
	xType := "value"
	if logX {
		xType = "log"
	}
	var grids []opts.Grid
	c.XAxisList, c.YAxisList = nil, nil
	var names []string
	for i, m := range ms {
		x, y := left+(i%2)*(w+gapX), top+(i/2)*(h+gapY)
		grids = append(grids, opts.Grid{Left: pctX(x), Top: pctY(y), Width: pctX(w), Height: pctY(h)})
		names = append(names, m.Title)
		c.XAxisList = append(c.XAxisList, opts.XAxis{Type: xType, GridIndex: i, Name: xName, NameLocation: "middle", NameGap: 24,
			Min: "dataMin", Max: "dataMax", SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: GridColor}},
			AxisLabel: &opts.AxisLabel{Show: opts.Bool(true)}})
		ya := opts.YAxis{Type: "value", GridIndex: i, Scale: opts.Bool(true),
			SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: GridColor}},
			AxisLabel: &opts.AxisLabel{Show: opts.Bool(true)}}
		if m.Share {
			ya.Min, ya.Max, ya.Scale = 0, 1, opts.Bool(false)
		}
		c.YAxisList = append(c.YAxisList, ya)
		for _, k := range m.Curves {
			ls := &opts.LineStyle{Color: k.Color, Width: 1.8}
			if k.Dashed {
				ls.Type = "dashed"
			}
			c.MultiSeries = append(c.MultiSeries, charts.SingleSeries{
				Name: k.Name, Type: types.ChartLine, Data: roundXY(k.XY), XAxisIndex: i, YAxisIndex: i,
				Symbol: "circle", SymbolSize: 5, ShowSymbol: opts.Bool(true),
				LineStyle: ls, ItemStyle: &opts.ItemStyle{Color: k.Color},
			})
		}
	}
	p := panels{n: len(ms), cols: 2, side: w, left: left, top: top, gapX: gapX, gapY: gapY}
	titles := p.titles(title, subtitle, names)
	for i := 1; i < len(titles); i++ { // panels are wider than tall: recentre
		t := titles[i].(map[string]any)
		x, y := left+((i-1)%2)*(w+gapX), top+((i-1)/2)*(h+gapY)
		t["left"], t["top"] = pctX(x+w/2), pctY(y-24)
	}
	c.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{Width: px(width), Height: px(height)}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
	)
	c.GridList, c.DataZoomList = grids, nil // one grid per panel, no zoom slider
	withExtras(c, map[string]any{"title": titles})
	return c
}

// StudyChart draws the quality-versus-steps study: NLL gap, precision,
// recall and sampling time over the network evaluations per sample (log
// axis), one line per sampler.
func StudyChart(title string, st *run.Study) *charts.Line {
	return metricPanelsChart(title, "sample quality per network evaluations (NFE)", "network evaluations per sample", true, plotdata.StudyMetrics(st))
}

// GuidanceTradeoffChart compares classifier guidance with classifier-free
// guidance: for each state, the precision of the guided samples over their
// recall, one line through the guidance scales and one through the CFG
// weights, for the sets with a label accuracy of 90% or more; up and to the
// right is better. Compare sweeps of the same number of samples (recall
// grows with it).
func GuidanceTradeoffChart(title string, classifier, free []run.SweepRow) *charts.Line {
	return metricPanelsChart(title, "precision over recall of sets with label accuracy >= 0.9; a point per scale or weight", "recall", false,
		plotdata.TradeoffMetrics(classifier, free))
}
