package viz

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/statesdiffusion/states/ddpm"
)

// SweepChart draws the metrics of a guidance sweep over the guidance scale:
// label accuracy, precision and recall on the left axis (0 to 1), the KDE
// NLL on a right axis.
func SweepChart(title string, rows []ddpm.SweepRow) *charts.Line {
	quality, nll := sweepCurves(rows)
	c := lineChart(title, "quality of guided samples per guidance scale", "guidance scale", "share", false, quality)
	c.YAxisList[0].Min, c.YAxisList[0].Max, c.YAxisList[0].Scale = 0, 1, opts.Bool(false)
	c.YAxisList = append(c.YAxisList, opts.YAxis{Type: "value", Name: "NLL", NameLocation: "middle", NameGap: 44,
		Scale: opts.Bool(true), Position: "right", SplitLine: &opts.SplitLine{Show: opts.Bool(false)},
		AxisLabel: &opts.AxisLabel{Show: opts.Bool(true)}})
	c.SetGlobalOptions(charts.WithGridOpts(opts.Grid{Left: "72px", Right: "72px", Top: "92px", Bottom: "88px"}))
	extra := lineChart("", "", "", "", false, nll)
	for _, s := range extra.MultiSeries {
		s.YAxisIndex = 1
		s.LineStyle.Type = "dotted"
		c.MultiSeries = append(c.MultiSeries, s)
	}
	return c
}
