package plotdata

import (
	"math"

	"github.com/statesdiffusion/states/ddpm/run"
)

// Run is the training record of one model run, named for legends; several
// runs can share a chart. A run with nil Curves draws nothing.
type Run struct {
	Name   string
	Curves *run.Curves
}

// Curve is one line of a curve chart.
type Curve struct {
	Name   string
	Color  string
	Dashed bool
	XY     [][2]float64
}

// RunPalette colours the runs of multi-run charts (the state palette
// followed by five more muted colours).
var RunPalette = []string{"#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3",
	"#937860", "#DA8BC3", "#8C8C8C", "#CCB974", "#64B5CD"}

// pointsXY converts curve points, dropping non-finite values and, when
// positive is set, values <= 0 (they have no place on a log axis).
func pointsXY(ps []run.CurvePoint, positive bool) [][2]float64 {
	out := make([][2]float64, 0, len(ps))
	for _, p := range ps {
		if math.IsNaN(p.Value) || math.IsInf(p.Value, 0) || (positive && p.Value <= 0) {
			continue
		}
		out = append(out, [2]float64{float64(p.Step), p.Value})
	}
	return out
}

// pairCurves returns a train and a validation curve per run: with one run
// the two get different colours, with several each run has a colour and
// its validation curve is dashed.
func pairCurves(runs []Run, train, val func(run.Curves) []run.CurvePoint, trainName, valName string, positive bool) []Curve {
	var out []Curve
	for i, r := range runs {
		ct, cv := RunPalette[i%len(RunPalette)], RunPalette[i%len(RunPalette)]
		prefix := r.Name + " "
		if len(runs) == 1 {
			ct, cv, prefix = RunPalette[0], RunPalette[1], ""
		}
		if r.Curves == nil {
			continue
		}
		if t := pointsXY(train(*r.Curves), positive); len(t) > 0 {
			out = append(out, Curve{Name: prefix + trainName, Color: ct, XY: t})
		}
		if v := pointsXY(val(*r.Curves), positive); len(v) > 0 {
			out = append(out, Curve{Name: prefix + valName, Color: cv, Dashed: true, XY: v})
		}
	}
	return out
}

// singleCurves returns one curve per run of the series get.
func singleCurves(runs []Run, get func(run.Curves) []run.CurvePoint, name string, positive bool) []Curve {
	var out []Curve
	for i, r := range runs {
		n := r.Name
		if len(runs) == 1 {
			n = name
		}
		if r.Curves == nil {
			continue
		}
		if xy := pointsXY(get(*r.Curves), positive); len(xy) > 0 {
			out = append(out, Curve{Name: n, Color: RunPalette[i%len(RunPalette)], XY: xy})
		}
	}
	return out
}

// LossCurves, nllCurves, accuracyCurves and accuracyByTCurves select what
// the interactive and static curve figures draw.
func LossCurves(runs []Run, logY bool) []Curve {
	return pairCurves(runs, func(c run.Curves) []run.CurvePoint { return c.Train },
		func(c run.Curves) []run.CurvePoint { return c.Validation }, "train", "validation", logY)
}

func NLLCurves(runs []Run) []Curve {
	return singleCurves(runs, func(c run.Curves) []run.CurvePoint { return c.NLL }, "NLL of samples", false)
}

func AccuracyCurves(runs []Run) []Curve {
	return pairCurves(runs, func(c run.Curves) []run.CurvePoint { return c.TrainAccuracy },
		func(c run.Curves) []run.CurvePoint { return c.ValidationAccuracy }, "train", "validation", false)
}

// AccuracyByTCurves draws the accuracy per bucket of t at the bucket's
// middle.
func AccuracyByTCurves(runs []Run) []Curve {
	return singleCurves(runs, func(c run.Curves) []run.CurvePoint {
		ps := make([]run.CurvePoint, len(c.AccuracyByT))
		for i, b := range c.AccuracyByT {
			ps[i] = run.CurvePoint{Step: (b.TLow + b.THigh) / 2, Value: b.Accuracy}
		}
		return ps
	}, "validation accuracy", false)
}
