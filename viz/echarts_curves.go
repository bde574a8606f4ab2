package viz

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"
	"github.com/statesdiffusion/states/ddpm/netkind"
	"github.com/statesdiffusion/states/viz/internal/plotdata"
)

// lineChart draws curves over a value x axis with zoom (slider and wheel)
// and an axis tooltip.
func lineChart(title, subtitle, xName, yName string, logY bool, cs []plotdata.Curve) *charts.Line {
	c := charts.NewLine()
	yType := "value"
	if logY {
		yType = "log"
	}
	c.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{Width: "760px", Height: "440px"}),
		charts.WithTitleOpts(opts.Title{Title: title, Subtitle: subtitle, Left: "10px", Top: "6px"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "52px", Left: "center", Type: "scroll"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis",
			ValueFormatter: opts.FuncOpts(`function (v) { return (typeof v === 'number') ? v.toPrecision(4) : v; }`)}),
		charts.WithGridOpts(opts.Grid{Left: "72px", Right: "36px", Top: "92px", Bottom: "88px"}),
		charts.WithDataZoomOpts(
			opts.DataZoom{Type: "inside", XAxisIndex: []int{0}, FilterMode: "none"},
			opts.DataZoom{Type: "slider", XAxisIndex: []int{0}, FilterMode: "none", Start: 0, End: 100},
		),
		charts.WithToolboxOpts(opts.Toolbox{Show: opts.Bool(true), Right: "20px", Top: "8px", Feature: &opts.ToolBoxFeature{
			Restore:     &opts.ToolBoxFeatureRestore{Show: opts.Bool(true), Title: "reset"},
			SaveAsImage: &opts.ToolBoxFeatureSaveAsImage{Show: opts.Bool(true), Title: "save PNG"},
		}}),
	)
	c.XAxisList = []opts.XAxis{{Type: "value", Name: xName, NameLocation: "middle", NameGap: 26,
		Min: "dataMin", Max: "dataMax",
		SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: GridColor}},
		AxisLabel: &opts.AxisLabel{Show: opts.Bool(true), HideOverlap: opts.Bool(true)}}}
	c.YAxisList = []opts.YAxis{{Type: yType, Name: yName, NameLocation: "middle", NameGap: 52, Scale: opts.Bool(true),
		SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: GridColor}},
		AxisLabel: &opts.AxisLabel{Show: opts.Bool(true)}}}
	if logY {
		// Span the data only: a loss between 0.3 and 1.2 would otherwise sit
		// in the top half of a 0.1 to 10 axis.
		c.YAxisList[0].Min, c.YAxisList[0].Max = "dataMin", "dataMax"
		c.YAxisList[0].AxisLabel.Formatter = opts.FuncOpts(`function (v) { return +v.toPrecision(2); }`)
	}
	for _, k := range cs {
		ls := &opts.LineStyle{Color: k.Color, Width: 1.8}
		if k.Dashed {
			ls.Type = "dashed"
		}
		c.MultiSeries = append(c.MultiSeries, charts.SingleSeries{
			Name: k.Name, Type: types.ChartLine, Data: roundXY(k.XY),
			ShowSymbol: opts.Bool(len(k.XY) <= 40), Symbol: "circle", SymbolSize: 4,
			LineStyle: ls, ItemStyle: &opts.ItemStyle{Color: k.Color},
		})
	}
	return c
}

// roundXY keeps 6 significant digits of the values of a curve.
func roundXY(xy [][2]float64) [][2]float64 {
	out := make([][2]float64, len(xy))
	for i, p := range xy {
		out[i] = [2]float64{p[0], plotdata.RoundSig(p[1], 6)}
	}
	return out
}

// LossChart draws training and validation loss over training steps for
// each run; logY puts the loss on a log axis.
func LossChart(title string, logY bool, runs ...Run) *charts.Line {
	sub := "loss (MSE of the noise) per step"
	if len(runs) > 0 && runs[0].Curves != nil {
		if spec, err := netkind.Lookup(runs[0].Curves.Kind); err == nil && spec.Target == netkind.TargetLabel {
			sub = "cross-entropy per step"
		}
	}
	return lineChart(title, sub, "step", "loss", logY, plotdata.LossCurves(runs, logY))
}

// NLLChart draws the KDE negative log-likelihood of samples drawn during
// denoiser training, per run.
func NLLChart(title string, runs ...Run) *charts.Line {
	return lineChart(title, "KDE NLL of a small sample set (lower is better)", "step", "NLL", false, plotdata.NLLCurves(runs))
}

// AccuracyChart draws the classifier's training and validation accuracy.
func AccuracyChart(title string, runs ...Run) *charts.Line {
	return lineChart(title, "share of noisy points classified correctly", "step", "accuracy", false, plotdata.AccuracyCurves(runs))
}

// AccuracyByTChart draws the classifier's validation accuracy per bucket of
// diffusion time t: high near t = 0, chance (0.2) near t = T.
func AccuracyByTChart(title string, runs ...Run) *charts.Line {
	return lineChart(title, "validation accuracy per range of t", "t", "accuracy", false, plotdata.AccuracyByTCurves(runs))
}
