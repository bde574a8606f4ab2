package viz

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/statesdiffusion/states/ddpm/run"
	"github.com/statesdiffusion/states/ddpm/states"
)

// studyMetrics turns a quality-versus-steps study into four panels over
// the network evaluations per sample (NLL minus the data's, precision,
// recall, sampling time), one curve per sampler.
func studyMetrics(st *run.Study) []sweepMetric {
	ms := []sweepMetric{
		{title: "KDE NLL minus the data's", yName: "NLL gap"},
		{title: "precision", yName: "share", share: true},
		{title: "recall", yName: "share", share: true},
		{title: "sampling time", yName: "seconds"},
	}
	var order []string
	bySampler := map[string][]run.StudyRow{}
	for _, r := range st.Rows {
		if bySampler[r.Sampler] == nil {
			order = append(order, r.Sampler)
		}
		bySampler[r.Sampler] = append(bySampler[r.Sampler], r)
	}
	for i, name := range order {
		xy := make([][][2]float64, len(ms))
		for _, r := range bySampler[name] {
			m, x := r.Metrics, float64(r.NFE)
			for k, v := range []float64{m.NLL - st.DataNLL, m.Precision, m.Recall, r.Seconds} {
				xy[k] = append(xy[k], [2]float64{x, v})
			}
		}
		color := RunPalette[i%len(RunPalette)]
		for k := range ms {
			ms[k].curves = append(ms[k].curves, curve{name: name, color: color, xy: xy[k]})
		}
	}
	return ms
}

// StudyChart draws the quality-versus-steps study: NLL gap, precision,
// recall and sampling time over the network evaluations per sample (log
// axis), one line per sampler.
func StudyChart(title string, st *run.Study) *charts.Line {
	return metricPanelsChart(title, "sample quality per network evaluations (NFE)", "network evaluations per sample", true, studyMetrics(st))
}

// StudyFigure is the static version of StudyChart.
func StudyFigure(name, title string, st *run.Study) *Figure {
	return metricPanelsFigure(name, title, "network evaluations per sample", true, studyMetrics(st))
}

// tradeoffMinAccuracy is the label accuracy below which a guided set is
// left out of the trade-off charts: too weakly guided to be of interest
// (unguided sampling lands on a state a fifth of the time).
const tradeoffMinAccuracy = 0.9

// tradeoffMetrics puts classifier guidance (rows of a guidance sweep) and
// classifier-free guidance (rows of a CFG sweep) side by side: one panel
// per state, precision (fidelity) over recall (diversity), one curve per
// kind of guidance through its scales or weights, for the sets with a label
// accuracy of at least tradeoffMinAccuracy.
func tradeoffMetrics(classifier, free []run.SweepRow) []sweepMetric {
	var ms []sweepMetric
	byState := func(rows []run.SweepRow, label int) [][2]float64 {
		var xy [][2]float64
		for _, r := range rows {
			if r.Metrics.Label == label && r.Metrics.LabelAccuracy >= tradeoffMinAccuracy {
				xy = append(xy, [2]float64{r.Metrics.Recall, r.Metrics.Precision})
			}
		}
		return xy
	}
	for label := range states.Num {
		cg, cfg := byState(classifier, label), byState(free, label)
		if len(cg) == 0 && len(cfg) == 0 {
			continue
		}
		m := sweepMetric{title: StateName(label), yName: "precision"}
		if len(cg) > 0 {
			m.curves = append(m.curves, curve{name: "classifier guidance (scales)", color: RunPalette[0], xy: cg})
		}
		if len(cfg) > 0 {
			m.curves = append(m.curves, curve{name: "classifier-free (weights)", color: RunPalette[1], dashed: true, xy: cfg})
		}
		ms = append(ms, m)
	}
	return ms
}

// GuidanceTradeoffChart compares classifier guidance with classifier-free
// guidance: for each state, the precision of the guided samples over their
// recall, one line through the guidance scales and one through the CFG
// weights, for the sets with a label accuracy of 90% or more; up and to the
// right is better. Compare sweeps of the same number of samples (recall
// grows with it).
func GuidanceTradeoffChart(title string, classifier, free []run.SweepRow) *charts.Line {
	return metricPanelsChart(title, "precision over recall of sets with label accuracy >= 0.9; a point per scale or weight", "recall", false,
		tradeoffMetrics(classifier, free))
}

// GuidanceTradeoffFigure is the static version of GuidanceTradeoffChart.
func GuidanceTradeoffFigure(name, title string, classifier, free []run.SweepRow) *Figure {
	return metricPanelsFigure(name, title, "recall", false, tradeoffMetrics(classifier, free))
}
