package figure

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/viz"
	"github.com/statesdiffusion/states/viz/internal/plotdata"
)

// linePanel is one plot of a static curve figure.
type linePanel struct {
	title, xLabel, yLabel string
	logX, logY            bool
	curves                []plotdata.Curve
	yMin, yMax            float64 // fixed y range when yMax > yMin
}

// lineStyle returns the gonum line style of a curve.
func lineStyle(k plotdata.Curve) draw.LineStyle {
	st := draw.LineStyle{Color: plotdata.HexRGBA(k.Color), Width: 1.3}
	if k.Dashed {
		st.Dashes = []vg.Length{4, 2.5}
	}
	return st
}

// curvePlotters returns the line (and, for short curves, the points) of k.
func curvePlotters(k plotdata.Curve) []plot.Plotter {
	xy := make(plotter.XYs, len(k.XY))
	for i, p := range k.XY {
		xy[i] = plotter.XY{X: p[0], Y: p[1]}
	}
	l, err := plotter.NewLine(xy)
	if err != nil {
		return nil
	}
	l.LineStyle = lineStyle(k)
	out := []plot.Plotter{l}
	if len(xy) <= 40 {
		if s, err := plotter.NewScatter(xy); err == nil {
			s.GlyphStyle = draw.GlyphStyle{Color: plotdata.HexRGBA(k.Color), Radius: 1.6, Shape: draw.CircleGlyph{}}
			out = append(out, s)
		}
	}
	return out
}

// lineThumb is the legend thumbnail of a curve.
func lineThumb(k plotdata.Curve) plot.Thumbnailer {
	return &plotter.Line{LineStyle: lineStyle(k)}
}

// logTicks labels 1, 2 and 5 times powers of ten over narrow ranges and the
// powers of ten over wide ones.
type logTicks struct{}

// Ticks implements plot.Ticker.
func (logTicks) Ticks(min, max float64) []plot.Tick {
	if min <= 0 || max <= min {
		return plot.LogTicks{Prec: -1}.Ticks(math.Max(min, 1e-12), math.Max(max, 1e-11))
	}
	decades := math.Log10(max / min)
	mults := []float64{1, 2, 5}
	switch {
	case decades > 2.5:
		mults = []float64{1}
	case decades < 1:
		// Within one decade (a loss between 0.3 and 0.6, say) label every
		// tick, or the axis may carry no number at all.
		mults = []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}
	}
	var ts []plot.Tick
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		p := math.Pow(10, e)
		for m := 1.0; m < 10; m++ {
			v := m * p
			if v < min*(1-1e-9) || v > max*(1+1e-9) {
				continue
			}
			label := ""
			for _, mm := range mults {
				if m == mm {
					label = strconv.FormatFloat(v, 'g', 3, 64)
				}
			}
			ts = append(ts, plot.Tick{Value: v, Label: label})
		}
	}
	labelled := 0
	for _, t := range ts {
		if t.Label != "" {
			labelled++
		}
	}
	if labelled < 2 {
		// A narrow range (0.33 to 0.45, say) holds at most one such value:
		// plain round numbers label it instead.
		return plot.DefaultTicks{}.Ticks(min, max)
	}
	return ts
}

// lineFigure draws line panels in cols columns under a title with a legend
// column of all distinct curve names.
func lineFigure(name, title string, panels []linePanel, cols int, w, h vg.Length) *Figure {
	if cols < 1 || cols > len(panels) {
		cols = max(1, len(panels))
	}
	rows := (len(panels) + cols - 1) / cols
	var legend []legendEntry
	seen := map[string]bool{}
	for _, pn := range panels {
		for _, k := range pn.curves {
			if !seen[k.Name] {
				seen[k.Name] = true
				legend = append(legend, legendEntry{k.Name, lineThumb(k)})
			}
		}
	}
	lw := legendWidth(legend)
	f := &Figure{Name: name, Width: vg.Length(cols)*w + lw + 0.15*vg.Inch, Height: vg.Length(rows)*h + 0.5*vg.Inch}
	f.draw = func(c draw.Canvas) {
		area := drawTitleAndLegend(c, title, legend, lw)
		tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: 0.25 * vg.Inch, PadY: 0.15 * vg.Inch, PadLeft: 0.05 * vg.Inch, PadBottom: 0.05 * vg.Inch}
		for i, pn := range panels {
			p := newPlot(pn.title, pn.xLabel, pn.yLabel)
			for _, k := range pn.curves {
				p.Add(curvePlotters(k)...)
			}
			if pn.logX {
				p.X.Scale = plot.LogScale{}
				p.X.Tick.Marker = logTicks{}
			}
			if pn.logY {
				p.Y.Scale = plot.LogScale{}
				p.Y.Tick.Marker = logTicks{}
			}
			if pn.yMax > pn.yMin {
				p.Y.Min, p.Y.Max = pn.yMin, pn.yMax
			}
			if len(pn.curves) == 0 {
				p.Title.Text += " (no data)"
			}
			p.Draw(tiles.At(area, i%cols, i/cols))
		}
	}
	return f
}

// Loss is the static version of viz.LossChart.
func Loss(name, title string, logY bool, runs ...viz.Run) *Figure {
	y := "loss"
	if logY {
		y = "loss (log scale)"
	}
	return lineFigure(name, title, []linePanel{{xLabel: "step", yLabel: y, logY: logY, curves: plotdata.LossCurves(runs, logY)}}, 1, 6*vg.Inch, 3.6*vg.Inch)
}

// NLL is the static version of viz.NLLChart.
func NLL(name, title string, runs ...viz.Run) *Figure {
	return lineFigure(name, title, []linePanel{{xLabel: "step", yLabel: "KDE NLL of samples", curves: plotdata.NLLCurves(runs)}}, 1, 6*vg.Inch, 3.6*vg.Inch)
}

// Accuracy is the static version of viz.AccuracyChart and
// viz.AccuracyByTChart side by side: the classifier's accuracy over training
// steps and its validation accuracy per range of t.
func Accuracy(name, title string, runs ...viz.Run) *Figure {
	return lineFigure(name, title, []linePanel{
		{title: "accuracy during training", xLabel: "step", yLabel: "accuracy", curves: plotdata.AccuracyCurves(runs), yMin: 0, yMax: 1},
		{title: "validation accuracy by t", xLabel: "t", yLabel: "accuracy", curves: plotdata.AccuracyByTCurves(runs), yMin: 0, yMax: 1},
	}, 2, 3.6*vg.Inch, 3.2*vg.Inch)
}

// Sweep is the static version of viz.SweepChart: label accuracy,
// precision, recall and KDE NLL over the guidance scale, one line per state.
func Sweep(name, title string, rows []run.SweepRow) *Figure {
	return metricPanelsFigure(name, title, "guidance scale", false, plotdata.SweepMetrics(rows))
}

// metricPanelsFigure draws the panels that viz draws interactively (metricPanelsChart).
func metricPanelsFigure(name, title, xLabel string, logX bool, ms []plotdata.SweepMetric) *Figure {
	var panels []linePanel
	for _, m := range ms {
		pn := linePanel{title: m.Title, xLabel: xLabel, yLabel: m.YName, logX: logX, curves: m.Curves}
		if m.Share {
			pn.yMin, pn.yMax = 0, 1
		}
		panels = append(panels, pn)
	}
	return lineFigure(name, title, panels, 2, 3.4*vg.Inch, 2.6*vg.Inch)
}

// Study is the static version of viz.StudyChart.
func Study(name, title string, st *run.Study) *Figure {
	return metricPanelsFigure(name, title, "network evaluations per sample", true, plotdata.StudyMetrics(st))
}

// GuidanceTradeoff is the static version of viz.GuidanceTradeoffChart.
func GuidanceTradeoff(name, title string, classifier, free []run.SweepRow) *Figure {
	return metricPanelsFigure(name, title, "recall", false, plotdata.TradeoffMetrics(classifier, free))
}
